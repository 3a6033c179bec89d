"""Portal login through Tryton's web.user entry points (docs/contracts.md)."""

import pytest

from erp import TrytonRateLimited, identity
from erp.identity import WebUserIdentity, WebUserLogin, WebUserParty
from erp.testing import count_rpc_calls
from portal.tests.fixtures import fake_tryton as fakes

LOGIN = "model.web.user.portal_login"
SESSION = "model.web.user.portal_session"
LOGOUT = "model.web.user.portal_logout"

USER = {
    "id": 5,
    "email": "alice@example.com",
    "party": {"id": 11, "name": "Alice SA", "role": "admin"},
    "parties": [
        {"id": 11, "name": "Alice SA", "role": "admin"},
        {"id": 13, "name": "Alice Branch", "role": "viewer"},
    ],
}
IDENTITY = WebUserIdentity(
    web_user_id=5,
    email="alice@example.com",
    party=WebUserParty(11, "Alice SA", "admin"),
    parties=(WebUserParty(11, "Alice SA", "admin"), WebUserParty(13, "Alice Branch", "viewer")),
)


@pytest.fixture
def web_users(fake_tryton):
    sessions = {}

    def login(email, password, remote_address, context):
        if (email, password) != ("alice@example.com", {"password": "good"}):
            return None
        sessions["websession-1"] = USER
        return {"session": "websession-1", "user": USER}

    fake_tryton.on(LOGIN, login)
    fake_tryton.on(SESSION, lambda session, context: sessions.get(session))
    fake_tryton.on(LOGOUT, lambda session, context: sessions.pop(session, None) and None)
    return fake_tryton


def test_login_returns_the_session_and_identity(web_users):
    result = identity.web_user_login(
        email="alice@example.com", password="good", remote_address="203.0.113.9"
    )

    assert result == WebUserLogin(session="websession-1", user=IDENTITY)
    assert web_users.sent[-1].params == [
        "alice@example.com",
        {"password": "good"},
        "203.0.113.9",
        fakes.CONTEXT,
    ]


def test_wrong_credentials_return_none(web_users):
    assert (
        identity.web_user_login(
            email="alice@example.com", password="bad", remote_address="203.0.113.9"
        )
        is None
    )


def test_login_is_never_cached(web_users):
    for _ in range(2):
        identity.web_user_login(
            email="alice@example.com", password="bad", remote_address="203.0.113.9"
        )

    assert web_users.methods().count(LOGIN) == 2


def test_throttled_login_is_rate_limited(web_users):
    web_users.on(LOGIN, lambda *args: fakes.Reply(status=429, body=b"Too Many Requests"))

    with pytest.raises(TrytonRateLimited):
        identity.web_user_login(
            email="alice@example.com", password="good", remote_address="203.0.113.9"
        )


def test_throttling_inside_the_login_method_is_rate_limited(web_users):
    # What trytond answers when web.user.authenticate raises RateLimitException.
    web_users.on(LOGIN, lambda *args: fakes.Reply(error=[]))

    with pytest.raises(TrytonRateLimited):
        identity.web_user_login(
            email="alice@example.com", password="good", remote_address="203.0.113.9"
        )


def test_session_lookup_is_cached_briefly(web_users):
    identity.web_user_login(
        email="alice@example.com", password="good", remote_address="203.0.113.9"
    )

    with count_rpc_calls() as calls:
        first = identity.web_user_session(session="websession-1")
        second = identity.web_user_session(session="websession-1")

    assert first == second == IDENTITY
    assert len(calls) == 0  # the login already cached it


def test_unknown_session_is_none_and_costs_one_call(web_users):
    with count_rpc_calls() as calls:
        assert identity.web_user_session(session="nope") is None
        assert identity.web_user_session(session="nope") is None

    assert calls.calls == [SESSION]


def test_logout_ends_the_session_and_forgets_the_cached_identity(web_users):
    identity.web_user_login(
        email="alice@example.com", password="good", remote_address="203.0.113.9"
    )

    identity.web_user_logout(session="websession-1")

    assert web_users.methods()[-1] == LOGOUT
    assert identity.web_user_session(session="websession-1") is None


def test_the_language_chosen_in_the_profile_comes_with_the_identity(fake_tryton):
    fake_tryton.on(
        LOGIN, lambda *args: {"session": "s-fr", "user": {**USER, "language": "fr_FR"}}
    )

    result = identity.web_user_login(
        email="alice@example.com", password="good", remote_address="203.0.113.9"
    )

    assert result.user.language == "fr"  # Django's code for it
    assert IDENTITY.language == ""  # none chosen: the browser's

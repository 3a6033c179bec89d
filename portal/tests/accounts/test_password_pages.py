"""The password pages' own rules, before Tryton is asked (Tryton faked; the real one in
test_password_reset_tryton.py)."""

import pytest

from portal.tests.accounts.test_login_throttle import DeadCache

pytestmark = pytest.mark.django_db

REQUEST = "model.web.user.portal_reset_request"
RESET = "model.web.user.portal_reset_password"
LINK = "/accounts/password/reset/key/?email=alice%40example.com&token=abc"


@pytest.fixture
def reset_link(client, fake_tryton):
    """A client that followed a reset link."""
    response = client.get(LINK)
    assert response.status_code == 302
    return client


@pytest.mark.parametrize(
    ("password", "again", "error"),
    [
        ("short pass", None, "at least 12 characters"),
        ("password1234", None, "too common"),
        ("a long enough passphrase", "another one", "not the same"),
    ],
)
def test_weak_or_mistyped_password_never_reaches_tryton(
    reset_link, fake_tryton, password, again, error
):
    response = reset_link.post(
        "/accounts/password/reset/key/", {"password1": password, "password2": again or password}
    )

    assert response.status_code == 200
    assert error in response.content.decode()
    assert fake_tryton.called(RESET) == []


def test_reset_page_without_a_link_asks_for_a_new_one(client, fake_tryton):
    response = client.get("/accounts/password/reset/key/")

    assert response.status_code == 200
    assert 'href="/accounts/password/reset/"' in response.content.decode()


def test_reset_request_answers_the_same_for_any_address(client, fake_tryton):
    fake_tryton.on(REQUEST, lambda email, context: None)

    answers = [
        client.post("/accounts/password/reset/", {"email": email})
        for email in ["alice@example.com", "nobody@example.com"]
    ]

    assert [(r.status_code, r["Location"]) for r in answers] == [
        (302, "/accounts/password/reset/done/")
    ] * 2
    assert [p[0] for p in fake_tryton.called(REQUEST)] == [
        "alice@example.com",
        "nobody@example.com",
    ]


def test_reset_request_fails_closed_without_the_cache(client, fake_tryton, settings):
    settings.CACHES = {"default": {"BACKEND": f"{DeadCache.__module__}.DeadCache"}}

    response = client.post("/accounts/password/reset/", {"email": "alice@example.com"})

    assert response.status_code == 200
    assert "temporarily unavailable" in response.content.decode()
    assert fake_tryton.called(REQUEST) == []

"""A web user disabled in Tryton loses access at the next session check."""

import pytest

from accounts.customer import SESSION_CHECKED_AT, SESSION_TRYTON_KEY
from erp import cache
from portal.tests.fixtures.fake_tryton import ALICE_EMAIL

pytestmark = pytest.mark.django_db

SESSION = "model.web.user.portal_session"


def _age_the_check(client):
    """As if PORTAL_SESSION_RECHECK_SECONDS had passed (the cached lookup expired too)."""
    session = client.session
    session[SESSION_CHECKED_AT] = 0
    session.save()
    cache.delete_web_session(session[SESSION_TRYTON_KEY])


def test_session_is_not_rechecked_within_the_interval(alice_client, fake_tryton):
    alice_client.get("/orders/")
    alice_client.get("/")

    assert fake_tryton.called(SESSION) == []


def test_disabled_web_user_is_logged_out_at_the_next_check(alice_client, fake_tryton):
    fake_tryton.world.disable(ALICE_EMAIL)
    _age_the_check(alice_client)

    response = alice_client.get("/orders/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/orders/")
    assert "_auth_user_id" not in alice_client.session
    assert alice_client.get("/").status_code == 302


def test_valid_session_is_kept_and_the_check_postponed(alice_client, fake_tryton):
    _age_the_check(alice_client)

    assert alice_client.get("/").status_code == 200
    assert alice_client.get("/").status_code == 200

    assert len(fake_tryton.called(SESSION)) == 1


def test_tryton_down_does_not_log_anyone_out(alice_client, fake_tryton):
    fake_tryton.down = True
    _age_the_check(alice_client)

    alice_client.get("/")

    assert "_auth_user_id" in alice_client.session


def test_login_without_tryton_session_is_refused(client, fake_tryton, django_user_model):
    user = django_user_model.objects.create_user("eve@example.com", web_user_id=999)
    client.force_login(user)

    response = client.get("/")

    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_session_ended_in_tryton_signs_out_at_the_next_request(alice_client, fake_tryton):
    # A password changed elsewhere or the web user deactivated: Tryton deleted the session.
    fake_tryton.world.web_sessions.clear()

    response = alice_client.get("/orders/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/orders/")
    assert "_auth_user_id" not in alice_client.session
    page = alice_client.get(response["Location"])
    assert page.status_code == 200
    assert "Your session has ended" in page.content.decode()

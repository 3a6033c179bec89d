import pytest

from accounts.customer import SESSION_TRYTON_KEY

LOGOUT = "model.web.user.portal_logout"

pytestmark = pytest.mark.django_db


def test_logout_ends_the_tryton_session_too(alice_client, fake_tryton):
    session = alice_client.session[SESSION_TRYTON_KEY]

    response = alice_client.post("/accounts/logout/")

    assert response.status_code == 302
    assert [params[0] for params in fake_tryton.called(LOGOUT)] == [session]
    assert session not in fake_tryton.world.web_sessions
    assert "_auth_user_id" not in alice_client.session


def test_logout_needs_a_post(alice_client, fake_tryton):
    response = alice_client.get("/accounts/logout/")

    assert response.status_code == 200
    assert "_auth_user_id" in alice_client.session
    assert fake_tryton.called(LOGOUT) == []


def test_logout_works_while_tryton_is_down(alice_client, fake_tryton):
    fake_tryton.down = True

    response = alice_client.post("/accounts/logout/")

    assert response.status_code == 302
    assert "_auth_user_id" not in alice_client.session

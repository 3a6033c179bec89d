"""Signing in through allauth with a Tryton web user (Tryton faked: see fixtures/fake_tryton.py)."""

import pytest
from django.contrib.auth import get_user_model

from accounts.customer import SESSION_ACTIVE_PARTY, SESSION_PARTIES, SESSION_TRYTON_KEY
from portal.tests.fixtures.fake_tryton import ALICE, ALICE_EMAIL, BOB, login

pytestmark = pytest.mark.django_db

LOGIN = "model.web.user.portal_login"


def test_login_creates_the_mirror_user_and_keeps_the_tryton_session(client, fake_tryton):
    response = login(client)

    assert response.status_code == 302
    assert response["Location"] == "/"
    user = get_user_model().objects.get(email=ALICE_EMAIL)
    assert (user.web_user_id, user.party_id, user.party_name) == (101, 11, "Alice's Bistro")
    assert not user.has_usable_password()
    session = client.session
    assert session[SESSION_TRYTON_KEY] in fake_tryton.world.web_sessions
    assert session[SESSION_PARTIES] == [[11, "Alice's Bistro", "admin"]]
    assert session[SESSION_ACTIVE_PARTY] == ALICE


def test_email_is_matched_whatever_its_case(client, fake_tryton):
    assert login(client, email="Alice@Example.com").status_code == 302


def test_second_login_updates_the_same_mirror_row(client, fake_tryton):
    login(client)
    client.logout()
    fake_tryton.world.add_user(ALICE_EMAIL, (ALICE, "Alice's Bistro & Co"), web_user_id=101)

    login(client)

    user = get_user_model().objects.get()
    assert user.party_name == "Alice's Bistro & Co"


def test_wrong_password_is_a_form_error(client, fake_tryton):
    response = login(client, password="wrong")

    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert SESSION_TRYTON_KEY not in client.session
    assert not get_user_model().objects.exists()


def test_tryton_down_at_login_is_a_clear_error_not_a_500(client, fake_tryton):
    fake_tryton.down = True

    response = login(client)

    assert response.status_code == 200
    assert "temporarily unavailable" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_tryton_throttling_is_a_clear_error(client, fake_tryton):
    fake_tryton.world.rate_limited = True

    response = login(client)

    assert response.status_code == 200
    assert "Too many failed login attempts" in response.content.decode()


def test_web_user_without_party_cannot_sign_in(client, fake_tryton):
    fake_tryton.world.add_user("nobody@example.com", web_user_id=104)

    response = login(client, email="nobody@example.com")

    assert response.status_code == 200
    assert "not linked to a customer" in response.content.decode()
    assert fake_tryton.world.web_sessions == {}


def test_customer_ip_is_sent_to_tryton(client, fake_tryton):
    login(client, REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.1")

    assert fake_tryton.called(LOGIN)[0][2] == "203.0.113.7"


def test_behind_a_trusted_proxy_the_hop_it_appended_is_the_customer(client, fake_tryton, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1

    # The customer forged the first hop; Traefik appended the real address.
    login(client, REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.9")

    assert fake_tryton.called(LOGIN)[0][2] == "203.0.113.9"


def test_repeated_failures_are_stopped_before_reaching_tryton(client, fake_tryton, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "3/m/ip,3/5m/key"}

    statuses = [login(client, password=f"wrong{i}").status_code for i in range(5)]

    assert statuses[:3] == [200, 200, 200]
    assert len(fake_tryton.called(LOGIN)) == 3
    assert "Too many failed login attempts" in login(client).content.decode()


def test_several_parties_first_one_is_active(client, fake_tryton):
    fake_tryton.world.add_user(
        "claire@example.com", (BOB, "Bob's Bar"), (ALICE, "Alice's Bistro"), web_user_id=103
    )

    login(client, email="claire@example.com")

    assert client.session[SESSION_ACTIVE_PARTY] == BOB


def test_signup_is_closed(client, fake_tryton):
    response = client.get("/accounts/signup/")

    assert response.status_code == 200
    assert "Sign up closed" in response.content.decode()
    assert client.post("/accounts/signup/", {"email": "x@example.com"}).status_code == 200
    assert not get_user_model().objects.exists()

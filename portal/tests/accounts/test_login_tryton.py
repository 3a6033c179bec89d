"""Signing in with a demo customer's Tryton web user, against the real trytond."""

import pytest
from django.contrib.auth import get_user_model

from accounts.customer import SESSION_ACTIVE_PARTY, SESSION_TRYTON_KEY
from erp import identity
from portal.tests.fixtures.real_tryton import sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]


def test_demo_customer_signs_in_and_sees_their_orders(client, demo_customers):
    a = demo_customers["a"]

    response = sign_in(client, a)

    assert response.status_code == 302
    user = get_user_model().objects.get(email=a.email)
    assert (user.party_id, user.party_name) == (a.party_id, a.party_name)
    assert client.session[SESSION_ACTIVE_PARTY] == a.party_id
    session = client.session[SESSION_TRYTON_KEY]
    assert identity.web_user_session(session=session).email == a.email
    home = client.get("/")
    assert a.party_name in home.content.decode()
    assert home.context["recent_orders"]


def test_wrong_password_is_refused(client, demo_customers):
    a = demo_customers["a"]

    response = client.post("/accounts/login/", {"login": a.email, "password": "not-it"})

    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_logout_deletes_the_tryton_session(client, demo_customers):
    sign_in(client, demo_customers["a"])
    session = client.session[SESSION_TRYTON_KEY]

    client.post("/accounts/logout/")

    assert identity.web_user_session(session=session) is None


def test_tryton_down_at_login_is_a_clear_error(client, demo_customers, settings):
    from erp import reset_client

    settings.TRYTON_URL = "http://127.0.0.1:9/"  # nothing listens there
    reset_client()
    try:
        response = sign_in(client, demo_customers["a"])
    finally:
        reset_client()

    assert response.status_code == 200
    assert "temporarily unavailable" in response.content.decode()

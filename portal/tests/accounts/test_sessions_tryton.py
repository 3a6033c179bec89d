"""Session lifetime, a new session key at login and "sign out everywhere else", against
the real trytond: each Django session holds its own Tryton web-user session, which ends
with it."""

import time
from types import SimpleNamespace

import pytest
from django.conf import settings as django_settings
from django.test import Client

from accounts import session_lifetime
from accounts.customer import SESSION_TRYTON_KEY
from erp import identity
from portal.tests.fixtures.real_tryton import sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]

IDLE, ABSOLUTE = 600, 3600


@pytest.fixture
def clock(monkeypatch, settings):
    """The session limits' clock, moved by the test."""
    settings.PORTAL_SESSION_IDLE_SECONDS = IDLE
    settings.PORTAL_SESSION_ABSOLUTE_SECONDS = ABSOLUTE
    now = SimpleNamespace(value=time.time())
    monkeypatch.setattr(session_lifetime, "time", SimpleNamespace(time=lambda: now.value))
    return now


def signed_out(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_login_gives_a_new_session_key(client, demo_customers):
    before = client.session
    before["visited"] = True
    before.save()
    client.cookies[django_settings.SESSION_COOKIE_NAME] = before.session_key

    assert sign_in(client, demo_customers["a"]).status_code == 302

    after = client.cookies[django_settings.SESSION_COOKIE_NAME].value
    assert after != before.session_key
    assert not type(before)().exists(before.session_key)


def test_an_idle_session_ends_in_the_portal_and_in_tryton(customer_a_client, clock):
    tryton_session = customer_a_client.session[SESSION_TRYTON_KEY]
    clock.value += IDLE - 5
    assert customer_a_client.get("/orders/").status_code == 200  # activity: idle restarts
    clock.value += IDLE - 5
    assert customer_a_client.get("/orders/").status_code == 200

    clock.value += IDLE

    response = customer_a_client.get("/orders/")
    assert signed_out(response)
    assert response["Location"] == "/accounts/login/?next=/orders/"
    assert "expired" in customer_a_client.get(response["Location"]).content.decode()
    assert identity.web_user_session(session=tryton_session) is None


def test_an_active_session_ends_at_its_absolute_lifetime(customer_a_client, clock):
    for _ in range(ABSOLUTE // (IDLE // 2) - 1):
        clock.value += IDLE // 2
        assert customer_a_client.get("/").status_code == 200

    clock.value += IDLE // 2

    assert signed_out(customer_a_client.get("/"))


def test_the_security_page_lists_the_sessions_and_ends_the_others(demo_customers):
    here, elsewhere = Client(HTTP_USER_AGENT="Here/1.0"), Client(HTTP_USER_AGENT="Away/2.0")
    for client in (here, elsewhere):
        assert sign_in(client, demo_customers["a"]).status_code == 302
    other_tryton = elsewhere.session[SESSION_TRYTON_KEY]
    assert elsewhere.get("/orders/").status_code == 200

    page = here.get("/accounts/sessions/")

    assert page.status_code == 200
    assert page.context["session_count"] == 2
    assert {s.user_agent for s in page.context["sessions"]} == {"Here/1.0", "Away/2.0"}
    assert "Away/2.0" in page.content.decode()
    response = here.post("/accounts/sessions/")
    assert response.status_code == 302
    assert signed_out(elsewhere.get("/orders/"))
    assert identity.web_user_session(session=other_tryton) is None
    assert here.get("/orders/").status_code == 200
    assert here.get("/accounts/sessions/").context["session_count"] == 1


def test_sign_out_everywhere_else_leaves_other_members_signed_in(demo_customers):
    mine, theirs = Client(), Client()
    sign_in(mine, demo_customers["a"])
    sign_in(theirs, demo_customers["b"])

    mine.post("/accounts/sessions/")

    assert theirs.get("/orders/").status_code == 200


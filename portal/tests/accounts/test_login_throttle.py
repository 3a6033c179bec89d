"""Failed logins are limited per (e-mail, client IP) and per IP, before Tryton is asked
(Tryton faked: see fixtures/fake_tryton.py; the real one in test_login_abuse_tryton.py)."""

import pytest
import requests
from django.core.cache.backends.base import BaseCache

from erp import get_client
from erp.breaker import CLOSED
from portal.tests.fixtures.fake_tryton import ALICE_EMAIL, BOB_EMAIL, login

pytestmark = pytest.mark.django_db

LOGIN = "model.web.user.portal_login"
ATTACKER = {"REMOTE_ADDR": "198.51.100.66"}
CUSTOMER = {"REMOTE_ADDR": "203.0.113.7"}


class DeadCache(BaseCache):
    """What a dead Redis looks like behind django-redis's IGNORE_EXCEPTIONS."""

    def __init__(self, location, params):
        super().__init__(params)

    def add(self, key, value, timeout=None, version=None):
        return None

    def get(self, key, default=None, version=None):
        return default

    def set(self, key, value, timeout=None, version=None):
        return None

    def delete(self, key, version=None):
        return None


def slow_login(*params):
    raise requests.ReadTimeout("Tryton is slow to refuse")


def refused_login(*params):
    raise requests.ConnectionError("Tryton is down")


@pytest.fixture
def strict_limits(settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,3/5m/key"}


def test_failures_from_one_ip_never_lock_the_email_for_another_ip(
    client, fake_tryton, strict_limits
):
    for i in range(5):
        login(client, password=f"guess{i}", **ATTACKER)
    assert "Too many failed login attempts" in login(client, **ATTACKER).content.decode()

    response = login(client, **CUSTOMER)

    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_failures_from_one_ip_are_stopped_before_tryton_whatever_the_emails(
    client, fake_tryton, settings
):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "4/m/ip,3/5m/key"}

    for i in range(6):
        login(client, email=f"guess{i}@example.com", password="guess", **ATTACKER)

    assert len(fake_tryton.called(LOGIN)) == 4
    assert login(client, email=BOB_EMAIL, password="guess", **CUSTOMER).status_code == 200
    assert len(fake_tryton.called(LOGIN)) == 5


def test_login_fails_closed_with_a_clear_message_when_the_cache_is_down(
    client, fake_tryton, settings
):
    # The login view's own limit ("login") would answer first, with a 429 page.
    settings.ACCOUNT_RATE_LIMITS = {"login": "", "login_failed": "10/m/ip,5/5m/key"}
    settings.CACHES = {"default": {"BACKEND": f"{__name__}.DeadCache"}}

    response = login(client)

    assert response.status_code == 200
    assert "Signing in is temporarily unavailable" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert fake_tryton.called(LOGIN) == []


def test_slow_failing_logins_never_open_the_circuit_breaker(client, fake_tryton, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "100/m/ip,100/5m/key"}
    breaker = get_client().breaker
    answer = fake_tryton.handlers[LOGIN]
    fake_tryton.on(LOGIN, slow_login)

    for i in range(breaker.threshold + 2):
        response = login(client, password=f"guess{i}", REMOTE_ADDR=f"192.0.2.{i + 1}")
        assert "temporarily unavailable" in response.content.decode()

    assert breaker.state == CLOSED
    fake_tryton.on(LOGIN, answer)
    assert login(client).status_code == 302


def test_a_timed_out_login_still_counts_as_an_attempt(client, fake_tryton, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,2/5m/key"}
    fake_tryton.on(LOGIN, slow_login)

    login(client, password="guess1")
    login(client, password="guess2")

    assert "Too many failed login attempts" in login(client).content.decode()
    assert len(fake_tryton.called(LOGIN)) == 2


def test_tryton_down_at_login_gives_the_attempt_back(client, fake_tryton, settings):
    settings.ACCOUNT_RATE_LIMITS = {"login_failed": "10/m/ip,1/5m/key"}
    answer = fake_tryton.handlers[LOGIN]
    fake_tryton.on(LOGIN, refused_login)
    assert "temporarily unavailable" in login(client).content.decode()

    fake_tryton.on(LOGIN, answer)
    assert login(client).status_code == 302


def test_failures_of_another_email_leave_a_customer_alone(client, fake_tryton, strict_limits):
    for i in range(4):
        login(client, email=BOB_EMAIL, password=f"guess{i}", **CUSTOMER)

    assert login(client, email=ALICE_EMAIL, **CUSTOMER).status_code == 302

"""Fixtures for feature tests against the real trytond started by conftest.py.

Customer A and customer B are demo web users of two different parties; their e-mails and
password come from the demo facts, their party ids from Tryton itself.
"""

from dataclasses import dataclass

import pytest

from erp import TrytonService
from tryton.demo.facts import CUSTOMERS, DEMO_PASSWORD, WEB_USERS

CUSTOMER_A_EMAIL = "sophie@comptoir-des-pentes.example.fr"
CUSTOMER_B_EMAIL = "chef@table-du-marche.example.fr"


@dataclass(frozen=True)
class DemoCustomer:
    email: str
    password: str
    party_id: int
    party_name: str


def _demo_customer(email: str) -> DemoCustomer:
    login = TrytonService.web_user_login(
        email=email, password=DEMO_PASSWORD, remote_address="127.0.0.1"
    )
    assert login is not None, f"demo web user {email} cannot log in"
    TrytonService.web_user_logout(session=login.session)
    assert login.user.party.name == CUSTOMERS[WEB_USERS[email]["party"]]["name"]
    return DemoCustomer(
        email=email,
        password=DEMO_PASSWORD,
        party_id=login.user.party.id,
        party_name=login.user.party.name,
    )


_known: dict[tuple[str, str], dict[str, DemoCustomer]] = {}


@pytest.fixture
def demo_customers(tryton_settings, settings) -> dict[str, DemoCustomer]:
    """Customer 'a' and customer 'b' with their real Tryton party ids (asked once per server)."""
    server = (settings.TRYTON_URL, settings.TRYTON_DATABASE)
    if server not in _known:
        _known[server] = {
            "a": _demo_customer(CUSTOMER_A_EMAIL),
            "b": _demo_customer(CUSTOMER_B_EMAIL),
        }
    return _known[server]


def sign_in(client, customer: DemoCustomer, **extra):
    return client.post(
        "/accounts/login/", {"login": customer.email, "password": customer.password}, **extra
    )


@pytest.fixture
def customer_a_client(client, demo_customers):
    """A test client signed in as customer A through the real login page."""
    response = sign_in(client, demo_customers["a"])
    assert response.status_code == 302, response.content.decode()[:2000]
    return client

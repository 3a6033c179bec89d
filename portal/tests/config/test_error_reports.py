"""Error reports never show a credential, not even Django's debug page under `make run`."""

import base64

import pytest

from accounts.customer import SESSION_TRYTON_KEY
from portal.tests.fixtures.fake_tryton import SERVICE_PASSWORD, Reply

pytestmark = pytest.mark.django_db


@pytest.fixture
def failing_order_list(fake_tryton):
    """Tryton answers the order list with an internal error: a 500 deep in the gateway."""
    fake_tryton.on(
        "model.sale.sale.search_read", lambda *args: Reply(error=["KeyError: boom", "tb"])
    )


def _credentials(client, fake_tryton) -> list[str]:
    header = next(
        s.headers["Authorization"] for s in fake_tryton.sent if "Authorization" in s.headers
    )
    token = header.removeprefix("Session ")
    service_key = base64.b64decode(token).decode().rsplit(":", 1)[1]
    return [token, service_key, SERVICE_PASSWORD, client.session[SESSION_TRYTON_KEY]]


def test_the_debug_page_shows_no_session_or_password(
    alice_client, fake_tryton, failing_order_list, settings
):
    settings.DEBUG = True
    alice_client.raise_request_exception = False

    response = alice_client.get("/orders/")

    assert response.status_code == 500
    body = response.content.decode()
    assert "TrytonFault" in body and "erp/transport.py" in body  # Django's technical page
    for secret in _credentials(alice_client, fake_tryton):
        assert secret not in body


def test_the_500_page_for_customers_shows_nothing_technical(
    alice_client, fake_tryton, failing_order_list
):
    alice_client.raise_request_exception = False

    response = alice_client.get("/orders/")

    assert response.status_code == 500
    body = response.content.decode()
    assert "TrytonFault" not in body and "boom" not in body
    for secret in _credentials(alice_client, fake_tryton):
        assert secret not in body

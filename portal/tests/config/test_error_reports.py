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


def test_sentry_reports_a_failure_without_personal_data(alice_client, fake_tryton, monkeypatch):
    """What Sentry would receive, through a local transport: the failure, and no e-mail,
    cookie, session or Tryton credential of the customer."""
    import sentry_sdk

    from config.sentry import init_sentry
    from portal.tests.fixtures.fake_tryton import ALICE_EMAIL

    envelopes = []

    class LocalTransport(sentry_sdk.transport.Transport):
        def capture_envelope(self, envelope):
            envelopes.append(envelope)

    def broken(**kwargs):
        customer_email = ALICE_EMAIL  # noqa: F841 (a frame variable Sentry would send)
        remote_address = "203.0.113.77"  # noqa: F841
        raise RuntimeError("a bug in the orders list")

    monkeypatch.setattr("orders.views.selectors.order_list", broken)
    alice_client.raise_request_exception = False
    session_key = alice_client.session.session_key
    init_sentry(
        dsn="https://public@sentry.example.invalid/1",
        environment="test",
        traces_sample_rate=0.0,
        transport=LocalTransport,
    )
    try:
        response = alice_client.get("/orders/")
        sentry_sdk.flush()
    finally:
        sentry_sdk.init()  # reporting off again for the other tests

    assert response.status_code == 500
    sent = b"".join(item.payload.get_bytes() for e in envelopes for item in e.items).decode()
    assert "a bug in the orders list" in sent
    assert "RuntimeError" in sent
    assert ALICE_EMAIL not in sent and "203.0.113.77" not in sent
    assert '"customer_email"' in sent  # the variable is reported, its value blanked
    assert session_key not in sent
    assert "Session " not in sent  # the service user's Authorization header

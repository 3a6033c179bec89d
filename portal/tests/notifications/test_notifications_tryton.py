"""End to end: the back office changes a sale in Tryton, the customer sees it at once.

This module's trytond is told to send its change notifications to a live portal
(pytest-django's ``live_server``, in this process, sharing the cache and the database with
the test client). Without a worker, trytond runs the queued deliveries as soon as the
back office's call is committed, before it answers: when the call returns, the portal has
been told.
"""

import time

import pytest

from erp.testing import count_rpc_calls
from notifications.models import Notification
from portal.tests.fixtures.real_tryton import sign_in
from portal.tests.fixtures.tryton_harness import running_server

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.tryton]

SECRET = "end-to-end-webhook-secret"
CACHE_TTL = 300


@pytest.fixture(scope="module")
def tryton_server(tryton_template, live_server, tmp_path_factory):
    """This module's trytond, sending its signed change notifications to the live portal."""
    extra = {"portal": {
        "webhook_url": f"{live_server.url}/notifications/webhook/",
        "webhook_secret": SECRET,
    }}
    with running_server(tryton_template, tmp_path_factory.mktemp("trytond"), extra) as server:
        yield server


@pytest.fixture(autouse=True)
def webhook_settings(settings):
    settings.PORTAL_WEBHOOK_SECRETS = [SECRET]
    settings.PORTAL_CACHE_TTL = CACHE_TTL


def _sale(tryton_admin, reference):
    sale, = tryton_admin.execute(
        "sale.sale", "search_read", [["reference", "=", reference]], 0, 1, None,
        ["state", "number", "party"])
    return sale


def test_a_sale_confirmed_in_tryton_shows_at_the_customers_next_request(
        customer_a_client, tryton_admin, demo_customers):
    sale = _sale(tryton_admin, "DEVIS-002")
    url = f"/orders/{sale['id']}/"
    assert sale["state"] == "quotation"
    assert 'badge-quotation' in customer_a_client.get(url).content.decode()
    with count_rpc_calls() as warm:
        cached = customer_a_client.get(url)
    assert warm.calls == [], "the order is served from the cache until told otherwise"
    assert 'badge-quotation' in cached.content.decode()

    started = time.monotonic()
    tryton_admin.execute("sale.sale", "confirm", [sale["id"]])
    with count_rpc_calls() as fresh:
        page = customer_a_client.get(url)
    took = time.monotonic() - started

    body = page.content.decode()
    assert page.status_code == 200
    assert _sale(tryton_admin, "DEVIS-002")["state"] in {"confirmed", "processing"}
    assert 'badge-quotation' not in body
    assert 'badge-confirmed' in body or 'badge-processing' in body
    assert "model.sale.sale.search_read" in fresh.calls, "read again from Tryton"
    assert took < CACHE_TTL / 10, f"seen after {took:.1f} s"
    print(f"\n[webhook] Tryton confirm -> fresh page at the next request: {took:.2f} s")

    notification, = Notification.objects.filter(
        party_id=demo_customers["a"].party_id, kind="confirmed")
    assert (notification.model, notification.record_id) == ("sale.sale", sale["id"])

    with count_rpc_calls() as listing_calls:
        listing = customer_a_client.get("/notifications/")
    text = listing.content.decode()
    assert listing_calls.calls == [], "the list is the portal's own data"
    assert listing.status_code == 200
    assert f'href="{url}"' in text
    assert f"Order {notification.record_name} is confirmed." in text
    assert 'class="nav-count"' in text

    marked = customer_a_client.post("/notifications/read/")
    assert marked.status_code == 302
    assert 'class="nav-count"' not in customer_a_client.get("/notifications/").content.decode()


def test_customer_b_is_not_told_of_customer_a_s_sale(
        client, tryton_admin, demo_customers):
    sale = _sale(tryton_admin, "DEVIS-001")
    assert sale["party"] == demo_customers["a"].party_id
    tryton_admin.execute("sale.sale", "confirm", [sale["id"]])

    assert Notification.objects.filter(record_id=sale["id"], kind="confirmed").count() == 1
    assert not Notification.objects.filter(party_id=demo_customers["b"].party_id).exists()
    assert sign_in(client, demo_customers["b"]).status_code == 302
    page = client.get("/notifications/")
    assert page.status_code == 200
    assert "No notifications yet." in page.content.decode()
    assert client.get(f"/orders/{sale['id']}/").status_code == 404

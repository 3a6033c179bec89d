"""Checkout while Tryton is down, against a real trytond stopped and started mid-test.

Customer A checks out while trytond is stopped: the order waits in the portal's outbox
under the checkout form's key, the cart is emptied and the orders list shows it pending
with its lines and total; trytond comes back, the replay (or A's next visit to the orders
list) creates exactly one sale for A with those lines, also when it runs twice. Tryton's
refusal at replay is shown to A, who alone may take it off the list.
"""

import datetime as dt
import re
from decimal import Decimal
from html import escape

import pytest
from django.core.management import call_command
from outbox.models import OutboxEntry
from shop import cart

from erp import catalog, encoding
from portal.tests.fixtures.real_tryton import sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]


def _sales_with_key(tryton_admin, key):
    return tryton_admin.execute(
        "sale.sale", "search_read", [["portal_idempotency_key", "=", key]], 0, None, None,
        ["party", "state", "shipping_date", "shipment_address"])


def _lines(tryton_admin, sale_id):
    return tryton_admin.execute(
        "sale.line", "search_read", [["sale", "=", sale_id]], 0, None, [["id", "ASC"]],
        ["product.code", "quantity"])


def _item(scope, code):
    [item] = [i for i in catalog.catalog_items(scope, codes=(code,)).values() if i.code == code]
    return item


def _checkout_while_down(client, trytond, scope):
    """Fill the cart and open the checkout form while Tryton answers (as the customer
    did), stop trytond, send the form. Returns the response, the form's key, the items."""
    hib, sur = _item(scope, "KB-HIB-33"), _item(scope, "KF-SUR-75")
    client.post("/shop/cart/add/", {"product": hib.id, "quantity": "24"})
    client.post("/shop/cart/add/", {"product": sur.id, "quantity": "6"})
    body = client.get("/shop/checkout/").content.decode()
    key = re.search(r'name="key" value="([^"]+)"', body)[1]
    address = re.search(r'<option value="(\d+)" selected', body)[1]
    assert client.get("/orders/").status_code == 200
    form = {"address": address, "key": key,
            "delivery_date": (dt.date.today() + dt.timedelta(days=3)).isoformat()}
    trytond.stop()
    return client.post("/shop/checkout/", form), form, (hib, sur)


def test_an_order_placed_while_tryton_is_down_is_pending_then_created_exactly_once(
    customer_a_client, trytond, demo_scopes, demo_customers, tryton_admin
):
    party = demo_customers["a"].party_id
    response, form, (hib, sur) = _checkout_while_down(customer_a_client, trytond,
                                                       demo_scopes["a"])

    assert response.status_code == 302 and response["Location"] == "/orders/"
    assert cart.cart_lines(customer_a_client.session, party_id=party) == []
    page = customer_a_client.get("/orders/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "your order is saved and will be sent when it is back" in body
    assert "Orders not yet with us" in body and "Pending" in body
    assert escape(hib.name) in body and escape(sur.name) in body
    total = (24 * hib.unit_price + 6 * sur.unit_price).quantize(Decimal("0.01"))
    assert str(total) in body
    # The form sent again (a reload): still one order kept.
    again = customer_a_client.post("/shop/checkout/", form)
    assert again["Location"] == "/orders/"
    [entry] = OutboxEntry.objects.all()
    assert (entry.kind, entry.state, entry.party_id) == ("checkout", "pending", party)
    assert entry.idempotency_key == form["key"]

    trytond.start()
    call_command("outbox_replay")
    call_command("outbox_replay")  # a second run, as a worker's next round

    [sale] = _sales_with_key(tryton_admin, form["key"])
    assert sale["party"] == party and sale["state"] == "quotation"
    assert sale["shipment_address"] == int(form["address"])
    assert [(line["product."]["code"], line["quantity"])
            for line in _lines(tryton_admin, sale["id"])] == [("KB-HIB-33", 24),
                                                              ("KF-SUR-75", 6)]
    entry.refresh_from_db()
    assert (entry.state, entry.tryton_id, entry.web_session) == ("sent", sale["id"], "")
    body = customer_a_client.get("/orders/").content.decode()
    assert f'href="/orders/{sale["id"]}/"' in body and "Pending" not in body


def test_the_customers_visit_to_the_orders_list_sends_it(
    customer_a_client, trytond, demo_scopes, tryton_admin
):
    _response, form, _items = _checkout_while_down(customer_a_client, trytond,
                                                   demo_scopes["a"])
    trytond.start()

    body = customer_a_client.get("/orders/").content.decode()

    [sale] = _sales_with_key(tryton_admin, form["key"])
    assert OutboxEntry.objects.get().state == "sent"
    assert f'href="/orders/{sale["id"]}/"' in body and "Pending" not in body
    call_command("outbox_replay")
    assert len(_sales_with_key(tryton_admin, form["key"])) == 1


def test_trytons_refusal_at_replay_is_shown_and_only_the_customer_dismisses_it(
    customer_a_client, trytond, demo_scopes, demo_customers, tryton_admin
):
    _response, form, _items = _checkout_while_down(customer_a_client, trytond,
                                                   demo_scopes["a"])
    trytond.start()
    # Meanwhile the address went (as if deleted in the back office): Tryton refuses it.
    entry = OutboxEntry.objects.get()
    values = encoding.loads(entry.payload)
    values["address"] = 999999
    entry.payload = encoding.dumps(values)
    entry.save()

    call_command("outbox_replay")

    entry.refresh_from_db()
    assert entry.state == "failed" and entry.refusal
    assert _sales_with_key(tryton_admin, form["key"]) == []
    body = customer_a_client.get("/orders/").content.decode()
    assert "refused this order, nothing was ordered" in body and escape(entry.refusal) in body
    other = customer_a_client.__class__()
    assert sign_in(other, demo_customers["b"]).status_code == 302
    assert other.post(f"/orders/queued/{entry.pk}/dismiss/").status_code == 404
    assert customer_a_client.post(f"/orders/queued/{entry.pk}/dismiss/").status_code == 302
    assert "nothing was ordered" not in customer_a_client.get("/orders/").content.decode()

"""A buyer's checkout kept in the outbox still waits for the administrator's approval.

Lucas (a buyer of customer A, whose threshold is 300 EUR in the demo) checks out five kegs
while trytond is stopped; when the replay sends the order with his own session, Tryton
holds it for customer A's administrators as it would have at checkout: the outbox does
not go around the approval.
"""

import datetime as dt
import re
from html import unescape

import pytest
from django.core.management import call_command
from outbox.models import OutboxEntry

from erp import catalog
from portal.tests.fixtures.real_tryton import member_client

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]

BUYER = "lucas@comptoir-des-pentes.example.fr"


def test_a_queued_checkout_above_the_threshold_waits_after_its_replay(
    trytond, demo_scopes, tryton_admin
):
    [keg] = [i for i in catalog.catalog_items(demo_scopes["a"], codes=("KB-ORI-F20",)).values()]
    buyer = member_client(BUYER)
    buyer.post("/shop/cart/add/", {"product": keg.id, "quantity": "5"})
    body = buyer.get("/shop/checkout/").content.decode()
    form = {"address": re.search(r'<option value="(\d+)" selected', body)[1],
            "key": re.search(r'name="key" value="([^"]+)"', body)[1],
            "delivery_date": (dt.date.today() + dt.timedelta(days=3)).isoformat()}
    trytond.stop()

    response = buyer.post("/shop/checkout/", form)

    assert response.status_code == 302 and response["Location"] == "/orders/"
    assert OutboxEntry.objects.get().state == "pending"
    trytond.start()
    call_command("outbox_replay")

    [sale] = tryton_admin.execute(
        "sale.sale", "search_read", [["portal_idempotency_key", "=", form["key"]]], 0, None,
        None, ["state", "portal_approval"])
    assert (sale["state"], sale["portal_approval"]) == ("quotation", "awaiting")
    assert OutboxEntry.objects.get().state == "sent"
    page = unescape(buyer.get(f"/orders/{sale['id']}/").content.decode())
    assert "Waiting for your administrator's approval" in page

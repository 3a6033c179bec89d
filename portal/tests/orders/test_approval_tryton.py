"""Approval inside the customer, against the real trytond and its demo data.

Le Comptoir des Pentes (customer A) approves its buyers' orders above 300 EUR
(tryton/demo/facts.py APPROVAL_THRESHOLDS); its buyer Lucas's order APPRO-001 waits for
that approval in the demo. Sophie is one of its administrators (customer_a_client).
"""

import datetime as dt
import re
import uuid
from decimal import Decimal
from html import unescape

import pytest
from django.test import Client

from erp import approvals, catalog
from erp.catalog import OrderLineInput
from erp.errors import TrytonRoleForbidden
from erp.testing import count_rpc_calls
from portal.tests.fixtures.real_tryton import member_client, member_scope, sign_in
from tryton.demo.facts import APPROVAL_THRESHOLDS, AWAITING_APPROVAL, DEMO_PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]

BUYER = "lucas@comptoir-des-pentes.example.fr"
SALE_FIELDS = ["state", "party", "portal_approval", "portal_approval_reason",
               "portal_approval_by"]


def _sale(tryton_admin, sale_id):
    [sale] = tryton_admin.execute(
        "sale.sale", "read", [sale_id], SALE_FIELDS)
    return sale


def _demo_waiting(tryton_admin):
    [sale] = tryton_admin.execute(
        "sale.sale", "search_read", [["reference", "=", AWAITING_APPROVAL["reference"]]],
        0, 1, None, SALE_FIELDS)
    return sale


def _threshold(tryton_admin, party_id):
    [party] = tryton_admin.execute(
        "party.party", "read", [party_id], ["portal_approval_threshold"])
    return party["portal_approval_threshold"]


def _csrf_client(email):
    client = Client(enforce_csrf_checks=True)
    token = client.get("/accounts/login/").cookies["csrftoken"].value
    response = client.post(
        "/accounts/login/", {"login": email, "password": DEMO_PASSWORD},
        HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 302
    return client


def _token(client, url):
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]


def _buyer_checkout(tryton_admin, *, quantity, confirm=False):
    """A checkout of Lucas (buyer) through the gateway, with his own session: a keg of
    kombucha is 78 EUR before the customer's 10 % off."""
    with member_scope(BUYER) as scope:
        [item] = [i for i in catalog.catalog_items(scope, codes=("KB-ORI-F20",)).values()]
        [address] = tryton_admin.execute(
            "party.address", "search_read", [["party", "=", scope.party_id]], 0, 1, None,
            ["id"])
        return catalog.checkout(
            scope, lines=[OrderLineInput(item.id, Decimal(quantity))],
            address_id=address["id"], delivery_date=dt.date.today(),
            idempotency_key=uuid.uuid4().hex, confirm=confirm)


def test_the_demo_waits_for_the_admin_who_approves_it(tryton_admin, demo_customers):
    sale = _demo_waiting(tryton_admin)
    assert (sale["state"], sale["portal_approval"]) == ("quotation", "awaiting")
    assert _threshold(tryton_admin, sale["party"]) == Decimal(
        APPROVAL_THRESHOLDS["C-PENTES"])
    client = _csrf_client(demo_customers["a"].email)
    url = f"/orders/{sale['id']}/"

    listing = client.get("/orders/approvals/").content.decode()
    detail = unescape(client.get(url).content.decode())
    assert f'href="{url}"' in listing
    assert "Waiting for your administrator's approval" in detail
    assert "Accept the quotation" not in detail
    token = _token(client, f"{url}approve/")
    with count_rpc_calls() as calls:
        response = client.post(f"{url}approve/", HTTP_X_CSRFTOKEN=token)

    assert response.status_code == 302 and response["Location"] == url
    assert calls.calls[-1] == "model.sale.sale.portal_approve"
    approved = _sale(tryton_admin, sale["id"])
    # The demo's checkout asked for a quotation: it is one, free to be accepted.
    assert (approved["state"], approved["portal_approval"]) == ("quotation", "approved")
    assert approved["portal_approval_by"]
    page = client.get(url).content.decode()
    assert "You approved the order" in page and "Accept the quotation" in page
    assert client.post(f"{url}approve/", HTTP_X_CSRFTOKEN=token)["Location"] == url


def test_a_buyers_order_above_the_threshold_waits_then_moves_on(tryton_admin, demo_customers):
    small = _buyer_checkout(tryton_admin, quantity=1, confirm=True)
    big = _buyer_checkout(tryton_admin, quantity=5, confirm=True)

    assert _sale(tryton_admin, small)["state"] in {"confirmed", "processing"}
    assert (_sale(tryton_admin, big)["state"], _sale(tryton_admin, big)["portal_approval"]) == (
        "quotation", "awaiting")
    buyer = member_client(BUYER)
    page = unescape(buyer.get(f"/orders/{big}/").content.decode())
    assert "Waiting for your administrator's approval" in page
    assert f"/orders/{big}/approve/" not in page
    assert buyer.get(f"/orders/{big}/approve/").status_code == 403
    assert buyer.post(f"/orders/{big}/approve/").status_code == 403
    assert buyer.get("/orders/approvals/").status_code == 403
    # Past the portal, Tryton itself refuses the buyer.
    with member_scope(BUYER) as scope, pytest.raises(TrytonRoleForbidden):
        approvals.order_approve(scope, order_id=big)

    admin = _csrf_client(demo_customers["a"].email)
    token = _token(admin, f"/orders/{big}/approve/")
    admin.post(f"/orders/{big}/approve/", HTTP_X_CSRFTOKEN=token)

    # The checkout asked for a confirmed order: the approval confirms it.
    assert _sale(tryton_admin, big)["state"] in {"confirmed", "processing"}


def test_the_admin_rejects_with_a_reason(tryton_admin, demo_customers):
    sale_id = _buyer_checkout(tryton_admin, quantity=6)
    admin = _csrf_client(demo_customers["a"].email)
    url = f"/orders/{sale_id}/reject/"
    token = _token(admin, url)

    empty = admin.post(url, {"reason": "  "}, HTTP_X_CSRFTOKEN=token)
    no_token = admin.post(url, {"reason": "Too much"})
    response = admin.post(url, {"reason": "Six kegs is too much"}, HTTP_X_CSRFTOKEN=token)

    assert empty.status_code == 200 and "Tell the buyer why" in empty.content.decode()
    assert no_token.status_code == 403
    assert response.status_code == 302
    sale = _sale(tryton_admin, sale_id)
    assert (sale["state"], sale["portal_approval"], sale["portal_approval_reason"]) == (
        "cancelled", "rejected", "Six kegs is too much")
    page = member_client(BUYER).get(f"/orders/{sale_id}/").content.decode()
    assert "Six kegs is too much" in page


def test_the_admin_sets_the_threshold(tryton_admin, demo_customers, customer_a_client):
    party = demo_customers["a"].party_id
    before = _threshold(tryton_admin, party)

    wrong = [customer_a_client.post("/orders/approvals/", {"threshold": value})
             for value in ["abc", "-5", "1.234", "1e12"]]
    cleared = customer_a_client.post("/orders/approvals/", {"threshold": ""})
    assert _threshold(tryton_admin, party) is None
    set_again = customer_a_client.post("/orders/approvals/", {"threshold": "450.50"})

    assert [r.status_code for r in wrong] == [200] * 4
    assert all("field-error" in r.content.decode() for r in wrong)
    assert cleared.status_code == 302 and set_again.status_code == 302
    assert _threshold(tryton_admin, party) == Decimal("450.50")
    assert 'value="450.50"' in customer_a_client.get("/orders/approvals/").content.decode()
    customer_a_client.post("/orders/approvals/", {"threshold": str(before)})
    assert _threshold(tryton_admin, party) == before


def test_roles_and_other_customers(tryton_admin, demo_customers, client):
    sale = _demo_waiting(tryton_admin)
    for email in ["compta@comptoir-des-pentes.example.fr",
                  "accueil@comptoir-des-pentes.example.fr"]:
        member = member_client(email)
        assert member.get("/orders/approvals/").status_code == 403
        assert member.post(f"/orders/{sale['id']}/reject/", {"reason": "x"}).status_code == 403
    with member_scope("accueil@comptoir-des-pentes.example.fr") as viewer, \
            pytest.raises(TrytonRoleForbidden):
        approvals.approval_threshold_set(viewer, threshold=Decimal(1))
    sign_in(client, demo_customers["b"])

    assert client.get(f"/orders/{sale['id']}/approve/").status_code == 404
    assert client.post(f"/orders/{sale['id']}/reject/", {"reason": "x"}).status_code == 404
    assert _demo_waiting(tryton_admin)["portal_approval"] == sale["portal_approval"]


def test_waiting_orders_page_costs_two_calls_cold_none_warm(customer_a_client):
    with count_rpc_calls() as cold:
        assert customer_a_client.get("/orders/approvals/").status_code == 200
    with count_rpc_calls() as warm:
        customer_a_client.get("/orders/approvals/")

    assert cold.calls == ["model.party.party.portal_approval_get", "model.sale.sale.search_read"]
    assert warm.calls == []

"""Roles of a customer's members, against the real trytond and its demo data.

Le Comptoir des Pentes (customer A) has a member in each role (tryton/demo/facts.py
WEB_USERS): Sophie and Achats are administrators, Lucas a buyer, Compta an accountant and
Accueil a viewer. Each page and action is checked twice: the portal answers its 403 page
before any call, and Tryton refuses the same thing to the member's session.
"""

import pytest
from django.test import Client

from accounts.customer import SESSION_CHECKED_AT
from erp import CustomerScope, identity
from erp.errors import RecordNotFound, TrytonRoleForbidden
from erp.testing import count_rpc_calls
from tryton.demo.facts import DEMO_PASSWORD, WEB_USERS

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]

MEMBERS = {
    "admin": "sophie@comptoir-des-pentes.example.fr",
    "buyer": "lucas@comptoir-des-pentes.example.fr",
    "accountant": "compta@comptoir-des-pentes.example.fr",
    "viewer": "accueil@comptoir-des-pentes.example.fr",
}
BILLING = {"admin", "accountant"}
ACTING = {"admin", "buyer"}


def test_demo_customer_a_has_a_member_in_each_role():
    assert {role: WEB_USERS[email]["role"] for role, email in MEMBERS.items()} == {
        role: role for role in MEMBERS
    }


def _client(email: str) -> Client:
    client = Client()
    response = client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


@pytest.fixture
def members(tryton_settings):
    """{role: test client signed in as customer A's member of that role}"""
    return {role: _client(email) for role, email in MEMBERS.items()}


@pytest.fixture
def scopes(tryton_settings):
    """{role: customer A as the gateway reaches it with that member's own session}"""
    scopes = {}
    for role, email in MEMBERS.items():
        login = identity.web_user_login(
            email=email, password=DEMO_PASSWORD, remote_address="127.0.0.1"
        )
        assert login.user.party.role == role
        scopes[role] = CustomerScope(party_id=login.user.party.id, web_session=login.session)
    yield scopes
    for scope in scopes.values():
        identity.web_user_logout(session=scope.web_session)


def _one(tryton_admin, model, domain, fields=("id",)):
    rows = tryton_admin.execute(model, "search_read", domain, 0, 1, None, list(fields))
    assert rows, (model, domain)
    return rows[0]


def test_navigation_follows_the_role(members):
    for role, client in members.items():
        response = client.get("/")
        body = response.content.decode()
        assert response.status_code == 200, role
        assert ('href="/invoices/"' in body) == (role in BILLING), role
        assert ('href="/accounts/members/"' in body) == (role == "admin"), role
        assert 'href="/orders/"' in body and 'href="/pickups/"' in body


def test_home_of_a_member_without_billing_reads_no_invoice(members):
    with count_rpc_calls() as calls:
        response = members["buyer"].get("/")
    assert response.status_code == 200
    assert not [c for c in calls.calls if "account.invoice" in c], calls.calls
    assert "You owe nothing" not in response.content.decode()


def test_invoices_answer_403_to_buyers_and_viewers(members, tryton_admin, demo_customers):
    invoice = _one(
        tryton_admin, "account.invoice",
        [["party", "=", demo_customers["a"].party_id], ["state", "in", ["posted", "paid"]]],
    )
    urls = [
        "/invoices/", "/invoices/export.csv", f"/invoices/{invoice['id']}/",
        f"/invoices/{invoice['id']}/pdf/",
    ]
    for role, client in members.items():
        for url in urls:
            with count_rpc_calls() as calls:
                status = client.get(url).status_code
            if role in BILLING:
                assert status == 200, (role, url)
            else:
                assert status == 403, (role, url)
                assert calls.calls == [], (role, url)  # refused before any call


def test_tryton_shows_no_invoice_to_a_buyer_or_viewer_session(scopes, tryton_admin):
    party_id = scopes["admin"].party_id
    invoice = _one(tryton_admin, "account.invoice", [["party", "=", party_id]])
    for role, scope in scopes.items():
        found = scope.search_read("account.invoice", [], fields=["number"])
        lines = scope.search_read("account.invoice.line", [], fields=["id"], limit=1)
        if role in BILLING:
            assert found and lines, role
            assert scope.get("account.invoice", invoice["id"], fields=["number"])
        else:
            assert found == [] and lines == [], role
            assert scope.search_count("account.invoice") == 0
            with pytest.raises(RecordNotFound):
                scope.get("account.invoice", invoice["id"], fields=["number"])


def test_order_detail_shows_invoices_to_billing_roles_only(members, tryton_admin, demo_customers):
    invoiced = _one(
        tryton_admin, "sale.sale",
        [["party", "=", demo_customers["a"].party_id], ["invoices", "!=", None],
         ["invoice_state", "=", "paid"]],
    )
    for role, client in members.items():
        response = client.get(f"/orders/{invoiced['id']}/")
        assert response.status_code == 200, role
        assert ('id="invoices-title"' in response.content.decode()) == (role in BILLING), role


def test_quotations_are_answered_by_admins_and_buyers_only(members, scopes, tryton_admin):
    quotation = _one(
        tryton_admin, "sale.sale", [["reference", "=", "DEVIS-002"]], ("state",)
    )
    url = f"/orders/{quotation['id']}/"
    for role in ("accountant", "viewer"):
        body = members[role].get(url).content.decode()
        assert "Accept the quotation" not in body, role
        assert "An administrator or a buyer of your organisation can accept" in body
        with count_rpc_calls() as calls:
            assert members[role].post(f"{url}accept/").status_code == 403
            assert members[role].get(f"{url}decline/").status_code == 403
            assert members[role].post(f"{url}decline/", {"reason": "No"}).status_code == 403
        assert calls.calls == []
        # Tryton refuses the member's session too
        with pytest.raises(TrytonRoleForbidden):
            scopes[role].call("sale.sale", "portal_accept", quotation["id"])
        with pytest.raises(TrytonRoleForbidden):
            scopes[role].call("sale.sale", "portal_decline", quotation["id"], "No")
    assert _one(tryton_admin, "sale.sale", [["id", "=", quotation["id"]]], ("state",))[
        "state"
    ] == "quotation"
    assert "Accept the quotation" in members["buyer"].get(url).content.decode()
    response = members["buyer"].post(f"{url}accept/")
    assert response.status_code == 302
    assert _one(tryton_admin, "sale.sale", [["id", "=", quotation["id"]]], ("state",))[
        "state"
    ] in {"confirmed", "processing"}


def test_pickups_are_requested_and_cancelled_by_admins_and_buyers_only(
    members, scopes, tryton_admin, demo_customers
):
    pickup = _one(
        tryton_admin, "pickup.request",
        [["party", "=", demo_customers["a"].party_id], ["state", "=", "requested"]],
    )
    for role, client in members.items():
        listing = client.get("/pickups/").content.decode()
        detail = client.get(f"/pickups/{pickup['id']}/").content.decode()
        acting = role in ACTING
        assert ('href="/pickups/new/"' in listing) == acting, role
        assert (f'href="/pickups/{pickup["id"]}/cancel/"' in detail) == acting, role
        assert client.get("/pickups/new/").status_code == (200 if acting else 403), role
        if not acting:
            assert client.get(f"/pickups/{pickup['id']}/cancel/").status_code == 403
            assert client.post(f"/pickups/{pickup['id']}/cancel/").status_code == 403
            with pytest.raises(TrytonRoleForbidden):
                scopes[role].call("pickup.request", "portal_cancel", [pickup["id"]])
            with pytest.raises(TrytonRoleForbidden):
                scopes[role].call("pickup.request", "portal_request", {})
    assert _one(tryton_admin, "pickup.request", [["id", "=", pickup["id"]]], ("state",))[
        "state"
    ] == "requested"


def test_events_are_changed_by_admins_and_buyers_only(
    members, scopes, tryton_admin, demo_customers
):
    # customer_editable is computed (not searchable): the first upcoming one open to changes
    event = next(
        e for e in tryton_admin.execute(
            "event.event", "search_read",
            [["party", "=", demo_customers["a"].party_id], ["state", "=", "planned"]],
            0, None, [["start", "ASC"]], ["attendees", "notes", "customer_editable"])
        if e["customer_editable"]
    )
    url = f"/events/{event['id']}/"
    for role, client in members.items():
        body = client.get(url).content.decode()
        assert ("Save the changes" in body) == (role in ACTING), role
        if role not in ACTING:
            assert "An administrator or a buyer of your organisation can change" in body
            response = client.post(url, {"attendees": "999", "notes": "Not mine to change"})
            assert response.status_code == 403, role
            with pytest.raises(TrytonRoleForbidden):
                scopes[role].call("event.event", "portal_update", event["id"], 999, "No")
    after = _one(tryton_admin, "event.event", [["id", "=", event["id"]]], ("attendees", "notes"))
    assert (after["attendees"], after["notes"]) == (event["attendees"], event["notes"])


def test_every_role_reads_orders_pickups_production_and_events(members):
    for role, client in members.items():
        for url in ("/orders/", "/pickups/", "/production/", "/events/"):
            assert client.get(url).status_code == 200, (role, url)


def test_tryton_refusal_answers_403_and_refreshes_the_role(members, scopes, tryton_admin):
    """The role changed in Tryton since the portal last asked: Tryton refuses, the portal
    shows its 403 page and asks Tryton for the roles at the next request."""
    client = members["buyer"]
    [lucas] = tryton_admin.execute("web.user", "search", [["email", "=", MEMBERS["buyer"]]])
    tryton_admin.execute("web.user", "write", [lucas], {"portal_role": "viewer"})
    try:
        quotation = _one(tryton_admin, "sale.sale", [["reference", "=", "DEVIS-001"]])
        response = client.post(f"/orders/{quotation['id']}/accept/")
        assert response.status_code == 403
        assert client.session[SESSION_CHECKED_AT] == 0
        body = client.get(f"/orders/{quotation['id']}/").content.decode()
        assert "Accept the quotation" not in body
    finally:
        tryton_admin.execute("web.user", "write", [lucas], {"portal_role": "buyer"})

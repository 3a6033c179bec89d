"""Paying several invoices by one bank transfer, against the real trytond and its demo data.

Customer B (La Table du Marché) has an invoice to pay (overdue); customer A (Le Comptoir
des Pentes) has paid ones and one to pay. Tryton records each request (portal.transfer)
with an ISO 11649 reference; its administrator reads them as the reference of a test.
"""

import pytest
from stdnum import iso11649

from billing import payments
from core.formatting import money
from erp import invoices, transfers
from erp.errors import TrytonRoleForbidden
from erp.testing import count_rpc_calls
from portal.tests.fixtures.real_tryton import member_client, member_scope, sign_in
from tryton.demo.facts import COMPANY_BANK_DETAILS

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]

BUYER = "lucas@comptoir-des-pentes.example.fr"
VIEWER = "accueil@comptoir-des-pentes.example.fr"


@pytest.fixture
def customer_b_client(client, demo_customers):
    assert sign_in(client, demo_customers["b"]).status_code == 302
    return client


def _due(scope):
    return invoices.invoice_list(
        scope, limit=100, filters=invoices.InvoiceFilters(status="due")).items


def _pay(client, ids):
    return client.post("/invoices/pay/", {"invoice": [str(i) for i in ids]})


def _transfers(tryton_admin, party_id):
    return tryton_admin.execute(
        "portal.transfer", "search_read", [["party", "=", party_id]], 0, None,
        [["id", "ASC"]], ["reference", "amount", "invoices"])


def test_customer_pays_its_open_invoices_by_one_transfer(
    customer_b_client, demo_scopes, demo_customers, tryton_admin
):
    due = _due(demo_scopes["b"])
    assert due, "customer B has an invoice to pay in the demo data"

    response = _pay(customer_b_client, [i.id for i in due])

    assert response.status_code == 302
    transfer_id = int(response["Location"].rstrip("/").rsplit("/", 1)[1])
    assert response["Location"] == f"/invoices/transfers/{transfer_id}/"
    [recorded] = [t for t in _transfers(tryton_admin, demo_customers["b"].party_id)
                  if t["id"] == transfer_id]
    assert sorted(recorded["invoices"]) == sorted(i.id for i in due)
    assert recorded["amount"] == sum(i.amount_to_pay for i in due)
    assert iso11649.is_valid(recorded["reference"])

    with count_rpc_calls() as calls:
        page = customer_b_client.get(response["Location"])

    assert page.status_code == 200
    assert len(calls) <= 1, calls
    transfer = page.context["transfer"]
    assert iso11649.compact(transfer.reference) == recorded["reference"]
    body = page.content.decode()
    assert transfer.reference in body
    assert money(recorded["amount"], "EUR") in body
    for line in COMPANY_BANK_DETAILS.splitlines():
        assert line in body
    for invoice in due:
        assert invoice.number in body and f'href="/invoices/{invoice.id}/"' in body
    # The state is Tryton's: every invoice still to pay.
    assert transfer.state == "pending" and "To pay" in body


def test_the_same_invoices_again_give_the_same_reference(customer_b_client, demo_scopes):
    ids = [i.id for i in _due(demo_scopes["b"])]

    first = _pay(customer_b_client, ids)
    again = _pay(customer_b_client, list(reversed(ids)) + ids)

    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]


def test_another_customers_invoice_is_404_and_nothing_is_recorded(
    customer_a_client, demo_scopes, demo_customers, tryton_admin
):
    mine = _due(demo_scopes["a"])
    theirs = _due(demo_scopes["b"])
    before = _transfers(tryton_admin, demo_customers["a"].party_id)
    [draft] = tryton_admin.execute(
        "account.invoice", "search_read",
        [["party", "=", demo_customers["a"].party_id], ["state", "=", "draft"]],
        0, 1, None, ["id"])

    for ids in ([theirs[0].id], [mine[0].id, theirs[0].id], [mine[0].id, draft["id"]]):
        assert _pay(customer_a_client, ids).status_code == 404, ids

    assert _transfers(tryton_admin, demo_customers["a"].party_id) == before


def test_customer_cannot_open_another_customers_transfer(
    customer_a_client, demo_scopes
):
    theirs = transfers.transfer_request(
        demo_scopes["b"], invoice_ids=[i.id for i in _due(demo_scopes["b"])])

    for url in (f"/invoices/transfers/{theirs}/", "/invoices/transfers/999999999/",
                f"/invoices/transfers/{2**63}/"):
        assert customer_a_client.get(url).status_code == 404, url


def test_a_paid_invoice_is_refused_with_trytons_words(customer_a_client, demo_scopes):
    paid = next(i for i in invoices.invoice_list(
        demo_scopes["a"], limit=5, filters=invoices.InvoiceFilters(status="paid")).items)

    response = _pay(customer_a_client, [paid.id])

    assert response.status_code == 302 and response["Location"] == "/invoices/"
    body = customer_a_client.get("/invoices/").content.decode()
    assert f"{paid.number}" in body and "is not waiting for payment" in body


@pytest.mark.parametrize("values", [[], ["abc"], ["-1"], [str(2**63)]])
def test_malformed_selection_is_a_clear_400(customer_b_client, values):
    response = customer_b_client.post("/invoices/pay/", {"invoice": values})

    assert response.status_code == 400
    assert 'class="message message-error"' in response.content.decode()


def test_paying_is_a_post(customer_b_client, demo_scopes):
    ids = [str(i.id) for i in _due(demo_scopes["b"])]

    assert customer_b_client.get("/invoices/pay/", {"invoice": ids}).status_code == 405


def test_buyer_and_viewer_are_refused_by_the_portal_and_by_tryton(
    tryton_settings, demo_scopes
):
    ids = [i.id for i in _due(demo_scopes["a"])]
    for email in (BUYER, VIEWER):
        client = member_client(email)
        with count_rpc_calls() as calls:
            assert _pay(client, ids).status_code == 403, email
        assert calls.calls == [], calls
        # Asked anyway with the member's own session, Tryton refuses the role.
        with member_scope(email) as scope, pytest.raises(TrytonRoleForbidden):
            scope.call("account.invoice", "portal_transfer_reference", ids)

def test_bank_transfer_is_the_default_provider(settings):
    assert settings.PORTAL_PAYMENT_PROVIDER == "bank_transfer"
    assert isinstance(payments.payment_provider(), payments.BankTransferProvider)

"""Several invoices as one ZIP of their PDFs, against the real trytond and its demo data.

Customer A (Le Comptoir des Pentes) has years of invoices; customer B (La Table du Marché)
has its own. A's buyer and viewer have no billing role.
"""

import io
import time
import zipfile

import pytest
from django.core.cache import cache

from erp import invoices
from erp.errors import RecordNotFound
from erp.testing import count_rpc_calls
from portal.tests.fixtures.real_tryton import member_client, member_scope

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]

BUYER = "lucas@comptoir-des-pentes.example.fr"
VIEWER = "accueil@comptoir-des-pentes.example.fr"
# The measure: a ZIP of 20 invoices (or as many as the customer has).
MEASURED_COUNT = 20


def _invoices(scope, limit=100):
    return invoices.invoice_list(scope, limit=limit).items


def _entries(content: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(client, ids, method="post"):
    return getattr(client, method)("/invoices/zip/", {"invoice": [str(i) for i in ids]})


def test_zip_holds_exactly_the_selected_invoices(customer_a_client, demo_scopes):
    mine = _invoices(demo_scopes["a"])
    chosen = [mine[0], mine[3], mine[7]]

    response = _zip(customer_a_client, [i.id for i in chosen])

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="invoices-')
    entries = _entries(response.content)
    assert set(entries) == {f"{invoices.pdf_basename(i)}.pdf" for i in chosen}
    for invoice in chosen:
        assert invoice.number in f"{invoices.pdf_basename(invoice)}.pdf"
        single = customer_a_client.get(f"/invoices/{invoice.id}/pdf/")
        assert entries[f"{invoices.pdf_basename(invoice)}.pdf"] == single.content
        assert single.content.startswith(b"%PDF")


def test_a_get_link_and_repeated_ids_give_the_same_entries(customer_a_client, demo_scopes):
    first, second = _invoices(demo_scopes["a"])[:2]

    response = _zip(customer_a_client, [first.id, second.id, first.id], method="get")

    assert response.status_code == 200
    assert len(_entries(response.content)) == 2


def test_zip_of_many_invoices_cold_and_warm(customer_a_client, demo_scopes):
    """As many invoices as the demo customer has, up to 20: the first download renders
    nothing Tryton has not kept, the second costs no call."""
    chosen = _invoices(demo_scopes["a"], limit=MEASURED_COUNT)
    cache.clear()

    started = time.monotonic()
    with count_rpc_calls() as cold:
        first = _zip(customer_a_client, [i.id for i in chosen])
    took_cold = time.monotonic() - started
    started = time.monotonic()
    with count_rpc_calls() as warm:
        second = _zip(customer_a_client, [i.id for i in chosen])
    took_warm = time.monotonic() - started

    assert first.status_code == second.status_code == 200
    assert len(_entries(first.content)) == len(chosen)
    assert second.content == first.content
    # The selection (1) and, per PDF, its ownership check and the report (2).
    assert len(cold) == 1 + 2 * len(chosen), cold
    assert len(warm) == 0, warm
    print(f"\n[invoice zip] {len(chosen)} invoices, {len(first.content) // 1024} KiB: "
          f"cold {took_cold * 1000:.0f} ms, warm {took_warm * 1000:.0f} ms")


def test_another_customers_invoice_makes_the_whole_zip_404(
    customer_a_client, demo_scopes, tryton_admin, demo_customers
):
    mine = _invoices(demo_scopes["a"])[:2]
    theirs = _invoices(demo_scopes["b"])[0]
    [draft] = tryton_admin.execute(
        "account.invoice", "search_read",
        [["party", "=", demo_customers["a"].party_id], ["state", "=", "draft"]],
        0, 1, None, ["id"])

    for ids in ([theirs.id], [mine[0].id, theirs.id, mine[1].id], [mine[0].id, draft["id"]],
                [mine[0].id, 999999999]):
        response = _zip(customer_a_client, ids)
        assert response.status_code == 404, ids
        assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize("values", [
    [], [""], ["abc"], ["-3"], ["1.5"], ["0"], [str(2**63)], ["１２"], ["1", "x"],
    [str(i) for i in range(1, invoices.MAX_BUNDLE_INVOICES + 2)],
])
def test_malformed_or_oversized_selection_is_a_clear_400(customer_a_client, values):
    response = customer_a_client.post("/invoices/zip/", {"invoice": values})

    assert response.status_code == 400
    body = response.content.decode()
    assert 'class="message message-error"' in body
    assert "Select" in body or "not an invoice" in body


def test_buyer_and_viewer_are_refused_by_the_portal_and_by_tryton(
    tryton_settings, demo_scopes
):
    ids = [i.id for i in _invoices(demo_scopes["a"])[:2]]
    for email in (BUYER, VIEWER):
        client = member_client(email)
        with count_rpc_calls() as calls:
            assert _zip(client, ids).status_code == 403, email
        assert calls.calls == [], calls
        # Asked anyway with the member's own session, Tryton shows them no invoice.
        with member_scope(email) as scope, pytest.raises(RecordNotFound):
            invoices.invoice_pdfs(scope, invoice_ids=ids)

def test_invoice_list_lets_the_customer_tick_invoices_without_javascript(customer_a_client):
    response = customer_a_client.get("/invoices/")

    body = response.content.decode()
    assert '<form method="post" action="/invoices/zip/"' in body
    assert 'name="csrfmiddlewaretoken"' in body
    for invoice in response.context["page"].items:
        assert f'name="invoice" value="{invoice.id}" id="select-invoice-{invoice.id}"' in body
        assert f'<label class="visually-hidden" for="select-invoice-{invoice.id}">' in body
    assert 'formaction="/invoices/zip/"' in body and 'formaction="/invoices/pay/"' in body

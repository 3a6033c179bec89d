"""The order's PDFs printed by Tryton (quotation, order confirmation, delivery note) and the
lots of delivered lines, against the real trytond and its demo data."""

import io
import re

import pytest
from django.core.cache import cache
from pypdf import PdfReader

from erp import sales
from erp.order_documents import order_documents
from erp.testing import count_rpc_calls

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]


def pdf_text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _flat(text: str) -> str:
    """The text without the spaces a number may be grouped with (1 234,50)."""
    return re.sub(r"[\s\u202f\xa0]", "", text)


def _amount_in(amount, text: str) -> bool:
    """``amount`` as English (1,234.50) or French (1 234,50) documents print it."""
    english, french = f"{amount:,.2f}", f"{amount:.2f}".replace(".", ",")
    return english in _flat(text) or french in _flat(text)


def _orders(scope, state):
    page = sales.order_list(scope, limit=100, filters=sales.order_filters(state=state).filters)
    return [sales.order_get(scope, order_id=order.id) for order in page.items]


def _delivered(scope):
    """Customer's orders with a delivery note (a packed or delivered shipment)."""
    return [order for order in _orders(scope, "done") + _orders(scope, "processing")
            if order_documents(order).delivery_notes]


def _labels(tryton_admin, party_id) -> dict[str, str]:
    """What the documents of this party say, in its language as Tryton knows it."""
    [party] = tryton_admin.execute("party.party", "read", [party_id], ["lang.code"])
    if ((party.get("lang.") or {}).get("code") or "en").startswith("fr"):
        return {"quotation": "Devis", "order": "Commande", "delivery_note": "Bon de livraison",
                "date": "%d/%m/%Y"}
    return {"quotation": "Quotation", "order": "Order", "delivery_note": "Delivery Note",
            "date": "%m/%d/%Y"}


def _delivery_note_url(order, shipment):
    return f"/orders/{order.id}/deliveries/{shipment.id}/delivery-note.pdf"


def test_quotation_pdf_names_its_number_total_and_customer(customer_a_client, demo_scopes,
                                                           demo_customers, tryton_admin):
    labels = _labels(tryton_admin, demo_customers["a"].party_id)
    quotation = _orders(demo_scopes["a"], "quotation")[0]

    response = customer_a_client.get(f"/orders/{quotation.id}/quotation.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert f'filename="quotation-{quotation.number}.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert quotation.number in text
    assert _amount_in(quotation.total_amount, text)
    assert demo_customers["a"].party_name in text
    # In the customer's language as Tryton knows it.
    assert labels["quotation"] in text


def test_confirmation_pdf_names_its_number_total_and_customer(customer_a_client, demo_scopes,
                                                              demo_customers, tryton_admin):
    labels = _labels(tryton_admin, demo_customers["a"].party_id)
    order = _orders(demo_scopes["a"], "processing")[0]

    response = customer_a_client.get(f"/orders/{order.id}/confirmation.pdf")

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert order.number in text and labels["order"] in text
    assert labels["quotation"] not in text
    assert _amount_in(order.total_amount, text)
    assert demo_customers["a"].party_name in text
    # The company's legal mentions print on the document.
    assert "SIRET" in text and "SAS" in text


def test_delivery_note_pdf_names_its_number_order_customer_and_lots(
    customer_a_client, demo_scopes, demo_customers, tryton_admin
):
    labels = _labels(tryton_admin, demo_customers["a"].party_id)
    order = _delivered(demo_scopes["a"])[0]
    shipment = order_documents(order).delivery_notes[0]

    response = customer_a_client.get(_delivery_note_url(order, shipment))

    assert response.status_code == 200
    assert f'filename="delivery-note-{shipment.number}.pdf"' in response["Content-Disposition"]
    text = pdf_text(response.content)
    assert labels["delivery_note"] in text
    assert shipment.number in text and order.number in text
    assert demo_customers["a"].party_name in text
    lots = [lot for line in order.lines for lot in line.lots]
    assert lots, "the demo's delivered lines have lots"
    for lot in lots:
        # A long lot number may wrap in its column.
        assert lot.number in _flat(text)
        assert lot.best_before.strftime(labels["date"]) in text


def test_each_document_only_in_the_states_it_exists(customer_a_client, demo_scopes):
    quotation = _orders(demo_scopes["a"], "quotation")[0]
    order = _delivered(demo_scopes["a"])[0]
    cancelled = _orders(demo_scopes["a"], "cancelled")[0]

    assert customer_a_client.get(f"/orders/{quotation.id}/confirmation.pdf").status_code == 404
    assert customer_a_client.get(f"/orders/{order.id}/quotation.pdf").status_code == 404
    assert customer_a_client.get(f"/orders/{cancelled.id}/quotation.pdf").status_code == 404
    assert customer_a_client.get(f"/orders/{cancelled.id}/confirmation.pdf").status_code == 404
    # A shipment of the customer, but not of this order.
    other = next(o for o in _delivered(demo_scopes["a"])
                 if o.id != order.id and o.shipments[0].id not in {s.id for s in order.shipments})
    response = customer_a_client.get(_delivery_note_url(order, other.shipments[0]))
    assert response.status_code == 404


def test_waiting_shipment_has_no_delivery_note(customer_a_client, demo_scopes):
    waiting = [(order, shipment) for order in _orders(demo_scopes["a"], "processing")
               for shipment in order.shipments if shipment.state not in ("packed", "done")]
    assert waiting, "the demo gives customer A an order still being prepared"
    order, shipment = waiting[0]

    assert customer_a_client.get(_delivery_note_url(order, shipment)).status_code == 404


def test_customer_cannot_download_another_customers_documents(customer_a_client, demo_scopes):
    theirs = _delivered(demo_scopes["b"])[0]
    their_shipment = order_documents(theirs).delivery_notes[0]
    mine = _delivered(demo_scopes["a"])[0]
    their_quotation = _orders(demo_scopes["b"], "quotation")

    assert customer_a_client.get(f"/orders/{theirs.id}/confirmation.pdf").status_code == 404
    assert customer_a_client.get(_delivery_note_url(theirs, their_shipment)).status_code == 404
    # Their shipment on my order: still not mine.
    assert customer_a_client.get(_delivery_note_url(mine, their_shipment)).status_code == 404
    if their_quotation:
        response = customer_a_client.get(f"/orders/{their_quotation[0].id}/quotation.pdf")
        assert response.status_code == 404


def test_tryton_refuses_another_customers_delivery_note_to_the_service(demo_scopes):
    """The second wall: even asked directly, Tryton prints no shipment of another customer
    for a call carrying customer A's session."""
    from erp.errors import RecordNotFound, TrytonError

    theirs = _delivered(demo_scopes["b"])[0]
    shipment = order_documents(theirs).delivery_notes[0]
    scope = demo_scopes["a"]

    with pytest.raises(RecordNotFound):
        scope.report("stock.shipment.out.delivery_note", "stock.shipment.out", shipment.id)
    with pytest.raises(TrytonError):
        scope._transport.call(
            "report.stock.shipment.out.delivery_note.execute", [[shipment.id], {}],
            context=scope.context,
        )


def test_document_pdf_is_rendered_once_then_cached(customer_a_client, demo_scopes):
    order = _delivered(demo_scopes["a"])[0]
    shipment = order_documents(order).delivery_notes[0]
    url = _delivery_note_url(order, shipment)
    cache.clear()
    customer_a_client.get(f"/orders/{order.id}/")

    with count_rpc_calls() as cold:
        first = customer_a_client.get(url)
    with count_rpc_calls() as warm:
        second = customer_a_client.get(url)

    assert first.status_code == second.status_code == 200
    assert cold.calls == [
        "model.stock.shipment.out.search_read",
        "report.stock.shipment.out.delivery_note.execute",
    ], cold
    assert len(warm) == 0, warm
    assert second.content == first.content


def test_delivered_lines_show_their_lots_and_best_before_dates(customer_a_client, demo_scopes):
    order = _delivered(demo_scopes["a"])[0]
    customer_a_client.post("/i18n/setlang/", {"language": "fr"})

    body = customer_a_client.get(f"/orders/{order.id}/").content.decode()

    lines = [line for line in order.lines if line.lots]
    assert lines
    for line in lines:
        for lot in line.lots:
            assert f"Lot {lot.number}" in body
            assert f'datetime="{lot.best_before:%Y-%m-%d}"' in body
    assert "Bon de livraison" in body


def test_order_page_links_the_documents_of_its_state(customer_a_client, demo_scopes):
    quotation = _orders(demo_scopes["a"], "quotation")[0]
    order = _delivered(demo_scopes["a"])[0]

    quotation_page = customer_a_client.get(f"/orders/{quotation.id}/").content.decode()
    order_page = customer_a_client.get(f"/orders/{order.id}/").content.decode()

    assert f"/orders/{quotation.id}/quotation.pdf" in quotation_page
    assert "confirmation.pdf" not in quotation_page
    assert f"/orders/{order.id}/confirmation.pdf" in order_page
    for shipment in order_documents(order).delivery_notes:
        assert _delivery_note_url(order, shipment) in order_page


def test_lots_are_read_only_through_the_customers_moves(demo_scopes, tryton_admin):
    """Tryton shows the service no lot that was not delivered to the session's customer."""
    theirs = [lot for order in _delivered(demo_scopes["b"]) for line in order.lines
              for lot in line.lots]
    mine = {lot.number for order in _delivered(demo_scopes["a"]) for line in order.lines
            for lot in line.lots}
    only_theirs = [lot.number for lot in theirs if lot.number not in mine]
    assert only_theirs, "the demo delivers B some lot A never received"
    ids = [row["id"] for row in tryton_admin.execute(
        "stock.lot", "search_read", [["number", "in", only_theirs]], 0, None, None, ["id"])]
    scope = demo_scopes["a"]

    found = scope._transport.execute(
        "stock.lot", "search_read", [["id", "in", ids]], 0, None, None, ["number"],
        context=scope.context)

    assert found == []

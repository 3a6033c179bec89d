"""An order's documents as Tryton prints them (html_report, rendered by WeasyPrint inside
trytond): the quotation and the order confirmation (Tryton's sale report, whose title
follows the sale's state) and the delivery note of each customer shipment.

Each is offered only where it means something: the quotation while the sale is one, the
confirmation once confirmed, a delivery note once its shipment is packed. Like the invoice
PDF (erp/invoices.py), the PDF is kept in the customer's cache after its first rendering:
Tryton renders a document in about a second, a cached one is served with no call.
"""

from dataclasses import dataclass

from .errors import RecordNotFound
from .sales import Order, Shipment, order_get
from .scope import CustomerScope, valid_id

SALE_MODEL = "sale.sale"
SALE_REPORT = "sale.sale"
SHIPMENT_MODEL = "stock.shipment.out"
DELIVERY_NOTE_REPORT = "stock.shipment.out.delivery_note"

QUOTATION = "quotation"
CONFIRMATION = "confirmation"
# The sale states each sale document is printed in.
SALE_DOCUMENT_STATES = {
    QUOTATION: ("quotation",),
    CONFIRMATION: ("confirmed", "processing", "done"),
}
# A delivery note lists what is packed to leave or has left.
DELIVERY_NOTE_STATES = ("packed", "done")
FILE_PREFIXES = {QUOTATION: "quotation", CONFIRMATION: "order"}


@dataclass(frozen=True)
class OrderDocuments:
    """What the order page offers to download: ``sale`` is QUOTATION, CONFIRMATION or
    "" (none in the order's state); ``delivery_notes`` the shipments that have one."""

    sale: str
    delivery_notes: tuple[Shipment, ...]


def order_documents(order: Order) -> OrderDocuments:
    """The documents of ``order`` the customer may download (no call)."""
    sale = next(
        (kind for kind, states in SALE_DOCUMENT_STATES.items() if order.state in states), ""
    )
    notes = tuple(s for s in order.shipments if s.state in DELIVERY_NOTE_STATES and s.number)
    return OrderDocuments(sale=sale, delivery_notes=notes)


def order_pdf(
    scope: CustomerScope, *, order_id: int, kind: str, with_invoices: bool = True
) -> tuple[bytes, str]:
    """(PDF, file name) of the quotation or the order confirmation (``kind``) of one of
    the customer's orders. RecordNotFound when the order is not theirs or the document
    does not exist in its state (a confirmation of a quotation). ``with_invoices`` is
    passed to order_get so the order page's cached read is reused. Costs 2 calls cold
    after the order page (the report and its ownership check), 0 once cached."""
    if kind not in SALE_DOCUMENT_STATES:
        raise RecordNotFound()
    order = _order(scope, order_id, with_invoices)
    if order_documents(order).sale != kind:
        raise RecordNotFound()

    def fetch() -> tuple[bytes, str]:
        extension, content, _name = scope.report(SALE_REPORT, SALE_MODEL, order.id)
        name = f"{FILE_PREFIXES[kind]}-{_safe(order.number, order.id)}"
        return content, f"{name}.{extension or 'pdf'}"

    return scope.cached("order_pdf", {"id": order.id, "kind": kind, "state": order.state}, fetch)


def delivery_note_pdf(
    scope: CustomerScope, *, order_id: int, shipment_id: int, with_invoices: bool = True
) -> tuple[bytes, str]:
    """(PDF, file name) of the delivery note of one shipment of one of the customer's
    orders. RecordNotFound when the order is not theirs, the shipment not one of the
    order's or not packed yet. Costs as order_pdf."""
    if not valid_id(shipment_id):
        raise RecordNotFound()
    order = _order(scope, order_id, with_invoices)
    shipment = next(
        (s for s in order_documents(order).delivery_notes if s.id == shipment_id), None
    )
    if shipment is None:
        raise RecordNotFound()

    def fetch() -> tuple[bytes, str]:
        extension, content, _name = scope.report(DELIVERY_NOTE_REPORT, SHIPMENT_MODEL, shipment.id)
        name = f"delivery-note-{_safe(shipment.number, shipment.id)}"
        return content, f"{name}.{extension or 'pdf'}"

    return scope.cached(
        "delivery_note_pdf", {"id": shipment.id, "state": shipment.state}, fetch
    )


def _order(scope: CustomerScope, order_id: int, with_invoices: bool) -> Order:
    if not valid_id(order_id):
        raise RecordNotFound()
    return order_get(scope, order_id=order_id, with_invoices=with_invoices)


def _safe(number: str, record_id: int) -> str:
    """A document number kept to letters, digits, '-' and '_' for a file name."""
    kept = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-" for c in number)
    return kept or str(record_id)

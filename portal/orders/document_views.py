"""The order's documents as PDFs printed by Tryton: quotation, order confirmation and the
delivery note of each shipment (erp/order_documents.py)."""

from django.http import Http404, HttpResponse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from audit.services import audited_download
from erp.errors import RecordNotFound
from erp.order_documents import CONFIRMATION, QUOTATION

from . import selectors


def _pdf(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    # Cache-Control: private, no-store comes with every private page
    # (core.middleware.PrivateCacheControlMiddleware).
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def _sale_pdf(request, order_id: int, kind: str) -> HttpResponse:
    try:
        content, filename = selectors.order_pdf(
            customer=request.customer, order_id=order_id, kind=kind
        )
    except RecordNotFound:
        raise Http404
    return _pdf(content, filename)


@require_GET
@audited_download("quotation", id_kwarg="order_id")
def quotation_pdf(request, order_id: int):
    """The quotation as Tryton prints it, while the order is one."""
    return _sale_pdf(request, order_id, QUOTATION)


@require_GET
@audited_download("order confirmation", id_kwarg="order_id")
def confirmation_pdf(request, order_id: int):
    """The order confirmation as Tryton prints it, once the order is confirmed."""
    return _sale_pdf(request, order_id, CONFIRMATION)


@require_GET
@audited_download("delivery note", id_kwarg="shipment_id")
def delivery_note_pdf(request, order_id: int, shipment_id: int):
    """The delivery note of one of the order's packed or delivered shipments."""
    try:
        content, filename = selectors.delivery_note_pdf(
            customer=request.customer, order_id=order_id, shipment_id=shipment_id
        )
    except RecordNotFound:
        raise Http404
    return _pdf(content, filename)

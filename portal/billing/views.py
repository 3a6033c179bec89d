import datetime as dt
import itertools

from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from accounts.roles import billing_required
from audit.services import audited_download
from core import listing
from core.listing import page_number, query
from erp.errors import RecordNotFound
from erp.invoices import INVOICE_SORTS, STATUSES, InvoiceFilters, invoice_filters

from . import selectors
from .export import export_filename, invoice_rows
from .states import STATUS_FILTER_LABELS

# Column, label, and the direction a first click sorts it in.
SORT_COLUMNS = (
    ("number", gettext_lazy("Number"), "-"),
    ("date", gettext_lazy("Date"), "-"),
    ("state", gettext_lazy("Status"), ""),
    ("total", gettext_lazy("Total"), "-"),
)

# What the customer is told about a filter value the list could not use.
INVALID_FILTER_MESSAGES = {
    **listing.INVALID_FILTER_MESSAGES,
    "status": gettext_lazy("Unknown status: showing every invoice."),
}


def _filters(request):
    return invoice_filters(
        search=request.GET.get("q", ""),
        status=request.GET.get("status", ""),
        date_from=request.GET.get("from", ""),
        date_to=request.GET.get("to", ""),
    )


def _status_choices(filters: InvoiceFilters, sort: str) -> list[dict]:
    """"All" and each status: links keeping the search and dates."""
    others = {key: value for key, value in filters.params().items() if key != "status"}
    choices = [{"label": _("All"), "query": query(**others, sort=sort),
                "current": not filters.status}]
    for status in STATUSES:
        choices.append({
            "label": STATUS_FILTER_LABELS[status],
            "query": query(**others, status=status, sort=sort),
            "current": status == filters.status,
        })
    return choices


@billing_required
@require_GET
def invoice_list(request):
    number = page_number(request.GET.get("page"))
    sort = INVOICE_SORTS.clean(request.GET.get("sort"))
    parsed = _filters(request)
    filters = parsed.filters
    balance = selectors.invoice_balance(customer=request.customer)
    page = selectors.invoice_list(
        customer=request.customer, page=number, sort=sort, filters=filters
    )
    if number > 1 and not page.items:
        raise Http404
    return render(
        request,
        "billing/invoice_list.html",
        {
            "page": page,
            "balance": balance,
            "today": dt.date.today(),
            "sort": sort,
            "filters": filters,
            "filter_errors": [INVALID_FILTER_MESSAGES[name] for name in parsed.invalid],
            "columns": listing.sort_columns(SORT_COLUMNS, sort, filters.params()),
            "statuses": _status_choices(filters, sort),
            "list_query": query(**filters.params(), sort=sort),
            "as_of": page.as_of or balance.as_of,
        },
    )


@billing_required
@require_GET
@audited_download("invoices CSV")
def invoice_export(request):
    """The filtered list as CSV, streamed; a filter it cannot use is a 400, not a file
    of something else."""
    parsed = _filters(request)
    if parsed.invalid:
        return render(request, "400.html", status=400)
    invoices = selectors.invoice_export(
        customer=request.customer, sort=request.GET.get("sort"), filters=parsed.filters
    )
    # The first page is read before answering: an unreachable Tryton is an error page,
    # not a truncated file.
    first = list(itertools.islice(invoices, 1))
    today = dt.date.today()
    response = StreamingHttpResponse(
        invoice_rows(itertools.chain(first, invoices), today=today),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = content_disposition_header(True, export_filename(today))
    return response


@billing_required
@require_GET
def invoice_detail(request, invoice_id: int):
    try:
        invoice = selectors.invoice_get(customer=request.customer, invoice_id=invoice_id)
    except RecordNotFound:
        raise Http404
    return render(
        request,
        "billing/invoice_detail.html",
        {"invoice": invoice, "today": dt.date.today(), "as_of": invoice.as_of},
    )


@billing_required
@require_GET
@audited_download("invoice", id_kwarg="invoice_id")
def invoice_pdf(request, invoice_id: int):
    """Tryton's rendering of the invoice, as a download."""
    try:
        content, filename = selectors.invoice_pdf(
            customer=request.customer, invoice_id=invoice_id
        )
    except RecordNotFound:
        raise Http404
    response = HttpResponse(content, content_type="application/pdf")
    # Cache-Control: private, no-store comes with every private page
    # (core.middleware.PrivateCacheControlMiddleware).
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response

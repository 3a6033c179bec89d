"""The statement of account: the customer's open items, aged, and its PDF."""

import datetime as dt

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from accounts.roles import billing_required
from audit.services import audited_download

from . import selectors
from .statement_export import statement_filename, statement_rows


@billing_required
@require_GET
def statement(request):
    statement = selectors.statement_get(customer=request.customer)
    return render(
        request,
        "billing/statement.html",
        {"statement": statement, "as_of": statement.as_of},
    )


@billing_required
@require_GET
@audited_download("statement of account")
def statement_pdf(request):
    """Tryton's rendering of the statement, as a download."""
    content, filename = selectors.statement_pdf(customer=request.customer)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@billing_required
@require_GET
def statement_export(request):
    """The open items of the page, with their running balance and ageing, as CSV."""
    statement = selectors.statement_get(customer=request.customer)
    response = HttpResponse(
        "".join(statement_rows(statement)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition_header(
        True, statement_filename(statement.as_of_date or dt.date.today())
    )
    return response

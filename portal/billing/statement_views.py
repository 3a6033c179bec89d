"""The statement of account: the customer's open items, aged, and its PDF."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from accounts.roles import billing_required
from audit.services import audited_download

from . import selectors


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

"""Paying the invoices ticked on the list, and the transfer instructions Tryton gives."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from accounts.roles import billing_required
from erp.errors import RecordNotFound, TrytonValidationError

from . import selectors
from .payments import payment_provider
from .selection import FIELD, SelectionError, selected_invoice_ids
from .views import selection_error


@require_POST
@billing_required
def invoice_pay(request):
    """Start paying the ticked invoices with the portal's provider (a bank transfer: its
    instructions). One invoice that is not the customer's: 404; one Tryton will not
    have paid (paid meanwhile): back to the list, saying why."""
    try:
        invoice_ids = selected_invoice_ids(request.POST.getlist(FIELD))
    except SelectionError as error:
        return selection_error(request, error)
    try:
        url = payment_provider().start(customer=request.customer, invoice_ids=invoice_ids)
    except RecordNotFound:
        raise Http404
    except TrytonValidationError as refusal:
        messages.error(request, refusal.message)
        return redirect("billing:list")
    return redirect(url)


@billing_required
@require_GET
def transfer_detail(request, transfer_id: int):
    """What to pay, to whom and with which reference; each invoice as Tryton has it."""
    try:
        transfer = selectors.transfer_get(customer=request.customer, transfer_id=transfer_id)
    except RecordNotFound:
        raise Http404
    return render(
        request, "billing/transfer_detail.html",
        {"transfer": transfer, "as_of": transfer.as_of},
    )

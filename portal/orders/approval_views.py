"""Approval inside the customer: the threshold, the waiting orders and the
administrators' answers (Tryton holds the orders and checks every answer)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from accounts.roles import members_required
from audit.models import Action
from audit.services import audit_record
from core.unavailable import FORM_REFUSED, unavailable
from erp.errors import RecordNotFound, TrytonUnavailable, TrytonValidationError

from . import approval_services as services
from . import selectors
from .approval_forms import RejectForm, ThresholdForm


@require_http_methods(["GET", "POST"])
@members_required
def approvals(request):
    """The administrators' page: the threshold, and the buyers' orders waiting for them."""
    customer = request.customer
    settings = services.approval_settings(customer=customer)
    form = ThresholdForm(
        request.POST if request.method == "POST" else None,
        initial={"threshold": settings.threshold},
    )
    status = 200
    if form.is_valid():
        threshold = form.cleaned_data["threshold"]
        try:
            services.threshold_set(customer=customer, threshold=threshold)
        except TrytonUnavailable:
            form.add_error(None, FORM_REFUSED)
            status = 503
        except TrytonValidationError as refusal:
            form.add_error("threshold", refusal.message)
        else:
            audit_record(request, Action.APPROVAL_THRESHOLD_SET,
                         target=f"threshold {threshold if threshold is not None else 'none'}")
            messages.success(
                request,
                _("From now on, the buyers' orders above this amount wait for an "
                  "administrator's approval.") if threshold is not None
                else _("The buyers' orders no longer wait for an approval."))
            return redirect("orders:approvals")
    response = render(request, "orders/approvals.html", {
        "settings": settings,
        "form": form,
        "orders": services.awaiting_orders(customer=customer),
    })
    return unavailable(response) if status == 503 else response


def _awaiting_or_redirect(request, order_id: int):
    """The waiting order, or None (with a message) when it no longer waits."""
    try:
        order = selectors.order_get(customer=request.customer, order_id=order_id)
    except RecordNotFound:
        raise Http404
    if not order.awaiting_approval:
        messages.error(request, _("This order no longer waits for an approval."))
        return None
    return order


@require_http_methods(["GET", "POST"])
@members_required
def order_approve(request, order_id: int):
    """A confirmation step, then the approval to Tryton."""
    order = _awaiting_or_redirect(request, order_id)
    if order is None:
        return redirect("orders:detail", order_id=order_id)
    if request.method == "POST":
        try:
            services.order_approve(customer=request.customer, order_id=order_id)
        except RecordNotFound:
            raise Http404
        except TrytonUnavailable:
            messages.error(request, FORM_REFUSED)
            return unavailable(render(request, "orders/order_approve.html", {"order": order}))
        except TrytonValidationError as refusal:
            messages.error(request, refusal.message)
        else:
            audit_record(request, Action.ORDER_APPROVED, target=f"order {order_id}")
            messages.success(request, _("You approved the order: it goes on to the supplier."))
        return redirect("orders:detail", order_id=order_id)
    return render(request, "orders/order_approve.html", {"order": order})


@require_http_methods(["GET", "POST"])
@members_required
def order_reject(request, order_id: int):
    """Why the administrator rejects the order, then the answer to Tryton."""
    order = _awaiting_or_redirect(request, order_id)
    if order is None:
        return redirect("orders:detail", order_id=order_id)
    form = RejectForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            services.order_reject(
                customer=request.customer, order_id=order_id, reason=form.cleaned_data["reason"]
            )
        except RecordNotFound:
            raise Http404
        except TrytonUnavailable:
            form.add_error(None, FORM_REFUSED)
            return unavailable(
                render(request, "orders/order_reject.html", {"order": order, "form": form})
            )
        except TrytonValidationError as refusal:
            messages.error(request, refusal.message)
        else:
            audit_record(request, Action.ORDER_REJECTED, target=f"order {order_id}")
            messages.success(request, _("You rejected the order: it is cancelled."))
        return redirect("orders:detail", order_id=order_id)
    return render(request, "orders/order_reject.html", {"order": order, "form": form})

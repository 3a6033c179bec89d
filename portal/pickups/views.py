from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from accounts.roles import acting_required
from audit.models import Action
from audit.services import audit_record, audited_download
from core.listing import page_number
from erp.errors import RecordNotFound, TrytonValidationError
from erp.filters import typed_filters
from erp.pickups import PICKUP_STATES

from . import selectors, services
from .forms import MAX_LINES, PickupRequestForm, line_formset, with_more_lines


@require_GET
def pickup_list(request):
    number = page_number(request.GET.get("page"))
    # A filter value the list cannot use is left out (the form shows what holds).
    typed = typed_filters(
        search=request.GET.get("q", ""),
        choice=request.GET.get("state", ""),
        choice_name="state",
        choices=PICKUP_STATES,
        date_from=request.GET.get("from", ""),
        date_to=request.GET.get("to", ""),
    )
    state, search = typed.choice or "", typed.search
    date_from, date_to = typed.date_from, typed.date_to
    page = selectors.pickup_list(
        customer=request.customer,
        page=number,
        state=state,
        date_from=date_from,
        date_to=date_to,
        search=search,
    )
    if number > 1 and not page.items:
        raise Http404
    filters = {
        "state": state,
        "from": date_from.isoformat() if date_from else "",
        "to": date_to.isoformat() if date_to else "",
        "q": search,
    }
    return render(
        request,
        "pickups/pickup_list.html",
        {
            "page": page,
            "filters": filters,
            "filtered": any(filters.values()),
            "states": PICKUP_STATES,
            "query": urlencode({k: v for k, v in filters.items() if v}),
            "as_of": page.as_of,
        },
    )


def _pickup_or_404(request, pickup_id: int):
    try:
        return selectors.pickup_get(customer=request.customer, pickup_id=pickup_id)
    except RecordNotFound:
        raise Http404


@require_GET
def pickup_detail(request, pickup_id: int):
    pickup = _pickup_or_404(request, pickup_id)
    return render(request, "pickups/pickup_detail.html", {"pickup": pickup, "as_of": pickup.as_of})


@require_GET
@audited_download("pickup slip", id_kwarg="pickup_id")
def pickup_slip(request, pickup_id: int):
    try:
        content, filename = selectors.pickup_slip(customer=request.customer, pickup_id=pickup_id)
    except RecordNotFound:
        raise Http404
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_http_methods(["GET", "POST"])
@acting_required
def pickup_cancel(request, pickup_id: int):
    """GET asks for confirmation; POST asks Tryton, which may refuse (confirmed meanwhile)."""
    pickup = _pickup_or_404(request, pickup_id)
    if request.method == "POST":
        try:
            services.pickup_cancel(customer=request.customer, pickup_id=pickup.id)
        except RecordNotFound:
            raise Http404
        except TrytonValidationError as refusal:
            messages.error(request, _("The pickup was not cancelled: %s") % refusal.message)
        else:
            audit_record(request, Action.PICKUP_CANCELLED, target=f"pickup {pickup.id}")
            messages.success(request, _("The pickup is cancelled."))
        return redirect("pickups:detail", pickup_id=pickup.id)
    return render(request, "pickups/pickup_cancel.html", {"pickup": pickup, "as_of": pickup.as_of})


def _order_id(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@require_http_methods(["GET", "POST"])
@acting_required
def pickup_request(request):
    """The request form; ?order=ID fills the lines from one of the customer's orders."""
    customer = request.customer
    choices = selectors.request_choices(customer=customer)
    source = request.POST if request.method == "POST" else request.GET
    order_id = _order_id(source.get("order"))
    if order_id not in {order.id for order in choices.orders}:
        if request.method == "GET" and source.get("order"):
            messages.error(request, _("This order cannot be picked up: choose one in the list."))
        order_id = None
    order_lines = selectors.order_lines(customer=customer, order_id=order_id) if order_id else ()

    adding_lines = request.method == "POST" and "more_lines" in request.POST
    if adding_lines:
        # The same form back with more blank lines: nothing checked nor sent yet.
        form = PickupRequestForm(initial=request.POST.dict(), choices=choices)
        lines = line_formset(
            data=with_more_lines(request.POST), products=choices.products,
            order_lines=order_lines)
    elif request.method == "POST":
        form = PickupRequestForm(request.POST, choices=choices)
        lines = line_formset(data=request.POST, products=choices.products, order_lines=order_lines)
        if form.is_valid() and lines.is_valid():
            data = form.cleaned_data
            try:
                pickup_id = services.pickup_request(
                    customer=customer,
                    address_id=data["address"],
                    date=data["date"],
                    time_from=data["time_from"],
                    time_to=data["time_to"],
                    order_id=order_id,
                    comment=data["comment"],
                    lines=lines.lines(),
                )
            except TrytonValidationError as refusal:
                form.add_error(None, refusal.message)
            else:
                audit_record(request, Action.PICKUP_REQUESTED, target=f"pickup {pickup_id}")
                messages.success(
                    request, _("Your pickup is requested: we send the slip to the carrier.")
                )
                return redirect("pickups:detail", pickup_id=pickup_id)
    else:
        initial = {}
        if choices.addresses:
            initial["address"] = choices.addresses[0].id
        form = PickupRequestForm(initial=initial, choices=choices)
        lines = line_formset(products=choices.products, order_lines=order_lines)
    order = next((o for o in choices.orders if o.id == order_id), None)
    return render(
        request,
        "pickups/pickup_request.html",
        {
            "form": form,
            "lines": lines,
            "choices": choices,
            "order": order,
            "as_of": choices.as_of,
            "adding_lines": adding_lines,
            "more_lines_allowed": lines.total_form_count() < MAX_LINES,
        },
    )

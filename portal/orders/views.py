import datetime as dt
import itertools

from django.contrib import messages
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.roles import acting_required
from audit.models import Action
from audit.services import audit_record, audited_download
from core import listing
from core.listing import page_number, query
from core.unavailable import FORM_REFUSED, WRITE_REFUSED, unavailable
from erp.errors import RecordNotFound, TrytonUnavailable, TrytonValidationError
from erp.sales import CUSTOMER_ORDER_STATES, ORDER_SORTS, OrderFilters, order_filters

from . import selectors, services
from .export import export_filename, order_rows
from .forms import DeclineForm
from .states import ORDER_STATE_LABELS

# Column, label, and the direction a first click sorts it in.
SORT_COLUMNS = (
    ("number", gettext_lazy("Number"), ""),
    ("date", gettext_lazy("Date"), "-"),
    ("state", gettext_lazy("State"), ""),
    ("total", gettext_lazy("Total"), "-"),
)

# What the customer is told about a filter value the list could not use.
INVALID_FILTER_MESSAGES = {
    **listing.INVALID_FILTER_MESSAGES,
    "state": gettext_lazy("Unknown state: showing orders in every state."),
}


def _state_choices(page, filters: OrderFilters, sort: str) -> list[dict]:
    """"All" and each state with its count for the current search: links keeping it."""
    counts = dict(page.state_counts)
    others = {key: value for key, value in filters.params().items() if key != "state"}
    choices = [
        {
            "label": _("All"),
            "count": sum(counts.values()),
            "query": query(**others, sort=sort),
            "current": not filters.state,
        }
    ]
    for state in CUSTOMER_ORDER_STATES:
        if counts.get(state) or state == filters.state:
            choices.append(
                {
                    "label": ORDER_STATE_LABELS[state],
                    "count": counts.get(state, 0),
                    "query": query(**others, state=state, sort=sort),
                    "current": state == filters.state,
                }
            )
    return choices


def _filters(request):
    return order_filters(
        search=request.GET.get("q", ""),
        state=request.GET.get("state", ""),
        date_from=request.GET.get("from", ""),
        date_to=request.GET.get("to", ""),
    )


@require_GET
def order_list(request):
    customer = request.customer
    # The customer is back: what the outbox kept for them goes first (no call when empty).
    services.queued_orders_replay(customer=customer, user=request.user)
    queued = selectors.queued_orders(customer=customer, user=request.user)
    number = page_number(request.GET.get("page"))
    sort = ORDER_SORTS.clean(request.GET.get("sort"))
    parsed = _filters(request)
    filters = parsed.filters
    try:
        page = selectors.order_list(customer=customer, page=number, sort=sort, filters=filters)
    except TrytonUnavailable:
        if not queued:
            raise
        # Tryton down and nothing cached: the orders kept in the outbox still show.
        page = None
    if page is not None and number > 1 and not page.items:
        raise Http404
    response = render(
        request,
        "orders/order_list.html",
        {
            "page": page,
            "queued": queued,
            "sort": sort,
            "filters": filters,
            "filter_errors": [INVALID_FILTER_MESSAGES[name] for name in parsed.invalid],
            "columns": listing.sort_columns(SORT_COLUMNS, sort, filters.params()),
            "states": _state_choices(page, filters, sort) if page is not None else [],
            "list_query": query(**filters.params(), sort=sort),
            "as_of": page.as_of if page is not None else None,
        },
    )
    return response if page is not None else unavailable(response)


@require_POST
def queued_order_dismiss(request, entry_id: int):
    """Take a refused order off the list once the customer has read why: the member's
    own entry, whatever their role now (a role taken away is one reason for a refusal)."""
    if not services.queued_order_dismiss(
        customer=request.customer, user=request.user, entry_id=entry_id
    ):
        raise Http404
    return redirect("orders:list")


@require_GET
@audited_download("orders CSV")
def order_export(request):
    """The filtered list as CSV, streamed: a busy customer's years of orders, bounded."""
    parsed = _filters(request)
    if parsed.invalid:
        return render(request, "400.html", status=400)
    orders = selectors.order_export(
        customer=request.customer,
        sort=request.GET.get("sort"),
        filters=parsed.filters,
    )
    # The first page is read before answering: an unreachable Tryton is an error page,
    # not a truncated file.
    first = list(itertools.islice(orders, 1))
    response = StreamingHttpResponse(
        order_rows(itertools.chain(first, orders)), content_type="text/csv; charset=utf-8"
    )
    filename = export_filename(dt.date.today())
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _order_or_404(request, order_id: int):
    try:
        return selectors.order_get(customer=request.customer, order_id=order_id)
    except RecordNotFound:
        raise Http404


@require_GET
def order_detail(request, order_id: int):
    order = _order_or_404(request, order_id)
    context = {"order": order, "as_of": order.as_of}
    try:
        context["order_timeline"] = selectors.order_timeline(customer=request.customer, order=order)
    except TrytonUnavailable:
        # The order itself was served (from the cache): its timeline waits for Tryton.
        context["order_timeline"] = None
    except RecordNotFound:
        raise Http404
    return render(request, "orders/order_detail.html", context)


def _refusal(request, order_id: int, refusal: TrytonValidationError) -> str:
    """Why Tryton refused an answer, in the customer's language when the order tells it."""
    try:
        order = selectors.order_get(customer=request.customer, order_id=order_id)
    except RecordNotFound:
        raise Http404
    if order.state != "quotation":
        return _("This quotation was already answered: it is now “%(state)s”.") % {
            "state": ORDER_STATE_LABELS.get(order.state, order.state)
        }
    if order.is_expired:
        return _("This quotation expired on %(date)s: ask us for a new one.") % {
            "date": formats.date_format(order.valid_until, "DATE_FORMAT")
        }
    return refusal.message


@require_POST
@acting_required
def quotation_accept(request, order_id: int):
    try:
        services.quotation_accept(customer=request.customer, order_id=order_id)
    except RecordNotFound:
        raise Http404
    except TrytonUnavailable:
        messages.error(request, WRITE_REFUSED)
    except TrytonValidationError as refusal:
        messages.error(request, _refusal(request, order_id, refusal))
    else:
        audit_record(request, Action.QUOTATION_ACCEPTED, target=f"order {order_id}")
        messages.success(
            request, _("Thank you: you accepted the quotation, it is now a confirmed order.")
        )
    return redirect("orders:detail", order_id=order_id)


@require_http_methods(["GET", "POST"])
@acting_required
def quotation_decline(request, order_id: int):
    """A confirmation step: why the customer declines, then the answer to Tryton."""
    order = _order_or_404(request, order_id)
    if not order.is_open_quotation:
        messages.error(request, _("This quotation can no longer be declined."))
        return redirect("orders:detail", order_id=order_id)
    form = DeclineForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            services.quotation_decline(
                customer=request.customer, order_id=order_id, reason=form.cleaned_data["reason"]
            )
        except RecordNotFound:
            raise Http404
        except TrytonUnavailable:
            form.add_error(None, FORM_REFUSED)
            return unavailable(
                render(request, "orders/quotation_decline.html", {"order": order, "form": form})
            )
        except TrytonValidationError as refusal:
            messages.error(request, _refusal(request, order_id, refusal))
        else:
            audit_record(request, Action.QUOTATION_DECLINED, target=f"order {order_id}")
            messages.success(
                request, _("You declined the quotation. Thank you for telling us why.")
            )
        return redirect("orders:detail", order_id=order_id)
    return render(request, "orders/quotation_decline.html", {"order": order, "form": form})

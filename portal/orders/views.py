from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from erp.errors import RecordNotFound
from erp.sales import ORDER_SORTS

from . import selectors

# Far beyond any customer's orders (20 a page), and far below Tryton's integer range.
MAX_PAGE_NUMBER = 1_000_000

# Column, label, and the direction a first click sorts it in.
SORT_COLUMNS = (
    ("number", _("Number"), ""),
    ("date", _("Date"), "-"),
    ("state", _("State"), ""),
    ("total", _("Total"), "-"),
)


def _sort_columns(sort: str) -> list[dict]:
    """Header links: a click on the sorted column reverses it; aria-sort tells which."""
    key, descending = sort.removeprefix("-"), sort.startswith("-")
    columns = []
    for column, label, first in SORT_COLUMNS:
        if column == key:
            aria = "descending" if descending else "ascending"
            next_sort = column if descending else f"-{column}"
        else:
            aria, next_sort = "none", f"{first}{column}"
        columns.append({"key": column, "label": label, "aria_sort": aria, "sort": next_sort})
    return columns


def _page_number(value: str | None) -> int:
    """?page=N from 1; anything else, or a page no list could reach, does not exist."""
    if value is None:
        return 1
    try:
        number = int(value)
    except ValueError:
        raise Http404
    if not 1 <= number <= MAX_PAGE_NUMBER:
        raise Http404
    return number


@require_GET
def order_list(request):
    number = _page_number(request.GET.get("page"))
    sort = ORDER_SORTS.clean(request.GET.get("sort"))
    page = selectors.order_list(customer=request.customer, page=number, sort=sort)
    if number > 1 and not page.items:
        raise Http404
    return render(
        request,
        "orders/order_list.html",
        {
            "page": page,
            "sort": sort,
            "columns": _sort_columns(sort),
            "as_of": page.as_of,
        },
    )


@require_GET
def order_detail(request, order_id: int):
    try:
        order = selectors.order_get(customer=request.customer, order_id=order_id)
    except RecordNotFound:
        raise Http404
    return render(request, "orders/order_detail.html", {"order": order, "as_of": order.as_of})

from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from orders.selectors import DEFAULT_SORT, order_list

HOME_RECENT_ORDERS = 5


def home(request):
    """Greeting and the customer's most recent orders.

    Reads the first page of "My orders" (same call, same cache entry) and shows its head.
    """
    customer = request.customer
    page = order_list(customer=customer, page=1, sort=DEFAULT_SORT) if customer else None
    return render(
        request,
        "core/home.html",
        {
            "page": page,
            "recent_orders": page.items[:HOME_RECENT_ORDERS] if page else (),
            "as_of": page.as_of if page else None,
        },
    )


@login_not_required
@never_cache
@require_GET
def health(request):
    """Liveness: the process answers. Never calls Tryton, the database or the cache."""
    return JsonResponse({"status": "ok"})

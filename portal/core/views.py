import logging

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET

from erp.company import company_list
from orders.selectors import DEFAULT_SORT, order_list

logger = logging.getLogger(__name__)

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


@login_not_required
@require_GET
def company_logo(request, company_id: int, digest: str):
    """A company's logo from Tryton. Its URL names the logo's digest, so browsers keep it
    for a year; a changed logo gets a new URL."""
    company = company_list().get(company_id)
    if company is None or not company.logo or digest != company.logo_digest:
        raise Http404
    response = HttpResponse(company.logo, content_type="image/png")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    return response


@requires_csrf_token
def server_error(request):
    """The 500 page in the layout (supplier, contact, language), where Django's default
    renders it without the request. Falls back to the bare template if the layout fails."""
    try:
        return render(request, "500.html", status=500)
    except Exception:
        logger.exception("The 500 page could not be rendered in the layout")
        return HttpResponseServerError(loader.get_template("500.html").render())

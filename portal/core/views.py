import functools
import logging

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse, HttpResponseServerError, JsonResponse, QueryDict
from django.shortcuts import render
from django.template import loader
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET

from billing.selectors import invoice_balance
from erp.company import company_list
from erp.errors import TrytonAccessError, TrytonValidationError
from orders.selectors import DEFAULT_SORT, order_list

from .dashboard import AXIS_HEIGHT, CHART_HEIGHT, CHART_WIDTH, dashboard_get, spend_bars
from .readiness import readiness_report

logger = logging.getLogger(__name__)

HOME_RECENT_ORDERS = 5


def home(request):
    """Greeting, the dashboard (what waits for the customer, what is under way, the last
    invoices and the monthly spend), where they stand (amount due, overdue, next due date:
    for the roles that read billing) and their most recent orders.

    Reads the first page of "My orders" (same calls, same cache entry: 2 calls cold), the
    invoice balance the invoices list shows too (1 call cold) and the dashboard (1 call
    cold): 4 calls cold, 0 warm, the dashboard's budget.
    """
    customer = request.customer
    page = order_list(customer=customer, page=1, sort=DEFAULT_SORT) if customer else None
    balance = _balance(customer) if customer and customer.can_read_billing else None
    dashboard = _dashboard(customer) if customer else None
    return render(
        request,
        "core/home.html",
        {
            "page": page,
            "balance": balance,
            "dashboard": dashboard,
            "spend_bars": spend_bars(dashboard) if dashboard else (),
            "chart": {"width": CHART_WIDTH, "height": CHART_HEIGHT, "axis": AXIS_HEIGHT},
            "recent_orders": page.items[:HOME_RECENT_ORDERS] if page else (),
            "as_of": (page.as_of if page else None)
            or (balance.as_of if balance else None)
            or (dashboard.as_of if dashboard else None),
        },
    )


def _dashboard(customer):
    """The customer's dashboard, or None when Tryton refuses it (the home page shows
    without it)."""
    try:
        return dashboard_get(customer=customer)
    except (TrytonAccessError, TrytonValidationError):
        logger.warning("The dashboard was refused; the home page shows without it",
                       exc_info=True)
        return None


def _balance(customer):
    """The customer's invoice balance, or None when Tryton refuses it (the panel is left
    out; the rest of the home page still shows)."""
    try:
        return invoice_balance(customer=customer)
    except (TrytonAccessError, TrytonValidationError):
        logger.warning("The invoice balance was refused; the home page shows without it",
                       exc_info=True)
        return None


@login_not_required
@never_cache
@require_GET
def health(request):
    """Liveness: the process answers. Never calls Tryton, the database or the cache."""
    return JsonResponse({"status": "ok"})


@login_not_required
@never_cache
@require_GET
def ready(request):
    """Readiness: 200 when Tryton, the database, the cache and the static manifest all
    work, else 503 naming the failed dependencies (no error text: it could hold secrets)."""
    report = readiness_report()
    return JsonResponse(report.as_json(), status=200 if report.ready else 503)


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


def _error_page(view):
    """An error page must not fail on the request's body. A body Django cannot decode
    (``charset=utf-16``, a broken multipart) raises again at each read of ``request.POST``,
    and ``requires_csrf_token`` reads it: Django's own 400 page then answers 500. Such a
    body is dropped before the page renders."""
    protected = requires_csrf_token(view)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            request.POST  # noqa: B018 (parsed here or never)
        except Exception:
            request.POST = QueryDict()
        return protected(request, *args, **kwargs)

    return wrapper


@_error_page
def bad_request(request, exception=None):
    """The 400 page in the layout (also for bodies in an unknown or non-UTF-8 charset)."""
    return render(request, "400.html", status=400)


# Django's 403 and 404 pages with our templates, made as safe.
permission_denied = _error_page(defaults.permission_denied)
page_not_found = _error_page(defaults.page_not_found)


@_error_page
def server_error(request):
    """The 500 page in the layout (supplier, contact, language), where Django's default
    renders it without the request. Falls back to the bare template if the layout fails."""
    try:
        return render(request, "500.html", status=500)
    except Exception:
        logger.exception("The 500 page could not be rendered in the layout")
        return HttpResponseServerError(loader.get_template("500.html").render())

import logging
import time

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from core.listing import page_number

from . import selectors, services
from .webhook import WebhookRefused, forget_delivery, verify

logger = logging.getLogger(__name__)


@csrf_exempt  # Tryton signs its request instead: no browser, no cookie, no CSRF token
@login_not_required
@require_POST
def webhook(request):
    """Take a signed change notification from Tryton (see webhook.py and docs/contracts.md)."""
    try:
        change = verify(
            headers=request.headers,
            body=request.body,
            secrets=settings.PORTAL_WEBHOOK_SECRETS,
            now=time.time(),
            window=settings.PORTAL_WEBHOOK_WINDOW,
        )
    except WebhookRefused as refused:
        logger.warning("Webhook refused (%s): %s", refused.status, refused.reason)
        return JsonResponse({"error": refused.reason}, status=refused.status)
    try:
        recorded = services.change_apply(change=change)
    except Exception:
        forget_delivery(change)  # Tryton tries again later
        logger.exception("Webhook delivery %s not applied", change.delivery_id)
        return JsonResponse({"error": "not applied, try again later"}, status=503)
    logger.info(
        "Webhook %s: %s %s for parties %s, %s notifications",
        change.delivery_id, change.model, change.kind, list(change.party_ids), recorded,
    )
    return JsonResponse({"ok": True, "notifications": recorded})


@require_GET
def notification_list(request):
    number = page_number(request.GET.get("page"))
    page = selectors.notification_list(
        user=request.user, customer=request.customer, page=number
    )
    if number > 1 and not page.items:
        raise Http404
    return render(request, "notifications/notification_list.html", {"page": page})


@require_POST
def notifications_mark_read(request):
    services.notifications_mark_read(user=request.user, party_id=request.customer.party_id)
    return redirect("notifications:list")

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.listing import page_number
from erp import notifications as erp_notifications
from erp.errors import TrytonValidationError

from . import selectors, services
from .forms import NotificationSettingsForm
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


@require_http_methods(["GET", "POST"])
def notification_settings(request):
    """The member's own e-mail switches, whatever their role. GET 1 call, POST 2."""
    scope = request.customer.scope
    current = erp_notifications.notification_settings_get(scope)
    if request.method == "POST":
        form = NotificationSettingsForm(request.POST, offered=current.kinds)
        if form.is_valid():
            try:
                erp_notifications.notification_settings_set(
                    scope, kinds=form.cleaned_data["kinds"]
                )
            except TrytonValidationError as refusal:
                form.add_error("kinds", refusal.message)
            else:
                messages.success(request, _("Your e-mail settings are saved."))
                return redirect("notifications:settings")
        status = 400
    else:
        form = NotificationSettingsForm(initial={"kinds": current.enabled}, offered=current.kinds)
        status = 200
    return render(
        request, "notifications/notification_settings.html", {"form": form}, status=status
    )

"""Account → Privacy: download one's personal data, ask to close one's account.

For every member whatever their role: Tryton answers for the member's own web user only
(erp/privacy.py), the portal adds only the member's own rows (accounts/privacy.py).
"""

import logging

from allauth.core.ratelimit import respond_429
from django import forms
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods

from audit.models import Action
from audit.services import audit_record
from core.unavailable import FORM_REFUSED, unavailable
from erp import privacy as erp_privacy
from erp.errors import TrytonUnavailable, TrytonValidationError

from . import passwords
from .privacy import personal_data_export

logger = logging.getLogger(__name__)

# The same limit as Tryton's (tryton_modules/portal/privacy.py REASON_SIZE).
REASON_SIZE = 2000


class ClosureRequestForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why are you leaving? (optional)"),
        required=False,
        max_length=REASON_SIZE,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    password = forms.CharField(
        label=gettext_lazy("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def clean_reason(self) -> str:
        # Control characters (a NUL) have no place in a letter, nor in Tryton's database.
        reason = self.cleaned_data["reason"]
        return "".join(c for c in reason if c in "\n\t" or c.isprintable()).strip()


def _page(request, *, form=None, status=200):
    pending = erp_privacy.closure_pending_get(request.customer.scope)
    return render(
        request,
        "account/privacy.html",
        {"pending": pending, "form": form or ClosureRequestForm()},
        status=status,
    )


@require_GET
@never_cache
def privacy(request):
    """The download link and the closure request (or the one waiting). 1 call."""
    return _page(request)


@require_GET
@never_cache
def personal_data_download(request):
    """The member's personal data as a JSON attachment. 1 call."""
    content = personal_data_export(request)
    audit_record(request, Action.PERSONAL_DATA_DOWNLOADED)
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    name = f"personal-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_http_methods(["POST"])
@never_cache
@sensitive_post_parameters("password")
def closure_request(request):
    """File the request, the password checked again by Tryton. 1 call, then the page's."""
    form = ClosureRequestForm(request.POST)
    if not form.is_valid():
        return _page(request, form=form, status=400)
    try:
        if not passwords.throttle_allows(request, action="closure_request"):
            return respond_429(request)
        filed = erp_privacy.closure_request(
            request.customer.scope,
            password=form.cleaned_data["password"],
            reason=form.cleaned_data["reason"],
        )
    except passwords.ThrottleUnavailable:
        logger.warning("Closure request refused: the cache is down")
        form.add_error(None, FORM_REFUSED)
        return unavailable(render(request, "account/privacy.html", {"form": form}))
    except TrytonUnavailable:
        form.add_error(None, FORM_REFUSED)
        return unavailable(render(request, "account/privacy.html", {"form": form}))
    except TrytonValidationError as refusal:
        form.add_error("reason", refusal.message)
        return _page(request, form=form, status=400)
    if filed is None:
        form.add_error("password", _("Your password is not correct."))
        return _page(request, form=form, status=400)
    audit_record(request, Action.CLOSURE_REQUESTED, target=f"request {filed.id}")
    return redirect("account_privacy")

"""Password pages: forgotten password (e-mail, link, new password) and change password."""

import logging

from allauth.core.ratelimit import respond_429
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters

from audit.models import Action
from audit.services import audit_record
from erp.errors import TrytonUnavailable, TrytonValidationError

from . import passwords
from .customer import SESSION_TRYTON_KEY
from .forms import NewPasswordForm, PasswordChangeForm, PasswordResetRequestForm

logger = logging.getLogger(__name__)

UNAVAILABLE = gettext_lazy(
    "The service is temporarily unavailable, please try again in a few minutes."
)


@login_not_required
@never_cache
def password_reset(request):
    """Ask for the e-mail; the answer is the same whether it has an account or not."""
    form = PasswordResetRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        try:
            if not passwords.throttle_allows(request, action="reset_password", key=email):
                return respond_429(request)
            passwords.reset_request(email=email)
        except (passwords.ThrottleUnavailable, TrytonUnavailable):
            logger.warning("Password reset request refused: a dependency is down")
            form.add_error(None, UNAVAILABLE)
        else:
            return redirect("account_reset_password_done")
    return render(request, "account/password_reset.html", {"form": form})


@login_not_required
def password_reset_done(request):
    return render(request, "account/password_reset_done.html")


@login_not_required
@never_cache
@sensitive_post_parameters("password1", "password2")
def password_reset_key(request):
    """The page of the e-mail's link: choose the new password."""
    email, token = request.GET.get("email"), request.GET.get("token")
    if email and token:
        passwords.reset_link_store(request, email=email, token=token)
        return redirect("account_reset_password_from_key")
    if passwords.reset_link(request) is None:
        return render(request, "account/password_reset_key.html", {"invalid_link": True})
    link_email = passwords.reset_link(request)[0]
    form = NewPasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if not passwords.throttle_allows(request, action="reset_password_from_key"):
                return respond_429(request)
            done = passwords.reset_password(request, password=form.cleaned_data["password1"])
        except (passwords.ThrottleUnavailable, TrytonUnavailable):
            logger.warning("Password reset refused: a dependency is down")
            form.add_error(None, UNAVAILABLE)
        except TrytonValidationError as error:
            form.add_error("password1", error.message)
        else:
            if not done:
                return render(request, "account/password_reset_key.html", {"invalid_link": True})
            audit_record(request, Action.PASSWORD_RESET, email=link_email)
            messages.success(
                request,
                _("Your password has been changed. Please sign in with your new password."),
            )
            return redirect("account_login")
    return render(request, "account/password_reset_key.html", {"form": form})


@never_cache
@sensitive_post_parameters("old_password", "password1", "password2")
def password_change(request):
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if not passwords.throttle_allows(request, action="change_password"):
                return respond_429(request)
            changed = passwords.password_change(
                request,
                session=request.session.get(SESSION_TRYTON_KEY, ""),
                old=form.cleaned_data["old_password"],
                new=form.cleaned_data["password1"],
            )
        except (passwords.ThrottleUnavailable, TrytonUnavailable):
            logger.warning("Password change refused: a dependency is down")
            form.add_error(None, UNAVAILABLE)
        except TrytonValidationError as error:
            form.add_error("password1", error.message)
        else:
            if changed:
                audit_record(request, Action.PASSWORD_CHANGED)
                messages.success(
                    request,
                    _("Your password has been changed. Your other sessions have been signed out."),
                )
                return redirect("account_change_password")
            form.add_error("old_password", _("Your current password is not correct."))
    return render(request, "account/password_change.html", {"form": form})

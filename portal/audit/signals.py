"""Sign-ins, failed sign-ins and sign-outs, as Django's auth signals them; two-factor
changes, as allauth's MFA signals them."""

from allauth.mfa.signals import authenticator_added, authenticator_removed, authenticator_reset
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import Action
from .services import audit_record


@receiver(user_logged_in, dispatch_uid="audit.login")
def _logged_in(sender, request, user, **kwargs):
    if request is not None:
        audit_record(request, Action.LOGIN, user=user)


@receiver(user_logged_out, dispatch_uid="audit.logout")
def _logged_out(sender, request, user, **kwargs):
    if request is not None and user is not None:
        audit_record(request, Action.LOGOUT, user=user)


@receiver(user_login_failed, dispatch_uid="audit.login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    # Django masks the password in credentials; the e-mail typed is what support asks about.
    if request is not None:
        audit_record(request, Action.LOGIN_FAILED, email=str(credentials.get("email", "")))


def _authenticator(action):
    def receiver(sender, request, user, authenticator, **kwargs):
        if request is not None:
            audit_record(request, action, user=user, target=authenticator.type)

    return receiver


_mfa_added = _authenticator(Action.MFA_ADDED)
_mfa_removed = _authenticator(Action.MFA_REMOVED)
_mfa_reset = _authenticator(Action.MFA_RESET)
authenticator_added.connect(_mfa_added, dispatch_uid="audit.mfa_added")
authenticator_removed.connect(_mfa_removed, dispatch_uid="audit.mfa_removed")
authenticator_reset.connect(_mfa_reset, dispatch_uid="audit.mfa_reset")

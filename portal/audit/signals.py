"""Sign-ins, failed sign-ins and sign-outs, as Django's auth signals them."""

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

"""Turns an unreachable Tryton into a friendly 503 page instead of a 500."""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.shortcuts import resolve_url
from django.template.response import TemplateResponse

from accounts.customer import SESSION_CHECKED_AT, SESSION_TRYTON_KEY
from erp import identity as tryton_identity
from erp.errors import TrytonRoleForbidden, TrytonUnavailable

from .views import permission_denied

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60


class TrytonUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, TrytonUnavailable):
            return None
        logger.warning("Tryton unavailable while serving %s", request.path)
        response = TemplateResponse(request, "503.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        # Rendered here: process_exception responses skip the template-response phase.
        return response.render()


class TrytonRoleForbiddenMiddleware:
    """Answers the 403 page when Tryton refuses a call the web user's role does not allow.

    The portal hides and refuses what the role it knows forbids; Tryton refusing anyway
    means the role changed since (the back office, a customer's administrator): the
    session's parties and roles are asked again of Tryton at the next request.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, TrytonRoleForbidden):
            return None
        logger.warning("Tryton refused %s to the web user's role", request.path)
        if hasattr(request, "session"):
            session = request.session.get(SESSION_TRYTON_KEY)
            if session:
                tryton_identity.web_user_session_forget(session=session)
            request.session[SESSION_CHECKED_AT] = 0
        return permission_denied(request, PermissionDenied())


PRIVATE_CACHE_CONTROL = "private, no-store"


class PrivateCacheControlMiddleware:
    """``Cache-Control: private, no-store`` on every answer that may carry a customer's data
    or depends on who asks: a private page (any view without @login_not_required), any
    redirect to the login page, and any page answered to a signed-in visitor unless the
    view set its own policy (the supplier's logo, the same for everyone, stays cacheable).
    Static files are served before this runs and keep WhiteNoise's headers."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        signed_in = request.user.is_authenticated
        response = self.get_response(request)
        signed_in = signed_in or request.user.is_authenticated
        if (
            _private_view(request)
            or _to_login(response)
            or (signed_in and not response.has_header("Cache-Control"))
        ):
            response["Cache-Control"] = PRIVATE_CACHE_CONTROL
            # An Expires in the future would contradict no-store for HTTP/1.0 caches.
            del response["Expires"]
        return response


def _private_view(request) -> bool:
    match = getattr(request, "resolver_match", None)
    # The same attribute LoginRequiredMiddleware reads.
    return match is not None and getattr(match.func, "login_required", True)


def _to_login(response) -> bool:
    location = response.get("Location")
    return (
        response.status_code in (301, 302, 303, 307, 308)
        and location is not None
        and urlsplit(location).path == resolve_url(settings.LOGIN_URL)
    )

"""Sessions end after PORTAL_SESSION_IDLE_SECONDS without a request and
PORTAL_SESSION_ABSOLUTE_SECONDS after the login, whatever the activity (ASVS V7.3)."""

import logging
import time

from allauth.account.adapter import get_adapter
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

SESSION_STARTED_AT = "portal_session_started_at"
SESSION_SEEN_AT = "portal_session_seen_at"
# The last request's time is written at most this often: not a session save per page.
SEEN_AT_RESOLUTION = 30


def session_times_start(session) -> None:
    """Start the lifetime of a session at its login."""
    now = time.time()
    session[SESSION_STARTED_AT] = now
    session[SESSION_SEEN_AT] = now


def session_expired(session, *, now: float) -> str | None:
    """Why the signed-in ``session`` is over ("idle", "absolute"), or None."""
    started = session.get(SESSION_STARTED_AT)
    seen = session.get(SESSION_SEEN_AT, started)
    if started is None:
        return None
    if now - started >= settings.PORTAL_SESSION_ABSOLUTE_SECONDS:
        return "absolute"
    if now - seen >= settings.PORTAL_SESSION_IDLE_SECONDS:
        return "idle"
    return None


class SessionLifetimeMiddleware:
    """Signs out (portal and Tryton) a session past its idle or absolute limit, before
    anything else uses it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            session = request.session
            now = time.time()
            if SESSION_STARTED_AT not in session:
                # Signed in before the limits existed: they count from now.
                session_times_start(session)
            reason = session_expired(session, now=now)
            if reason is not None:
                return self._end(request, reason)
            if now - session.get(SESSION_SEEN_AT, 0) >= SEEN_AT_RESOLUTION:
                session[SESSION_SEEN_AT] = now
        return self.get_response(request)

    def _end(self, request, reason: str):
        # The adapter's logout ends the Tryton web-user session too.
        get_adapter(request).logout(request)
        logger.info("Signed out: the session reached its %s limit", reason)
        messages.info(request, _("Your session has expired. Please sign in again."))
        return redirect_to_login(request.get_full_path())

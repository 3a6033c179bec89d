"""Keeps a Django login in step with its Tryton web-user session."""

import logging
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from erp import identity as tryton_identity
from erp.errors import TrytonSessionEnded, TrytonUnavailable

from .customer import (
    SESSION_CHECKED_AT,
    SESSION_TRYTON_KEY,
    active_party_check,
    current_customer,
)
from .services import session_refresh

logger = logging.getLogger(__name__)


class TrytonSessionMiddleware:
    """Re-checks the Tryton session every PORTAL_SESSION_RECHECK_SECONDS and sets
    ``request.customer`` (the active party, or None when anonymous): always one of the
    parties Tryton gave for the web user, whatever the session says.

    A web user disabled (or logged out) in Tryton is logged out here at the next check,
    and at once when Tryton refuses a customer call because the session is over
    (TrytonSessionEnded: password changed elsewhere, web user deactivated): the
    customer is sent to the login page with a message, not shown an error or an
    empty page. When Tryton is unreachable the check is postponed: pages show cached
    data meanwhile.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            response = self._check(request)
            if response is not None:
                return response
            replacement = active_party_check(request)
            if replacement is not None:
                logger.warning("Active party not one of the web user's: reset to its first")
                messages.warning(
                    request,
                    _("You cannot act for the customer chosen before. You now act for %(name)s.")
                    % {"name": replacement.name},
                )
        request.customer = SimpleLazyObject(lambda: current_customer(request))
        return self.get_response(request)

    def _check(self, request):
        session = request.session.get(SESSION_TRYTON_KEY)
        if not session:
            return self._end(request)
        checked_at = request.session.get(SESSION_CHECKED_AT, 0)
        if time.time() - checked_at < settings.PORTAL_SESSION_RECHECK_SECONDS:
            return None
        try:
            identity = tryton_identity.web_user_session(session=session)
        except TrytonUnavailable:
            logger.info("Tryton session check postponed: Tryton is unavailable")
            return None
        if (
            identity is None
            or identity.web_user_id != request.user.web_user_id
            or not identity.parties
        ):
            return self._end(request)
        session_refresh(request, identity=identity)
        return None

    def process_exception(self, request, exception):
        if not isinstance(exception, TrytonSessionEnded):
            return None
        session = request.session.get(SESSION_TRYTON_KEY)
        if session:
            tryton_identity.web_user_session_forget(session=session)
        logger.info("Signed out: Tryton ended the web-user session")
        return self._end(request)

    def _end(self, request):
        logout(request)
        messages.info(request, _("Your session has ended. Please sign in again."))
        return redirect_to_login(request.get_full_path())


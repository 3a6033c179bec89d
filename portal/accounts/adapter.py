"""allauth customisations: accounts live in Tryton, so signup is closed and login asks Tryton."""

import logging

from allauth.account.adapter import DefaultAccountAdapter
from django.utils.translation import gettext_lazy as _

from erp.errors import TrytonRateLimited, TrytonUnavailable

from .customer import SESSION_TRYTON_KEY
from .exceptions import AccountNotLinked
from .services import session_start, tryton_logout

logger = logging.getLogger(__name__)


class PortalAccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "tryton_unavailable": _(
            "The service is temporarily unavailable, please try again in a few minutes."
        ),
        "account_not_linked": _(
            "Your account is not linked to a customer yet. Please contact us."
        ),
    }

    def is_open_for_signup(self, request):
        # The back office creates web users in Tryton.
        return False

    def authenticate(self, request, **credentials):
        try:
            return super().authenticate(request, **credentials)
        except TrytonUnavailable:
            # Not the customer's fault: give back the failed-login allowance.
            self._rollback_login_failed_rl_usage()
            logger.warning("Login refused: Tryton is unavailable")
            raise self.validation_error("tryton_unavailable")
        except TrytonRateLimited:
            raise self.validation_error("too_many_login_attempts")
        except AccountNotLinked:
            raise self.validation_error("account_not_linked")

    def login(self, request, user):
        super().login(request, user)
        login = getattr(user, "tryton_login", None)
        if login is not None:
            session_start(request, login=login)

    def logout(self, request):
        session = request.session.get(SESSION_TRYTON_KEY)
        super().logout(request)
        if session:
            tryton_logout(session=session)

"""allauth customisations: accounts live in Tryton, so signup is closed and login asks Tryton."""

import logging
import secrets
import time

from allauth.account import app_settings as account_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.flows.login import get_authentication_records
from allauth.core import context
from django import forms
from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from erp import identity as tryton_identity
from erp.errors import TrytonError, TrytonRateLimited, TrytonTimeout, TrytonUnavailable

from .customer import SESSION_CHOICE_PENDING, SESSION_TRYTON_KEY, remembered_party
from .exceptions import AccountNotLinked
from .language import SESSION_LANGUAGE, set_language_cookie
from .services import session_start, tryton_logout

logger = logging.getLogger(__name__)

# The Tryton login of a password accepted while a later stage (the MFA code) is
# pending: [mirror user id, Tryton web-user session]. The session is only used once the
# login completes, for that same user.
SESSION_PENDING_TRYTON_KEY = "portal_pending_tryton_session"


def cache_works() -> bool:
    """Whether the shared cache stores and returns a value (a dead Redis with
    IGNORE_EXCEPTIONS silently drops writes and misses reads)."""
    probe, token = f"accounts:cache-probe:{secrets.token_hex(8)}", secrets.token_hex(8)
    try:
        cache.set(probe, token, timeout=5)
        works = cache.get(probe) == token
        cache.delete(probe)
    except Exception:
        return False
    return works


class PortalAccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "tryton_unavailable": _(
            "The service is temporarily unavailable, please try again in a few minutes."
        ),
        "login_unavailable": _(
            "Signing in is temporarily unavailable, please try again in a few minutes."
        ),
        "account_not_linked": _(
            "Your account is not linked to a customer yet. Please contact us."
        ),
    }

    def is_open_for_signup(self, request):
        # The back office creates web users in Tryton.
        return False

    def _get_login_attempts_cache_key(self, request, **credentials) -> str:
        # allauth keys failed logins by e-mail alone, so anybody could lock a customer
        # out. Per e-mail *and* client address, a stranger's failures (counted under
        # their own address, and per address by the "ip" rates) never lock the owner.
        key = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{key}:{self.get_client_ip(request)}"

    def pre_authenticate(self, request, **credentials):
        # The failed-login counters live in the shared cache: without it, login fails
        # closed, and says so instead of blaming the customer's attempts.
        try:
            super().pre_authenticate(request, **credentials)
        except forms.ValidationError:
            if not cache_works():
                logger.error("Login refused: the cache holding the login limits is down")
                raise self.validation_error("login_unavailable") from None
            raise
        except Exception:
            logger.error("Login refused: the login limits could not be read", exc_info=True)
            raise self.validation_error("login_unavailable") from None

    def authenticate(self, request, **credentials):
        # A client never needs many logins at once: a burst from one address would
        # only load Tryton's password hashing and slow every other customer's login.
        slot = self._take_login_slot(request)
        if slot is None:
            if not cache_works():
                logger.error("Login refused: the cache holding the login limits is down")
                raise self.validation_error("login_unavailable")
            raise self.validation_error("too_many_login_attempts")
        try:
            return self._authenticate(request, **credentials)
        finally:
            cache.delete(slot)

    def _take_login_slot(self, request) -> str | None:
        """A cache key held while this address's login runs in Tryton, or None
        when the address already has PORTAL_LOGIN_CONCURRENCY_PER_IP of them."""
        ip = self.get_client_ip(request)
        timeout = int(settings.TRYTON_READ_TIMEOUT) + 5  # freed even if a worker dies
        for i in range(int(settings.PORTAL_LOGIN_CONCURRENCY_PER_IP)):
            key = f"accounts:login-running:{ip}:{i}"
            if cache.add(key, 1, timeout=timeout):
                return key
        return None

    def _authenticate(self, request, **credentials):
        try:
            return super().authenticate(request, **credentials)
        except TrytonTimeout:
            # Tryton may have checked the password: the attempt keeps counting.
            logger.warning("Login refused: Tryton did not answer in time")
            raise self.validation_error("tryton_unavailable")
        except TrytonUnavailable:
            # Not the customer's fault: give back the failed-login allowance.
            self._rollback_login_failed_rl_usage()
            logger.warning("Login refused: Tryton is unavailable")
            raise self.validation_error("tryton_unavailable")
        except TrytonRateLimited:
            raise self.validation_error("too_many_login_attempts")
        except AccountNotLinked:
            raise self.validation_error("account_not_linked")

    def pre_login(self, request, user, **kwargs):
        # The MFA stage may come between the password and the login: the Tryton session
        # then waits in the (anonymous) session, the user object being rebuilt later.
        login = getattr(user, "tryton_login", None)
        if login is not None:
            # A login left at the code step until allauth forgot it (LOGIN_TIMEOUT):
            # its Tryton session ends now rather than when it expires in Tryton.
            earlier = request.session.get(SESSION_PENDING_TRYTON_KEY)
            if earlier and earlier[1] != login.session:
                tryton_logout(session=earlier[1])
            request.session[SESSION_PENDING_TRYTON_KEY] = [user.pk, login.session]
        return super().pre_login(request, user, **kwargs)

    def login(self, request, user):
        login = getattr(user, "tryton_login", None) or self._pending_tryton_login(request, user)
        super().login(request, user)
        request.session.pop(SESSION_PENDING_TRYTON_KEY, None)
        if login is not None:
            preferred = remembered_party(request, web_user_id=login.user.web_user_id)
            session_start(request, login=login, preferred=preferred)
            request.session[SESSION_LANGUAGE] = login.user.language

    def _pending_tryton_login(self, request, user) -> tryton_identity.WebUserLogin | None:
        """The Tryton login kept while the MFA code was asked, if it is ``user``'s and
        its Tryton session still lives."""
        pending = request.session.get(SESSION_PENDING_TRYTON_KEY)
        if not pending or pending[0] != user.pk:
            return None
        identity = tryton_identity.web_user_session(session=pending[1])
        if identity is None or identity.web_user_id != user.web_user_id:
            return None
        return tryton_identity.WebUserLogin(session=pending[1], user=identity)

    def reauthenticate(self, user, password: str) -> bool:
        """Ask Tryton whether ``password`` is the user's (before MFA changes); the session
        this opens in Tryton is closed at once."""
        try:
            login = tryton_identity.web_user_login(
                email=user.email, password=password, remote_address=self.get_client_ip(
                    context.request)
            )
        except TrytonError:
            logger.warning("Re-authentication refused: Tryton did not answer", exc_info=True)
            return False
        if login is None:
            return False
        tryton_logout(session=login.session)
        return login.user.web_user_id == user.web_user_id

    def get_reauthentication_methods(self, user) -> list[dict]:
        # allauth offers the password only when the local row has one; every web user
        # has one, in Tryton (reauthenticate above asks it).
        methods = super().get_reauthentication_methods(user)
        if user.is_authenticated and not any(m["id"] == "reauthenticate" for m in methods):
            methods.insert(0, {
                "id": "reauthenticate",
                "description": _("Use your password"),
                "url": reverse("account_reauthenticate"),
            })
        return methods

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        # A login (password, and code when MFA is on) or a re-authentication of the
        # last few minutes counts as recent: an administrator sent to set up MFA right
        # after signing in is not asked for the password again. (allauth's own test
        # also wants a local password, which web users never have.)
        if not super().is_reauthentication_required(app=app, **kwargs):
            return False
        request = context.request
        records = get_authentication_records(request, request.user)
        return not records or (
            time.time() - records[-1]["at"] >= account_settings.REAUTHENTICATION_TIMEOUT
        )

    def post_login(self, request, user, **kwargs):
        # Acting for several customers, none remembered: ask which one first.
        response = super().post_login(request, user, **kwargs)
        if request.session.get(SESSION_CHOICE_PENDING) and isinstance(
            response, HttpResponseRedirect
        ):
            query = urlencode({"next": response.url})
            response = HttpResponseRedirect(f"{reverse('account_customer')}?{query}")
        # The language chosen in the profile, on any browser; none chosen: the one the
        # visitor picked on the sign-in page, or the browser's, stays.
        language = request.session.pop(SESSION_LANGUAGE, "")
        if language:
            set_language_cookie(response, language)
        return response

    def pending_login_end(self, request) -> None:
        """End the Tryton session of a login given up at the code step ("Cancel")."""
        pending = request.session.pop(SESSION_PENDING_TRYTON_KEY, None)
        if pending:
            tryton_logout(session=pending[1])

    def logout(self, request):
        session = request.session.get(SESSION_TRYTON_KEY)
        super().logout(request)
        if session:
            tryton_logout(session=session)

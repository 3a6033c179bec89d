"""Multi-factor authentication (allauth.mfa: TOTP and recovery codes), required for the
roles of PORTAL_MFA_REQUIRED_ROLES.

The TOTP secret and the recovery codes' seed are allauth's Authenticator rows in the
portal's database, encrypted with a key derived from DJANGO_SECRET_KEY: an
authentication factor of the portal's login, not business data; the password stays in
Tryton (docs/architecture.md, accounts).
"""

import base64
import hashlib

from allauth.mfa.adapter import DefaultMFAAdapter
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from cryptography.fernet import Fernet, MultiFernet
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from .customer import customer_parties

# The pages a member who must set up MFA may still open: setting it up (with the
# re-authentication it may ask), signing out, the language, the health checks.
MFA_SETUP_URL_NAMES = frozenset({
    "mfa_activate_totp",
    "mfa_index",
    "mfa_view_recovery_codes",
    "mfa_generate_recovery_codes",
    "mfa_download_recovery_codes",
    "account_reauthenticate",
    "account_logout",
    "set_language",
    "health",
    "ready",
})


def _secrets_cipher() -> MultiFernet:
    """Fernet keys derived from the secret key and its fallbacks (the newest encrypts):
    a secret key rotated with SECRET_KEY_FALLBACKS keeps the second factors readable."""
    keys = [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]
    return MultiFernet([
        Fernet(base64.urlsafe_b64encode(
            hashlib.sha256(f"accounts.mfa:{key}".encode()).digest()))
        for key in keys
    ])


class PortalMFAAdapter(DefaultMFAAdapter):
    """allauth stores MFA secrets in clear unless its adapter encrypts them."""

    def encrypt(self, text: str) -> str:
        return _secrets_cipher().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        return _secrets_cipher().decrypt(encrypted_text.encode()).decode()


def mfa_required(request) -> bool:
    """Whether the signed-in member must use MFA: one of their roles, for any customer
    they act for (as Tryton gave them at login, kept in the session), requires it."""
    required = set(settings.PORTAL_MFA_REQUIRED_ROLES)
    return any(c.role in required for c in customer_parties(request))


class MfaRequiredMiddleware:
    """Sends a member who must use MFA and has no TOTP yet to set it up, before any
    other page (switching customer included: the roles of all of them count)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not request.user.is_authenticated:
            return None
        match = request.resolver_match
        if match is not None and match.url_name in MFA_SETUP_URL_NAMES:
            return None
        if not mfa_required(request) or is_mfa_enabled(
            request.user, [Authenticator.Type.TOTP]
        ):
            return None
        messages.warning(
            request,
            _("As an administrator of your organisation, you must set up two-factor "
              "authentication before using the portal."),
        )
        return redirect("mfa_activate_totp")

"""Authentication against Tryton's web users (passwords never reach the portal's database)."""

from django.contrib.auth.backends import BaseBackend
from django.http import HttpRequest

from erp import identity as tryton_identity

from .exceptions import AccountNotLinked
from .models import User
from .services import tryton_logout, user_sync


def client_ip(request: HttpRequest) -> str:
    """The customer's address, as allauth sees it (X-Forwarded-For only behind a trusted proxy).

    Tryton throttles failed logins per IP network: it must get the customer's address,
    not the portal's.
    """
    from allauth.account.adapter import get_adapter

    return get_adapter(request).get_client_ip(request)


class TrytonWebUserBackend(BaseBackend):
    """Checks e-mail and password with Tryton and returns the up-to-date mirror user.

    The Tryton login (its session key) rides on the returned user as ``tryton_login``;
    the allauth adapter stores it in the Django session once the login completes.
    TrytonUnavailable and TrytonRateLimited propagate so the login form can say why.
    """

    def authenticate(self, request, email=None, password=None, **kwargs):
        if request is None or not email or not password:
            return None
        login = tryton_identity.web_user_login(
            email=email, password=password, remote_address=client_ip(request)
        )
        if login is None:
            return None
        if not login.user.parties:
            tryton_logout(session=login.session)
            raise AccountNotLinked(login.user.email)
        user = user_sync(identity=login.user)
        user.tryton_login = login
        return user

    def get_user(self, user_id):
        return User.objects.filter(pk=user_id, is_active=True).first()

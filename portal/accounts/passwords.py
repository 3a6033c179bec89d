"""Password reset and change: the portal throttles, Tryton checks and sets.

A reset link from Tryton's e-mail carries the account's e-mail and a token; the
portal keeps them in the session and shows a URL without them, so the token never
reaches a Referer header, the browser history or an access log twice.
"""

from allauth.core import ratelimit
from django.contrib.auth import update_session_auth_hash
from django.http import HttpRequest

from erp import identity as tryton_identity

from .adapter import cache_works
from .models import User

SESSION_RESET_LINK = "portal_reset_link"


class ThrottleUnavailable(Exception):
    """The shared cache holding the limits is down: refuse rather than go unlimited."""


def throttle_allows(request: HttpRequest, *, action: str, key: str | None = None) -> bool:
    """Count one ``action`` (ACCOUNT_RATE_LIMITS) and tell whether it is within the limits.

    Raises ThrottleUnavailable when the cache is down (the limits would be silently off).
    """
    if not cache_works():
        raise ThrottleUnavailable()
    user = request.user if request.user.is_authenticated else None
    return ratelimit.consume(request, action=action, key=key, user=user)


def reset_request(*, email: str) -> None:
    """Have Tryton e-mail the reset link of ``email``'s account, if there is one."""
    tryton_identity.web_user_reset_request(email=email)


def reset_link_store(request: HttpRequest, *, email: str, token: str) -> None:
    request.session[SESSION_RESET_LINK] = [email, token]


def reset_link(request: HttpRequest) -> tuple[str, str] | None:
    """The e-mail and token of the reset link followed in this session, if any."""
    link = request.session.get(SESSION_RESET_LINK)
    return (link[0], link[1]) if link else None


def reset_password(request: HttpRequest, *, password: str) -> bool:
    """Set the password from the session's reset link; False when the link is wrong,
    used or expired. The link is forgotten either way: Tryton uses a token once."""
    email, token = reset_link(request)
    done = tryton_identity.web_user_reset_password(email=email, token=token, password=password)
    request.session.pop(SESSION_RESET_LINK, None)
    if done:
        for user in User.objects.filter(email=email.strip().lower()):
            _sessions_end(user)
    return done


def password_change(request: HttpRequest, *, session: str, old: str, new: str) -> bool:
    """Change the signed-in customer's password; False when ``old`` is wrong.

    Tryton ends the account's other sessions and so does Django at their next request;
    this one goes on under a new Django session key.
    """
    changed = tryton_identity.web_user_change_password(session=session, old=old, new=new)
    if changed:
        _sessions_end(request.user)
        update_session_auth_hash(request, request.user)
    return changed


def _sessions_end(user: User) -> None:
    """End the user's Django sessions at their next request, whatever page (even a cached
    one) it asks for: Tryton ended their web-user sessions already.

    Django signs a session out when the user's session auth hash, made from the password
    field, changes. The mirror's password never logs in: a new unusable one changes it.
    """
    user.set_unusable_password()
    user.save(update_fields=["password"])

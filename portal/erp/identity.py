"""Portal accounts (Tryton web.user): login, session lookup, logout.

These are the only calls the portal makes without a customer scope: they are
how a customer's web-user session comes to exist, and Tryton answers them only
to the Portal Service group (docs/contracts.md).
"""

from dataclasses import dataclass, field

from django.conf import settings

from . import cache
from .client import get_client
from .records import PartyRef
from .transport import JsonRpcTransport


@dataclass(frozen=True)
class WebUserParty(PartyRef):
    """A party a web user acts for, with its role there ("admin", "buyer",
    "accountant", "viewer"; "" when Tryton gave none: the least of all)."""

    role: str = ""


@dataclass(frozen=True)
class WebUserIdentity:
    """A portal account (Tryton web.user) and the parties it may act for."""

    web_user_id: int
    email: str
    party: WebUserParty | None
    parties: tuple[WebUserParty, ...]
    # The language the member chose for the portal (Account → Profile), "" for the
    # browser's; the portal takes it at sign-in.
    language: str = ""


@dataclass(frozen=True)
class WebUserLogin:
    # The web-user session key is a credential: never in a repr.
    session: str = field(repr=False)
    user: WebUserIdentity


def _party(value: dict | None) -> WebUserParty | None:
    if not value:
        return None
    return WebUserParty(
        id=value["id"], name=value.get("name") or "", role=value.get("role") or "")


def _identity(value: dict | None) -> WebUserIdentity | None:
    if not value:
        return None
    return WebUserIdentity(
        web_user_id=value["id"],
        email=value.get("email") or "",
        party=_party(value.get("party")),
        parties=tuple(_party(p) for p in value.get("parties") or ()),
        language=(value.get("language") or "").split("_")[0],
    )


def web_user_login(
    *,
    email: str,
    password: str,
    remote_address: str,
    transport: JsonRpcTransport | None = None,
) -> WebUserLogin | None:
    """Log a portal account in; None when the credentials are wrong.

    Raises TrytonRateLimited when Tryton throttles the e-mail or address.
    """
    transport = transport or get_client()
    # In a mapping under "password", Tryton's dispatcher masks it in its logs.
    # A wrong password or a slow answer is the customer's (or an attacker's) doing,
    # not evidence that Tryton is down: it never opens the circuit breaker.
    result = transport.execute(
        "web.user",
        "portal_login",
        email,
        {"password": password},
        remote_address,
        counts_for_breaker=False,
    )
    if not result:
        return None
    user = _identity(result["user"])
    cache.set_web_session(result["session"], user, settings.PORTAL_SESSION_CACHE_SECONDS)
    return WebUserLogin(session=result["session"], user=user)


def web_user_session(
    *, session: str, transport: JsonRpcTransport | None = None
) -> WebUserIdentity | None:
    """The portal account behind ``session``; None when unknown or expired.

    Cached briefly so every page does not pay a call for it.
    """
    if not session:
        return None
    found, user = cache.get_web_session(session)
    if found:
        return user
    transport = transport or get_client()
    user = _identity(transport.execute("web.user", "portal_session", session, readonly=True))
    cache.set_web_session(session, user, settings.PORTAL_SESSION_CACHE_SECONDS)
    return user


def web_user_session_forget(*, session: str) -> None:
    """Forget the cached lookup of ``session`` (Tryton said it is over)."""
    if session:
        cache.delete_web_session(session)


def web_user_logout(*, session: str, transport: JsonRpcTransport | None = None) -> None:
    """End ``session`` in Tryton."""
    if not session:
        return
    cache.delete_web_session(session)
    transport = transport or get_client()
    transport.execute("web.user", "portal_logout", session)


def web_user_reset_request(*, email: str, transport: JsonRpcTransport | None = None) -> None:
    """Ask Tryton to e-mail the reset link of ``email``'s account, if it has one.

    Tryton answers the same whether the e-mail has an account or not.
    """
    transport = transport or get_client()
    transport.execute("web.user", "portal_reset_request", email)


def web_user_reset_password(
    *, email: str, token: str, password: str, transport: JsonRpcTransport | None = None
) -> bool:
    """Set the password from a reset link's e-mail and token; False when the link is
    wrong, used or expired. Every session of the account ends.

    Raises TrytonValidationError when Tryton refuses the password (too short).
    """
    transport = transport or get_client()
    return bool(
        transport.execute(
            "web.user",
            "portal_reset_password",
            email,
            token,
            {"password": password},
            counts_for_breaker=False,
        )
    )


def web_user_change_password(
    *, session: str, old: str, new: str, transport: JsonRpcTransport | None = None
) -> bool:
    """Change the password of ``session``'s account; False when ``old`` is wrong.

    The account's other sessions end, ``session`` goes on. Raises TrytonSessionEnded
    when the session is over, TrytonValidationError when Tryton refuses the password.
    """
    transport = transport or get_client()
    return bool(
        transport.execute(
            "web.user",
            "portal_change_password",
            session,
            {"password": old},
            {"password": new},
            counts_for_breaker=False,
        )
    )

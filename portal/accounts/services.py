"""Writes of the accounts app: the local mirror of Tryton web users and their sessions."""

import logging
import time

from django.db import transaction
from django.http import HttpRequest

from erp import identity as tryton_identity
from erp.errors import TrytonError, TrytonSessionEnded, TrytonUnavailable
from erp.identity import WebUserIdentity, WebUserLogin

from .customer import (
    SESSION_CHECKED_AT,
    SESSION_TRYTON_KEY,
    Customer,
    customer_activate,
    parties_store,
)
from .models import User
from .session_lifetime import session_times_start

logger = logging.getLogger(__name__)


@transaction.atomic
def user_sync(*, identity: WebUserIdentity) -> User:
    """Create or refresh the mirror row of a Tryton web user."""
    email = identity.email.lower()
    main = identity.party or (identity.parties[0] if identity.parties else None)
    # Tryton lets a deleted web user's e-mail go to a new one: free it here too.
    stale = User.objects.filter(email=email).exclude(web_user_id=identity.web_user_id)
    for user in stale:
        user.email = f"stale-{user.pk}@invalid"
        user.is_active = False
        user.save(update_fields=["email", "is_active"])
    user = User.objects.filter(web_user_id=identity.web_user_id).first()
    if user is None:
        user = User.objects.create_user(email, web_user_id=identity.web_user_id)
    user.email = email
    user.party_id = main.id if main else None
    user.party_name = main.name if main else ""
    user.is_active = True
    user.save(update_fields=["email", "party_id", "party_name", "is_active"])
    return user


def session_start(
    request: HttpRequest, *, login: WebUserLogin, preferred: int | None = None
) -> None:
    """Keep the Tryton web-user session and the user's parties in the Django session;
    ``preferred`` (the customer chosen last time) is the active one if still allowed."""
    request.session[SESSION_TRYTON_KEY] = login.session
    request.session[SESSION_CHECKED_AT] = time.time()
    session_times_start(request.session)
    parties_store(request, parties=login.user.parties, preferred=preferred)


def session_refresh(request: HttpRequest, *, identity: WebUserIdentity) -> None:
    """Record a successful re-check of the Tryton session."""
    request.session[SESSION_CHECKED_AT] = time.time()
    parties_store(request, parties=identity.parties)


def customer_switch(request: HttpRequest, *, party_id: int) -> Customer | None:
    """Act for ``party_id`` from now on; None (session unchanged) when the web user may
    not act for it.

    The parties are asked again of Tryton (cached briefly, so most switches cost no
    call): a party the back office has just taken away is refused. When Tryton is
    unreachable, the parties it gave at login decide; its rules still check every call.
    """
    session = request.session.get(SESSION_TRYTON_KEY) or ""
    try:
        identity = tryton_identity.web_user_session(session=session)
    except TrytonUnavailable:
        identity = None
    else:
        if identity is None:
            raise TrytonSessionEnded()
        if party_id not in {p.id for p in identity.parties}:
            return None
        parties_store(request, parties=identity.parties)  # a party added since login
    return customer_activate(request, party_id=party_id)


def tryton_logout(*, session: str) -> None:
    """End the web-user session in Tryton; the local logout happens whatever the outcome."""
    try:
        tryton_identity.web_user_logout(session=session)
    except TrytonError:
        # An unreachable Tryton expires the session itself (session max_age).
        logger.warning("Could not end the Tryton web-user session", exc_info=True)

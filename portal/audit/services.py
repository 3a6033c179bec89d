"""Recording sensitive actions (models.py says what is kept and for how long)."""

import datetime as dt
import functools
import logging

from django.conf import settings
from django.utils import timezone

from accounts.models import User

from .models import Action, AuditEvent

logger = logging.getLogger(__name__)


def _client_ip(request) -> str | None:
    from accounts.backends import client_ip

    try:
        return client_ip(request) or None
    except Exception:  # a malformed forwarded header must not lose the record
        return None


def audit_record(
    request,
    action: Action,
    *,
    target: str = "",
    party_id: int | None = None,
    user=None,
    email: str = "",
) -> AuditEvent | None:
    """Record ``action`` by the request's user for its active customer (or ``party_id``).

    Never fails the request: an audit row that cannot be written is logged instead.
    """
    try:
        return _record(request, action, target=target, party_id=party_id, user=user, email=email)
    except Exception:
        logger.exception("Audit event %s could not be recorded", action)
        return None


def _record(request, action, *, target, party_id, user, email) -> AuditEvent:
    user = user if user is not None else getattr(request, "user", None)
    if user is not None and not user.is_authenticated:
        user = None
    if user is None and email:
        # A failed sign-in or a reset names an e-mail: its customer's administrators see it.
        user = User.objects.filter(email=email.strip().lower()).first()
    if party_id is None:
        # request.customer is a lazy object: None inside for a visitor.
        party_id = getattr(getattr(request, "customer", None), "party_id", None)
    if party_id is None and user is not None:
        party_id = user.party_id
    return AuditEvent.objects.create(
        action=action,
        user=user,
        email=(user.email if user is not None else email)[:254],
        party_id=party_id,
        target=target[:100],
        ip=_client_ip(request),
        request_id=getattr(request, "request_id", "")[:64],
    )


def audited_download(kind: str, *, id_kwarg: str | None = None):
    """Decorate a download view: each document served (status 200) is recorded, with
    ``kind`` and the URL's ``id_kwarg`` as its target ("invoice 12")."""

    def decorator(view):
        @functools.wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                target = f"{kind} {kwargs[id_kwarg]}" if id_kwarg else kind
                audit_record(request, Action.DOCUMENT_DOWNLOADED, target=target)
            return response

        return wrapper

    return decorator


def audit_prune(*, now: dt.datetime | None = None) -> int:
    """Delete the events older than PORTAL_AUDIT_RETENTION_DAYS; return how many."""
    now = now or timezone.now()
    limit = now - dt.timedelta(days=settings.PORTAL_AUDIT_RETENTION_DAYS)
    deleted, _ = AuditEvent.objects.filter(at__lt=limit).delete()
    return deleted

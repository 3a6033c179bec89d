"""The outbox: customers' submissions kept while Tryton is unreachable, replayed once.

A submission goes to the outbox when Tryton cannot be reached (circuit breaker open,
connection refused, timeout, 5xx) or when older ones of the same queue still wait there
(to keep the customer's order). A queue is one web user acting for one party: its
entries are sent oldest first, one at a time, each with the customer's own Tryton
session, never with the service user's rights alone.

Exactly once: each entry carries an idempotency key that Tryton stores on the record it
files and answers again for the same key (pickup.request.portal_request,
sale.sale.portal_checkout). A replay that
dies after Tryton filed the record but before the entry is marked sent sends it again
once its claim expires: Tryton returns the same record.
"""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db.models import F, Min, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.customer import Customer
from erp import CustomerScope, encoding
from erp import catalog as erp_catalog
from erp import pickups as erp_pickups
from erp.catalog import OrderLineInput
from erp.errors import (
    RecordNotFound,
    TrytonError,
    TrytonRateLimited,
    TrytonRoleForbidden,
    TrytonSessionEnded,
    TrytonUnavailable,
    TrytonValidationError,
)

from .models import OutboxEntry, new_idempotency_key

logger = logging.getLogger(__name__)

# Each kind of entry and how Tryton is asked for it: (scope, values, key) -> record id.
SENDERS: dict[str, Callable[[CustomerScope, dict, str], int]] = {
    OutboxEntry.PICKUP_REQUEST: lambda scope, values, key: erp_pickups.pickup_request(
        scope, values=values, idempotency_key=key
    ),
    OutboxEntry.CHECKOUT: lambda scope, values, key: _checkout(scope, values, key),
}


def checkout_values(
    *, lines: list[OrderLineInput], address_id: int, delivery_date: dt.date, confirm: bool
) -> dict:
    """The arguments of sale.sale.portal_checkout but the key, as an entry's payload."""
    return {
        "lines": [{"product": line.product_id, "quantity": line.quantity} for line in lines],
        "address": address_id,
        "date": delivery_date,
        "confirm": confirm,
    }


def _checkout(scope: CustomerScope, values: dict, key: str) -> int:
    return erp_catalog.checkout(
        scope,
        lines=[OrderLineInput(product_id=line["product"], quantity=line["quantity"])
               for line in values["lines"]],
        address_id=values["address"],
        delivery_date=values["date"],
        idempotency_key=key,
        confirm=values["confirm"],
    )


# Errors that are no answer of Tryton's: the entry waits for the next replay.
TRANSIENT = (TrytonUnavailable, TrytonRateLimited)


def _lease() -> dt.timedelta:
    return dt.timedelta(seconds=int(settings.PORTAL_OUTBOX_LEASE_SECONDS))


def enqueue(
    *, kind: str, customer: Customer, user, values: dict, idempotency_key: str, summary: dict
) -> OutboxEntry:
    """Keep a submission Tryton could not take, with the key it was (maybe) sent with."""
    entry = OutboxEntry.objects.create(
        kind=kind,
        user=user,
        party_id=customer.party_id,
        payload=encoding.dumps(values),
        summary=summary,
        idempotency_key=idempotency_key,
        web_session=customer.web_session,
    )
    logger.info("Outbox: %s kept for party %s (entry %s)", kind, customer.party_id, entry.pk)
    return entry


def has_pending(*, customer: Customer, user) -> bool:
    """Whether the customer's queue holds entries not sent yet (a new one goes behind)."""
    return _queue(user.pk, customer.party_id).exists()


def send_or_enqueue(
    *, kind: str, customer: Customer, user, values: dict, summary: dict,
    idempotency_key: str | None = None,
) -> tuple[int | None, OutboxEntry | None]:
    """(record id, None) when Tryton took the submission now, (None, entry) when it is
    kept in the outbox. Tryton's refusals (TrytonValidationError...) propagate: the
    customer is on the form and corrects it. ``idempotency_key``: the one the form was
    shown with (checkout), else a new one."""
    key = idempotency_key or new_idempotency_key()
    kept = dict(kind=kind, customer=customer, user=user, values=values, summary=summary)
    # Behind older entries that Tryton could not take yet: first try them again.
    if has_pending(customer=customer, user=user) and replay_for_customer(
        customer=customer, user=user
    ).waiting:
        return None, enqueue(idempotency_key=key, **kept)
    try:
        return SENDERS[kind](customer.scope, values, key), None
    except TRANSIENT:
        # Tryton may have filed it before the timeout: the key makes the replay find it.
        return None, enqueue(idempotency_key=key, **kept)


@dataclass
class ReplayReport:
    sent: int = 0
    failed: int = 0
    # Entries left pending (Tryton unreachable, session ended, queue held elsewhere).
    waiting: int = 0
    # True when Tryton could not be reached: nothing more was tried.
    unavailable: bool = False


def _queue(user_id: int, party_id: int):
    return OutboxEntry.objects.filter(user_id=user_id, party_id=party_id, state=OutboxEntry.PENDING)


def replay(*, limit: int | None = None) -> ReplayReport:
    """Send every queue's pending entries in order; stops at once when Tryton is down.

    Queues whose customer's session has ended wait for the customer's return
    (replay_for_customer). ``limit`` bounds the entries sent in one run.
    """
    report = ReplayReport()
    queues = (
        OutboxEntry.objects.filter(state=OutboxEntry.PENDING)
        .values("user_id", "party_id")
        .annotate(first=Min("id"))
        .order_by("first")
    )
    for queue in queues:
        _replay_queue(queue["user_id"], queue["party_id"], report, limit=limit)
        if report.unavailable or (limit is not None and report.sent + report.failed >= limit):
            break
    report.waiting = OutboxEntry.objects.filter(state=OutboxEntry.PENDING).count()
    return report


def replay_for_customer(*, customer: Customer, user) -> ReplayReport:
    """Send the customer's pending entries now, with the session they are back with.

    Called where the customer looks at or adds to them (the pickups pages, the orders
    list, checkout): no call to Tryton when the queue is empty.
    """
    report = ReplayReport()
    queue = _queue(user.pk, customer.party_id)
    if not queue.exists():
        return report
    # The customer is here: their live session replaces one that may have ended.
    queue.update(web_session=customer.web_session)
    _replay_queue(user.pk, customer.party_id, report)
    report.waiting = queue.count()
    return report


def _replay_queue(user_id: int, party_id: int, report: ReplayReport, *, limit=None) -> None:
    while limit is None or report.sent + report.failed < limit:
        entry = _queue(user_id, party_id).order_by("id").first()
        if entry is None or not entry.web_session:
            return  # empty, or waiting for the customer to sign in again
        if not _claim(entry):
            return  # another replay holds this queue: it keeps the order
        if not _send(entry, report):
            return


def _claim(entry: OutboxEntry) -> bool:
    """Hold the entry for one replay; the conditional update is atomic on every database."""
    now = timezone.now()
    claimed = (
        OutboxEntry.objects.filter(pk=entry.pk, state=OutboxEntry.PENDING)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lte=now))
        # Counted now: an attempt whose replay dies on the way still counts.
        .update(claimed_until=now + _lease(), attempts=F("attempts") + 1)
    )
    entry.attempts += 1
    return claimed == 1


def _send(entry: OutboxEntry, report: ReplayReport) -> bool:
    """Send one claimed entry; True when its queue may go on with the next one."""
    scope = CustomerScope(party_id=entry.party_id, web_session=entry.web_session)
    try:
        tryton_id = SENDERS[entry.kind](scope, encoding.loads(entry.payload), entry.idempotency_key)
    except TRANSIENT:
        _release(entry, "Tryton unreachable")
        report.unavailable = True
        return False
    except TrytonSessionEnded:
        # Kept until the customer signs in again: replaying needs their own session.
        entry.web_session = ""
        _release(entry, "customer's session ended")
        return False
    except TrytonRoleForbidden:
        _fail(entry, _("Your role for this customer no longer allows this request."), report)
        return True
    except RecordNotFound:
        _fail(entry, _("Something it refers to no longer exists."), report)
        return True
    except TrytonValidationError as refusal:
        _fail(entry, refusal.message, report)
        return True
    except TrytonError as error:
        # An unexpected fault (logged by the gateway): tried again a few times, then the
        # customer is told, never left waiting for ever.
        if entry.attempts < int(settings.PORTAL_OUTBOX_MAX_ATTEMPTS):
            _release(entry, type(error).__name__)
            return False
        _fail(entry, _("It could not be sent: please contact us."), report)
        return True
    _mark_sent(entry, tryton_id)
    report.sent += 1
    return True


def _release(entry: OutboxEntry, reason: str) -> None:
    logger.info("Outbox entry %s kept pending: %s", entry.pk, reason)
    OutboxEntry.objects.filter(pk=entry.pk).update(
        attempts=entry.attempts,
        last_error=reason,
        web_session=entry.web_session,
        claimed_until=None,
    )


def _fail(entry: OutboxEntry, refusal: str, report: ReplayReport) -> None:
    logger.info("Outbox entry %s refused by Tryton", entry.pk)
    OutboxEntry.objects.filter(pk=entry.pk).update(
        state=OutboxEntry.FAILED,
        attempts=entry.attempts,
        refusal=str(refusal),
        last_error="refused",
        web_session="",
        claimed_until=None,
    )
    report.failed += 1


def _mark_sent(entry: OutboxEntry, tryton_id: int) -> None:
    OutboxEntry.objects.filter(pk=entry.pk).update(
        state=OutboxEntry.SENT,
        attempts=entry.attempts,
        tryton_id=tryton_id,
        sent_at=timezone.now(),
        last_error="",
        web_session="",
        claimed_until=None,
    )
    logger.info("Outbox entry %s sent: Tryton record %s", entry.pk, tryton_id)


def prune(*, now: dt.datetime | None = None) -> int:
    """Delete the entries that ended more than PORTAL_OUTBOX_RETENTION_DAYS ago: sent ones,
    and refused ones once dismissed, or once that long old when the customer never came
    back to read the refusal. Pending entries are never deleted. Returns how many went."""
    limit = (now or timezone.now()) - dt.timedelta(days=settings.PORTAL_OUTBOX_RETENTION_DAYS)
    ended = Q(state=OutboxEntry.SENT, sent_at__lt=limit) | Q(
        Q(dismissed_at__lt=limit) | Q(created_at__lt=limit), state=OutboxEntry.FAILED
    )
    deleted, _by_model = OutboxEntry.objects.filter(ended).delete()
    if deleted:
        logger.info("Outbox: %s ended entries older than %s deleted", deleted, limit)
    return deleted


def entry_for_key(*, customer: Customer, user, idempotency_key: str) -> OutboxEntry | None:
    """The customer's entry kept under this key (a form sent again once it is kept)."""
    return OutboxEntry.objects.filter(
        user=user, party_id=customer.party_id, idempotency_key=idempotency_key
    ).first()


def customer_entries(*, customer: Customer, user, kind: str) -> list[OutboxEntry]:
    """The customer's entries Tryton does not have: pending ones, and refused ones until
    the customer has seen them go (dismiss)."""
    return list(
        OutboxEntry.objects.filter(
            user=user, party_id=customer.party_id, kind=kind, dismissed_at__isnull=True
        )
        .exclude(state=OutboxEntry.SENT)
        .order_by("id")
    )


def dismiss(*, customer: Customer, user, entry_id: int) -> bool:
    """Hide a refused entry from the customer's list; False when there is no such one."""
    return bool(
        OutboxEntry.objects.filter(
            pk=entry_id, user=user, party_id=customer.party_id, state=OutboxEntry.FAILED
        ).update(dismissed_at=timezone.now())
    )

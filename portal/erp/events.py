"""Events (module event) as the customer sees them: what we organise under their contracts.

Tryton stores naive UTC datetimes; the records carry aware ones, so templates show them in
the portal's time zone. The only write is the event module's ``portal_update`` entry
point, which Tryton refuses after the customer cut-off.
"""

import datetime as dt
from dataclasses import dataclass

from .errors import RecordNotFound
from .records import Page, nested
from .scope import CustomerScope, valid_id

MODEL = "event.event"
EVENT_STATES = ("planned", "in_progress", "done", "cancelled")
# The two lists of the events page; an event is upcoming until it ends.
WHEN = ("upcoming", "past")

EVENT_FIELDS = [
    "name",
    "state",
    "start",
    "end",
    "location",
    "attendees",
    "notes",
    "customer_deadline",
    "customer_editable",
    "sale",
    "sale.number",
    # The event module's rule shows the portal service its customer's support contact
    # (the employee), not the employee's party: no phone or e-mail of theirs.
    "support_contact.rec_name",
]
MONTH_FIELDS = ["name", "state", "start", "end"]
# A month shows every event of it: a customer never has hundreds in one month.
MONTH_LIMIT = 200


@dataclass(frozen=True)
class Event:
    """A customer's event; ``as_of`` is set when served stale (Tryton down)."""

    id: int
    name: str
    state: str
    start: dt.datetime | None
    end: dt.datetime | None
    location: str = ""
    attendees: int = 0
    notes: str = ""
    deadline: dt.datetime | None = None
    editable: bool = False
    order_id: int | None = None
    order_number: str = ""
    support: str = ""
    as_of: dt.datetime | None = None


def _aware(value: dt.datetime | None) -> dt.datetime | None:
    return value.replace(tzinfo=dt.UTC) if isinstance(value, dt.datetime) else None


def _naive_utc(value: dt.datetime) -> dt.datetime:
    return value.astimezone(dt.UTC).replace(tzinfo=None)


def _event(row: dict) -> Event:
    return Event(
        id=row["id"],
        name=row.get("name") or "",
        state=row.get("state") or "",
        start=_aware(row.get("start")),
        end=_aware(row.get("end")),
        location=row.get("location") or "",
        attendees=row.get("attendees") or 0,
        notes=row.get("notes") or "",
        deadline=_aware(row.get("customer_deadline")),
        editable=bool(row.get("customer_editable")),
        order_id=row.get("sale"),
        order_number=nested(row, "sale", "number") or "",
        support=nested(row, "support_contact", "rec_name") or "",
    )


def event_list(
    scope: CustomerScope,
    *,
    when: str = "upcoming",
    now: dt.datetime,
    offset: int = 0,
    limit: int = 20,
) -> Page[Event]:
    """A page of the customer's upcoming events (soonest first) or past ones (latest first).

    An event is upcoming until it ends; ``now`` is aware. Costs 2 calls cold, 0 warm
    (the cache key holds the minute, so an event moves to the past within a minute).
    """
    when = when if when in WHEN else "upcoming"
    moment = _naive_utc(now).replace(second=0, microsecond=0)
    if when == "upcoming":
        leaves = [["end", ">=", moment]]
        order = [["start", "ASC"], ["id", "ASC"]]
    else:
        leaves = [["end", "<", moment]]
        order = [["start", "DESC"], ["id", "DESC"]]

    def fetch() -> Page[Event]:
        rows, total, first, size = scope.page(
            MODEL, leaves, fields=EVENT_FIELDS, offset=offset, limit=limit, order=order
        )
        return Page(items=tuple(_event(r) for r in rows), total=total, offset=first, limit=size)

    params = {"when": when, "at": moment, "offset": offset, "limit": limit}
    return scope.cached("event_list", params, fetch)


def event_month(scope: CustomerScope, *, start: dt.datetime, end: dt.datetime) -> tuple[Event, ...]:
    """The customer's events overlapping [start, end) (aware datetimes), soonest first.

    Costs 1 call cold, 0 warm.
    """
    leaves = [["start", "<", _naive_utc(end)], ["end", ">=", _naive_utc(start)]]

    def fetch() -> tuple[Event, ...]:
        rows = scope.search_read(
            MODEL,
            leaves,
            fields=MONTH_FIELDS,
            limit=MONTH_LIMIT,
            order=[["start", "ASC"], ["id", "ASC"]],
        )
        return tuple(_event(row) for row in rows)

    return scope.cached("event_month", {"start": start, "end": end}, fetch)


def event_get(scope: CustomerScope, *, event_id: int) -> Event:
    """One of the customer's events; RecordNotFound if not theirs. 1 call cold, 0 warm."""
    if not valid_id(event_id):
        raise RecordNotFound()

    def fetch() -> Event:
        return _event(scope.get(MODEL, event_id, fields=EVENT_FIELDS))

    return scope.cached("event_get", {"id": event_id}, fetch)


def event_update(scope: CustomerScope, *, event_id: int, attendees: int, notes: str) -> None:
    """Change the expected attendees and the notes of one of the customer's events.

    Tryton refuses after the customer cut-off (TrytonValidationError, in its words) and
    answers for another customer's event as for a missing one.
    """
    if not valid_id(event_id):
        raise RecordNotFound()
    scope.call(MODEL, "portal_update", event_id, attendees, notes)

"""Where each line of an order stands, from the order to the payment, and how to follow
its deliveries: read from Tryton in one call (``sale.sale.portal_timeline`` of our portal
module), which builds it from Tryton's own records (productions, moves, shipments,
pickups, invoices).
"""

import datetime as dt
from dataclasses import dataclass, replace
from urllib.parse import urlsplit

from .errors import RecordNotFound, TrytonValidationError
from .scope import CustomerScope, valid_id

# The steps Tryton may give a line, in their order. "production" only for a line made
# for the order; "shipped" or "picked_up"; "invoiced" and "paid" only for the roles that
# read billing.
STEPS = ("ordered", "production", "ready", "shipped", "picked_up", "invoiced", "paid")
# An order has a timeline from its confirmation on.
TIMELINE_STATES = frozenset({"confirmed", "processing", "done"})


@dataclass(frozen=True)
class StepDocument:
    """A document behind a step: a production order, a delivery, a pickup, an invoice.
    ``date`` is when it happened; for a production, ``planned`` is its planned end."""

    number: str
    date: dt.date | None = None
    planned: dt.date | None = None
    started: dt.date | None = None
    state: str = ""


@dataclass(frozen=True)
class TimelineStep:
    key: str
    reached: bool
    date: dt.date | None = None
    documents: tuple[StepDocument, ...] = ()
    # The last step reached: where the line stands.
    current: bool = False


@dataclass(frozen=True)
class LineTimeline:
    line_id: int
    steps: tuple[TimelineStep, ...]

    @property
    def current(self) -> TimelineStep | None:
        return next((step for step in self.steps if step.current), None)


@dataclass(frozen=True)
class ShipmentTracking:
    """How the customer follows a delivery: the carrier, its reference and, when the
    carrier has a tracking page, the link to it."""

    shipment_id: int
    carrier: str
    reference: str
    url: str = ""


@dataclass(frozen=True)
class OrderTimeline:
    lines: tuple[LineTimeline, ...] = ()
    tracking: tuple[ShipmentTracking, ...] = ()

    def for_line(self, line_id: int) -> LineTimeline | None:
        return next((line for line in self.lines if line.line_id == line_id), None)

    def for_shipment(self, shipment_id: int) -> ShipmentTracking | None:
        return next((t for t in self.tracking if t.shipment_id == shipment_id), None)


NO_TIMELINE = OrderTimeline()


def _date(value) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def _safe_url(value) -> str:
    """The tracking link if it is an https URL (Tryton checks it too): never a
    ``javascript:`` link in the customer's page."""
    if not isinstance(value, str):
        return ""
    parts = urlsplit(value)
    return value if parts.scheme == "https" and parts.netloc else ""


def _document(row: dict) -> StepDocument:
    return StepDocument(
        number=str(row.get("number") or ""),
        date=_date(row.get("date")) or _date(row.get("effective_date")),
        planned=_date(row.get("planned_date")),
        started=_date(row.get("effective_start_date")),
        state=str(row.get("state") or ""),
    )


def _line(row: dict) -> LineTimeline:
    steps = [
        TimelineStep(
            key=step["step"],
            reached=bool(step.get("reached")),
            date=_date(step.get("date")),
            documents=tuple(_document(d) for d in step.get("details") or ()),
        )
        for step in row.get("steps") or ()
        if step.get("step") in STEPS
    ]
    reached = [i for i, step in enumerate(steps) if step.reached]
    if reached:
        last = reached[-1]
        steps[last] = replace(steps[last], current=True)
    return LineTimeline(line_id=row["line"], steps=tuple(steps))


def _timeline(result: dict) -> OrderTimeline:
    return OrderTimeline(
        lines=tuple(_line(row) for row in result.get("lines") or ()),
        tracking=tuple(
            ShipmentTracking(
                shipment_id=row["id"],
                carrier=str(row.get("carrier") or ""),
                reference=str(row.get("reference") or ""),
                url=_safe_url(row.get("url")),
            )
            for row in result.get("shipments") or ()
            if row.get("carrier") or row.get("reference")
        ),
    )


def order_timeline(
    scope: CustomerScope, *, order_id: int, state: str, with_billing: bool
) -> OrderTimeline:
    """The timeline of each line of one of the customer's orders and the tracking of its
    deliveries. ``state`` is the order's: an order not confirmed yet has none (no call).
    Tryton leaves out the invoice steps for the roles that do not read billing; the cache
    keeps each kind apart. RecordNotFound if not theirs. Costs 1 call cold, 0 warm."""
    if not valid_id(order_id):
        raise RecordNotFound()
    if state not in TIMELINE_STATES:
        return NO_TIMELINE

    def fetch() -> OrderTimeline:
        try:
            result = scope.read_call("sale.sale", "portal_timeline", order_id)
        except TrytonValidationError:
            # A read refused by Tryton: the sale is missing or another customer's.
            raise RecordNotFound() from None
        return _timeline(result or {})

    return scope.cached(
        "order_timeline", {"id": order_id, "billing": with_billing}, fetch
    )

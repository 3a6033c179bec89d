"""Reads of the pickups app: thin over the gateway, always for one customer."""

import datetime as dt
from dataclasses import dataclass

from outbox import services as outbox
from outbox.models import OutboxEntry

from accounts.customer import Customer
from erp import Page
from erp import pickups as erp_pickups
from erp.pickups import OrderLineChoice, Pickup, PickupFormChoices

PAGE_SIZE = 20


def pickup_list(
    *,
    customer: Customer,
    page: int,
    state: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    search: str = "",
) -> Page[Pickup]:
    """Page ``page`` (from 1) of the customer's pickups, PAGE_SIZE per page."""
    return erp_pickups.pickup_list(
        customer.scope,
        offset=(page - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
        state=state or None,
        date_from=date_from,
        date_to=date_to,
        search=search,
    )


def pickup_get(*, customer: Customer, pickup_id: int) -> Pickup:
    return erp_pickups.pickup_get(customer.scope, pickup_id=pickup_id)


def pickup_slip(*, customer: Customer, pickup_id: int) -> tuple[bytes, str]:
    return erp_pickups.pickup_slip(customer.scope, pickup_id=pickup_id)


def request_choices(*, customer: Customer) -> PickupFormChoices:
    return erp_pickups.request_choices(customer.scope)


def order_lines(*, customer: Customer, order_id: int) -> tuple[OrderLineChoice, ...]:
    return erp_pickups.order_lines(customer.scope, order_id=order_id)


@dataclass(frozen=True)
class QueuedPickup:
    """A pickup request Tryton does not have: pending in the outbox, or refused at replay."""

    id: int
    pending: bool
    created: dt.datetime
    date: dt.date
    time_from: str
    time_to: str
    address: str
    order: str
    lines: int
    # Tryton's words when it refused the request at replay.
    refusal: str


def queued_pickups(*, customer: Customer, user) -> tuple[QueuedPickup, ...]:
    """The customer's pickup requests kept in the outbox, oldest first (no call to Tryton)."""
    return tuple(
        QueuedPickup(
            id=entry.pk,
            pending=entry.state == OutboxEntry.PENDING,
            created=entry.created_at,
            date=dt.date.fromisoformat(entry.summary["date"]),
            time_from=entry.summary.get("time_from", ""),
            time_to=entry.summary.get("time_to", ""),
            address=entry.summary.get("address", ""),
            order=entry.summary.get("order", ""),
            lines=int(entry.summary.get("lines", 0)),
            refusal=entry.refusal,
        )
        for entry in outbox.customer_entries(
            customer=customer, user=user, kind=OutboxEntry.PICKUP_REQUEST
        )
    )

"""Writes of the pickups app: each one entry point of Tryton's pickup module.

Customer roles (who may request, issue 9) do not exist yet: every signed-in user of the
customer may request and cancel its pickups.
"""

import datetime as dt
from dataclasses import dataclass

from outbox import services as outbox
from outbox.models import OutboxEntry

from accounts.customer import Customer
from erp import pickups as erp_pickups
from erp.pickups import PickupLineInput


@dataclass(frozen=True)
class PickupRequested:
    """Tryton's pickup id, or ``queued`` when it waits in the outbox for Tryton."""

    pickup_id: int | None
    queued: bool


def queued_pickups_replay(*, customer: Customer, user) -> None:
    """Send the customer's pickups kept in the outbox, if any, now that they are here."""
    outbox.replay_for_customer(customer=customer, user=user)


def queued_pickup_dismiss(*, customer: Customer, user, entry_id: int) -> bool:
    return outbox.dismiss(customer=customer, user=user, entry_id=entry_id)


def pickup_request(
    *,
    customer: Customer,
    user,
    address_id: int,
    address_label: str,
    date: dt.date,
    time_from: dt.time,
    time_to: dt.time,
    lines: list[PickupLineInput],
    order_id: int | None = None,
    order_label: str = "",
    comment: str = "",
) -> PickupRequested:
    """Ask Tryton for the pickup; while Tryton is unreachable, keep it in the outbox (the
    customer sees it pending, the replay sends it once Tryton is back).

    Tryton's refusals (TrytonValidationError) propagate: the customer corrects the form.
    """
    values = erp_pickups.pickup_request_values(
        address_id=address_id,
        date=date,
        time_from=time_from,
        time_to=time_to,
        lines=lines,
        order_id=order_id,
        comment=comment,
    )
    summary = {
        "date": date.isoformat(),
        "time_from": time_from.strftime("%H:%M"),
        "time_to": time_to.strftime("%H:%M"),
        "address": address_label,
        "order": order_label,
        "lines": len(lines),
        "packages": sum(line.packages or 0 for line in lines),
    }
    pickup_id, entry = outbox.send_or_enqueue(
        kind=OutboxEntry.PICKUP_REQUEST,
        customer=customer,
        user=user,
        values=values,
        summary=summary,
    )
    return PickupRequested(pickup_id=pickup_id, queued=entry is not None)


def pickup_cancel(*, customer: Customer, pickup_id: int) -> None:
    erp_pickups.pickup_cancel(customer.scope, pickup_id=pickup_id)

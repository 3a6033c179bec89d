"""Writes of the pickups app: each one entry point of Tryton's pickup module.

Customer roles (who may request, issue 9) do not exist yet: every signed-in user of the
customer may request and cancel its pickups.
"""

import datetime as dt

from accounts.customer import Customer
from erp import pickups as erp_pickups
from erp.pickups import PickupLineInput


def pickup_request(
    *,
    customer: Customer,
    address_id: int,
    date: dt.date,
    time_from: dt.time,
    time_to: dt.time,
    lines: list[PickupLineInput],
    order_id: int | None = None,
    comment: str = "",
) -> int:
    return erp_pickups.pickup_request(
        customer.scope,
        address_id=address_id,
        date=date,
        time_from=time_from,
        time_to=time_to,
        lines=lines,
        order_id=order_id,
        comment=comment,
    )


def pickup_cancel(*, customer: Customer, pickup_id: int) -> None:
    erp_pickups.pickup_cancel(customer.scope, pickup_id=pickup_id)

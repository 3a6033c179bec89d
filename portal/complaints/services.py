"""Writes of the complaints app: filing one, through the portal module's entry point."""

from decimal import Decimal

from accounts.customer import Customer
from erp import complaints as erp_complaints


def complaint_file(
    *,
    customer: Customer,
    line_id: int,
    type_id: int,
    quantity: Decimal,
    description: str,
    photos: list[tuple[str, bytes]],
) -> int:
    return erp_complaints.complaint_file(
        customer.scope,
        line_id=line_id,
        type_id=type_id,
        quantity=quantity,
        description=description,
        photos=photos,
    )

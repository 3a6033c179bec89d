"""Writes of the orders app: the customer's answer to a quotation, through the gateway."""

from accounts.customer import Customer
from erp import sales


def quotation_accept(*, customer: Customer, order_id: int) -> str:
    """Accept the customer's quotation (Tryton confirms the sale); returns its new state.

    RecordNotFound when it is not theirs; TrytonValidationError with Tryton's message when
    it was answered already or has expired.
    """
    return sales.quotation_accept(customer.scope, order_id=order_id)


def quotation_decline(*, customer: Customer, order_id: int, reason: str) -> str:
    """Decline the customer's quotation with ``reason`` (Tryton cancels the sale and keeps
    the reason); refused as quotation_accept is."""
    return sales.quotation_decline(customer.scope, order_id=order_id, reason=reason)

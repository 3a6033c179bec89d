"""Writes of the orders app: the customer's answer to a quotation, through the gateway."""

from outbox import services as outbox

from accounts.customer import Customer
from erp import sales


def queued_orders_replay(*, customer: Customer, user) -> None:
    """Send the customer's orders (and pickups) kept in the outbox, if any, now that they
    are here: no call to Tryton when there is none."""
    outbox.replay_for_customer(customer=customer, user=user)


def queued_order_dismiss(*, customer: Customer, user, entry_id: int) -> bool:
    """Take a refused order off the customer's list; False when there is no such one."""
    return outbox.dismiss(customer=customer, user=user, entry_id=entry_id)


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

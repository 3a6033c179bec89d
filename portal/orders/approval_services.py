"""Approval inside the customer: the administrators' answers, through the gateway."""

from decimal import Decimal

from accounts.customer import Customer
from erp import approvals
from erp.approvals import ApprovalSettings
from erp.sales import Order


def approval_settings(*, customer: Customer) -> ApprovalSettings:
    return approvals.approval_settings_get(customer.scope)


def awaiting_orders(*, customer: Customer) -> tuple[Order, ...]:
    return approvals.awaiting_orders(customer.scope)


def threshold_set(*, customer: Customer, threshold: Decimal | None) -> None:
    approvals.approval_threshold_set(customer.scope, threshold=threshold)


def order_approve(*, customer: Customer, order_id: int) -> str:
    """Approve a buyer's waiting order; Tryton moves it on. Returns its new state."""
    return approvals.order_approve(customer.scope, order_id=order_id)


def order_reject(*, customer: Customer, order_id: int, reason: str) -> str:
    """Reject a buyer's waiting order; Tryton cancels it and keeps the reason."""
    return approvals.order_reject(customer.scope, order_id=order_id, reason=reason)

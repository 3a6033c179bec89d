"""Approval inside the customer: a buyer's order above the customer's threshold waits
for one of its administrators (tryton_modules/portal/approval.py).

Tryton decides which orders wait (at checkout, with the buyer's own session, also when
the outbox replays it) and refuses the back office's confirmation while they do; the
portal reads the threshold, sets it and answers the waiting orders for administrators.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from .records import decimal
from .sales import ORDER_FIELDS, Order, _order
from .scope import CustomerScope

# As Tryton's (approval.THRESHOLD_MAX, REJECT_REASON_MAX), checked before any call.
MAX_THRESHOLD = Decimal(10) ** 9
MAX_REJECT_REASON = 2000
# More than a customer's buyers have waiting at once; the page lists them all.
MAX_AWAITING = 100
AWAITING = [["portal_approval", "=", "awaiting"]]


@dataclass(frozen=True)
class ApprovalSettings:
    """The customer's threshold (None: no approval) in the currency of its orders."""

    threshold: Decimal | None
    currency: str


def approval_settings_get(scope: CustomerScope) -> ApprovalSettings:
    """The customer's approval threshold: 1 call cold, 0 warm (the same for every member
    who may read it: buyers and administrators)."""

    def fetch() -> ApprovalSettings:
        values = scope.read_call("party.party", "portal_approval_get")
        threshold = values.get("threshold")
        return ApprovalSettings(
            threshold=decimal(threshold) if threshold is not None else None,
            currency=values.get("currency") or "",
        )

    return scope.cached("approval_settings", {}, fetch)


def clean_threshold(value: Decimal | None) -> Decimal | None:
    """The threshold as Tryton takes it; ValueError for one it would refuse."""
    if value is None:
        return None
    try:
        value = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        raise ValueError("the threshold is an amount")
    if not value.is_finite() or not 0 <= value <= MAX_THRESHOLD:
        raise ValueError(f"the threshold is from 0 to {MAX_THRESHOLD}")
    if value.as_tuple().exponent < -2:
        raise ValueError("the threshold has at most two decimals")
    return value


def approval_threshold_set(scope: CustomerScope, *, threshold: Decimal | None) -> None:
    """Set (None: clear) the customer's threshold; administrators only (Tryton refuses
    the others: TrytonRoleForbidden)."""
    scope.call("party.party", "portal_approval_set", clean_threshold(threshold))


def awaiting_orders(scope: CustomerScope) -> tuple[Order, ...]:
    """The customer's orders waiting for an administrator's approval, oldest first:
    1 call cold, 0 warm."""

    def fetch() -> tuple[Order, ...]:
        rows = scope.search_read(
            "sale.sale", AWAITING, fields=ORDER_FIELDS, limit=MAX_AWAITING,
            order=[["id", "ASC"]],
        )
        return tuple(_order(row) for row in rows)

    return scope.cached("awaiting_orders", {}, fetch)


def order_approve(scope: CustomerScope, *, order_id: int) -> str:
    """Approve one of the customer's waiting orders: Tryton moves it on as its checkout
    asked. Returns its new state. RecordNotFound if not theirs; TrytonValidationError
    when it no longer waits; TrytonRoleForbidden for anyone but an administrator."""
    _check_owned(scope, order_id)
    return scope.call("sale.sale", "portal_approve", order_id)


def order_reject(scope: CustomerScope, *, order_id: int, reason: str) -> str:
    """Reject one of the customer's waiting orders: Tryton cancels it and keeps
    ``reason``. Refused as order_approve is; ValueError for an empty or too long reason
    (before any call)."""
    reason = (reason or "").strip()
    if not reason or len(reason) > MAX_REJECT_REASON:
        raise ValueError(f"a reason has 1 to {MAX_REJECT_REASON} characters")
    _check_owned(scope, order_id)
    return scope.call("sale.sale", "portal_reject", order_id, reason)


def _check_owned(scope: CustomerScope, order_id: int) -> None:
    # Another customer's sale is a plain 404, never a Tryton refusal shown as a message.
    scope.get("sale.sale", order_id, fields=["state"], leaves=[["state", "!=", "draft"]])

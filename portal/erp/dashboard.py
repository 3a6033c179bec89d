"""The customer's home page figures, in one call.

Tryton counts them (``party.party.portal_dashboard`` of our portal module, extended by the
pickup and event modules) with the caller's record rules: for the portal's service user,
the customer of the call's context, and invoices only for the roles that read billing.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from .records import decimal
from .scope import CustomerScope

MODEL = "party.party"


@dataclass(frozen=True)
class MonthSpend:
    month: dt.date  # its first day
    amount: Decimal


@dataclass(frozen=True)
class RecentInvoice:
    id: int
    number: str
    invoice_date: dt.date | None
    total_amount: Decimal
    amount_to_pay: Decimal
    state: str


@dataclass(frozen=True)
class Dashboard:
    currency: str
    quotations_waiting: int = 0
    orders_in_progress: int = 0
    invoices_due: int = 0
    pickups_coming: int = 0
    events_coming: int = 0
    monthly_spend: tuple[MonthSpend, ...] = ()
    recent_invoices: tuple[RecentInvoice, ...] = ()
    # Set when served from the cache because Tryton is down.
    as_of: dt.datetime | None = None

    @property
    def spend_total(self) -> Decimal:
        return sum((month.amount for month in self.monthly_spend), Decimal(0))

    @property
    def spend_peak(self) -> Decimal:
        return max((month.amount for month in self.monthly_spend), default=Decimal(0))


def _date(value) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def _count(result: dict, key: str) -> int:
    value = result.get(key)
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _dashboard(result: dict | None) -> Dashboard:
    result = result or {}
    return Dashboard(
        currency=str(result.get("currency") or ""),
        quotations_waiting=_count(result, "quotations_waiting"),
        orders_in_progress=_count(result, "orders_in_progress"),
        invoices_due=_count(result, "invoices_due"),
        pickups_coming=_count(result, "pickups_coming"),
        events_coming=_count(result, "events_coming"),
        monthly_spend=tuple(
            MonthSpend(month=row["month"], amount=decimal(row.get("amount")))
            for row in result.get("monthly_spend") or ()
            if _date(row.get("month"))
        ),
        recent_invoices=tuple(
            RecentInvoice(
                id=int(row["id"]),
                number=str(row.get("number") or ""),
                invoice_date=_date(row.get("invoice_date")),
                total_amount=decimal(row.get("total_amount")),
                amount_to_pay=decimal(row.get("amount_to_pay")),
                state=str(row.get("state") or ""),
            )
            for row in result.get("recent_invoices") or ()
        ),
    )


def dashboard_get(scope: CustomerScope, *, billing: bool) -> Dashboard:
    """The customer's counters, monthly spend and (for ``billing`` roles) recent invoices.
    1 call cold, 0 warm; the role is in the cache key, as Tryton answers by role, and so
    is the day, as "coming" and the months move on at midnight."""
    return scope.cached(
        "dashboard",
        {"billing": billing, "day": dt.date.today().isoformat()},
        lambda: _dashboard(scope.read_call(MODEL, "portal_dashboard")),
    )

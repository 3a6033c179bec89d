"""The customer's statement of account: their open receivable items, aged.

Tryton computes it (``account.move.line.portal_statement`` of our portal module): it
reads the accounting lines the service user has no access to, for the customer of the
call's context only, and ages them once for this page and for its PDF (report
``party.portal_statement``), so both show the same items and buckets. The portal only
types what comes back.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from .records import decimal
from .scope import CustomerScope

MODEL = "account.move.line"
REPORT = "party.portal_statement"
# Tryton's ageing buckets (days overdue), in the order a statement shows them.
BUCKETS = ("current", "overdue_1_30", "overdue_31_60", "overdue_61_90", "overdue_over_90")


@dataclass(frozen=True)
class StatementItem:
    """One open item: an invoice (or what is left of it), a credit note or a payment not
    yet matched. ``balance`` is the running balance up to this item."""

    id: int
    date: dt.date | None
    document: str
    reference: str
    description: str
    maturity_date: dt.date | None
    debit: Decimal
    credit: Decimal
    balance: Decimal
    days_overdue: int
    bucket: str
    invoice_id: int | None = None
    # The level (1 for the first) of the reminder Tryton's dunning sent for it, if any.
    dunning_level: int | None = None

    @property
    def amount(self) -> Decimal:
        return self.debit - self.credit

    @property
    def is_overdue(self) -> bool:
        return self.bucket != "current"


@dataclass(frozen=True)
class AgeingBucket:
    key: str
    amount: Decimal


@dataclass(frozen=True)
class Statement:
    """The open items oldest first, their ageing and balance, as of Tryton's today."""

    as_of_date: dt.date | None
    currency: str
    items: tuple[StatementItem, ...] = ()
    ageing: tuple[AgeingBucket, ...] = ()
    balance: Decimal = Decimal(0)
    overdue: Decimal = Decimal(0)
    # Set when served from the cache because Tryton is down.
    as_of: dt.datetime | None = None


def _date(value) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def _item(row: dict) -> StatementItem:
    invoice = row.get("invoice")
    return StatementItem(
        id=int(row["id"]),
        date=_date(row.get("date")),
        document=str(row.get("document") or ""),
        reference=str(row.get("reference") or ""),
        description=str(row.get("description") or ""),
        maturity_date=_date(row.get("maturity_date")),
        debit=decimal(row.get("debit")),
        credit=decimal(row.get("credit")),
        balance=decimal(row.get("balance")),
        days_overdue=int(row.get("days_overdue") or 0),
        bucket=str(row.get("bucket") or "current"),
        invoice_id=invoice if isinstance(invoice, int) else None,
        dunning_level=_level(row.get("dunning_level")),
    )


def _level(value) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else None


def _statement(result: dict | None) -> Statement:
    if not result:
        return Statement(as_of_date=None, currency="")
    ageing = result.get("ageing") or {}
    return Statement(
        as_of_date=_date(result.get("as_of")),
        currency=str(result.get("currency") or ""),
        items=tuple(_item(row) for row in result.get("items") or ()),
        ageing=tuple(AgeingBucket(key=key, amount=decimal(ageing.get(key))) for key in BUCKETS),
        balance=decimal(result.get("balance")),
        overdue=decimal(result.get("overdue")),
    )


def statement_get(scope: CustomerScope) -> Statement:
    """The customer's statement of account. Costs 1 call cold, 0 warm; the cache key
    carries the day, so the ageing moves on at midnight even within the cache's life."""
    return scope.cached(
        "statement", {"day": dt.date.today().isoformat()},
        lambda: _statement(scope.read_call(MODEL, "portal_statement")),
    )


def statement_pdf(scope: CustomerScope) -> tuple[bytes, str]:
    """(PDF, file name) of the customer's statement as Tryton prints it (the same items
    and ageing as ``statement_get``). 2 calls cold (the party's ownership check, then
    the report), 0 warm the same day."""
    today = dt.date.today()

    def fetch() -> tuple[bytes, str]:
        extension, content, _name = scope.report(REPORT, "party.party", scope.party_id)
        return content, f"statement-{today.isoformat()}.{extension or 'pdf'}"

    return scope.cached("statement_pdf", {"day": today.isoformat()}, fetch)

"""Production orders (production) as the customer sees them: what we make for their orders.

A production carries no party: it serves sales (``sales``, module production_proposal), and
a customer sees the productions of their own sales, never which other sales one serves.
The order page reads them nested in the sale's call (erp/sales.py); the list reads them
here.
"""

import datetime as dt
from dataclasses import dataclass

from .records import Page, nested
from .scope import CustomerScope

MODEL = "production"
PRODUCTION_STATES = ("request", "draft", "waiting", "assigned", "running", "done", "cancelled")
# Planned, waiting for materials or being made: what "in progress" means to a customer.
IN_PROGRESS_STATES = PRODUCTION_STATES[:5]

# What a production tells a customer, relative to the production (the list's fields).
FIELDS = [
    "number",
    "state",
    "product",
    "product.name",
    "product.code",
    "quantity",
    "unit.symbol",
    "planned_start_date",
    "planned_date",
    "effective_start_date",
    "effective_date",
]
LIST_FIELDS = [*FIELDS, "sales.number", "sales.party"]
# The same, nested in a sale's read (order page): "productions.number", ...
ORDER_FIELDS = [f"productions.{name}" for name in FIELDS]


@dataclass(frozen=True)
class OrderRef:
    """One of the customer's sales a production serves."""

    id: int
    number: str


@dataclass(frozen=True)
class Production:
    """A production order made for the customer; dates are days (Tryton's ``Date``)."""

    id: int
    number: str
    state: str
    product_id: int | None = None
    product: str = ""
    product_code: str = ""
    quantity: float = 0
    unit: str = ""
    planned_start: dt.date | None = None
    planned_end: dt.date | None = None
    started: dt.date | None = None
    finished: dt.date | None = None
    orders: tuple[OrderRef, ...] = ()

    @property
    def in_progress(self) -> bool:
        return self.state in IN_PROGRESS_STATES


def _date(value) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def production_from_row(row: dict, *, party_id: int | None = None) -> Production:
    """A Production from a search_read row (or one nested in a sale's row). Its orders are
    those of ``party_id`` only: Tryton's rules hide the others, this says it twice."""
    product = row.get("product.") or {}
    return Production(
        id=row["id"],
        number=row.get("number") or "",
        state=row.get("state") or "",
        product_id=product.get("id") or row.get("product"),
        product=product.get("name") or "",
        product_code=product.get("code") or "",
        quantity=row.get("quantity") or 0,
        unit=nested(row, "unit", "symbol") or "",
        planned_start=_date(row.get("planned_start_date")),
        planned_end=_date(row.get("planned_date")),
        started=_date(row.get("effective_start_date")),
        finished=_date(row.get("effective_date")),
        orders=tuple(
            OrderRef(id=sale["id"], number=sale.get("number") or "")
            for sale in row.get("sales.") or ()
            if party_id is None or sale.get("party") == party_id
        ),
    )


def production_list(scope: CustomerScope, *, offset: int = 0, limit: int = 20) -> Page[Production]:
    """A page of the customer's productions in progress, the soonest planned end first.

    Costs 2 calls cold (search_read + search_count), 0 warm.
    """
    leaves = [["state", "in", list(IN_PROGRESS_STATES)]]
    order = [["planned_date", "ASC NULLS LAST"], ["id", "ASC"]]

    def fetch() -> Page[Production]:
        rows, total, first, size = scope.page(
            MODEL, leaves, fields=LIST_FIELDS, offset=offset, limit=limit, order=order
        )
        return Page(
            items=tuple(production_from_row(row, party_id=scope.party_id) for row in rows),
            total=total,
            offset=first,
            limit=size,
        )

    return scope.cached("production_list", {"offset": offset, "limit": limit}, fetch)

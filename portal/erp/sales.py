"""Sales (sale.sale and its lines) as the customer sees them: their orders."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from .errors import RecordNotFound
from .records import Page, decimal, nested
from .scope import CustomerScope, Sorts, valid_id

ORDER_STATES = ("draft", "quotation", "confirmed", "processing", "done", "cancelled")
# A draft sale is the back office's work in progress: no number, no stored total,
# free to change. Customers see a sale from its quotation on.
CUSTOMER_ORDER_STATES = ORDER_STATES[1:]

ORDER_SORTS = Sorts(
    fields={
        "date": "sale_date",
        "number": "number",
        "state": "state",
        # Stored from quotation on by our portal module (upstream: from confirmation).
        "total": "total_amount_cache",
    },
    default="-date",
)

ORDER_FIELDS = [
    "number",
    "reference",
    "sale_date",
    "state",
    "shipment_state",
    "invoice_state",
    "untaxed_amount",
    "tax_amount",
    "total_amount",
    "currency.code",
    "company",
]
LINE_FIELDS = [
    "product.rec_name",
    "description",
    "quantity",
    "unit.symbol",
    "unit_price",
    "amount",
]


@dataclass(frozen=True)
class OrderLine:
    id: int
    product: str
    description: str
    quantity: Decimal | float
    unit: str
    unit_price: Decimal
    amount: Decimal


@dataclass(frozen=True)
class Order:
    """A customer's sale; ``as_of`` is set when served stale because Tryton is down."""

    id: int
    number: str
    reference: str
    date: dt.date | None
    state: str
    shipment_state: str
    invoice_state: str
    untaxed_amount: Decimal
    tax_amount: Decimal
    total_amount: Decimal
    currency: str
    # The issuing company's id: a database may hold several (erp/company.py).
    company: int | None = None
    lines: tuple[OrderLine, ...] = ()
    as_of: dt.datetime | None = None


def _order(row: dict, lines: tuple[OrderLine, ...] = ()) -> Order:
    return Order(
        id=row["id"],
        number=row.get("number") or "",
        reference=row.get("reference") or "",
        date=row.get("sale_date"),
        state=row["state"],
        shipment_state=row.get("shipment_state") or "",
        invoice_state=row.get("invoice_state") or "",
        untaxed_amount=decimal(row.get("untaxed_amount")),
        tax_amount=decimal(row.get("tax_amount")),
        total_amount=decimal(row.get("total_amount")),
        currency=nested(row, "currency", "code") or "",
        company=row.get("company"),
        lines=lines,
    )


def _order_line(row: dict) -> OrderLine:
    return OrderLine(
        id=row["id"],
        product=nested(row, "product", "rec_name") or "",
        description=row.get("description") or "",
        quantity=row.get("quantity") or 0,
        unit=nested(row, "unit", "symbol") or "",
        unit_price=decimal(row.get("unit_price")),
        amount=decimal(row.get("amount")),
    )


def _visible() -> list:
    return ["state", "!=", "draft"]


def order_list(
    scope: CustomerScope,
    *,
    offset: int = 0,
    limit: int = 20,
    sort: str | None = None,
    state: str | None = None,
    search: str = "",
) -> Page[Order]:
    """A page of the customer's orders, newest first unless ``sort`` says otherwise.

    ``sort`` is a key of ORDER_SORTS with an optional '-'; ``state`` filters on
    one of CUSTOMER_ORDER_STATES (anything else is ignored); ``search`` matches
    the number or the customer's reference. Costs 2 calls cold, 0 warm.
    """
    sort = ORDER_SORTS.clean(sort)
    state = state if state in CUSTOMER_ORDER_STATES else None
    search = (search or "").strip()
    leaves = [_visible()]
    if state:
        leaves.append(["state", "=", state])
    if search:
        leaves.append(
            ["OR", ["number", "ilike", f"%{search}%"], ["reference", "ilike", f"%{search}%"]]
        )

    def fetch() -> Page[Order]:
        rows, total, first, size = scope.page(
            "sale.sale",
            leaves,
            fields=ORDER_FIELDS,
            offset=offset,
            limit=limit,
            order=ORDER_SORTS.order(sort),
        )
        return Page(items=tuple(_order(row) for row in rows), total=total, offset=first, limit=size)

    params = {"offset": offset, "limit": limit, "sort": sort, "state": state, "search": search}
    return scope.cached("order_list", params, fetch)


def order_get(scope: CustomerScope, *, order_id: int) -> Order:
    """One of the customer's orders with its lines; RecordNotFound if not theirs.

    Costs 2 calls cold, 0 warm.
    """

    def fetch() -> Order:
        row = scope.get("sale.sale", order_id, fields=ORDER_FIELDS, leaves=[_visible()])
        # Lines are scoped by their own party path too: ownership is checked again.
        lines = scope.search_read(
            "sale.line",
            [["sale", "=", row["id"]], ["type", "=", "line"]],
            fields=LINE_FIELDS,
            order=[["sequence", "ASC NULLS FIRST"], ["id", "ASC"]],
        )
        return _order(row, tuple(_order_line(line) for line in lines))

    if not valid_id(order_id):
        raise RecordNotFound()
    return scope.cached("order_get", {"id": order_id}, fetch)

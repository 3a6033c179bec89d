"""Sales (sale.sale and its lines) as the customer sees them: their orders and quotations."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal

from .errors import RecordNotFound
from .filters import like_pattern, typed_filters
from .lots import LINE_LOT_FIELDS, Lot, line_lots
from .productions import ORDER_FIELDS as PRODUCTION_FIELDS
from .productions import Production, production_from_row
from .records import Page, address_fields, address_lines, decimal, nested
from .scope import MAX_PAGE_SIZE, CustomerScope, Sorts, valid_id

ORDER_STATES = ("draft", "quotation", "confirmed", "processing", "done", "cancelled")
# A draft sale is the back office's work in progress: no number, no stored total,
# free to change. Customers see a sale from its quotation on.
CUSTOMER_ORDER_STATES = ORDER_STATES[1:]
# What a customer types in the search box: enough for a number, a reference or a product.
# Rows of one CSV export: years of a busy customer's orders, read 100 per call.
MAX_EXPORT_ROWS = 5000
# Longest reason Tryton keeps when a customer declines a quotation (portal/sale.py).
MAX_DECLINE_REASON = 2000

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
    "quotation_date",
    "state",
    "shipment_state",
    "invoice_state",
    "untaxed_amount",
    "tax_amount",
    "total_amount",
    "currency.code",
    "company",
    # Whether the order waits for the approval of one of the customer's administrators
    # (erp/approvals.py).
    "portal_approval",
]
# The detail reads the shipments, invoices and productions nested in the same call as the sale.
# The invoices only for a role that reads billing: Tryton refuses the others the whole read.
INVOICE_REF_FIELDS = [
    "invoices.number",
    "invoices.state",
    "invoices.invoice_date",
    "invoices.total_amount",
]
DETAIL_FIELDS = [
    *ORDER_FIELDS,
    "quotation_expire",
    "description",
    "portal_decline_reason",
    "portal_approval_reason",
    *address_fields("shipment_address"),
    "shipments.number",
    "shipments.state",
    "shipments.planned_date",
    "shipments.effective_date",
    *PRODUCTION_FIELDS,
]
LINE_FIELDS = [
    "product.name",
    "product.code",
    "description",
    "quantity",
    "unit.symbol",
    "unit.name",
    "unit_price",
    "amount",
    "shipping_date",
    "taxes.name",
    "taxes.type",
    "taxes.rate",
    *LINE_LOT_FIELDS,
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
    product_code: str = ""
    # Tryton's name of the unit ("Unit", "Kilogram"); ``unit`` is its symbol.
    unit_name: str = ""
    shipping_date: dt.date | None = None
    # ((tax name, rate), ...) of the percentage taxes on the line.
    taxes: tuple[tuple[str, Decimal], ...] = ()
    product_id: int | None = None
    # The production orders making this line's product for the order.
    productions: tuple[Production, ...] = ()
    # The lots its goods were delivered from, with their best-before dates (erp/lots.py).
    lots: tuple[Lot, ...] = ()


@dataclass(frozen=True)
class TaxLine:
    """One rate of tax on an order: its base and amount."""

    name: str
    rate: Decimal
    base: Decimal
    amount: Decimal


@dataclass(frozen=True)
class Shipment:
    id: int
    number: str
    state: str
    planned_date: dt.date | None
    effective_date: dt.date | None


@dataclass(frozen=True)
class InvoiceRef:
    id: int
    number: str
    state: str
    date: dt.date | None
    total_amount: Decimal


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
    quotation_date: dt.date | None = None
    # The last day a quotation may be accepted (None: no limit set in Tryton).
    valid_until: dt.date | None = None
    description: str = ""
    decline_reason: str = ""
    delivery_address: str = ""
    shipments: tuple[Shipment, ...] = ()
    invoices: tuple[InvoiceRef, ...] = ()
    # Every production order made for the order; each line holds those of its product.
    productions: tuple[Production, ...] = ()
    # "awaiting", "approved" or "rejected" by the customer's administrator, "" if none.
    approval: str = ""
    reject_reason: str = ""

    @property
    def awaiting_approval(self) -> bool:
        """Held for one of the customer's administrators (Tryton refuses to confirm it)."""
        return self.approval == "awaiting" and self.state in ("draft", "quotation")

    @property
    def other_productions(self) -> tuple[Production, ...]:
        """The order's productions of a product none of its lines holds."""
        products = {line.product_id for line in self.lines}
        return tuple(p for p in self.productions if p.product_id not in products)

    @property
    def is_open_quotation(self) -> bool:
        """A quotation the customer may still accept or decline (Tryton checks again)."""
        return self.state == "quotation" and not self.is_expired and not self.awaiting_approval

    @property
    def is_expired(self) -> bool:
        return (
            self.state == "quotation"
            and self.valid_until is not None
            and self.valid_until < dt.date.today()
        )

    @property
    def expected_delivery(self) -> dt.date | None:
        """The earliest planned date of the lines not delivered yet, as Tryton plans it."""
        dates = [line.shipping_date for line in self.lines if line.shipping_date]
        return min(dates) if dates else None

    @property
    def tax_lines(self) -> tuple[TaxLine, ...]:
        """The taxes by rate, as Tryton rounds them per document; () when they do not add
        up to Tryton's tax amount (another rounding or a non-percentage tax)."""
        bases: dict[tuple[str, Decimal], Decimal] = {}
        for line in self.lines:
            for tax in line.taxes:
                bases[tax] = bases.get(tax, Decimal(0)) + line.amount
        taxes = tuple(
            TaxLine(name=name, rate=rate, base=base, amount=(base * rate).quantize(Decimal("0.01")))
            for (name, rate), base in sorted(bases.items(), key=lambda item: item[0][1])
        )
        if sum((tax.amount for tax in taxes), Decimal(0)) != self.tax_amount:
            return ()
        return taxes


@dataclass(frozen=True)
class OrderPage(Page[Order]):
    """A page of orders and, for the same search, how many orders each state holds."""

    state_counts: tuple[tuple[str, int], ...] = ()


@dataclass(frozen=True)
class OrderFilters:
    """What the customer searches and filters the list by, already validated."""

    search: str = ""
    state: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    @property
    def active(self) -> bool:
        return bool(self.search or self.state or self.date_from or self.date_to)

    def leaves(self, *, with_state: bool = True) -> list:
        """The Tryton domain of these filters (without the customer: the scope adds it)."""
        leaves: list = [["state", "!=", "draft"]]
        if with_state and self.state:
            leaves.append(["state", "=", self.state])
        if self.date_from:
            leaves.append(["sale_date", ">=", self.date_from])
        if self.date_to:
            leaves.append(["sale_date", "<=", self.date_to])
        if self.search:
            pattern = like_pattern(self.search)
            leaves.append(
                [
                    "OR",
                    ["number", "ilike", pattern],
                    ["reference", "ilike", pattern],
                    ["lines.product.name", "ilike", pattern],
                    ["lines.product.code", "ilike", pattern],
                ]
            )
        return leaves

    def params(self) -> dict[str, str]:
        """The filters as query-string values (for links and the cache key)."""
        values = {
            "q": self.search,
            "state": self.state or "",
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
        }
        return {key: value for key, value in values.items() if value}


NO_FILTERS = OrderFilters()


@dataclass(frozen=True)
class ParsedFilters:
    """Filters read from user input; ``invalid`` names the inputs that were dropped."""

    filters: OrderFilters
    invalid: tuple[str, ...] = field(default=())


def order_filters(
    *, search: str = "", state: str = "", date_from: str = "", date_to: str = ""
) -> ParsedFilters:
    """Validate what the customer typed: the filters that hold, and the names of those
    that do not ("q", "state", "from", "to", "range"). Never raises on user input."""
    typed = typed_filters(
        search=search, choice=state, choice_name="state", choices=CUSTOMER_ORDER_STATES,
        date_from=date_from, date_to=date_to,
    )
    filters = OrderFilters(
        search=typed.search, state=typed.choice, date_from=typed.date_from,
        date_to=typed.date_to,
    )
    return ParsedFilters(filters=filters, invalid=typed.invalid)


def _date(value) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def _order(row: dict, lines: tuple[OrderLine, ...] = ()) -> Order:
    productions = tuple(production_from_row(p) for p in row.get("productions.") or ())
    lines = tuple(
        replace(line, productions=tuple(p for p in productions if p.product_id == line.product_id))
        if line.product_id
        else line
        for line in lines
    )
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
        quotation_date=_date(row.get("quotation_date")),
        valid_until=_date(row.get("quotation_expire")),
        description=row.get("description") or "",
        decline_reason=row.get("portal_decline_reason") or "",
        delivery_address="\n".join(address_lines(row.get("shipment_address."))),
        shipments=tuple(
            Shipment(
                id=s["id"],
                number=s.get("number") or "",
                state=s.get("state") or "",
                planned_date=_date(s.get("planned_date")),
                effective_date=_date(s.get("effective_date")),
            )
            for s in row.get("shipments.") or ()
        ),
        invoices=tuple(
            InvoiceRef(
                id=i["id"],
                number=i.get("number") or "",
                state=i.get("state") or "",
                date=_date(i.get("invoice_date")),
                total_amount=decimal(i.get("total_amount")),
            )
            for i in row.get("invoices.") or ()
        ),
        productions=productions,
        approval=row.get("portal_approval") or "",
        reject_reason=row.get("portal_approval_reason") or "",
    )


def _order_line(row: dict) -> OrderLine:
    product = nested(row, "product", "name") or ""
    description = (row.get("description") or "").strip()
    # Tryton fills a line's description with the product's name: say it once.
    if description == product or description == (
        f"[{nested(row, 'product', 'code')}] {product}"
    ):
        description = ""
    return OrderLine(
        id=row["id"],
        product=product or description,
        description=description if product else "",
        quantity=row.get("quantity") or 0,
        unit=nested(row, "unit", "symbol") or "",
        unit_price=decimal(row.get("unit_price")),
        amount=decimal(row.get("amount")),
        product_code=nested(row, "product", "code") or "",
        unit_name=nested(row, "unit", "name") or "",
        shipping_date=_date(row.get("shipping_date")),
        taxes=tuple(
            (tax.get("name") or "", decimal(tax.get("rate")))
            for tax in row.get("taxes.") or ()
            if tax.get("type") == "percentage"
        ),
        product_id=nested(row, "product", "id"),
        lots=line_lots(row),
    )


def order_list(
    scope: CustomerScope,
    *,
    offset: int = 0,
    limit: int = 20,
    sort: str | None = None,
    filters: OrderFilters = NO_FILTERS,
) -> OrderPage:
    """A page of the customer's orders matching ``filters``, newest first unless ``sort``
    says otherwise, with the counts per state of the orders the filters (but the state)
    match. ``sort`` is a key of ORDER_SORTS with an optional '-'. Costs 2 calls cold
    (search_read + the counts per state, from which the total comes), 0 warm.
    """
    sort = ORDER_SORTS.clean(sort)

    def fetch() -> OrderPage:
        first = max(0, int(offset))
        size = min(max(1, int(limit)), MAX_PAGE_SIZE)
        rows = scope.search_read(
            "sale.sale",
            filters.leaves(),
            fields=ORDER_FIELDS,
            offset=first,
            limit=size,
            order=ORDER_SORTS.order(sort),
        )
        counts = scope.state_counts("sale.sale", filters.leaves(with_state=False))
        total = counts.get(filters.state, 0) if filters.state else sum(counts.values())
        return OrderPage(
            items=tuple(_order(row) for row in rows),
            total=total,
            offset=first,
            limit=size,
            state_counts=tuple((s, counts[s]) for s in CUSTOMER_ORDER_STATES if counts.get(s)),
        )

    params = {"offset": offset, "limit": limit, "sort": sort, **filters.params()}
    return scope.cached("order_list", params, fetch)


def order_export(
    scope: CustomerScope, *, sort: str | None = None, filters: OrderFilters = NO_FILTERS
) -> Iterator[Order]:
    """Every order matching ``filters`` (at most MAX_EXPORT_ROWS), read page by page as
    the caller consumes them: one call per MAX_PAGE_SIZE orders, never cached."""
    order = ORDER_SORTS.order(ORDER_SORTS.clean(sort))
    for offset in range(0, MAX_EXPORT_ROWS, MAX_PAGE_SIZE):
        rows = scope.search_read(
            "sale.sale",
            filters.leaves(),
            fields=ORDER_FIELDS,
            offset=offset,
            limit=min(MAX_PAGE_SIZE, MAX_EXPORT_ROWS - offset),
            order=order,
        )
        yield from (_order(row) for row in rows)
        if len(rows) < MAX_PAGE_SIZE:
            return


def order_get(scope: CustomerScope, *, order_id: int, with_invoices: bool = True) -> Order:
    """One of the customer's orders with its lines, shipments, production orders and,
    ``with_invoices``, its invoices; RecordNotFound if not theirs. Costs 2 calls cold,
    0 warm.
    """
    fields = [*DETAIL_FIELDS, *INVOICE_REF_FIELDS] if with_invoices else DETAIL_FIELDS

    def fetch() -> Order:
        row = scope.get("sale.sale", order_id, fields=fields, leaves=[["state", "!=", "draft"]])
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
    # Two members of the customer with different roles read different details.
    return scope.cached("order_get", {"id": order_id, "invoices": with_invoices}, fetch)


def quotation_accept(scope: CustomerScope, *, order_id: int) -> str:
    """Accept one of the customer's quotations: Tryton confirms the sale. Returns its new
    state. RecordNotFound if not theirs; TrytonValidationError (Tryton's message, in plain
    words) when it is no longer a quotation or has expired."""
    _check_owned(scope, order_id)
    return scope.call("sale.sale", "portal_accept", order_id)


def quotation_decline(scope: CustomerScope, *, order_id: int, reason: str) -> str:
    """Decline one of the customer's quotations, keeping ``reason`` in Tryton: the sale is
    cancelled. Refused as quotation_accept is; ValueError for an empty or too long reason
    (checked before any call)."""
    reason = (reason or "").strip()
    if not reason or len(reason) > MAX_DECLINE_REASON:
        raise ValueError(f"a decline reason has 1 to {MAX_DECLINE_REASON} characters")
    _check_owned(scope, order_id)
    return scope.call("sale.sale", "portal_decline", order_id, reason)


def _check_owned(scope: CustomerScope, order_id: int) -> None:
    # Ownership first, as a read: another customer's sale is a plain 404 here, never a
    # Tryton refusal shown as a message.
    scope.get("sale.sale", order_id, fields=["state"], leaves=[["state", "!=", "draft"]])

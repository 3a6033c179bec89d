"""Pickup requests (module pickup) as the customer sees them: goods we collect from them.

Reads go through the customer's scope; the two writes go through the pickup module's
entry points ``portal_request`` and ``portal_cancel``, which take the customer from the
scope's context and check every id again in Tryton.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import get_language

from .cache import read_through
from .client import get_client
from .errors import RecordNotFound
from .records import Page, nested
from .scope import CustomerScope, Sorts, valid_id

MODEL = "pickup.request"
LINE_MODEL = "pickup.request.line"
SLIP_REPORT = "pickup.request.slip"

PICKUP_STATES = ("draft", "requested", "confirmed", "done", "cancelled")
# Tryton's pickup module lets the customer cancel until the carrier is booked.
CANCELLABLE_STATES = ("draft", "requested")
# The customer's orders a pickup may start from: the signed ones (as in Tryton).
SALE_STATES = ("confirmed", "processing", "done")

PICKUP_SORTS = Sorts(
    fields={"date": "pickup_date", "reference": "reference", "state": "state"},
    default="-date",
)

PICKUP_FIELDS = [
    "reference",
    "state",
    "pickup_date",
    "time_from",
    "time_to",
    "pickup_address.rec_name",
    "sale",
    "sale.number",
    "total_packages",
    "total_weight",
    "comment",
    "create_date",
    "requested_at",
    "confirmed_at",
    "done_at",
    "cancelled_at",
]
# When a pickup reached each state after draft (pickup module), in the order they come.
HISTORY_FIELDS = (
    ("requested", "requested_at"),
    ("confirmed", "confirmed_at"),
    ("done", "done_at"),
    ("cancelled", "cancelled_at"),
)
LINE_FIELDS = [
    "product.rec_name",
    "description",
    "quantity",
    "unit.symbol",
    "packages",
    "weight",
    "weight_unit.symbol",
]
ADDRESS_FIELDS = ["rec_name"]
SALE_FIELDS = ["number", "reference", "sale_date"]
SALE_LINE_FIELDS = ["product", "product.rec_name", "quantity", "unit.symbol", "description"]
PRODUCT_FIELDS = ["rec_name", "default_uom.symbol"]
# Enough for any customer's form; the rest are older than anyone starts a pickup from.
CHOICES_LIMIT = 100


@dataclass(frozen=True)
class PickupLine:
    id: int
    product: str
    description: str
    quantity: Decimal | float
    unit: str
    packages: int | None
    weight: Decimal | float | None
    weight_unit: str


@dataclass(frozen=True)
class Pickup:
    """A customer's pickup request; ``as_of`` is set when served stale (Tryton down)."""

    id: int
    reference: str
    state: str
    date: dt.date | None
    time_from: dt.time | None
    time_to: dt.time | None
    address: str
    sale_id: int | None
    sale_number: str
    packages: int
    weight: Decimal | float
    comment: str
    created: dt.datetime | None
    lines: tuple[PickupLine, ...] = ()
    # (state, when it was reached), oldest first: the pickup's history in Tryton.
    history: tuple[tuple[str, dt.datetime], ...] = ()
    as_of: dt.datetime | None = None

    @property
    def cancellable(self) -> bool:
        """Whether Tryton would still accept the customer's cancellation (it checks again)."""
        return self.state in CANCELLABLE_STATES


@dataclass(frozen=True)
class Choice:
    """One option of the request form: an address, an order or a product."""

    id: int
    label: str
    detail: str = ""


@dataclass(frozen=True)
class OrderLineChoice:
    """A line of the order a pickup starts from, as a line of the form."""

    id: int
    product_id: int
    product: str
    quantity: Decimal | float
    unit: str


@dataclass(frozen=True)
class PickupFormChoices:
    addresses: tuple[Choice, ...]
    orders: tuple[Choice, ...]
    products: tuple[Choice, ...]
    as_of: dt.datetime | None = None


@dataclass(frozen=True)
class PickupLineInput:
    product_id: int
    quantity: Decimal
    packages: int | None = None
    weight_kg: Decimal | None = None
    sale_line_id: int | None = None


def _pickup(row: dict, lines: tuple[PickupLine, ...] = ()) -> Pickup:
    return Pickup(
        id=row["id"],
        reference=row.get("reference") or "",
        state=row["state"],
        date=row.get("pickup_date"),
        time_from=row.get("time_from"),
        time_to=row.get("time_to"),
        address=nested(row, "pickup_address", "rec_name") or "",
        sale_id=row.get("sale"),
        sale_number=nested(row, "sale", "number") or "",
        packages=row.get("total_packages") or 0,
        weight=row.get("total_weight") or 0,
        comment=row.get("comment") or "",
        created=(row["create_date"].replace(tzinfo=dt.UTC)
                 if isinstance(row.get("create_date"), dt.datetime) else None),
        lines=lines,
        history=tuple(sorted(
            # Tryton stores naive UTC: aware, the page shows them in the customer's zone.
            ((state, row[name].replace(tzinfo=dt.UTC)) for state, name in HISTORY_FIELDS
             if isinstance(row.get(name), dt.datetime)),
            key=lambda step: step[1])),
    )


def _pickup_line(row: dict) -> PickupLine:
    return PickupLine(
        id=row["id"],
        product=nested(row, "product", "rec_name") or "",
        description=row.get("description") or "",
        quantity=row.get("quantity") or 0,
        unit=nested(row, "unit", "symbol") or "",
        packages=row.get("packages"),
        weight=row.get("weight"),
        weight_unit=nested(row, "weight_unit", "symbol") or "",
    )


def pickup_list(
    scope: CustomerScope,
    *,
    offset: int = 0,
    limit: int = 20,
    sort: str | None = None,
    state: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    search: str = "",
) -> Page[Pickup]:
    """A page of the customer's pickups, latest pickup date first.

    ``state`` is one of PICKUP_STATES (anything else is ignored), the dates bound the
    pickup date, ``search`` matches the reference. Costs 2 calls cold, 0 warm.
    """
    sort = PICKUP_SORTS.clean(sort)
    state = state if state in PICKUP_STATES else None
    search = (search or "").strip()
    leaves: list = []
    if state:
        leaves.append(["state", "=", state])
    if date_from:
        leaves.append(["pickup_date", ">=", date_from])
    if date_to:
        leaves.append(["pickup_date", "<=", date_to])
    if search:
        leaves.append(["reference", "ilike", f"%{search}%"])

    def fetch() -> Page[Pickup]:
        rows, total, first, size = scope.page(
            MODEL,
            leaves,
            fields=PICKUP_FIELDS,
            offset=offset,
            limit=limit,
            order=PICKUP_SORTS.order(sort),
        )
        return Page(items=tuple(_pickup(r) for r in rows), total=total, offset=first, limit=size)

    params = {
        "offset": offset,
        "limit": limit,
        "sort": sort,
        "state": state,
        "from": date_from,
        "to": date_to,
        "search": search,
    }
    return scope.cached("pickup_list", params, fetch)


def pickup_get(scope: CustomerScope, *, pickup_id: int) -> Pickup:
    """One of the customer's pickups with its lines; RecordNotFound if not theirs.

    Costs 2 calls cold, 0 warm.
    """
    if not valid_id(pickup_id):
        raise RecordNotFound()

    def fetch() -> Pickup:
        row = scope.get(MODEL, pickup_id, fields=PICKUP_FIELDS)
        lines = scope.search_read(
            LINE_MODEL, [["request", "=", row["id"]]], fields=LINE_FIELDS, order=[["id", "ASC"]]
        )
        return _pickup(row, tuple(_pickup_line(line) for line in lines))

    return scope.cached("pickup_get", {"id": pickup_id}, fetch)


def pickup_slip(scope: CustomerScope, *, pickup_id: int) -> tuple[bytes, str]:
    """(PDF, file name) of the pickup's slip, rendered by Tryton; RecordNotFound if not theirs.

    Never cached: Tryton renders the slip of the pickup as it is now. Costs 2 calls.
    """
    extension, content, filename = scope.report(SLIP_REPORT, MODEL, pickup_id)
    return content, f"{filename or 'pickup'}.{extension}"


def pickup_cancel(scope: CustomerScope, *, pickup_id: int) -> None:
    """Cancel one of the customer's pickups.

    Raises TrytonValidationError with Tryton's words when it refuses (confirmed already).
    """
    if not valid_id(pickup_id):
        raise RecordNotFound()
    scope.call(MODEL, "portal_cancel", [pickup_id])


def pickup_request_values(
    *,
    address_id: int,
    date: dt.date,
    time_from: dt.time,
    time_to: dt.time,
    lines: list[PickupLineInput],
    order_id: int | None = None,
    comment: str = "",
) -> dict:
    """What ``portal_request`` is sent for one pickup: kept as is by the portal's outbox
    while Tryton is unreachable (erp.encoding keeps its dates and decimals)."""
    return {
        "pickup_address": address_id,
        "pickup_date": date,
        "time_from": time_from,
        "time_to": time_to,
        "sale": order_id,
        "comment": comment or None,
        "lines": [
            {
                "product": line.product_id,
                "quantity": line.quantity,
                "packages": line.packages,
                "weight": line.weight_kg,
                "sale_line": line.sale_line_id,
            }
            for line in lines
        ],
    }


def pickup_request(scope: CustomerScope, *, values: dict, idempotency_key: str) -> int:
    """Ask Tryton for a pickup (created and requested at once); return its id.

    ``values`` come from pickup_request_values. Tryton checks that the address and the
    order are the customer's and the products goods we sell, e-mails the slip to the
    carrier, and raises TrytonValidationError with words meant for the customer when it
    refuses. The same ``idempotency_key`` sent again (a retry after a timeout, the
    outbox's replay) returns the request it created the first time: never a second one.
    """
    return scope.call(MODEL, "portal_request", {**values, "idempotency_key": idempotency_key})


def request_choices(scope: CustomerScope) -> PickupFormChoices:
    """The customer's addresses and signed orders, and the goods, for the request form.

    Costs 2 calls cold (3 when the goods are not cached either), 0 warm.
    """

    def fetch() -> PickupFormChoices:
        addresses = scope.search_read(
            "party.address", [], fields=ADDRESS_FIELDS, order=[["sequence", "ASC"], ["id", "ASC"]]
        )
        orders = scope.search_read(
            "sale.sale",
            [["state", "in", list(SALE_STATES)]],
            fields=SALE_FIELDS,
            limit=CHOICES_LIMIT,
            order=[["sale_date", "DESC NULLS FIRST"], ["id", "DESC"]],
        )
        return PickupFormChoices(
            addresses=tuple(Choice(id=a["id"], label=a.get("rec_name") or "") for a in addresses),
            orders=tuple(_order_choice(o) for o in orders),
            products=(),
        )

    choices = scope.cached("pickup_request_choices", {}, fetch)
    return PickupFormChoices(
        addresses=choices.addresses,
        orders=choices.orders,
        products=goods(),
        as_of=choices.as_of,
    )


def _order_choice(row: dict) -> Choice:
    label = row.get("number") or ""
    if row.get("reference"):
        label = f"{label} ({row['reference']})"
    return Choice(id=row["id"], label=label, detail=str(row.get("sale_date") or ""))


def order_lines(scope: CustomerScope, *, order_id: int) -> tuple[OrderLineChoice, ...]:
    """The goods lines of one of the customer's signed orders, to start a pickup from.

    RecordNotFound when the order is not the customer's or not signed. Costs 2 calls cold.
    """
    if not valid_id(order_id):
        raise RecordNotFound()

    def fetch() -> tuple[OrderLineChoice, ...]:
        scope.get("sale.sale", order_id, fields=["id"], leaves=[["state", "in", list(SALE_STATES)]])
        rows = scope.search_read(
            "sale.line",
            [
                ["sale", "=", order_id],
                ["type", "=", "line"],
                ["product.type", "in", ["goods", "assets"]],
            ],
            fields=SALE_LINE_FIELDS,
            order=[["sequence", "ASC NULLS FIRST"], ["id", "ASC"]],
        )
        return tuple(
            OrderLineChoice(
                id=row["id"],
                product_id=row["product"],
                product=nested(row, "product", "rec_name") or "",
                quantity=abs(row.get("quantity") or 0),
                unit=nested(row, "unit", "symbol") or "",
            )
            for row in rows
            if row.get("product")
        )

    return scope.cached("pickup_order_lines", {"id": order_id}, fetch)


def goods() -> tuple[Choice, ...]:
    """The goods we sell, which a pickup may collect: the same for every customer.

    Not customer data, so read with the service user's own rights and cached for all
    customers (per language: product names are translated). 1 call cold.
    """
    language = get_language() or ""

    def fetch() -> tuple[Choice, ...]:
        rows = get_client().execute(
            "product.product",
            "search_read",
            [["salable", "=", True], ["type", "in", ["goods", "assets"]]],
            0,
            None,
            [["code", "ASC"], ["id", "ASC"]],
            PRODUCT_FIELDS,
            context={"language": language} if language else {},
        )
        return tuple(
            Choice(
                id=row["id"],
                label=row.get("rec_name") or "",
                detail=nested(row, "default_uom", "symbol") or "",
            )
            for row in rows
        )

    # Kept as long as the customers' data: while Tryton is down the request form still
    # offers the goods, and the request waits in the outbox.
    return read_through(f"erp:pickup-goods:v2:{language}", "pickup_goods", fetch)

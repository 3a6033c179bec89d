"""Complaints (sale_complaint) as the customer sees them: problems reported on order lines.

Reads go through the customer's scope; the one write, filing a complaint, goes through
our portal module's entry point ``sale.complaint.portal_file``, which takes the customer
from the scope's context and checks the line, the quantity and the photos again.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import get_language

from .client import get_client
from .errors import RecordNotFound
from .records import Page, decimal, nested
from .scope import CustomerScope, valid_id

MODEL = "sale.complaint"
TYPE_MODEL = "sale.complaint.type"

COMPLAINT_STATES = ("draft", "waiting", "approved", "rejected", "done", "cancelled")
# A customer complains about what was signed and reached them (the portal module
# checks that some of the line was delivered or invoiced).
SALE_STATES = ("confirmed", "processing", "done")
# The same bounds as the portal module's (tryton_modules/portal/complaint.py).
MAX_PHOTOS = 3
MAX_PHOTO_SIZE = 5 * 1024 * 1024
MAX_DESCRIPTION = 2000
PHOTO_TYPES = {"jpeg": "image/jpeg", "png": "image/png"}

LIST_FIELDS = [
    "number",
    "date",
    "state",
    "type.name",
    "portal_quantity",
    "portal_sale_line.product.rec_name",
    "portal_sale_line.description",
    "portal_sale_line.unit.symbol",
    "portal_sale_line.sale",
    "portal_sale_line.sale.number",
]
DETAIL_FIELDS = [
    *LIST_FIELDS,
    "description",
    "portal_sale_line.quantity",
    "portal_credit_note",
    "portal_photos.name",
    "actions.action",
    "actions.quantity",
]
LINE_FIELDS = [
    "product.rec_name",
    "description",
    "quantity",
    "unit.symbol",
    "sale",
    "sale.number",
]


@dataclass(frozen=True)
class Photo:
    id: int
    name: str


@dataclass(frozen=True)
class Complaint:
    """A customer's complaint; ``as_of`` is set when served stale (Tryton down)."""

    id: int
    number: str
    date: dt.date | None
    state: str
    kind: str
    product: str
    quantity: Decimal
    unit: str
    order_id: int | None
    order_number: str
    description: str = ""
    line_quantity: Decimal = Decimal(0)
    # The credit note Tryton made when the back office processed the complaint.
    credit_note_id: int | None = None
    photos: tuple[Photo, ...] = ()
    # What the back office decided: "credit_note" or "sale_return", with a quantity.
    actions: tuple[tuple[str, Decimal | None], ...] = ()
    as_of: dt.datetime | None = None


@dataclass(frozen=True)
class ComplaintLine:
    """An order line the customer may report a problem on."""

    id: int
    product: str
    quantity: Decimal
    unit: str
    order_id: int
    order_number: str


@dataclass(frozen=True)
class ComplaintType:
    id: int
    name: str


def _complaint(row: dict) -> Complaint:
    line = row.get("portal_sale_line.") or {}
    sale = line.get("sale.") or {}
    return Complaint(
        id=row["id"],
        number=row.get("number") or "",
        date=row.get("date"),
        state=row["state"],
        kind=nested(row, "type", "name") or "",
        product=(line.get("product.") or {}).get("rec_name") or line.get("description") or "",
        quantity=decimal(row.get("portal_quantity")),
        unit=(line.get("unit.") or {}).get("symbol") or "",
        order_id=line.get("sale"),
        order_number=sale.get("number") or "",
        description=row.get("description") or "",
        line_quantity=decimal(line.get("quantity")),
        credit_note_id=row.get("portal_credit_note"),
        photos=tuple(
            Photo(id=photo["id"], name=photo.get("name") or "")
            for photo in row.get("portal_photos.") or ()
        ),
        actions=tuple(
            (action.get("action") or "",
             decimal(action["quantity"]) if action.get("quantity") is not None else None)
            for action in row.get("actions.") or ()
            if action.get("action")
        ),
    )


def complaint_list(scope: CustomerScope, *, offset: int = 0, limit: int = 20) -> Page[Complaint]:
    """A page of the customer's complaints, newest first. Costs 2 calls cold, 0 warm."""

    def fetch() -> Page[Complaint]:
        rows, total, first, size = scope.page(
            MODEL,
            [],
            fields=LIST_FIELDS,
            offset=offset,
            limit=limit,
            order=[["date", "DESC NULLS FIRST"], ["id", "DESC"]],
        )
        return Page(items=tuple(_complaint(r) for r in rows), total=total, offset=first, limit=size)

    return scope.cached("complaint_list", {"offset": offset, "limit": limit}, fetch)


def complaint_get(scope: CustomerScope, *, complaint_id: int) -> Complaint:
    """One of the customer's complaints with its photos and what came of it.

    RecordNotFound when it is not theirs. Costs 1 call cold, 0 warm.
    """
    if not valid_id(complaint_id):
        raise RecordNotFound()

    def fetch() -> Complaint:
        return _complaint(scope.get(MODEL, complaint_id, fields=DETAIL_FIELDS))

    return scope.cached("complaint_get", {"id": complaint_id}, fetch)


def complaint_photo(scope: CustomerScope, *, complaint_id: int, photo_id: int) -> tuple[bytes, str]:
    """(content, file name) of one photo of one of the customer's complaints.

    RecordNotFound when either is not theirs. Never cached (files). Costs 2 calls.
    """
    if not valid_id(complaint_id):
        raise RecordNotFound()
    row = scope.attachment(MODEL, complaint_id, photo_id, fields=["name", "data"])
    return bytes(row.get("data") or b""), row.get("name") or "photo"


def complaint_line(scope: CustomerScope, *, line_id: int) -> ComplaintLine:
    """One line of the customer's signed orders, to report a problem on.

    RecordNotFound when it is not theirs or its order is not signed. Costs 1 call cold.
    """
    if not valid_id(line_id):
        raise RecordNotFound()

    def fetch() -> ComplaintLine:
        row = scope.get(
            "sale.line",
            line_id,
            fields=LINE_FIELDS,
            leaves=[["type", "=", "line"], ["sale.state", "in", list(SALE_STATES)]],
        )
        return ComplaintLine(
            id=row["id"],
            product=nested(row, "product", "rec_name") or row.get("description") or "",
            quantity=decimal(row.get("quantity")),
            unit=nested(row, "unit", "symbol") or "",
            order_id=row["sale"],
            order_number=nested(row, "sale", "number") or "",
        )

    return scope.cached("complaint_line", {"id": line_id}, fetch)


def complaint_file(
    scope: CustomerScope,
    *,
    line_id: int,
    type_id: int,
    quantity: Decimal,
    description: str,
    photos: list[tuple[str, bytes]],
) -> int:
    """File a complaint on one of the customer's order lines; return its id.

    Tryton checks the line (the customer's, delivered or invoiced), the quantity and the
    photos, and raises TrytonValidationError with words meant for the customer.
    """
    return scope.call(
        MODEL,
        "portal_file",
        line_id,
        type_id,
        float(quantity),
        description,
        [[name, data] for name, data in photos],
    )


def complaint_types() -> tuple[ComplaintType, ...]:
    """The kinds of problem a customer may report on an order line: the same for all.

    Configuration, not customer data: read with the service user's own rights and
    cached for every customer (per language). 1 call cold.
    """
    language = get_language() or ""
    key = f"erp:complaint-types:v1:{language}"
    found = cache.get(key)
    if found is not None:
        return found
    rows = get_client().execute(
        TYPE_MODEL,
        "search_read",
        [["origin.name", "=", "sale.line"]],
        0,
        None,
        [["name", "ASC"], ["id", "ASC"]],
        ["name"],
        context={"language": language} if language else {},
    )
    types = tuple(ComplaintType(id=row["id"], name=row.get("name") or "") for row in rows)
    cache.set(key, types, timeout=int(settings.PORTAL_CACHE_TTL))
    return types

"""Ordering: the catalog at the customer's prices and checkout, through our portal module.

Tryton computes every price (the party's sale price list, as a sale line of the customer
would get it) and creates the order: the portal never prices nor writes a sale itself.
The entry points take the customer from the scope's context (docs/contracts.md).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from .filters import search_text
from .records import ADDRESS_PARTS, Page, address_lines, decimal
from .scope import MAX_PAGE_SIZE, CustomerScope

PRODUCT_MODEL = "product.product"
SALE_MODEL = "sale.sale"
# As Tryton checks them (tryton_modules/portal/shop.py).
MAX_SEARCH = 100
MAX_ORDER_LINES = 100
MAX_ITEMS = 200
MAX_QUANTITY = Decimal(100000)


@dataclass(frozen=True)
class Category:
    id: int
    name: str


@dataclass(frozen=True)
class CatalogItem:
    """A product the customer may order, at the customer's unit price (None: no price)."""

    id: int
    code: str
    name: str
    unit: str
    unit_name: str
    unit_digits: int
    unit_price: Decimal | None
    category: Category | None = None
    currency: str = ""

    @property
    def orderable(self) -> bool:
        return self.unit_price is not None


@dataclass(frozen=True)
class CatalogPage(Page[CatalogItem]):
    """One page of the catalog, the categories to filter by and the currency of prices."""

    currency: str = ""
    categories: tuple[Category, ...] = ()


@dataclass(frozen=True)
class Address:
    id: int
    lines: tuple[str, ...]

    @property
    def label(self) -> str:
        return ", ".join(self.lines)


@dataclass(frozen=True)
class OrderLineInput:
    product_id: int
    quantity: Decimal


def _category(value) -> Category | None:
    if not isinstance(value, dict):
        return None
    return Category(id=value["id"], name=value.get("name") or "")


def _item(row: dict) -> CatalogItem:
    price = row.get("unit_price")
    return CatalogItem(
        id=row["id"],
        code=row.get("code") or "",
        name=row.get("name") or "",
        unit=row.get("unit") or "",
        unit_name=row.get("unit_name") or "",
        unit_digits=int(row.get("unit_digits") or 0),
        unit_price=None if price is None else decimal(price),
        category=_category(row.get("category")),
        currency=row.get("currency") or "",
    )


def catalog_page(
    scope: CustomerScope,
    *,
    search: str = "",
    category_id: int | None = None,
    offset: int = 0,
    limit: int = 24,
) -> CatalogPage:
    """A page of the products the customer may order, at the customer's prices, matching
    ``search`` (code or name) and ``category_id``. Costs 1 call cold, 0 warm (cached per
    customer: prices are the customer's, and a checkout bumps its version)."""
    search = search_text(search)[:MAX_SEARCH]
    offset = max(0, int(offset))
    limit = min(max(1, int(limit)), MAX_PAGE_SIZE)

    def fetch() -> CatalogPage:
        answer = scope.read_call(
            PRODUCT_MODEL, "portal_catalog", search, category_id, offset, limit
        )
        return CatalogPage(
            items=tuple(_item(row) for row in answer.get("products") or ()),
            total=int(answer.get("total") or 0),
            offset=offset,
            limit=limit,
            currency=answer.get("currency") or "",
            categories=tuple(
                c for c in map(_category, answer.get("categories") or ()) if c
            ),
        )

    params = {"search": search, "category": category_id, "offset": offset, "limit": limit}
    return scope.cached("catalog_page", params, fetch)


def catalog_items(
    scope: CustomerScope, *, ids: tuple[int, ...] = (), codes: tuple[str, ...] = ()
) -> dict[int, CatalogItem]:
    """{product id: item} of the products among ``ids`` and ``codes`` the customer may
    still order, at the customer's prices; the others are left out. 1 call cold, 0 warm."""
    ids = tuple(sorted({i for i in ids if isinstance(i, int)}))[:MAX_ITEMS]
    codes = tuple(sorted({c.strip().upper() for c in codes if c.strip()}))[
        : MAX_ITEMS - len(ids)
    ]
    if not ids and not codes:
        return {}

    def fetch() -> dict[int, CatalogItem]:
        rows = scope.read_call(PRODUCT_MODEL, "portal_catalog_items", list(ids), list(codes))
        return {item.id: item for item in map(_item, rows or ())}

    return scope.cached("catalog_items", {"ids": ids, "codes": codes}, fetch)


def delivery_addresses(scope: CustomerScope) -> tuple[Address, ...]:
    """The customer's addresses to deliver to, as Tryton keeps them. 1 call cold, 0 warm."""

    def fetch() -> tuple[Address, ...]:
        rows = scope.search_read(
            "party.address",
            [],
            fields=list(ADDRESS_PARTS),
            order=[["sequence", "ASC NULLS LAST"], ["id", "ASC"]],
        )
        return tuple(Address(id=row["id"], lines=address_lines(row)) for row in rows)

    return scope.cached("delivery_addresses", {}, fetch)


def checkout(
    scope: CustomerScope,
    *,
    lines: list[OrderLineInput],
    address_id: int,
    delivery_date: dt.date,
    idempotency_key: str,
    confirm: bool = False,
) -> int:
    """Create the customer's order in Tryton (a quotation, or confirmed when ``confirm``)
    and return its id. The same ``idempotency_key`` twice returns the same sale: Tryton
    creates it once. TrytonValidationError with Tryton's words when it refuses (a product
    not sold any more, an address not the customer's, a past date); TrytonRoleForbidden
    for a member who may not order. Bumps the customer's cache version."""
    values = [{"product": line.product_id, "quantity": line.quantity} for line in lines]
    return scope.call(
        SALE_MODEL, "portal_checkout", values, address_id, delivery_date, idempotency_key,
        confirm,
    )

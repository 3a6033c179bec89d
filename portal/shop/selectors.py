"""Reads of the shop: the catalog, the cart priced by Tryton, quick-order matches."""

from dataclasses import dataclass
from decimal import Decimal

from accounts.customer import Customer
from erp import catalog as erp_catalog
from erp.catalog import Address, CatalogItem, CatalogPage

from .cart import cart_lines
from .quick_order import UNKNOWN_CODE, ParsedLine

PAGE_SIZE = 24
# A quantity with more decimals than the product's unit allows.
BAD_UNIT_QUANTITY = "bad_unit_quantity"


@dataclass(frozen=True)
class CartLine:
    item: CatalogItem
    quantity: Decimal

    @property
    def amount(self) -> Decimal:
        return (self.quantity * (self.item.unit_price or 0)).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class Cart:
    """The cart at the customer's prices; ``unavailable`` holds the ids of products in
    the cart the customer may no longer order (shown apart, never ordered)."""

    lines: tuple[CartLine, ...]
    unavailable: tuple[int, ...] = ()
    currency: str = ""

    @property
    def total(self) -> Decimal:
        return sum((line.amount for line in self.lines), Decimal(0))

    @property
    def empty(self) -> bool:
        return not self.lines and not self.unavailable


@dataclass(frozen=True)
class QuickLine:
    """One line of a quick order: what was read, the product it matched, or the error."""

    parsed: ParsedLine
    item: CatalogItem | None = None
    error: str = ""


def catalog(*, customer: Customer, search: str, category_id: int | None, page: int) -> CatalogPage:
    """Page ``page`` (from 1) of the products the customer may order, at their prices."""
    return erp_catalog.catalog_page(
        customer.scope, search=search, category_id=category_id,
        offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE,
    )


def cart_get(*, customer: Customer, session) -> Cart:
    """The customer's cart with Tryton's names and prices of today. 1 call cold, 0 warm."""
    held = cart_lines(session, party_id=customer.party_id)
    items = erp_catalog.catalog_items(customer.scope, ids=tuple(pid for pid, _ in held))
    lines, unavailable = [], []
    for product_id, quantity in held:
        item = items.get(product_id)
        if item and item.orderable:
            lines.append(CartLine(item=item, quantity=quantity))
        else:
            unavailable.append(product_id)
    currency = next((line.item.currency for line in lines), "")
    return Cart(lines=tuple(lines), unavailable=tuple(unavailable), currency=currency)


def catalog_item(*, customer: Customer, product_id: int) -> CatalogItem | None:
    """The product if the customer may order it, else None."""
    item = erp_catalog.catalog_items(customer.scope, ids=(product_id,)).get(product_id)
    return item if item and item.orderable else None


def quick_order_match(*, customer: Customer, lines: list[ParsedLine]) -> list[QuickLine]:
    """Each parsed line with the product its code names, or why it cannot be ordered."""
    codes = tuple(line.code for line in lines if not line.error)
    items = erp_catalog.catalog_items(customer.scope, codes=codes) if codes else {}
    by_code = {item.code.upper(): item for item in items.values() if item.orderable}
    matched = []
    for line in lines:
        if line.error:
            matched.append(QuickLine(parsed=line, error=line.error))
            continue
        item = by_code.get(line.code)
        if item is None:
            matched.append(QuickLine(parsed=line, error=UNKNOWN_CODE))
        elif line.quantity != line.quantity.quantize(Decimal(1).scaleb(-item.unit_digits)):
            matched.append(QuickLine(parsed=line, item=item, error=BAD_UNIT_QUANTITY))
        else:
            matched.append(QuickLine(parsed=line, item=item))
    return matched


def delivery_addresses(*, customer: Customer) -> tuple[Address, ...]:
    return erp_catalog.delivery_addresses(customer.scope)

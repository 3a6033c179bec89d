"""Writes of the shop: the cart (in the session) and the order (in Tryton)."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from outbox import services as outbox
from outbox.models import OutboxEntry

from accounts.customer import Customer
from erp import catalog as erp_catalog
from erp import sales
from erp.catalog import CatalogItem, OrderLineInput

from . import cart
from .selectors import Cart, QuickLine

SESSION_CHECKOUTS = "shop_checkouts"
# The last orders placed on this session, by checkout key: a form submitted twice lands
# on the order the first submit created.
KEPT_CHECKOUTS = 10


@dataclass(frozen=True)
class Reorder:
    added: tuple[CatalogItem, ...]
    # Names of the order's products the customer may no longer order.
    not_sold: tuple[str, ...]


def cart_add(*, customer: Customer, session, item: CatalogItem, quantity: Decimal) -> None:
    cart.cart_add(session, party_id=customer.party_id, product_id=item.id, quantity=quantity)


def cart_set(*, customer: Customer, session, product_id: int, quantity: Decimal) -> None:
    cart.cart_set(session, party_id=customer.party_id, product_id=product_id, quantity=quantity)


def reorder(*, customer: Customer, session, order_id: int) -> Reorder:
    """Put the lines of one of the customer's orders in the cart, those of products the
    customer may still order. RecordNotFound when the order is not theirs."""
    order = sales.order_get(customer.scope, order_id=order_id, with_invoices=False)
    wanted = [line for line in order.lines if line.product_id and line.quantity > 0]
    items = erp_catalog.catalog_items(
        customer.scope, ids=tuple(line.product_id for line in wanted))
    added, not_sold = [], []
    for line in wanted:
        item = items.get(line.product_id)
        if item and item.orderable:
            cart.cart_add(session, party_id=customer.party_id, product_id=item.id,
                          quantity=Decimal(str(line.quantity)))
            added.append(item)
        else:
            not_sold.append(line.product)
    return Reorder(added=tuple(added), not_sold=tuple(not_sold))


def quick_order_add(*, customer: Customer, session, lines: list[QuickLine]) -> int:
    """Add the matched lines to the cart; return how many."""
    count = 0
    for line in lines:
        if line.item and not line.error:
            cart.cart_add(session, party_id=customer.party_id, product_id=line.item.id,
                          quantity=line.parsed.quantity)
            count += 1
    return count


@dataclass(frozen=True)
class CheckedOut:
    """Tryton's sale id, or ``queued`` when the order waits in the outbox for Tryton."""

    sale_id: int | None
    queued: bool


def checkout(
    *, customer: Customer, user, session, the_cart: Cart, address_id: int, address_label: str,
    delivery_date: dt.date, idempotency_key: str,
) -> CheckedOut:
    """Create the order of the cart in Tryton (a quotation, or a confirmed order when
    settings.PORTAL_CHECKOUT_CONFIRMS) and empty the cart. While Tryton is unreachable
    the order is kept in the outbox under the form's key (the replay sends it once Tryton
    is back) and the cart is emptied too: the order is not lost, it is in the outbox.
    The same key twice creates one order: Tryton returns the first one."""
    values = outbox.checkout_values(
        lines=[OrderLineInput(product_id=line.item.id, quantity=line.quantity)
               for line in the_cart.lines],
        address_id=address_id,
        delivery_date=delivery_date,
        confirm=bool(settings.PORTAL_CHECKOUT_CONFIRMS),
    )
    sale_id, entry = outbox.send_or_enqueue(
        kind=OutboxEntry.CHECKOUT, customer=customer, user=user, values=values,
        summary=_checkout_summary(the_cart, address_label, delivery_date),
        idempotency_key=idempotency_key,
    )
    cart.cart_clear(session, party_id=customer.party_id)
    if entry is None:
        done = dict(session.get(SESSION_CHECKOUTS) or {})
        done[idempotency_key] = sale_id
        session[SESSION_CHECKOUTS] = dict(list(done.items())[-KEPT_CHECKOUTS:])
    return CheckedOut(sale_id=sale_id, queued=entry is not None)


def _checkout_summary(the_cart: Cart, address_label: str, delivery_date: dt.date) -> dict:
    """What the customer reads of a kept order (the orders list), at the cart's prices."""
    return {
        "date": delivery_date.isoformat(),
        "address": address_label,
        "currency": the_cart.currency,
        "total": str(the_cart.total),
        "lines": [
            {"product": line.item.name, "quantity": str(line.quantity),
             "amount": str(line.amount)}
            for line in the_cart.lines
        ],
    }


def checkout_kept(*, customer: Customer, user, idempotency_key: str) -> bool:
    """Whether the order of this checkout key is already kept in the outbox."""
    return bool(idempotency_key) and outbox.entry_for_key(
        customer=customer, user=user, idempotency_key=idempotency_key) is not None


def checkout_done(*, session, idempotency_key: str) -> int | None:
    """The order a checkout key already created on this session, if any."""
    done = session.get(SESSION_CHECKOUTS) or {}
    value = done.get(idempotency_key) if isinstance(done, dict) else None
    return value if isinstance(value, int) else None

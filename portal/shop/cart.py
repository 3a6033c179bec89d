"""The cart: what the customer is about to order, kept in the Django session.

One cart per customer the user acts for (switching customers keeps each one's cart):
product ids and quantities only. Names and prices come from Tryton's catalog each time
the cart is shown, so a cart never shows a price Tryton would not charge.
"""

from decimal import Decimal, InvalidOperation

from erp.catalog import MAX_ORDER_LINES, MAX_QUANTITY

SESSION_CART = "shop_cart"


class CartFull(Exception):
    """The cart holds as many lines as an order may."""


def parse_quantity(value, *, digits: int = 3) -> Decimal | None:
    """A positive quantity typed by the customer ("12", "2,5"), at most ``digits``
    decimals and MAX_QUANTITY; None when it is not one."""
    text = str(value or "").strip().replace(",", ".").replace("\N{NO-BREAK SPACE}", "")
    if not text or len(text) > 20:
        return None
    try:
        quantity = Decimal(text)
    except InvalidOperation:
        return None
    if not quantity.is_finite() or not 0 < quantity <= MAX_QUANTITY:
        return None
    if quantity != quantity.quantize(Decimal(1).scaleb(-max(0, digits))):
        return None
    return quantity.quantize(Decimal(1)) if quantity == quantity.to_integral() else quantity


def _carts(session) -> dict:
    carts = session.get(SESSION_CART)
    return carts if isinstance(carts, dict) else {}


def cart_lines(session, *, party_id: int) -> list[tuple[int, Decimal]]:
    """(product id, quantity) of the customer's cart, in the order they were added."""
    lines = []
    for entry in _carts(session).get(str(party_id)) or []:
        try:
            product_id, quantity = int(entry[0]), Decimal(entry[1])
        except (TypeError, ValueError, IndexError, InvalidOperation):
            continue
        if product_id > 0 and quantity > 0:
            lines.append((product_id, quantity))
    return lines


def _store(session, party_id: int, lines: list[tuple[int, Decimal]]) -> None:
    carts = dict(_carts(session))
    if lines:
        carts[str(party_id)] = [[product_id, str(quantity)] for product_id, quantity in lines]
    else:
        carts.pop(str(party_id), None)
    session[SESSION_CART] = carts


def cart_set(session, *, party_id: int, product_id: int, quantity: Decimal) -> None:
    """Set the quantity of a product in the cart (0 removes it). CartFull when it would
    add a line to a full cart."""
    lines = cart_lines(session, party_id=party_id)
    found = [i for i, (pid, _) in enumerate(lines) if pid == product_id]
    if quantity <= 0:
        lines = [line for line in lines if line[0] != product_id]
    elif found:
        lines[found[0]] = (product_id, min(quantity, MAX_QUANTITY))
    elif len(lines) >= MAX_ORDER_LINES:
        raise CartFull
    else:
        lines.append((product_id, min(quantity, MAX_QUANTITY)))
    _store(session, party_id, lines)


def cart_add(session, *, party_id: int, product_id: int, quantity: Decimal) -> None:
    """Add ``quantity`` of a product to what the cart already holds of it."""
    held = dict(cart_lines(session, party_id=party_id)).get(product_id, Decimal(0))
    cart_set(session, party_id=party_id, product_id=product_id, quantity=held + quantity)


def cart_clear(session, *, party_id: int) -> None:
    _store(session, party_id, [])


def cart_count(session, *, party_id: int) -> int:
    return len(cart_lines(session, party_id=party_id))

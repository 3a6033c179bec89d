from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

from core.formatting import money
from orders.templatetags.orders import UNIT_SYMBOL

register = template.Library()


@register.filter
def cart_quantity(value) -> str:
    """A quantity as the customer types it back: no trailing zeros, no grouping
    (12, 2,5 in French)."""
    return floatformat(value, -3)


@register.filter
def price_per_unit(item) -> str:
    """'€2.16 per unit', '€6.50 / kg': a catalog item's price for its sale unit."""
    price = money(item.unit_price, item.currency)
    if item.unit == UNIT_SYMBOL or not item.unit:
        return _("%(price)s per unit") % {"price": price}
    return f"{price} / {item.unit}"

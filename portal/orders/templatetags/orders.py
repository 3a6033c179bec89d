from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import formatting
from erp.sales import Order, OrderLine
from orders.states import (
    INVOICE_DOCUMENT_STATE_LABELS,
    INVOICE_STATE_LABELS,
    ORDER_STATE_LABELS,
    SHIPMENT_DOCUMENT_STATE_LABELS,
    SHIPMENT_STATE_LABELS,
)

register = template.Library()

# Tryton's symbol of its "Unit": a count of items, said in words.
UNIT_SYMBOL = "u"


@register.filter
def order_state(code: str) -> str:
    return ORDER_STATE_LABELS.get(code, code)


@register.filter
def shipment_state(code: str) -> str:
    return SHIPMENT_STATE_LABELS.get(code, code)


@register.filter
def invoice_state(code: str) -> str:
    return INVOICE_STATE_LABELS.get(code, code)


@register.filter
def delivery_state(code: str) -> str:
    return SHIPMENT_DOCUMENT_STATE_LABELS.get(code, code)


@register.filter
def invoice_document_state(code: str) -> str:
    return INVOICE_DOCUMENT_STATE_LABELS.get(code, code)


@register.filter
def money(amount: Decimal, currency: str = "") -> str:
    """An amount in the active language's format: 1 234,50 € in French, €1,234.50 in English."""
    return formatting.money(amount, currency)


@register.filter
def quantity(value) -> str:
    """Quantities without trailing zeros (3, 2.5), localized."""
    return floatformat(value, "-3g")


@register.filter
def quantity_unit(line: OrderLine) -> str:
    """'12 units', '2.5 kg': Tryton's unit by its symbol, its plain unit in words."""
    amount = quantity(line.quantity)
    if line.unit == UNIT_SYMBOL or not line.unit:
        # ngettext wants an integer: fractions of a unit read as plural.
        count = line.quantity if float(line.quantity).is_integer() else 2
        return ngettext("%(quantity)s unit", "%(quantity)s units", int(count)) % {
            "quantity": amount
        }
    return f"{amount}\N{NO-BREAK SPACE}{line.unit}"


@register.filter
def percent(rate: Decimal) -> str:
    """A tax rate (0.2) as people write it: 20 %, 5.5 %."""
    return formatting.percent(rate)


@register.filter
def order_number(order: Order) -> str:
    """The order's number, or what it is when Tryton gave it none."""
    if order.number:
        return order.number
    if order.state == "cancelled":
        return _("Cancelled, no number")
    return _("No number yet")


@register.filter
def order_title(order: Order) -> str:
    """What a person calls the order: 'Order SO42', never 'Draft' or 'None'."""
    if order.number:
        return _("Order %(number)s") % {"number": order.number}
    if order.state == "cancelled":
        return _("Cancelled order (no number)")
    date = order.quotation_date or order.date
    if date:
        return _("Quotation request of %(date)s") % {
            "date": formats.date_format(date, "DATE_FORMAT")
        }
    return _("Quotation request")

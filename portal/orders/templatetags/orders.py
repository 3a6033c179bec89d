from decimal import Decimal

from django import template
from django.template.defaultfilters import floatformat

from core import formatting
from orders.states import INVOICE_STATE_LABELS, ORDER_STATE_LABELS, SHIPMENT_STATE_LABELS

register = template.Library()


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
def money(amount: Decimal, currency: str = "") -> str:
    """An amount in the active language's format: 1 234,50 € in French, €1,234.50 in English."""
    return formatting.money(amount, currency)


@register.filter
def quantity(value) -> str:
    """Quantities without trailing zeros (3, 2.5), localized."""
    return floatformat(value, "-3g")

from django import template
from django.template.defaultfilters import floatformat

register = template.Library()


@register.filter
def cart_quantity(value) -> str:
    """A quantity as the customer types it back: no trailing zeros, no grouping
    (12, 2,5 in French)."""
    return floatformat(value, -3)

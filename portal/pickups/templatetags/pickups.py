from django import template

from pickups.states import PICKUP_STATE_LABELS

register = template.Library()


@register.filter
def pickup_state(code: str) -> str:
    return PICKUP_STATE_LABELS.get(code, code)

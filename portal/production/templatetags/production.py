from django import template

from production.states import PRODUCTION_STATE_LABELS

register = template.Library()


@register.filter
def production_state(code: str) -> str:
    return PRODUCTION_STATE_LABELS.get(code, code)

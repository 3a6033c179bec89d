from django import template

from complaints.states import COMPLAINT_ACTION_LABELS, COMPLAINT_STATE_LABELS

register = template.Library()


@register.filter
def complaint_state(code: str) -> str:
    return COMPLAINT_STATE_LABELS.get(code, code)


@register.filter
def complaint_action(code: str) -> str:
    return COMPLAINT_ACTION_LABELS.get(code, code)

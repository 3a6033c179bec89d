from django import template

from events.states import EVENT_STATE_LABELS

register = template.Library()


@register.filter
def event_state(code: str) -> str:
    return EVENT_STATE_LABELS.get(code, code)

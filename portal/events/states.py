"""Translated labels of the event module's states (the gateway passes Tryton's codes)."""

from django.utils.translation import pgettext_lazy

EVENT_STATE_LABELS = {
    "planned": pgettext_lazy("event", "Planned"),
    "in_progress": pgettext_lazy("event", "In progress"),
    "done": pgettext_lazy("event", "Done"),
    "cancelled": pgettext_lazy("event", "Cancelled"),
}

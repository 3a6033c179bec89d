"""Translated labels of Tryton's production states (the gateway passes Tryton's codes)."""

from django.utils.translation import pgettext_lazy

PRODUCTION_STATE_LABELS = {
    "request": pgettext_lazy("production", "Requested"),
    "draft": pgettext_lazy("production", "Planned"),
    "waiting": pgettext_lazy("production", "Waiting for materials"),
    "assigned": pgettext_lazy("production", "Ready to start"),
    "running": pgettext_lazy("production", "In production"),
    "done": pgettext_lazy("production", "Made"),
    "cancelled": pgettext_lazy("production", "Cancelled"),
}

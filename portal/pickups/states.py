"""Translated labels of the pickup module's states (the gateway passes Tryton's codes)."""

from django.utils.translation import pgettext_lazy

PICKUP_STATE_LABELS = {
    "draft": pgettext_lazy("pickup", "Draft"),
    "requested": pgettext_lazy("pickup", "Requested"),
    "confirmed": pgettext_lazy("pickup", "Confirmed"),
    "done": pgettext_lazy("pickup", "Collected"),
    "cancelled": pgettext_lazy("pickup", "Cancelled"),
}

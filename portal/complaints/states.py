"""The customer's words for the states of a complaint and for what came of it."""

from django.utils.translation import gettext_lazy as _

COMPLAINT_STATE_LABELS = {
    "draft": _("Received"),
    "waiting": _("Under review"),
    "approved": _("Approved"),
    "rejected": _("Rejected"),
    "done": _("Resolved"),
    "cancelled": _("Cancelled"),
}

COMPLAINT_ACTION_LABELS = {
    "credit_note": _("Credit note"),
    "sale_return": _("Return of the goods"),
}

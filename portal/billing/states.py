"""Translated labels of what the customer sees of an invoice's state."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# Invoice.status codes (erp/invoices.py).
INVOICE_STATUS_LABELS = {
    "due": pgettext_lazy("invoice status", "To pay"),
    "overdue": pgettext_lazy("invoice status", "Overdue"),
    "paid": pgettext_lazy("invoice status", "Paid"),
    "credit": pgettext_lazy("invoice status", "Credit to refund"),
}

# The list's filters (erp.invoices.STATUSES), in the order the list shows them.
STATUS_FILTER_LABELS = {
    "due": _("To pay"),
    "overdue": _("Overdue"),
    "paid": _("Paid"),
}

# Ageing buckets of the statement of account (erp.statement.BUCKETS).
AGEING_LABELS = {
    "current": _("Not yet due"),
    "overdue_1_30": _("1–30 days overdue"),
    "overdue_31_60": _("31–60 days overdue"),
    "overdue_61_90": _("61–90 days overdue"),
    "overdue_over_90": _("Over 90 days overdue"),
}

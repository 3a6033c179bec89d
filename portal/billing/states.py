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

"""Translated labels of Tryton's sale states (the gateway passes Tryton's codes through)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

ORDER_STATE_LABELS = {
    "draft": _("Draft"),
    "quotation": _("Quotation"),
    "confirmed": _("Confirmed"),
    "processing": _("Processing"),
    "done": _("Done"),
    "cancelled": _("Cancelled"),
}

SHIPMENT_STATE_LABELS = {
    "none": pgettext_lazy("shipment", "None"),
    "waiting": pgettext_lazy("shipment", "Waiting"),
    "partially shipped": pgettext_lazy("shipment", "Partially shipped"),
    "sent": pgettext_lazy("shipment", "Sent"),
    "exception": pgettext_lazy("shipment", "Exception"),
}

INVOICE_STATE_LABELS = {
    "none": pgettext_lazy("invoice", "None"),
    "pending": pgettext_lazy("invoice", "Pending"),
    "awaiting payment": pgettext_lazy("invoice", "Awaiting payment"),
    "partially paid": pgettext_lazy("invoice", "Partially paid"),
    "paid": pgettext_lazy("invoice", "Paid"),
    "exception": pgettext_lazy("invoice", "Exception"),
}

# States of the shipments (stock.shipment.out) and invoices (account.invoice) of an order.
SHIPMENT_DOCUMENT_STATE_LABELS = {
    "draft": pgettext_lazy("delivery", "Being prepared"),
    "waiting": pgettext_lazy("delivery", "Waiting for stock"),
    "assigned": pgettext_lazy("delivery", "Being prepared"),
    "picked": pgettext_lazy("delivery", "Picked"),
    "packed": pgettext_lazy("delivery", "Packed, ready to leave"),
    "shipped": pgettext_lazy("delivery", "On its way"),
    "done": pgettext_lazy("delivery", "Delivered"),
    "cancelled": pgettext_lazy("delivery", "Cancelled"),
}

INVOICE_DOCUMENT_STATE_LABELS = {
    "draft": pgettext_lazy("invoice document", "Being prepared"),
    "validated": pgettext_lazy("invoice document", "Being prepared"),
    "posted": pgettext_lazy("invoice document", "To pay"),
    "paid": pgettext_lazy("invoice document", "Paid"),
    "cancelled": pgettext_lazy("invoice document", "Cancelled"),
}

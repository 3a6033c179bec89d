"""The e-mails Tryton sends a member on the changes that matter (tryton_modules/portal
notification.py), as the settings page names them.

Tryton decides which kinds a member is offered (its role: no invoice e-mails for a buyer
or a viewer); a kind Tryton offers that is not named here is not shown.
"""

from django.utils.translation import gettext_lazy as _

EMAIL_KINDS = {
    "quotation": _("A quotation is ready for you"),
    "order_confirmed": _("An order is confirmed"),
    "order_shipped": _("An order has been shipped"),
    "order_cancelled": _("An order was cancelled"),
    "invoice_posted": _("An invoice has been issued"),
    "invoice_overdue": _("An invoice is overdue"),
    "pickup_confirmed": _("A pickup is confirmed"),
    "event_cancelled": _("An event was cancelled"),
    "event_support": _("Someone of the supplier's team looks after an event"),
}

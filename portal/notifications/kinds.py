"""Which changes Tryton tells become a notification, their text and the page they link to.

Every change bumps the customer's cache version; only these ones are worth telling the
customer (a sale going from confirmed to processing a second later is not).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    text: str  # with %(name)s, the record's name when it changed
    url_name: str
    url_kwarg: str


_ORDER = ("orders:detail", "order_id")
_INVOICE = ("billing:detail", "invoice_id")
_PICKUP = ("pickups:detail", "pickup_id")
_EVENT = ("events:detail", "event_id")

KINDS = {
    ("sale.sale", "quotation"): Kind(_("Quotation %(name)s is ready for you."), *_ORDER),
    ("sale.sale", "confirmed"): Kind(_("Order %(name)s is confirmed."), *_ORDER),
    ("sale.sale", "shipped"): Kind(_("Order %(name)s has been shipped."), *_ORDER),
    ("sale.sale", "cancelled"): Kind(_("Order %(name)s was cancelled."), *_ORDER),
    ("account.invoice", "posted"): Kind(_("Invoice %(name)s has been issued."), *_INVOICE),
    ("account.invoice", "paid"): Kind(_("Invoice %(name)s is paid. Thank you."), *_INVOICE),
    ("pickup.request", "confirmed"): Kind(_("Pickup %(name)s is confirmed."), *_PICKUP),
    ("pickup.request", "done"): Kind(_("Pickup %(name)s has been collected."), *_PICKUP),
    ("pickup.request", "cancelled"): Kind(_("Pickup %(name)s was cancelled."), *_PICKUP),
    ("event.event", "cancelled"): Kind(_("Event %(name)s was cancelled."), *_EVENT),
}


# Models whose notifications only the members who read billing see (accounts/roles.py):
# a buyer or a viewer is told nothing of the invoices it may not open.
BILLING_MODELS = frozenset({"account.invoice"})


def kind_of(model: str, kind: str) -> Kind | None:
    return KINDS.get((model, kind))

import datetime as dt

from django import template
from django.utils.translation import gettext as _

from billing.states import AGEING_LABELS, INVOICE_STATUS_LABELS
from erp.invoices import Invoice

register = template.Library()


@register.filter
def invoice_status(code: str) -> str:
    return INVOICE_STATUS_LABELS.get(code, code)


@register.filter
def due_date(invoice: Invoice, today: dt.date) -> dt.date | None:
    """When an unpaid invoice fell due (overdue) or falls due; None once paid."""
    return invoice.due_date(today)


@register.filter
def invoice_title(invoice: Invoice) -> str:
    """What a person calls it: 'Invoice 71' or 'Credit note 72'."""
    if invoice.is_credit_note:
        return _("Credit note %(number)s") % {"number": invoice.number}
    return _("Invoice %(number)s") % {"number": invoice.number}


@register.filter
def ageing_label(bucket: str) -> str:
    """'Not yet due', '1–30 days overdue', ... for a bucket of erp.statement.BUCKETS."""
    return AGEING_LABELS.get(bucket, bucket)

"""The invoices a customer ticked on the list: read from the form, checked once."""

from django.utils.translation import gettext as _

from erp.invoices import MAX_BUNDLE_INVOICES
from erp.scope import MAX_TRYTON_INT

# The name of the list's checkboxes (one value per invoice id).
FIELD = "invoice"


class SelectionError(ValueError):
    """The selection cannot be used; ``message`` tells the customer why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def selected_invoice_ids(values: list[str]) -> list[int]:
    """The invoice ids of ``values`` (the form's ``invoice`` values), in the order given,
    each once. SelectionError when there is none, too many or one is no id."""
    ids: list[int] = []
    for value in values:
        value = value.strip()
        if not value.isascii() or not value.isdigit() or not 0 < int(value) <= MAX_TRYTON_INT:
            raise SelectionError(_("The selection holds something that is not an invoice."))
        if int(value) not in ids:
            ids.append(int(value))
    if not ids:
        raise SelectionError(_("Select at least one invoice."))
    if len(ids) > MAX_BUNDLE_INVOICES:
        raise SelectionError(
            _("Select at most %(count)s invoices at a time.") % {"count": MAX_BUNDLE_INVOICES}
        )
    return ids

"""The customer's invoices as a CSV file, in the language they read the portal in."""

import datetime as dt
from collections.abc import Iterable, Iterator

from django.utils import formats
from django.utils.translation import gettext as _

from core.csvfile import amount_cell, csv_lines, text_cell
from erp.invoices import Invoice

from .states import INVOICE_STATUS_LABELS


def export_filename(today: dt.date) -> str:
    return f"invoices-{today.isoformat()}.csv"


def _date(value: dt.date | None) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


def invoice_rows(invoices: Iterable[Invoice], *, today: dt.date) -> Iterator[str]:
    """The CSV lines (header first) of ``invoices``, in the active language."""
    header = [
        _("Number"),
        _("Your reference"),
        _("Date"),
        _("Due date"),
        _("Status"),
        _("Untaxed amount"),
        _("Taxes"),
        _("Total"),
        _("Left to pay"),
        _("Currency"),
    ]
    rows = (
        [
            text_cell(invoice.number),
            text_cell(invoice.reference),
            _date(invoice.date),
            _date(invoice.due_date(today)),
            str(INVOICE_STATUS_LABELS.get(invoice.status, invoice.status)),
            amount_cell(invoice.untaxed_amount),
            amount_cell(invoice.tax_amount),
            amount_cell(invoice.total_amount),
            amount_cell(invoice.amount_to_pay),
            invoice.currency,
        ]
        for invoice in invoices
    )
    return csv_lines(header, rows)

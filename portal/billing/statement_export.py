"""The statement of account as a CSV file: its open items, running balance and ageing."""

import datetime as dt
from collections.abc import Iterator

from django.utils import formats
from django.utils.translation import gettext as _

from core.csvfile import amount_cell, csv_lines, text_cell
from erp.statement import Statement

from .states import AGEING_LABELS


def statement_filename(as_of: dt.date) -> str:
    return f"statement-{as_of.isoformat()}.csv"


def _date(value: dt.date | None) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT") if value else ""


def statement_rows(statement: Statement) -> Iterator[str]:
    """The CSV lines (header first) of the statement's open items, in the active
    language: one per item, oldest first, as the page shows them."""
    header = [
        _("Date"),
        _("Document"),
        _("Your reference"),
        _("Description"),
        _("Due date"),
        _("Days overdue"),
        _("Ageing"),
        _("Debit"),
        _("Credit"),
        _("Balance"),
        _("Currency"),
    ]
    rows = (
        [
            _date(item.date),
            text_cell(item.document),
            text_cell(item.reference),
            text_cell(item.description),
            _date(item.maturity_date),
            str(item.days_overdue),
            str(AGEING_LABELS.get(item.bucket, item.bucket)),
            amount_cell(item.debit),
            amount_cell(item.credit),
            amount_cell(item.balance),
            statement.currency,
        ]
        for item in statement.items
    )
    return csv_lines(header, rows)

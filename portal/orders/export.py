"""The customer's orders as a CSV file, in the language they read the portal in."""

import csv
import datetime as dt
from collections.abc import Iterable, Iterator

from django.template.defaultfilters import floatformat
from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from erp.sales import Order

from .states import ORDER_STATE_LABELS

# Spreadsheets open a CSV whose decimals use a comma when the fields are split by ';'.
DELIMITERS = {"fr": ";"}
# A cell starting with one of these is a formula to a spreadsheet: CSV injection.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file-like whose write returns the line, for streaming csv.writer's output."""

    def write(self, value: str) -> str:
        return value


def export_filename(today: dt.date) -> str:
    return f"orders-{today.isoformat()}.csv"


def _text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _amount(value) -> str:
    # Two decimals with the language's separator, no grouping: a number to a spreadsheet.
    return floatformat(value, 2)


def order_rows(orders: Iterable[Order]) -> Iterator[str]:
    """The CSV lines (header first) of ``orders``, in the active language."""
    language = (get_language() or "en").split("-")[0]
    writer = csv.writer(_Echo(), delimiter=DELIMITERS.get(language, ","))
    # A byte order mark: spreadsheets then read the accents right.
    yield "\ufeff" + writer.writerow(
        [
            _("Number"),
            _("Your reference"),
            _("Date"),
            _("State"),
            _("Untaxed amount"),
            _("Taxes"),
            _("Total"),
            _("Currency"),
        ]
    )
    for order in orders:
        yield writer.writerow(
            [
                _text(order.number),
                _text(order.reference),
                formats.date_format(order.date, "SHORT_DATE_FORMAT") if order.date else "",
                str(ORDER_STATE_LABELS.get(order.state, order.state)),
                _amount(order.untaxed_amount),
                _amount(order.tax_amount),
                _amount(order.total_amount),
                order.currency,
            ]
        )

"""CSV files a spreadsheet opens right, in the customer's language: streamed line by line."""

import csv
from collections.abc import Iterable, Iterator

from django.template.defaultfilters import floatformat
from django.utils.translation import get_language

# Spreadsheets open a CSV whose decimals use a comma when the fields are split by ';'.
DELIMITERS = {"fr": ";"}
# A cell starting with one of these is a formula to a spreadsheet: CSV injection.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    """A file-like whose write returns the line, for streaming csv.writer's output."""

    def write(self, value: str) -> str:
        return value


def text_cell(value: str) -> str:
    """Text a spreadsheet shows as text, never runs as a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def amount_cell(value) -> str:
    """Two decimals with the language's separator, no grouping: a number to a spreadsheet."""
    return floatformat(value, 2)


def csv_lines(header: list[str], rows: Iterable[list[str]]) -> Iterator[str]:
    """The CSV lines of ``header`` then ``rows``, split as the active language expects."""
    language = (get_language() or "en").split("-")[0]
    writer = csv.writer(_Echo(), delimiter=DELIMITERS.get(language, ","))
    # A byte order mark: spreadsheets then read the accents right.
    yield "\ufeff" + writer.writerow(header)
    for row in rows:
        yield writer.writerow(row)

"""What every list page shares: its page number, its query strings, its sortable headers and
what the customer is told about a filter it could not use.

The lists (orders, invoices, pickups, events) differ in what they read; how a customer
pages, sorts and filters them is one idiom, here.
"""

from urllib.parse import urlencode

from django.http import Http404
from django.utils.translation import gettext_lazy

# Far beyond any customer's list (20 a page), and far below Tryton's integer range.
MAX_PAGE_NUMBER = 1_000_000

# What the customer is told about a filter value the list could not use (erp.filters
# names them); each list adds the message of its own choice (state, status).
INVALID_FILTER_MESSAGES = {
    "q": gettext_lazy("The search is too long: type at most 100 characters."),
    "from": gettext_lazy("The start date is not a date (use the calendar or 31/12/2025)."),
    "to": gettext_lazy("The end date is not a date (use the calendar or 31/12/2025)."),
    "range": gettext_lazy("The start date is after the end date: dates ignored."),
}


def page_number(value: str | None) -> int:
    """?page=N from 1; anything else, or a page no list could reach, does not exist."""
    if value is None:
        return 1
    try:
        number = int(value)
    except ValueError:
        raise Http404
    if not 1 <= number <= MAX_PAGE_NUMBER:
        raise Http404
    return number


def query(**params) -> str:
    """A query string of the parameters that have a value."""
    return urlencode({key: value for key, value in params.items() if value})


def sort_columns(columns, sort: str, params: dict) -> list[dict]:
    """Header links of ``columns`` ((key, label, direction of a first click), ...): a click
    on the sorted column reverses it; ``aria_sort`` tells which is sorted and how. The
    filters (``params``) stay; the page goes back to the first."""
    key, descending = sort.removeprefix("-"), sort.startswith("-")
    headers = []
    for column, label, first in columns:
        if column == key:
            aria = "descending" if descending else "ascending"
            next_sort = column if descending else f"-{column}"
        else:
            aria, next_sort = "none", f"{first}{column}"
        headers.append(
            {
                "key": column,
                "label": label,
                "aria_sort": aria,
                "sort": next_sort,
                "query": query(**params, sort=next_sort),
            }
        )
    return headers

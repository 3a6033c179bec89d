"""What list filters share: the customer's dates and search text turned into Tryton terms."""

import datetime as dt
import unicodedata
from collections.abc import Container
from dataclasses import dataclass

# Longer search text is refused (named as invalid), not cut.
MAX_SEARCH_LENGTH = 100

# The date formats a customer types or a date input sends.
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


def parse_date(value: str) -> dt.date | None:
    """A date typed as 2025-12-31 (date inputs) or 31/12/2025; None for anything else,
    years outside 1900-9999 included (Tryton and the locales handle those badly)."""
    for pattern in _DATE_FORMATS:
        try:
            date = dt.datetime.strptime(value, pattern).date()
        except ValueError:
            continue
        if 1900 <= date.year <= 9999:
            return date
    return None


def search_text(value: str | None) -> str:
    """What the customer typed in a search box, as Tryton gets it: control characters
    dropped (PostgreSQL refuses a NUL in any text: a search holding one was a 500) and
    runs of spaces made one."""
    text = " ".join((value or "").split())  # tabs and line breaks are spaces
    return "".join(ch for ch in text if unicodedata.category(ch) != "Cc").strip()


def like_pattern(text: str) -> str:
    """An ``ilike`` pattern finding ``text`` anywhere: the customer's % and _ are letters,
    not wildcards."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@dataclass(frozen=True)
class TypedFilters:
    """What the customer typed in a list's filters, checked: the values that hold, and in
    ``invalid`` the names of the inputs dropped ("q", the choice's name, "from", "to",
    "range")."""

    search: str = ""
    choice: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    invalid: tuple[str, ...] = ()


def typed_filters(
    *,
    search: str = "",
    choice: str = "",
    choice_name: str,
    choices: Container[str],
    date_from: str = "",
    date_to: str = "",
) -> TypedFilters:
    """Check a list's search text, its one choice (a state, a status) among ``choices``
    and its date range. Never raises on user input."""
    invalid = []
    search = search_text(search)
    if len(search) > MAX_SEARCH_LENGTH:
        invalid.append("q")
        search = ""
    choice = (choice or "").strip()
    if choice and choice not in choices:
        invalid.append(choice_name)
        choice = ""
    dates = {}
    for name, value in (("from", date_from), ("to", date_to)):
        value = (value or "").strip()
        dates[name] = parse_date(value) if value else None
        if value and dates[name] is None:
            invalid.append(name)
    if dates["from"] and dates["to"] and dates["from"] > dates["to"]:
        invalid.append("range")
        dates["from"] = dates["to"] = None
    return TypedFilters(
        search=search,
        choice=choice or None,
        date_from=dates["from"],
        date_to=dates["to"],
        invalid=tuple(invalid),
    )

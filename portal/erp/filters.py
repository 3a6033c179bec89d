"""What list filters share: the customer's dates and search text turned into Tryton terms."""

import datetime as dt

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


def like_pattern(text: str) -> str:
    """An ``ilike`` pattern finding ``text`` anywhere: the customer's % and _ are letters,
    not wildcards."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"

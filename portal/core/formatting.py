"""Amounts in the customer's language: 1 234,50 € in French, €1,234.50 in English."""

from decimal import Decimal

from django.template.defaultfilters import floatformat
from django.utils import formats
from django.utils.translation import get_language

# ISO 4217 code -> symbol; other currencies show their code.
CURRENCY_SYMBOLS = {"EUR": "€", "USD": "$", "GBP": "£"}
# Languages that write the symbol before the amount; the others write it after, spaced.
SYMBOL_FIRST = ("en",)


def money(amount: Decimal | None, currency: str = "") -> str:
    """``amount`` with two decimals, grouped and separated as the active language does,
    with its currency symbol where that language puts it."""
    value = floatformat(amount if amount is not None else 0, "2g")
    if not currency:
        return value
    symbol = CURRENCY_SYMBOLS.get(currency, currency)
    language = (get_language() or "").split("-")[0]
    if language in SYMBOL_FIRST and symbol != currency:
        sign, digits = ("-", value[1:]) if value.startswith("-") else ("", value)
        return f"{sign}{symbol}{digits}"
    return f"{value}\N{NO-BREAK SPACE}{symbol}"


def percent(rate: Decimal | None) -> str:
    """A rate (0.2, 0.055) as a percentage in the active language: 20 %, 5,5 %."""
    percentage = (Decimal(rate or 0) * 100).normalize()
    value = formats.number_format(percentage if percentage % 1 else int(percentage))
    language = (get_language() or "").split("-")[0]
    # French puts a (narrow) no-break space before %; English none.
    return f"{value}%" if language in SYMBOL_FIRST else f"{value}\N{NARROW NO-BREAK SPACE}%"

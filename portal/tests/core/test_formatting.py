"""Amounts, numbers and dates as the customer's language writes them."""

import datetime as dt
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from core import formatting
from core.formatting import money


@pytest.mark.parametrize(
    ("language", "amount", "currency", "expected"),
    [
        ("fr", Decimal("1234.5"), "EUR", "1\u00a0234,50\u00a0€"),
        ("en", Decimal("1234.5"), "EUR", "€1,234.50"),
        ("en", Decimal("-12"), "EUR", "-€12.00"),
        ("fr", Decimal("7"), "CHF", "7,00\u00a0CHF"),
        ("en", Decimal("7"), "CHF", "7.00\u00a0CHF"),
        ("en", Decimal("1234.5"), "", "1,234.50"),
    ],
)
def test_money(language, amount, currency, expected):
    with translation.override(language):
        assert money(amount, currency) == expected


@pytest.mark.parametrize(("language", "expected"), [("fr", "16/11/2026"), ("en", "16/11/2026")])
def test_short_dates_put_the_day_first(language, expected):
    template = Template('{{ day|date:"SHORT_DATE_FORMAT" }}')
    with translation.override(language):
        assert template.render(Context({"day": dt.date(2026, 11, 16)})) == expected


def test_long_dates_in_english_read_day_month_year():
    with translation.override("en"):
        rendered = Template('{{ day|date:"DATE_FORMAT" }}').render(
            Context({"day": dt.date(2026, 11, 16)}))
    assert rendered == "16 November 2026"


@pytest.mark.parametrize(
    ("language", "rate", "expected"),
    [("en", "0.2", "20%"), ("en", "0.055", "5.5%"), ("fr", "0.055", "5,5\u202f%"),
     ("fr", "0.1", "10\u202f%")],
)
def test_percent(language, rate, expected):
    with translation.override(language):
        assert formatting.percent(Decimal(rate)) == expected

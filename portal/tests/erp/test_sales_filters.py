"""What a customer types to find orders: validated once, in the gateway, never a 500."""

import datetime as dt
from decimal import Decimal

import pytest

from erp import sales
from erp.sales import Order, OrderLine, order_filters

pytestmark = pytest.mark.django_db


def test_filters_read_iso_and_day_first_dates():
    parsed = order_filters(search="  kombucha   33 ", state="done", date_from="2026-01-31",
                           date_to="28/02/2026")

    assert parsed.invalid == ()
    assert parsed.filters == sales.OrderFilters(
        search="kombucha 33", state="done",
        date_from=dt.date(2026, 1, 31), date_to=dt.date(2026, 2, 28))
    assert parsed.filters.params() == {
        "q": "kombucha 33", "state": "done", "from": "2026-01-31", "to": "2026-02-28"}


@pytest.mark.parametrize(
    ("values", "invalid"),
    [
        ({"state": "draft"}, ("state",)),  # the back office's drafts are not the customer's
        ({"state": "shady'; --"}, ("state",)),
        ({"date_from": "31/02/2026"}, ("from",)),
        ({"date_to": "tomorrow"}, ("to",)),
        ({"date_from": "0001-01-01"}, ("from",)),
        ({"date_from": "2026-03-01", "date_to": "2026-02-01"}, ("range",)),
        ({"search": "x" * 101}, ("q",)),
        ({"date_from": "\x00", "state": "\x00"}, ("state", "from")),
    ],
)
def test_malformed_filters_are_named_and_dropped(values, invalid):
    parsed = order_filters(**values)

    assert parsed.invalid == invalid
    assert parsed.filters == sales.NO_FILTERS


def test_search_matches_number_reference_and_product_with_literal_wildcards():
    leaves = order_filters(search="50%_off").filters.leaves()

    assert leaves[0] == ["state", "!=", "draft"]
    pattern = "%50\\%\\_off%"
    assert leaves[1] == ["OR", ["number", "ilike", pattern], ["reference", "ilike", pattern],
                         ["lines.product.name", "ilike", pattern],
                         ["lines.product.code", "ilike", pattern]]


def test_search_drops_control_characters_postgresql_refuses():
    """A NUL in a search reached PostgreSQL, which refuses it in any text: the list was a
    500 (found by the fuzz walk on the PostgreSQL run)."""
    leaves = order_filters(search="ta\x00rte\x07  aux\tpommes").filters.leaves()

    assert leaves[1][1] == ["number", "ilike", "%tarte aux pommes%"]


def _line(amount, *taxes):
    return OrderLine(id=1, product="P", description="", quantity=1, unit="u",
                     unit_price=amount, amount=amount, taxes=taxes)


def _order(tax_amount, *lines):
    return Order(id=1, number="S1", reference="", date=None, state="done", shipment_state="",
                 invoice_state="", untaxed_amount=sum(line.amount for line in lines),
                 tax_amount=tax_amount, total_amount=Decimal(0), currency="EUR", lines=lines)


def test_taxes_are_grouped_by_rate_as_tryton_rounds_them_per_document():
    vat20, vat55 = ("TVA 20 %", Decimal("0.2")), ("TVA 5,5 %", Decimal("0.055"))
    order = _order(Decimal("4.60"), _line(Decimal("10.01"), vat20),
                   _line(Decimal("10.01"), vat20), _line(Decimal("11.00"), vat55))

    assert [(t.name, t.base, t.amount) for t in order.tax_lines] == [
        ("TVA 5,5 %", Decimal("11.00"), Decimal("0.60")),
        ("TVA 20 %", Decimal("20.02"), Decimal("4.00")),
    ]


def test_taxes_that_do_not_add_up_show_as_one_total():
    order = _order(Decimal("9.99"), _line(Decimal("10.00"), ("TVA", Decimal("0.2"))))

    assert order.tax_lines == ()


def test_a_line_says_its_product_once():
    row = {"id": 1, "product.": {"name": "Kombucha", "code": "KB-1"},
           "description": "[KB-1] Kombucha", "unit.": {"symbol": "u", "name": "Unit"}}

    line = sales._order_line(row)

    assert (line.product, line.product_code, line.description) == ("Kombucha", "KB-1", "")
    assert sales._order_line({**row, "description": "Kombucha\nfût consigné"}).description == (
        "Kombucha\nfût consigné")
    assert sales._order_line({**row, "product.": None}).product == "[KB-1] Kombucha"

"""Typed records: page arithmetic and safe to keep in any cache."""

import datetime as dt
import pickle
from dataclasses import FrozenInstanceError
from decimal import Decimal

import pytest

from erp import Page
from erp.records import address_fields, address_lines
from erp.sales import Order, OrderLine

LINE = OrderLine(1, "Widget", "Blue", 2.0, "u", Decimal("5.00"), Decimal("10.00"))
ORDER = Order(
    1, "S1", "R", dt.date(2024, 1, 1), "done", "sent", "paid",
    Decimal("10.00"), Decimal("2.00"), Decimal("12.00"), "EUR", (LINE,),
)  # fmt: skip


@pytest.mark.parametrize(
    ("offset", "limit", "total", "expected"),
    [
        (0, 20, 0, (1, 1, False, False)),
        (0, 20, 20, (1, 1, False, False)),
        (0, 20, 21, (1, 2, True, False)),
        (20, 20, 41, (2, 3, True, True)),
        (40, 20, 41, (3, 3, False, True)),
    ],
)
def test_page_numbers(offset, limit, total, expected):
    page = Page(items=(), total=total, offset=offset, limit=limit)

    assert (page.number, page.num_pages, page.has_next, page.has_previous) == expected


def test_records_survive_pickling():
    page = Page(items=(ORDER,), total=1, offset=0, limit=20)

    assert pickle.loads(pickle.dumps(page)) == page


def test_records_are_frozen():
    with pytest.raises(FrozenInstanceError):
        ORDER.state = "draft"


def test_an_address_reads_as_written_line_by_line():
    address = {"street": "12 montée de la Grande Côte\nBâtiment B", "postal_code": "69001",
               "city": "Lyon", "country.": {"name": "France"}}

    assert address_lines(address) == (
        "12 montée de la Grande Côte", "Bâtiment B", "69001 Lyon", "France")
    assert address_lines({"city": "Lyon"}) == ("Lyon",)
    assert address_lines(None) == ()
    assert address_fields("shipment_address") == [
        "shipment_address.street", "shipment_address.postal_code", "shipment_address.city",
        "shipment_address.country.name"]

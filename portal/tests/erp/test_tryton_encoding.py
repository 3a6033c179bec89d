"""The gateway's JSON speaks trytond's dialect, checked against trytond's own codec."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from trytond.protocols.jsonrpc import JSONDecoder, JSONEncoder

from erp import encoding

VALUES = [
    Decimal("540.00"),
    Decimal("-0.001"),
    dt.date(2024, 2, 29),
    dt.datetime(2024, 5, 17, 13, 45, 12, 123456),
    dt.time(8, 30, 5, 42),
    dt.timedelta(days=1, seconds=30),
    b"\x00\x01binary\xff" * 40,
]


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_round_trip_keeps_type_and_value(value):
    decoded = encoding.loads(encoding.dumps({"v": [value]}))["v"][0]

    assert type(decoded) is type(value)
    assert decoded == value


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_trytond_decodes_what_the_gateway_sends(value):
    decoded = json.loads(encoding.dumps(value), object_hook=JSONDecoder())

    assert decoded == value


@pytest.mark.parametrize("value", VALUES, ids=lambda v: type(v).__name__)
def test_gateway_decodes_what_trytond_sends(value):
    decoded = encoding.loads(json.dumps(value, cls=JSONEncoder))

    assert type(decoded) is type(value)
    assert decoded == value


def test_decimal_travels_as_tryton_object():
    assert json.loads(encoding.dumps(Decimal("540.00"))) == {
        "__class__": "Decimal",
        "decimal": "540.00",
    }


def test_datetime_is_not_mistaken_for_a_date():
    sent = json.loads(encoding.dumps(dt.datetime(2024, 1, 2, 3, 4, 5)))

    assert sent["__class__"] == "datetime"
    assert sent["hour"] == 3


def test_plain_objects_pass_through():
    assert encoding.loads('{"a": {"b": [1, "x", null]}}') == {"a": {"b": [1, "x", None]}}


def test_unknown_type_is_refused():
    with pytest.raises(TypeError):
        encoding.dumps(object())

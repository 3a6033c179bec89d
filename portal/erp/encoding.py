"""Tryton's JSON-RPC encoding of values JSON lacks (trytond/protocols/jsonrpc.py)."""

import base64
import datetime as dt
import json
from decimal import Decimal
from typing import Any


def _encode(obj: Any) -> Any:
    # datetime is a subclass of date: test the most specific type first.
    if isinstance(obj, dt.datetime):
        return {
            "__class__": "datetime",
            "year": obj.year,
            "month": obj.month,
            "day": obj.day,
            "hour": obj.hour,
            "minute": obj.minute,
            "second": obj.second,
            "microsecond": obj.microsecond,
        }
    if isinstance(obj, dt.date):
        return {"__class__": "date", "year": obj.year, "month": obj.month, "day": obj.day}
    if isinstance(obj, dt.time):
        return {
            "__class__": "time",
            "hour": obj.hour,
            "minute": obj.minute,
            "second": obj.second,
            "microsecond": obj.microsecond,
        }
    if isinstance(obj, dt.timedelta):
        return {"__class__": "timedelta", "seconds": obj.total_seconds()}
    if isinstance(obj, Decimal):
        return {"__class__": "Decimal", "decimal": str(obj)}
    if isinstance(obj, bytes | bytearray | memoryview):
        return {"__class__": "bytes", "base64": base64.b64encode(bytes(obj)).decode("ascii")}
    if isinstance(obj, set | frozenset):
        return list(obj)
    raise TypeError(f"Object of type {type(obj).__name__} is not JSON serializable")


def _decode(dct: dict) -> Any:
    kind = dct.get("__class__")
    if kind == "Decimal":
        return Decimal(dct["decimal"])
    if kind == "date":
        return dt.date(dct["year"], dct["month"], dct["day"])
    if kind == "datetime":
        return dt.datetime(
            dct["year"],
            dct["month"],
            dct["day"],
            dct["hour"],
            dct["minute"],
            dct["second"],
            dct["microsecond"],
        )
    if kind == "time":
        return dt.time(dct["hour"], dct["minute"], dct["second"], dct["microsecond"])
    if kind == "timedelta":
        return dt.timedelta(seconds=dct["seconds"])
    if kind == "bytes":
        return base64.b64decode(dct["base64"])
    return dct


def dumps(obj: Any) -> str:
    """Serialise ``obj`` the way trytond's JSON-RPC decoder expects."""
    return json.dumps(obj, default=_encode, separators=(",", ":"))


def loads(text: str | bytes) -> Any:
    """Parse a trytond JSON-RPC payload, restoring Decimal, dates, bytes..."""
    return json.loads(text, object_hook=_decode)

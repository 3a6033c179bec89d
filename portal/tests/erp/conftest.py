import datetime as dt
import uuid
from decimal import Decimal

import erp_fakes as fakes
import pytest
from erp_fakes import ALICE, BOB

from erp import get_client, reset_client


@pytest.fixture
def fake_tryton(settings):
    """The process-wide client pointed at a FakeTryton, with an empty locmem cache."""
    settings.TRYTON_URL = fakes.URL
    settings.TRYTON_DATABASE = fakes.DATABASE
    settings.TRYTON_SERVICE_USER = fakes.SERVICE_USER
    settings.TRYTON_SERVICE_PASSWORD = fakes.SERVICE_PASSWORD
    settings.TRYTON_BREAKER_THRESHOLD = 5
    settings.TRYTON_BREAKER_COOLDOWN = 30
    settings.PORTAL_CACHE_TTL = 300
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": f"erp-tests-{uuid.uuid4().hex}",
        }
    }
    reset_client()
    fake = fakes.FakeTryton()
    client = get_client()
    client.session.mount(fakes.URL, fake)
    client.backoff = 0  # retries without sleeping
    yield fake
    reset_client()


def _sale(id, party, number, date, state, total, lines=()):
    return {
        "id": id,
        "party": party,
        "number": number,
        "reference": f"REF-{id}",
        "sale_date": date,
        "state": state,
        "shipment_state": "none",
        "invoice_state": "none",
        "untaxed_amount": total,
        "tax_amount": Decimal("0.00"),
        "total_amount": total,
        "currency.": {"id": 1, "code": "EUR"},
        "_lines": lines,
    }


def _line(id, product, quantity, price):
    return {
        "id": id,
        "type": "line",
        "product.": {"id": 100 + id, "rec_name": product},
        "description": product,
        "quantity": quantity,
        "unit.": {"id": 1, "symbol": "u"},
        "unit_price": price,
        "amount": price * Decimal(str(quantity)),
    }


SALES = [
    _sale(1, ALICE, "S1", dt.date(2024, 1, 10), "done", Decimal("100.00"),
          [_line(1, "Widget", 2.0, Decimal("50.00"))]),
    _sale(2, ALICE, "S2", dt.date(2024, 3, 5), "processing", Decimal("30.00"),
          [_line(2, "Bolt", 3.0, Decimal("10.00"))]),
    _sale(3, BOB, "S3", dt.date(2024, 2, 1), "confirmed", Decimal("999.00"),
          [_line(3, "Secret", 1.0, Decimal("999.00"))]),
    # Quotations have a number but no sale date until confirmed.
    _sale(4, ALICE, "S4", None, "quotation", Decimal("0.00")),
    _sale(5, ALICE, "", None, "draft", Decimal("0.00")),
]  # fmt: skip


def _project(row: dict, fields: list[str]) -> dict:
    out = {"id": row["id"]}
    for name in fields:
        if "." in name:
            out[name.split(".")[0] + "."] = row[name.split(".")[0] + "."]
        else:
            out[name] = row[name]
    return out


@pytest.fixture
def sales(fake_tryton):
    """Sales of two customers served by the fake's sale.sale and sale.line methods."""

    def search_read(domain, offset, limit, order, fields, context):
        assert context == fakes.CONTEXT, "the user context travels last"
        rows = [row for row in SALES if fakes.evaluate(domain, row)]
        end = None if limit is None else offset + limit
        return [_project(row, fields) for row in rows[offset:end]]

    def search_count(domain, context):
        return sum(1 for row in SALES if fakes.evaluate(domain, row))

    def line_search_read(domain, offset, limit, order, fields, context):
        rows = []
        for sale in SALES:
            for line in sale["_lines"]:
                flat = {**line, "sale": sale["id"], "sale.party": sale["party"]}
                if fakes.evaluate(domain, flat):
                    rows.append(_project(line, fields))
        return rows

    fake_tryton.on("model.sale.sale.search_read", search_read)
    fake_tryton.on("model.sale.sale.search_count", search_count)
    fake_tryton.on("model.sale.line.search_read", line_search_read)
    return SALES

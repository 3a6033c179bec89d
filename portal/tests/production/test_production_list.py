"""The production list page on edge input (Tryton faked); real data: test_production_tryton.py."""

import datetime as dt

import pytest

from portal.tests.fixtures.fake_tryton import ALICE

pytestmark = pytest.mark.django_db

SEARCH_READ = "model.production.search_read"
SEARCH_COUNT = "model.production.search_count"


def _production(number: int) -> dict:
    return {
        "id": number,
        "number": f"MO{number}",
        "state": "waiting",
        "product": 7,
        "product.": {"id": 7, "name": "Kombucha Original 33 cl", "code": "KB-ORI-33"},
        "quantity": 240.0,
        "unit.": {"id": 1, "symbol": "u"},
        "planned_start_date": dt.date(2026, 12, 1),
        "planned_date": dt.date(2026, 12, 2),
        "effective_start_date": None,
        "effective_date": None,
        "sales.": [
            {"id": 4, "number": "S4", "party": ALICE},
            {"id": 99, "number": "X", "party": 3},
        ],
    }


@pytest.fixture
def productions(fake_tryton):
    rows: list[dict] = []
    fake_tryton.on(
        SEARCH_READ, lambda domain, offset, limit, order, fields, context: rows[offset:][:limit]
    )
    fake_tryton.on(SEARCH_COUNT, lambda domain, context: len(rows))
    return rows


def test_empty_state(alice_client, productions):
    response = alice_client.get("/production/")

    assert response.status_code == 200
    assert "Nothing in production for you right now." in response.content.decode()


def test_list_asks_for_the_customers_productions_in_progress(
    alice_client, fake_tryton, productions
):
    productions.append(_production(1))

    body = alice_client.get("/production/").content.decode()

    domain = fake_tryton.called(SEARCH_READ)[0][0]
    assert ["sales.party", "=", ALICE] in domain
    assert ["state", "in", ["request", "draft", "waiting", "assigned", "running"]] in domain
    assert "Production MO1" in body and "Waiting for materials" in body
    assert "240 units" in body and "Kombucha Original 33 cl" in body
    assert 'datetime="2026-12-02"' in body
    # The order of another customer a production also serves is never named.
    assert 'href="/orders/4/"' in body and "/orders/99/" not in body


def test_pages_of_twenty(alice_client, fake_tryton, productions):
    productions.extend(_production(n) for n in range(1, 46))

    body = alice_client.get("/production/", {"page": "3"}).content.decode()

    assert fake_tryton.called(SEARCH_READ)[0][1:3] == [40, 20]
    assert "Page 3 of 3" in body and 'rel="prev"' in body and 'rel="next"' not in body


@pytest.mark.parametrize("page", ["0", "abc", "2", "9" * 40])
def test_page_that_does_not_exist_is_a_404(alice_client, productions, page):
    assert alice_client.get("/production/", {"page": page}).status_code == 404

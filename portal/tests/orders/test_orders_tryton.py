"""My orders, against the real trytond and its demo data."""

import pytest
from django.core.cache import cache

from core.formatting import money
from erp import sales
from erp.testing import count_rpc_calls
from orders import selectors
from tryton.demo.facts import COMPANY_NAME, SECOND_COMPANY_NAME

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]


@pytest.fixture
def cold_cache():
    cache.clear()


def _all_orders(scope):
    return sales.order_list(scope, limit=100)


def test_customer_sees_only_their_orders_newest_first(customer_a_client, demo_scopes):
    mine, theirs = _all_orders(demo_scopes["a"]), _all_orders(demo_scopes["b"])

    response = customer_a_client.get("/orders/")

    assert response.status_code == 200
    shown = [order.id for order in response.context["page"].items]
    assert shown == [order.id for order in mine.items][: selectors.PAGE_SIZE]
    assert not set(shown) & {order.id for order in theirs.items}
    dates = [order.date for order in response.context["page"].items if order.date]
    assert dates == sorted(dates, reverse=True)
    body = response.content.decode()
    for order in mine.items[:3]:
        assert f'href="/orders/{order.id}/"' in body


def test_order_list_is_paginated(customer_a_client, demo_scopes, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 3)
    mine = _all_orders(demo_scopes["a"])
    assert mine.total > 3, "the demo gives customer A more than one page of 3"

    first = customer_a_client.get("/orders/").context["page"]
    second = customer_a_client.get("/orders/", {"page": 2}).context["page"]

    assert [o.id for o in first.items + second.items] == [o.id for o in mine.items[:6]]
    assert first.total == mine.total
    assert customer_a_client.get("/orders/", {"page": first.num_pages + 1}).status_code == 404


def test_order_list_sorts_by_total(customer_a_client):
    page = customer_a_client.get("/orders/", {"sort": "total"}).context["page"]

    totals = [order.total_amount for order in page.items]
    assert totals == sorted(totals)


def test_order_detail_shows_lines_and_totals(customer_a_client, demo_scopes):
    order = next(o for o in _all_orders(demo_scopes["a"]).items if o.number)
    full = sales.order_get(demo_scopes["a"], order_id=order.id)
    assert full.lines, "demo sales have lines"

    response = customer_a_client.get(f"/orders/{order.id}/")

    body = response.content.decode()
    assert response.status_code == 200
    assert order.number in body
    for line in full.lines:
        assert line.product in body
    assert money(full.total_amount, full.currency) in body  # €1,234.50 in English


def test_customer_cannot_open_another_customers_order(customer_a_client, demo_scopes):
    theirs = _all_orders(demo_scopes["b"]).items[0]

    response = customer_a_client.get(f"/orders/{theirs.id}/")

    assert response.status_code == 404
    # Sale numbers can be as short as "9": look for what only that order carries.
    body = response.content.decode()
    assert theirs.reference and theirs.reference not in body
    assert f"{theirs.total_amount:,.2f}" not in body


def test_order_that_does_not_exist_is_a_404(customer_a_client):
    assert customer_a_client.get("/orders/999999/").status_code == 404


def test_order_list_costs_two_calls_cold_and_none_warm(customer_a_client, cold_cache):
    with count_rpc_calls() as cold:
        assert customer_a_client.get("/orders/").status_code == 200
    with count_rpc_calls() as warm:
        assert customer_a_client.get("/orders/").status_code == 200

    assert len(cold) <= 2, cold
    assert len(warm) == 0, warm


def test_order_detail_costs_three_calls_cold_and_none_warm(
    customer_a_client, demo_scopes, cold_cache
):
    order = _all_orders(demo_scopes["a"]).items[0]
    cache.clear()

    with count_rpc_calls() as cold:
        assert customer_a_client.get(f"/orders/{order.id}/").status_code == 200
    with count_rpc_calls() as warm:
        assert customer_a_client.get(f"/orders/{order.id}/").status_code == 200

    assert len(cold) <= 3, cold
    assert len(warm) == 0, warm


def test_home_shares_the_first_page_of_orders(customer_a_client, cold_cache):
    with count_rpc_calls() as calls:
        customer_a_client.get("/")
        customer_a_client.get("/orders/")

    assert len(calls) <= 2, calls


def test_each_order_shows_under_the_company_that_issued_it(customer_a_client, demo_scopes):
    orders = _all_orders(demo_scopes["a"]).items
    savoie = [o for o in orders if o.reference.startswith("SAVOIE-")]
    lyon = [o for o in orders if o.reference.startswith("DEMO-")]
    assert savoie and lyon, "customer A has orders of both demo companies"

    savoie_page = customer_a_client.get(f"/orders/{savoie[0].id}/").content.decode()
    lyon_page = customer_a_client.get(f"/orders/{lyon[0].id}/").content.decode()

    assert f"Issued by {SECOND_COMPANY_NAME}" in savoie_page
    assert f"Issued by {COMPANY_NAME}<" in lyon_page
    assert savoie[0].company != lyon[0].company

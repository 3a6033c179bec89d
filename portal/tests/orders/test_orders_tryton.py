"""My orders, against the real trytond and its demo data."""

import datetime as dt

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


@pytest.mark.parametrize("reference", [None, "REGULAR-003"])
def test_order_detail_costs_three_calls_cold_and_none_warm(
    customer_a_client, demo_scopes, cold_cache, reference
):
    """The newest order, and a delivered and paid one whose lines show their timeline
    (sale.sale.portal_timeline, the third call)."""
    if reference is None:
        order = _all_orders(demo_scopes["a"]).items[0]
    else:
        order = _order_by_reference(demo_scopes["a"], reference)
    cache.clear()

    with count_rpc_calls() as cold:
        assert customer_a_client.get(f"/orders/{order.id}/").status_code == 200
    with count_rpc_calls() as warm:
        assert customer_a_client.get(f"/orders/{order.id}/").status_code == 200

    assert len(cold) <= 3, cold
    assert len(warm) == 0, warm
    if reference is not None:
        assert "model.sale.sale.portal_timeline" in cold.calls, cold


def test_home_shares_the_first_page_of_orders(customer_a_client, cold_cache):
    with count_rpc_calls() as calls:
        customer_a_client.get("/")
        customer_a_client.get("/orders/")

    # The home page's third call is the invoice balance (tests/billing): not about orders.
    sale_calls = [method for method in calls.calls if method.startswith("model.sale.sale.")]
    assert len(sale_calls) <= 2, calls


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


# --- Search, filters, counts and export (issue 10) -------------------------------------------


def _admin_sales(tryton_admin, party_id, *leaves, fields=("number", "reference", "state")):
    return tryton_admin.execute(
        "sale.sale", "search_read",
        [["party", "=", party_id], ["state", "!=", "draft"], *leaves], 0, None, None,
        list(fields),
    )


def test_customer_a_has_pages_of_orders(customer_a_client):
    page = customer_a_client.get("/orders/").context["page"]

    assert page.total >= 60, "the demo gives customer A a year of regular orders"
    assert page.num_pages >= 3


@pytest.mark.parametrize("field", ["number", "reference", "product name", "product code"])
def test_search_finds_an_order_by(field, customer_a_client, demo_customers, tryton_admin):
    regular = _admin_sales(tryton_admin, demo_customers["a"].party_id,
                           ["reference", "=", "REGULAR-007"])[0]
    line = tryton_admin.execute(
        "sale.line", "search_read", [["sale", "=", regular["id"]]], 0, 1, None,
        ["product.name", "product.code"])[0]
    text = {
        "number": regular["number"],
        "reference": "regular-007",  # any case
        "product name": line["product."]["name"].split(" – ")[0][-12:],
        "product code": line["product."]["code"].lower(),
    }[field]

    page = customer_a_client.get("/orders/", {"q": text}).context["page"]

    assert regular["id"] in {order.id for order in page.items}
    if field == "reference":
        assert [order.id for order in page.items] == [regular["id"]]


def test_search_never_finds_another_customers_order(customer_a_client, demo_scopes):
    theirs = sales.order_list(demo_scopes["b"], limit=1).items[0]

    page = customer_a_client.get("/orders/", {"q": theirs.reference}).context["page"]

    assert page.items == () and page.total == 0


def test_state_filter_and_counts_agree_with_tryton(
    customer_a_client, demo_customers, tryton_admin
):
    party = demo_customers["a"].party_id
    expected = {}
    for sale in _admin_sales(tryton_admin, party):
        expected[sale["state"]] = expected.get(sale["state"], 0) + 1

    response = customer_a_client.get("/orders/", {"state": "done"})
    page = response.context["page"]

    assert dict(page.state_counts) == expected
    assert page.total == expected["done"]
    assert {order.state for order in page.items} == {"done"}
    assert f'aria-current="true">Done <span class="count">{expected["done"]}<' in (
        response.content.decode())


def test_date_range_filter(customer_a_client, demo_customers, tryton_admin):
    today = dt.date.today()
    start, end = today - dt.timedelta(days=120), today - dt.timedelta(days=60)
    expected = _admin_sales(tryton_admin, demo_customers["a"].party_id,
                            ["sale_date", ">=", start], ["sale_date", "<=", end])

    page = customer_a_client.get(
        "/orders/", {"from": start.isoformat(), "to": end.strftime("%d/%m/%Y")}
    ).context["page"]

    assert page.total == len(expected) > 0
    assert all(start <= order.date <= end for order in page.items)


def test_filtered_list_costs_two_calls_cold_and_none_warm(customer_a_client, cold_cache):
    params = {"q": "REGULAR", "state": "done", "from": "2020-01-01", "sort": "total", "page": 2}
    with count_rpc_calls() as cold:
        assert customer_a_client.get("/orders/", params).status_code == 200
    with count_rpc_calls() as warm:
        assert customer_a_client.get("/orders/", params).status_code == 200

    assert cold.calls == ["model.sale.sale.search_read", "model.sale.sale.portal_state_counts"]
    assert len(warm) == 0, warm


def test_export_holds_every_filtered_order(customer_a_client):
    page = customer_a_client.get("/orders/", {"state": "done"}).context["page"]

    response = customer_a_client.get("/orders/export.csv", {"state": "done"})

    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert len(lines) == 1 + page.total > 20  # beyond one page of the list
    assert all(",Done," in line for line in lines[1:])


# --- The detail as a person reads it ---------------------------------------------------------


def _order_by_reference(scope, reference):
    found = sales.order_list(scope, filters=sales.order_filters(search=reference).filters)
    assert len(found.items) == 1, reference
    return sales.order_get(scope, order_id=found.items[0].id)


def test_a_delivered_order_tells_its_delivery_invoice_and_taxes(customer_a_client, demo_scopes):
    order = _order_by_reference(demo_scopes["a"], "REGULAR-003")

    body = customer_a_client.get(f"/orders/{order.id}/").content.decode()

    assert order.shipments and order.invoices and order.delivery_address
    assert f"Delivery {order.shipments[0].number}" in body and "Delivered" in body
    assert f"Invoice {order.invoices[0].number}" in body and "Paid" in body
    assert money(order.invoices[0].total_amount, order.currency) in body
    assert order.tax_lines, "the demo's one VAT rate adds up to Tryton's tax amount"
    assert "(5.5% of " in body  # the demo's VAT on drinks
    assert order.delivery_address.splitlines()[0] in body
    for line in order.lines:
        assert line.product and line.product_code in body
    assert "None" not in body and ">u<" not in body
    assert " units" in body


def test_detail_in_french_reads_dates_and_amounts_the_french_way(customer_a_client, demo_scopes):
    order = _order_by_reference(demo_scopes["a"], "REGULAR-003")
    customer_a_client.post("/i18n/setlang/", {"language": "fr"})

    body = customer_a_client.get(f"/orders/{order.id}/").content.decode()

    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
              "septembre", "octobre", "novembre", "décembre"]
    assert f"{order.date.day} {months[order.date.month - 1]} {order.date.year}" in body
    assert "Livrée" in body and "Payée" in body and " unités" in body
    assert "(5,5\u202f% de " in body
    total = f"{order.total_amount:.2f}".replace(".", ",")
    assert total in body.replace("\u202f", "").replace("\xa0", "")
    # As written, not in the capitals of the French postal format
    street = order.delivery_address.splitlines()[0]
    assert street in body and not street.isupper()


def test_a_cancelled_order_without_number_says_so(customer_a_client, demo_customers, tryton_admin):
    mine = _admin_sales(tryton_admin, demo_customers["a"].party_id,
                        ["state", "=", "cancelled"], ["number", "=", None])
    assert mine, "the demo gives customer A an order cancelled before it was numbered"

    body = customer_a_client.get(f"/orders/{mine[0]['id']}/").content.decode()

    assert "<h1>Cancelled order (no number)</h1>" in body
    assert "Draft" not in body and "None" not in body

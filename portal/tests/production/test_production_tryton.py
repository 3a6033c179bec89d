"""Production for the customer, against the real trytond and its demo data: each order line
shows the production orders making it, /production/ lists those in progress, and another
customer's productions never show."""

import pytest
from django.core.cache import cache

from erp import productions, sales
from erp.productions import IN_PROGRESS_STATES
from erp.testing import count_rpc_calls
from tryton.demo.facts import PRODUCTIONS

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]


def _all_productions(admin) -> list[dict]:
    """Every production with its sales' parties, as the administrator reads them."""
    return admin.execute(
        "production",
        "search_read",
        [],
        0,
        None,
        [["id", "ASC"]],
        ["number", "state", "planned_date", "product", "sales", "sales.party"],
    )


def _of_party(rows, party_id) -> list[dict]:
    return [r for r in rows if any(s["party"] == party_id for s in r["sales."])]


def test_order_page_shows_each_lines_production_with_its_dates(
    customer_a_client, demo_customers, tryton_admin
):
    party = demo_customers["a"].party_id
    made = next(
        r for r in _of_party(_all_productions(tryton_admin), party) if r["state"] == "running"
    )
    [order_id] = made["sales"]
    cache.clear()

    with count_rpc_calls() as cold:
        response = customer_a_client.get(f"/orders/{order_id}/")
    with count_rpc_calls() as warm:
        customer_a_client.get(f"/orders/{order_id}/")

    assert response.status_code == 200
    order = response.context["order"]
    [line] = [line for line in order.lines if line.productions]
    [production] = line.productions
    assert (production.id, production.number, production.state) == (
        made["id"],
        made["number"],
        "running",
    )
    assert production.planned_end == made["planned_date"]
    assert production.started is not None  # the demo started it
    body = response.content.decode()
    assert f"Production {made['number']}" in body
    assert "In production" in body
    assert made["planned_date"].isoformat() in body  # <time datetime="...">
    # The productions come nested in the sale's read; the third call is the lines'
    # timeline, the detail's budget (3) holds.
    assert [c for c in cold.calls if "production" in c] == [], cold
    assert len(cold) <= 3, cold
    assert len(warm) == 0, warm


def test_production_list_shows_only_the_customers_productions_in_progress(
    customer_a_client, demo_customers, tryton_admin
):
    rows = _all_productions(tryton_admin)
    mine = _of_party(rows, demo_customers["a"].party_id)
    in_progress = {r["id"] for r in mine if r["state"] in IN_PROGRESS_STATES}
    others = {r["id"] for r in rows} - {r["id"] for r in mine}
    assert in_progress and others, "the demo gives customer A productions, and others theirs"
    assert {r["state"] for r in mine} - set(IN_PROGRESS_STATES) or len(in_progress) >= 2
    cache.clear()

    with count_rpc_calls() as cold:
        response = customer_a_client.get("/production/")
    with count_rpc_calls() as warm:
        customer_a_client.get("/production/")

    assert response.status_code == 200
    page = response.context["page"]
    assert {p.id for p in page.items} == in_progress
    assert page.total == len(in_progress)
    planned = [p.planned_end for p in page.items]
    assert planned == sorted(planned)
    body = response.content.decode()
    for production in page.items:
        assert production.product and production.quantity
        for order in production.orders:
            assert f'href="/orders/{order.id}/"' in body
        assert production.orders, "each production says which order it serves"
    for row in rows:
        if row["id"] in others and row["number"]:
            assert f"Production {row['number']}<" not in body
    assert len(cold) <= 2, cold
    assert len(warm) == 0, warm


def test_another_customers_productions_never_show(demo_scopes, demo_customers, tryton_admin):
    rows = _all_productions(tryton_admin)
    theirs = _of_party(rows, demo_customers["b"].party_id)
    assert theirs, "the demo gives customer B a production"

    page = productions.production_list(demo_scopes["a"], limit=100)
    seen = {p.id for p in page.items}
    assert not seen & {r["id"] for r in theirs}
    # Nor through one of their orders: the sale itself is not found.
    for row in theirs:
        for sale_id in row["sales"]:
            with pytest.raises(sales.RecordNotFound):
                sales.order_get(demo_scopes["a"], order_id=sale_id)
    # And the scope reads no production of theirs by id.
    for row in theirs:
        found = demo_scopes["a"].search_read(
            "production", [["id", "=", row["id"]]], fields=["number"]
        )
        assert found == []


def test_demo_productions_are_planned_before_the_delivery_of_their_order(tryton_admin):
    made_to_order = {sale[0] for *_, sale in PRODUCTIONS if sale}
    orders = tryton_admin.execute(
        "sale.sale",
        "search_read",
        [["reference", "in", list(made_to_order)]],
        0,
        None,
        None,
        ["reference", "state", "productions", "lines.shipping_date"],
    )
    assert {o["reference"] for o in orders} == made_to_order
    for order in orders:
        [production_id] = order["productions"]
        [production] = tryton_admin.execute(
            "production", "read", [production_id], ["planned_date", "state"]
        )
        [line] = order["lines."]
        assert production["state"] in IN_PROGRESS_STATES
        assert production["planned_date"] < line["shipping_date"], order["reference"]

"""The gateway against a real trytond: customers only ever see their own sales."""

import pytest

from erp import RecordNotFound, sales
from erp.testing import count_rpc_calls

pytestmark = pytest.mark.tryton


@pytest.fixture
def sale_ids(tryton_admin, demo_customers):
    """{'a'|'b': {ids of the customer's sales past draft}}, read by the administrator.

    Drafts are the back office's work in progress; customers see a sale once it is quoted.
    """
    by_customer = {}
    for key, customer in demo_customers.items():
        rows = tryton_admin.execute(
            "sale.sale",
            "search",
            [["party", "=", customer.party_id], ["state", "!=", "draft"]],
            0,
            None,
            None,
        )
        assert rows, f"the demo gives customer {key} sales"
        by_customer[key] = set(rows)
    return by_customer


def test_order_list_holds_exactly_the_customers_sales(demo_scopes, sale_ids):
    for key, scope in demo_scopes.items():
        page = sales.order_list(scope, limit=100)

        assert {order.id for order in page.items} == sale_ids[key]
        assert page.total == len(sale_ids[key])


def test_order_list_is_newest_first(demo_scopes):
    orders = sales.order_list(demo_scopes["a"], limit=100).items

    dated = [order.date for order in orders if order.date is not None]
    assert dated == sorted(dated, reverse=True)
    undated = [i for i, order in enumerate(orders) if order.date is None]
    assert undated == list(range(len(undated)))  # quotations, not dated yet, lead


def test_order_list_sorts_by_total(demo_scopes, sale_ids):
    # Tryton must accept the translated order clause (an unknown one is a fault).
    page = sales.order_list(demo_scopes["a"], sort="-total", limit=100)

    assert {order.id for order in page.items} == sale_ids["a"]
    totals = [order.total_amount for order in page.items]
    assert totals == sorted(totals, reverse=True)


def test_order_get_of_another_customers_sale_is_not_found(demo_scopes, sale_ids):
    bobs_sale = min(sale_ids["b"])

    with pytest.raises(RecordNotFound):
        sales.order_get(demo_scopes["a"], order_id=bobs_sale)
    assert sales.order_get(demo_scopes["b"], order_id=bobs_sale).id == bobs_sale


def test_a_scope_claiming_another_party_sees_nothing(demo_scopes, demo_customers, sale_ids):
    """The second wall: A's live session with B as the party is refused by Tryton itself."""
    from erp import CustomerScope

    forged = CustomerScope(
        party_id=demo_customers["b"].party_id, web_session=demo_scopes["a"].web_session
    )

    assert sales.order_list(forged, limit=100).items == ()
    with pytest.raises(RecordNotFound):
        sales.order_get(forged, order_id=min(sale_ids["b"]))


def test_order_get_returns_typed_lines(demo_scopes, sale_ids):
    orders = [sales.order_get(demo_scopes["a"], order_id=i) for i in sorted(sale_ids["a"])]

    with_lines = [order for order in orders if order.lines]
    assert with_lines, "the demo sales have lines"
    for order in with_lines:
        assert order.currency and len(order.currency) == 3
        assert sum(line.amount for line in order.lines) == order.untaxed_amount
        assert all(line.product and line.unit for line in order.lines)


def test_rpc_budgets(demo_scopes, sale_ids):
    scope = demo_scopes["a"]
    sale_id = min(sale_ids["a"])

    with count_rpc_calls() as list_cold:
        sales.order_list(scope)
    with count_rpc_calls() as list_warm:
        sales.order_list(scope)
    with count_rpc_calls() as detail_cold:
        sales.order_get(scope, order_id=sale_id)
    with count_rpc_calls() as detail_warm:
        sales.order_get(scope, order_id=sale_id)

    assert len(list_cold) == 2
    assert len(list_warm) == 0
    assert len(detail_cold) <= 3
    assert len(detail_warm) == 0

"""The gateway against a real trytond: customers only ever see their own sales."""

from collections import defaultdict

import pytest

from erp import RecordNotFound, TrytonService, get_client
from erp.testing import count_rpc_calls

pytestmark = pytest.mark.tryton


@pytest.fixture
def sales_by_party(tryton_server, tryton_settings):
    """{party id: {ids of sales past draft}} read unscoped as the service user: the reference.

    Drafts are the back office's work in progress; customers see a sale once it is quoted.
    """
    rows = get_client().execute(
        "sale.sale", "search_read", [["state", "!=", "draft"]], 0, None, None, ["party"])
    by_party = defaultdict(set)
    for row in rows:
        by_party[row["party"]].add(row["id"])
    if len(by_party) < 2:
        pytest.fail("the demo data needs sales of at least two customers")
    return by_party


def _two_customers(sales_by_party):
    first, second = sorted(sales_by_party, key=lambda party: -len(sales_by_party[party]))[:2]
    return first, second


def test_order_list_holds_exactly_the_customers_sales(sales_by_party):
    for party_id, sale_ids in sales_by_party.items():
        page = TrytonService.for_customer(party_id).order_list(limit=100)

        assert {order.id for order in page.items} == sale_ids
        assert page.total == len(sale_ids)


def test_order_list_is_newest_first(sales_by_party):
    party_id, _ = _two_customers(sales_by_party)
    orders = TrytonService.for_customer(party_id).order_list(limit=100).items

    dated = [order.date for order in orders if order.date is not None]
    assert dated == sorted(dated, reverse=True)
    undated = [i for i, order in enumerate(orders) if order.date is None]
    assert undated == list(range(len(undated)))  # quotations, not dated yet, lead


def test_order_list_sorts_by_total(sales_by_party):
    party_id, _ = _two_customers(sales_by_party)
    service = TrytonService.for_customer(party_id)

    # Tryton must accept the translated order clause (an unknown one is a fault).
    page = service.order_list(order="-total", limit=100)

    assert {order.id for order in page.items} == sales_by_party[party_id]


def test_order_get_of_another_customers_sale_is_not_found(sales_by_party):
    alice, bob = _two_customers(sales_by_party)
    bobs_sale = min(sales_by_party[bob])

    with pytest.raises(RecordNotFound):
        TrytonService.for_customer(alice).order_get(order_id=bobs_sale)
    assert TrytonService.for_customer(bob).order_get(order_id=bobs_sale).id == bobs_sale


def test_order_get_returns_typed_lines(sales_by_party):
    party_id, _ = _two_customers(sales_by_party)
    service = TrytonService.for_customer(party_id)
    orders = [service.order_get(order_id=sale_id) for sale_id in sorted(sales_by_party[party_id])]

    with_lines = [order for order in orders if order.lines]
    assert with_lines, "the demo sales have lines"
    for order in with_lines:
        assert order.currency and len(order.currency) == 3
        assert sum(line.amount for line in order.lines) == order.untaxed_amount
        assert all(line.product and line.unit for line in order.lines)


def test_rpc_budgets(sales_by_party):
    party_id, _ = _two_customers(sales_by_party)
    service = TrytonService.for_customer(party_id)
    sale_id = min(sales_by_party[party_id])

    with count_rpc_calls() as list_cold:
        service.order_list()
    with count_rpc_calls() as list_warm:
        service.order_list()
    with count_rpc_calls() as detail_cold:
        service.order_get(order_id=sale_id)
    with count_rpc_calls() as detail_warm:
        service.order_get(order_id=sale_id)

    assert len(list_cold) == 2
    assert len(list_warm) == 0
    assert len(detail_cold) <= 3
    assert len(detail_warm) == 0

"""A customer sees only their own sales, within the RPC budgets."""

import datetime as dt
from decimal import Decimal

import pytest
from erp_fakes import ALICE, BOB

from erp import Order, Page, RecordNotFound, TrytonService
from erp.testing import count_rpc_calls

SEARCH_READ = "model.sale.sale.search_read"
SEARCH_COUNT = "model.sale.sale.search_count"
LINES = "model.sale.line.search_read"


def _sent(fake, method):
    return [s.params for s in fake.sent if s.method == method]


def test_order_list_holds_only_the_customers_sales(sales):
    page = TrytonService.for_customer(ALICE).order_list()

    assert isinstance(page, Page)
    assert sorted(order.id for order in page.items) == [1, 2, 4]
    assert page.total == 3


def test_order_list_ands_the_customer_domain(sales, fake_tryton):
    TrytonService.for_customer(BOB).order_list(state="confirmed", search="S3")

    domain = _sent(fake_tryton, SEARCH_READ)[0][0]
    assert domain[0] == "AND"
    assert ["party", "=", BOB] in domain
    assert ["state", "=", "confirmed"] in domain
    assert _sent(fake_tryton, SEARCH_COUNT)[0][0] == domain


def test_order_list_maps_to_typed_orders(sales):
    page = TrytonService.for_customer(ALICE).order_list()
    s1 = next(order for order in page.items if order.id == 1)

    assert s1 == Order(
        id=1,
        number="S1",
        reference="REF-1",
        date=dt.date(2024, 1, 10),
        state="done",
        shipment_state="none",
        invoice_state="none",
        untaxed_amount=Decimal("100.00"),
        tax_amount=Decimal("0.00"),
        total_amount=Decimal("100.00"),
        currency="EUR",
    )


def test_order_list_hides_draft_sales(sales):
    page = TrytonService.for_customer(ALICE).order_list()

    assert 5 not in {order.id for order in page.items}
    assert all(order.state != "draft" for order in page.items)


def test_draft_sale_is_not_found(sales):
    with pytest.raises(RecordNotFound):
        TrytonService.for_customer(ALICE).order_get(order_id=5)


def test_cold_order_list_costs_two_calls(sales):
    alice = TrytonService.for_customer(ALICE)
    alice.order_list(limit=1)  # logs the service user in

    with count_rpc_calls() as calls:
        alice.order_list(limit=2)

    assert calls.calls == [SEARCH_READ, SEARCH_COUNT]


def test_order_list_defaults_to_newest_first(sales, fake_tryton):
    TrytonService.for_customer(ALICE).order_list()

    assert _sent(fake_tryton, SEARCH_READ)[0][3] == [
        ["sale_date", "DESC NULLS FIRST"],
        ["id", "DESC"],
    ]


@pytest.mark.parametrize(
    ("order", "expected"),
    [
        ("total", [["total_amount_cache", "ASC NULLS LAST"], ["id", "ASC"]]),
        ("-number", [["number", "DESC NULLS FIRST"], ["id", "DESC"]]),
        ("state", [["state", "ASC NULLS LAST"], ["id", "ASC"]]),
    ],
)
def test_order_list_sorts_by_public_keys(sales, fake_tryton, order, expected):
    TrytonService.for_customer(ALICE).order_list(order=order)

    assert _sent(fake_tryton, SEARCH_READ)[0][3] == expected


@pytest.mark.parametrize(
    "order", ["party", "-party.name", "id; DROP TABLE", "sale_date", "", "--date"]
)
def test_order_list_never_passes_a_foreign_order_key(sales, fake_tryton, order):
    TrytonService.for_customer(ALICE).order_list(order=order)

    assert _sent(fake_tryton, SEARCH_READ)[0][3] == [
        ["sale_date", "DESC NULLS FIRST"],
        ["id", "DESC"],
    ]


def test_order_list_ignores_an_unknown_state(sales, fake_tryton):
    TrytonService.for_customer(ALICE).order_list(state="shady")

    assert _sent(fake_tryton, SEARCH_READ)[0][0] == [
        "AND", ["party", "=", ALICE], ["state", "!=", "draft"]
    ]


def test_order_list_pages(sales, fake_tryton):
    page = TrytonService.for_customer(ALICE).order_list(offset=2, limit=2)

    assert _sent(fake_tryton, SEARCH_READ)[0][1:3] == [2, 2]
    assert (page.number, page.num_pages, page.has_previous, page.has_next) == (2, 2, True, False)


def test_order_list_limit_is_bounded(sales, fake_tryton):
    TrytonService.for_customer(ALICE).order_list(offset=-5, limit=10_000)

    assert _sent(fake_tryton, SEARCH_READ)[0][1:3] == [0, 100]


def test_order_get_returns_the_order_with_its_lines(sales):
    order = TrytonService.for_customer(ALICE).order_get(order_id=1)

    assert order.number == "S1"
    assert len(order.lines) == 1
    line = order.lines[0]
    assert (line.product, line.quantity, line.unit) == ("Widget", 2.0, "u")
    assert (line.unit_price, line.amount) == (Decimal("50.00"), Decimal("100.00"))


def test_order_get_checks_ownership_in_the_same_call(sales, fake_tryton):
    TrytonService.for_customer(ALICE).order_get(order_id=2)

    domain = _sent(fake_tryton, SEARCH_READ)[0][0]
    assert ["party", "=", ALICE] in domain and ["id", "=", 2] in domain


def test_order_get_of_another_customers_sale_is_not_found(sales, fake_tryton):
    with pytest.raises(RecordNotFound):
        TrytonService.for_customer(ALICE).order_get(order_id=3)

    assert LINES not in fake_tryton.methods()


def test_order_get_of_a_missing_sale_is_not_found(sales):
    with pytest.raises(RecordNotFound):
        TrytonService.for_customer(ALICE).order_get(order_id=999)


def test_order_get_budget_cold_and_warm(sales):
    alice = TrytonService.for_customer(ALICE)
    alice.order_list()  # logs the service user in

    with count_rpc_calls() as cold:
        alice.order_get(order_id=2)
    with count_rpc_calls() as warm:
        alice.order_get(order_id=2)

    assert len(cold) <= 3
    assert cold.calls == [SEARCH_READ, LINES]
    assert len(warm) == 0


@pytest.mark.parametrize("party_id", [0, -1, None, "11", True])
def test_for_customer_requires_a_real_party(fake_tryton, party_id):
    with pytest.raises(ValueError):
        TrytonService.for_customer(party_id)

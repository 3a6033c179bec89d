"""A customer sees only their own sales, within the RPC budgets."""

import datetime as dt
from decimal import Decimal

import pytest

from erp import Page, RecordNotFound, TrytonSessionEnded, sales
from erp.sales import Order
from erp.testing import count_rpc_calls
from portal.tests.fixtures.fake_tryton import ALICE, BOB

SEARCH_READ = "model.sale.sale.search_read"
STATE_COUNTS = "model.sale.sale.portal_state_counts"
LINES = "model.sale.line.search_read"


def _sent(fake, method):
    return [s.params for s in fake.sent if s.method == method]


def test_order_list_holds_only_the_customers_sales(alice):
    page = sales.order_list(alice)

    assert isinstance(page, Page)
    assert sorted(order.id for order in page.items) == [1, 2, 4]
    assert page.total == 3
    assert page.state_counts == (("quotation", 1), ("processing", 1), ("done", 1))


def test_order_list_ands_the_customer_domain(bob, fake_tryton):
    filters = sales.order_filters(state="confirmed", search="S3").filters

    page = sales.order_list(bob, filters=filters)

    domain = _sent(fake_tryton, SEARCH_READ)[0][0]
    assert domain[0] == "AND"
    assert ["party", "=", BOB] in domain
    assert ["state", "=", "confirmed"] in domain
    # The counts per state are of the same search, every state: the total comes from them.
    assert _sent(fake_tryton, STATE_COUNTS)[0][0] == [
        leaf for leaf in domain if leaf != ["state", "=", "confirmed"]
    ]
    assert [o.number for o in page.items] == ["S3"] and page.total == 1


def test_order_list_maps_to_typed_orders(alice):
    page = sales.order_list(alice)
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
        company=1,
    )


def test_order_list_hides_draft_sales(alice):
    page = sales.order_list(alice)

    assert 5 not in {order.id for order in page.items}
    assert all(order.state != "draft" for order in page.items)


def test_draft_sale_is_not_found(alice):
    with pytest.raises(RecordNotFound):
        sales.order_get(alice, order_id=5)


def test_cold_order_list_costs_two_calls(alice):
    sales.order_list(alice, limit=1)  # logs the service user in

    with count_rpc_calls() as calls:
        sales.order_list(alice, limit=2)

    assert calls.calls == [SEARCH_READ, STATE_COUNTS]


def test_order_list_defaults_to_newest_first(alice, fake_tryton):
    sales.order_list(alice)

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
def test_order_list_sorts_by_public_keys(alice, fake_tryton, order, expected):
    sales.order_list(alice, sort=order)

    assert _sent(fake_tryton, SEARCH_READ)[0][3] == expected


@pytest.mark.parametrize(
    "order", ["party", "-party.name", "id; DROP TABLE", "sale_date", "", "--date"]
)
def test_order_list_never_passes_a_foreign_order_key(alice, fake_tryton, order):
    sales.order_list(alice, sort=order)

    assert _sent(fake_tryton, SEARCH_READ)[0][3] == [
        ["sale_date", "DESC NULLS FIRST"],
        ["id", "DESC"],
    ]


def test_order_list_ignores_an_unknown_state(alice, fake_tryton):
    parsed = sales.order_filters(state="shady")
    sales.order_list(alice, filters=parsed.filters)

    assert parsed.invalid == ("state",)
    assert _sent(fake_tryton, SEARCH_READ)[0][0] == [
        "AND", ["party", "=", ALICE], ["state", "!=", "draft"]
    ]


def test_order_list_pages(alice, fake_tryton):
    page = sales.order_list(alice, offset=2, limit=2)

    assert _sent(fake_tryton, SEARCH_READ)[0][1:3] == [2, 2]
    assert (page.number, page.num_pages, page.has_previous, page.has_next) == (2, 2, True, False)


def test_order_list_limit_is_bounded(alice, fake_tryton):
    sales.order_list(alice, offset=-5, limit=10_000)

    assert _sent(fake_tryton, SEARCH_READ)[0][1:3] == [0, 100]


def test_order_get_returns_the_order_with_its_lines(alice):
    order = sales.order_get(alice, order_id=1)

    assert order.number == "S1"
    assert len(order.lines) == 1
    line = order.lines[0]
    assert (line.product, line.quantity, line.unit) == ("Widget", 2.0, "u")
    assert (line.unit_price, line.amount) == (Decimal("50.00"), Decimal("100.00"))


def test_order_get_checks_ownership_in_the_same_call(alice, fake_tryton):
    sales.order_get(alice, order_id=2)

    domain = _sent(fake_tryton, SEARCH_READ)[0][0]
    assert ["party", "=", ALICE] in domain and ["id", "=", 2] in domain


def test_order_get_of_another_customers_sale_is_not_found(alice, fake_tryton):
    with pytest.raises(RecordNotFound):
        sales.order_get(alice, order_id=3)

    assert LINES not in fake_tryton.methods()


def test_order_get_of_a_missing_sale_is_not_found(alice):
    with pytest.raises(RecordNotFound):
        sales.order_get(alice, order_id=999)


def test_order_get_budget_cold_and_warm(alice):
    sales.order_list(alice)  # logs the service user in

    with count_rpc_calls() as cold:
        sales.order_get(alice, order_id=2)
    with count_rpc_calls() as warm:
        sales.order_get(alice, order_id=2)

    assert len(cold) <= 3
    assert cold.calls == [SEARCH_READ, LINES]
    assert len(warm) == 0


def test_every_call_carries_the_customers_session_and_party(alice, fake_tryton):
    sales.order_get(alice, order_id=1)

    for params in fake_tryton.called(SEARCH_READ) + fake_tryton.called(LINES):
        context = params[-1]
        assert context["portal_session"] == alice.web_session
        assert context["portal_party"] == ALICE


def test_a_scope_whose_session_ended_sees_nothing(alice, fake_tryton):
    fake_tryton.world.web_sessions.clear()  # logged out, or expired, in Tryton

    # Refused outright (the portal then signs the customer out), not answered empty.
    with pytest.raises(TrytonSessionEnded):
        sales.order_list(alice)
    with pytest.raises(TrytonSessionEnded):
        sales.order_get(alice, order_id=1)


@pytest.mark.parametrize("order_id", [0, -1, 2**63, 9223372036854775808, True, "1"])
def test_ids_outside_trytons_range_are_not_found_without_a_call(alice, fake_tryton, order_id):
    with pytest.raises(RecordNotFound):
        sales.order_get(alice, order_id=order_id)

    assert fake_tryton.called(SEARCH_READ) == []

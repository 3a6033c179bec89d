"""Customer data is cached per customer and version, and served stale when Tryton is down."""

import datetime as dt

import pytest
import requests
from erp_fakes import ALICE, BOB

from erp import TrytonService, TrytonUnavailable, bump_customer_version
from erp.testing import count_rpc_calls


def _tryton_down(fake, calls=3):
    fake.queue(*[requests.ConnectionError("refused")] * calls)


def test_warm_cache_costs_no_call(sales):
    alice = TrytonService.for_customer(ALICE)
    alice.order_list()

    with count_rpc_calls() as calls:
        page = alice.order_list()

    assert len(calls) == 0
    assert page.as_of is None


def test_customers_do_not_share_cache_entries(sales):
    TrytonService.for_customer(ALICE).order_list()

    with count_rpc_calls() as calls:
        page = TrytonService.for_customer(BOB).order_list()

    assert len(calls) == 2
    assert [order.number for order in page.items] == ["S3"]


def test_version_bump_invalidates_the_customer(sales):
    alice = TrytonService.for_customer(ALICE)
    alice.order_list()
    alice.order_get(order_id=1)

    alice.invalidate()
    with count_rpc_calls() as calls:
        alice.order_list()
        alice.order_get(order_id=1)

    assert len(calls) == 4


def test_version_bump_leaves_other_customers_cached(sales):
    TrytonService.for_customer(BOB).order_list()

    bump_customer_version(ALICE)
    with count_rpc_calls() as calls:
        TrytonService.for_customer(BOB).order_list()

    assert len(calls) == 0


def test_expired_entry_is_fetched_again(settings, sales):
    settings.PORTAL_CACHE_TTL = 0
    alice = TrytonService.for_customer(ALICE)
    alice.order_list()

    with count_rpc_calls() as calls:
        page = alice.order_list()

    assert len(calls) == 2
    assert page.as_of is None


def test_stale_value_is_served_with_its_date_when_tryton_is_down(settings, sales, fake_tryton):
    settings.PORTAL_CACHE_TTL = 0
    alice = TrytonService.for_customer(ALICE)
    before = dt.datetime.now(dt.UTC)
    fresh = alice.order_list()
    _tryton_down(fake_tryton)

    page = alice.order_list()

    assert page.items == fresh.items
    assert page.as_of is not None and before <= page.as_of <= dt.datetime.now(dt.UTC)


def test_stale_order_detail_is_served_with_its_date(settings, sales, fake_tryton):
    settings.PORTAL_CACHE_TTL = 0
    alice = TrytonService.for_customer(ALICE)
    alice.order_get(order_id=1)
    _tryton_down(fake_tryton)

    order = alice.order_get(order_id=1)

    assert order.number == "S1"
    assert order.lines[0].product == "Widget"
    assert order.as_of is not None


def test_nothing_cached_and_tryton_down_is_unavailable(sales, fake_tryton):
    alice = TrytonService.for_customer(ALICE)
    alice.order_list()  # logs the service user in
    _tryton_down(fake_tryton)

    with pytest.raises(TrytonUnavailable):
        alice.order_list(offset=20)


def test_invalidated_entry_is_not_served_stale(settings, sales, fake_tryton):
    alice = TrytonService.for_customer(ALICE)
    alice.order_list()
    alice.invalidate()
    _tryton_down(fake_tryton)

    with pytest.raises(TrytonUnavailable):
        alice.order_list()

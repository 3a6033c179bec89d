"""Customer data is cached per customer and version, and served stale when Tryton is down."""

import datetime as dt

import pytest
import requests

from erp import TrytonUnavailable, bump_customer_version, sales
from erp.testing import count_rpc_calls
from portal.tests.fixtures.fake_tryton import ALICE


def _tryton_down(fake, calls=3):
    fake.queue(*[requests.ConnectionError("refused")] * calls)


def test_warm_cache_costs_no_call(alice):
    sales.order_list(alice)

    with count_rpc_calls() as calls:
        page = sales.order_list(alice)

    assert len(calls) == 0
    assert page.as_of is None


def test_customers_do_not_share_cache_entries(bob, alice):
    sales.order_list(alice)

    with count_rpc_calls() as calls:
        page = sales.order_list(bob)

    assert len(calls) == 2
    assert [order.number for order in page.items] == ["S3"]


def test_version_bump_invalidates_the_customer(alice):
    sales.order_list(alice)
    sales.order_get(alice, order_id=1)

    alice.invalidate()
    with count_rpc_calls() as calls:
        sales.order_list(alice)
        sales.order_get(alice, order_id=1)

    assert len(calls) == 4


def test_version_bump_leaves_other_customers_cached(bob):
    sales.order_list(bob)

    bump_customer_version(ALICE)
    with count_rpc_calls() as calls:
        sales.order_list(bob)

    assert len(calls) == 0


def test_expired_entry_is_fetched_again(alice, settings):
    settings.PORTAL_CACHE_TTL = 0
    sales.order_list(alice)

    with count_rpc_calls() as calls:
        page = sales.order_list(alice)

    assert len(calls) == 2
    assert page.as_of is None


def test_stale_value_is_served_with_its_date_when_tryton_is_down(alice, settings, fake_tryton):
    settings.PORTAL_CACHE_TTL = 0
    before = dt.datetime.now(dt.UTC)
    fresh = sales.order_list(alice)
    _tryton_down(fake_tryton)

    page = sales.order_list(alice)

    assert page.items == fresh.items
    assert page.as_of is not None and before <= page.as_of <= dt.datetime.now(dt.UTC)


def test_stale_order_detail_is_served_with_its_date(alice, settings, fake_tryton):
    settings.PORTAL_CACHE_TTL = 0
    sales.order_get(alice, order_id=1)
    _tryton_down(fake_tryton)

    order = sales.order_get(alice, order_id=1)

    assert order.number == "S1"
    assert order.lines[0].product == "Widget"
    assert order.as_of is not None


def test_nothing_cached_and_tryton_down_is_unavailable(alice, fake_tryton):
    sales.order_list(alice)  # logs the service user in
    _tryton_down(fake_tryton)

    with pytest.raises(TrytonUnavailable):
        sales.order_list(alice, offset=20)


def test_invalidated_entry_is_not_served_stale(alice, settings, fake_tryton):
    sales.order_list(alice)
    alice.invalidate()
    _tryton_down(fake_tryton)

    with pytest.raises(TrytonUnavailable):
        sales.order_list(alice)

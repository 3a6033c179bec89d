"""Order pages' behaviour on edge input (Tryton faked); real data: test_orders_tryton.py."""

import pytest

from portal.tests.fixtures.fake_tryton import ALICE, sale_rows

pytestmark = pytest.mark.django_db

SALES = "model.sale.sale.search_read"


@pytest.mark.parametrize(
    "page", ["0", "-1", "abc", "1.5", "99", "9223372036854775807", "9" * 40]
)
def test_invalid_page_is_a_404_never_a_500(alice_client, page):
    assert alice_client.get("/orders/", {"page": page}).status_code == 404


def test_unknown_sort_falls_back_to_newest_first(alice_client, fake_tryton):
    response = alice_client.get("/orders/", {"sort": "password"})

    assert response.status_code == 200
    assert fake_tryton.called(SALES)[0][3] == [["sale_date", "DESC NULLS FIRST"], ["id", "DESC"]]


def test_sort_headers_tell_the_current_sort_and_reverse_it(alice_client):
    body = alice_client.get("/orders/", {"sort": "-total"}).content.decode()

    assert 'aria-sort="descending"' in body
    assert 'href="?sort=total"' in body  # clicking the sorted column reverses it
    assert 'href="?sort=-date"' in body  # another column starts in its natural order
    assert body.count('aria-sort="none"') == 3


def test_pages_of_twenty_with_links(alice_client, fake_tryton):
    fake_tryton.world.sales = sale_rows(ALICE, 45, first_id=200)

    body = alice_client.get("/orders/", {"page": "2"}).content.decode()

    assert fake_tryton.called(SALES)[0][1:3] == [20, 20]
    assert "Page 2 of 3" in body
    assert 'rel="prev"' in body and 'rel="next"' in body
    assert body.count('href="/orders/2') == 20


def test_empty_state(alice_client, fake_tryton):
    fake_tryton.world.sales = []

    body = alice_client.get("/orders/").content.decode()

    assert "You have no orders yet." in body
    assert "<table" not in body


def test_state_is_a_translated_badge(alice_client):
    alice_client.post("/i18n/setlang/", {"language": "fr"})

    body = alice_client.get("/orders/").content.decode()

    assert '<span class="badge badge-processing">En cours</span>' in body


def test_detail_of_a_foreign_order_is_a_404(alice_client):
    assert alice_client.get("/orders/3/").status_code == 404  # Bob's


@pytest.mark.parametrize("order_id", ["9223372036854775808", "9" * 40])
def test_detail_of_an_id_beyond_trytons_range_is_a_404(alice_client, fake_tryton, order_id):
    assert alice_client.get(f"/orders/{order_id}/").status_code == 404
    assert fake_tryton.called(SALES) == []


def test_detail_shows_lines_and_totals(alice_client):
    body = alice_client.get("/orders/2/").content.decode()

    assert "Bolt" in body
    assert "10.00" in body  # unit price (its currency format: core/formatting.py)
    assert "30.00" in body
    assert "REF-2" in body

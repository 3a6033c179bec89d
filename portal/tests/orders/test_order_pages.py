"""Order pages' behaviour on edge input (Tryton faked); real data: test_orders_tryton.py."""

from decimal import Decimal

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


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"from": "31/02/2026"}, "The start date is not a date"),
        ({"to": "x" * 5000}, "The end date is not a date"),
        ({"from": "2026-03-01", "to": "2026-01-01"}, "The start date is after the end date"),
        ({"state": "draft"}, "Unknown state"),
        ({"q": "S" * 101}, "The search is too long"),
    ],
)
def test_malformed_filters_are_told_on_the_page_never_a_500(alice_client, params, message):
    response = alice_client.get("/orders/", params)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert len(response.context["page"].items) == 3  # the list, unfiltered


def test_filters_and_sort_stay_across_pages(alice_client, fake_tryton):
    fake_tryton.world.sales = sale_rows(ALICE, 45, first_id=200)

    body = alice_client.get(
        "/orders/", {"state": "confirmed", "q": "SO2", "sort": "total", "page": "2"}
    ).content.decode()

    assert "Page 2 of 3" in body
    assert 'href="?q=SO2&amp;state=confirmed&amp;sort=total&amp;page=3" rel="next"' in body
    assert 'href="?q=SO2&amp;state=confirmed&amp;sort=number"' in body  # a header keeps them
    assert 'href="/orders/export.csv?q=SO2&amp;state=confirmed&amp;sort=total"' in body


def test_state_counts_link_to_their_filter(alice_client):
    body = alice_client.get("/orders/", {"q": "S"}).content.decode()

    all_states = '<a href="?q=S&amp;sort=-date" aria-current="true">All <span class="count">3<'
    processing = '<a href="?q=S&amp;state=processing&amp;sort=-date">Processing <span'
    processing += ' class="count">1<'
    assert all_states in body and processing in body


def test_a_search_that_finds_nothing_says_so(alice_client):
    body = alice_client.get("/orders/", {"q": "nothing like it"}).content.decode()

    assert "No order matches your search." in body
    assert "You have no orders yet." not in body


def test_export_is_the_filtered_list_as_csv(alice_client):
    response = alice_client.get("/orders/export.csv", {"state": "done"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="orders-20')
    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines == [
        "\ufeffNumber,Your reference,Date,State,Untaxed amount,Taxes,Total,Currency",
        "S1,REF-1,10/01/2024,Done,100.00,0.00,100.00,EUR",
    ]


def test_export_in_french_uses_semicolons_and_decimal_commas(alice_client, fake_tryton):
    fake_tryton.world.sales[0]["total_amount"] = Decimal("1234.5")
    fake_tryton.world.sales[0]["reference"] = "=HYPERLINK(1)"
    alice_client.post("/i18n/setlang/", {"language": "fr"})

    response = alice_client.get("/orders/export.csv", {"state": "done"})

    lines = b"".join(response.streaming_content).decode().splitlines()
    assert lines[0].startswith("\ufeffNuméro;")
    # A reference starting like a formula is text to a spreadsheet.
    assert lines[1] == "S1;'=HYPERLINK(1);10/01/2024;Terminée;100,00;0,00;1234,50;EUR"


def test_export_with_malformed_filters_is_a_400(alice_client):
    assert alice_client.get("/orders/export.csv", {"from": "soon"}).status_code == 400


def test_answering_a_quotation_is_a_post(alice_client, fake_tryton):
    assert alice_client.get("/orders/4/accept/").status_code == 405
    assert fake_tryton.called("model.sale.sale.portal_accept") == []


def test_cancelled_order_without_number_says_what_it_is(alice_client, fake_tryton):
    fake_tryton.world.sales[3].update(number="", state="cancelled")

    list_body = alice_client.get("/orders/").content.decode()
    detail_body = alice_client.get("/orders/4/").content.decode()

    assert "Cancelled, no number" in list_body and "Draft" not in list_body
    assert "<h1>Cancelled order (no number)</h1>" in detail_body
    assert "None" not in detail_body

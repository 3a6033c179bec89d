"""My invoices, against the real trytond and its demo data.

Customer A (Le Comptoir des Pentes) has years of paid invoices and one to pay, not due yet;
customer B (La Table du Marché) has an overdue one. Both have drafts they must not see.
"""

import datetime as dt
import time
from decimal import Decimal

import pytest
from django.core.cache import cache

from billing import selectors
from core.formatting import money
from erp import invoices
from erp.testing import count_rpc_calls
from portal.tests.fixtures.real_tryton import sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]

SEARCH_READ = "model.account.invoice.search_read"
SEARCH_COUNT = "model.account.invoice.search_count"
BALANCE = "model.account.invoice.portal_balance"


@pytest.fixture
def cold_cache():
    cache.clear()


@pytest.fixture
def customer_b_client(client, demo_customers):
    assert sign_in(client, demo_customers["b"]).status_code == 302
    return client


def _admin_invoices(tryton_admin, party_id, *leaves, fields=("number", "state")):
    """The party's customer invoices as Tryton's administrator reads them: the reference."""
    return tryton_admin.execute(
        "account.invoice", "search_read",
        [["party", "=", party_id], ["type", "=", "out"], *leaves], 0, None,
        [["id", "ASC"]], list(fields),
    )


def _all(scope, **filters):
    return invoices.invoice_list(
        scope, limit=100, filters=invoices.invoice_filters(**filters).filters
    )


def test_demo_customers_have_paid_due_overdue_and_draft_invoices(tryton_admin, demo_customers):
    a = _admin_invoices(tryton_admin, demo_customers["a"].party_id,
                        fields=("state", "amount_to_pay_today"))
    b = _admin_invoices(tryton_admin, demo_customers["b"].party_id,
                        fields=("state", "amount_to_pay_today"))

    assert {"draft", "posted", "paid"} <= {row["state"] for row in a}
    assert any(row["amount_to_pay_today"] > 0 for row in b), "B has an overdue invoice"


def test_customer_sees_their_posted_and_paid_invoices_newest_first(
    customer_a_client, demo_customers, demo_scopes, tryton_admin
):
    expected = _admin_invoices(tryton_admin, demo_customers["a"].party_id,
                               ["state", "in", ["posted", "paid"]])
    drafts = _admin_invoices(tryton_admin, demo_customers["a"].party_id, ["state", "=", "draft"])
    theirs = _all(demo_scopes["b"])

    response = customer_a_client.get("/invoices/")

    assert response.status_code == 200
    page = response.context["page"]
    assert page.total == len(expected)
    shown = [invoice.id for invoice in page.items]
    assert len(shown) == selectors.PAGE_SIZE
    assert set(shown) <= {row["id"] for row in expected}
    assert not set(shown) & ({row["id"] for row in drafts} | {i.id for i in theirs.items})
    dates = [invoice.date for invoice in page.items]
    assert dates == sorted(dates, reverse=True)
    body = response.content.decode()
    assert f'href="/invoices/{shown[0]}/"' in body


def test_invoice_list_is_paginated_and_sorted(customer_a_client, monkeypatch):
    monkeypatch.setattr(selectors, "PAGE_SIZE", 4)

    first = customer_a_client.get("/invoices/", {"sort": "total"}).context["page"]
    second = customer_a_client.get("/invoices/", {"sort": "total", "page": 2}).context["page"]

    totals = [i.total_amount for i in first.items + second.items]
    assert totals == sorted(totals) and len(totals) == 8
    assert not {i.id for i in first.items} & {i.id for i in second.items}
    assert customer_a_client.get("/invoices/", {"page": first.num_pages + 1}).status_code == 404
    assert customer_a_client.get("/invoices/", {"page": "x"}).status_code == 404


def test_search_by_number_and_filters_by_status_and_date(customer_a_client, demo_scopes):
    everything = _all(demo_scopes["a"]).items
    due = [i for i in everything if i.state == "posted"]
    assert due, "customer A has an invoice to pay"

    found = customer_a_client.get("/invoices/", {"q": due[0].number}).context["page"]
    to_pay = customer_a_client.get("/invoices/", {"status": "due"}).context["page"]
    paid = customer_a_client.get("/invoices/", {"status": "paid"}).context["page"]
    day = everything[5].date
    on_day = customer_a_client.get(
        "/invoices/", {"from": day.isoformat(), "to": day.isoformat()}).context["page"]

    assert due[0].id in {i.id for i in found.items}
    assert {i.id for i in to_pay.items} == {i.id for i in due}
    assert paid.total == len(everything) - len(due) and {i.state for i in paid.items} == {"paid"}
    assert on_day.items and {i.date for i in on_day.items} == {day}


def test_overdue_filter_and_balance_of_a_customer_who_is_late(customer_b_client, tryton_admin,
                                                              demo_customers):
    late = [row for row in _admin_invoices(
        tryton_admin, demo_customers["b"].party_id, ["state", "=", "posted"],
        fields=("number", "amount_to_pay", "amount_to_pay_today"))
        if row["amount_to_pay_today"] > 0]

    response = customer_b_client.get("/invoices/", {"status": "overdue"})

    assert response.status_code == 200
    assert {i.id for i in response.context["page"].items} == {row["id"] for row in late}
    assert all(i.status == "overdue" for i in response.context["page"].items)
    balance = response.context["balance"]
    assert balance.overdue_count == len(late)
    overdue = sum((row["amount_to_pay_today"] for row in late), Decimal(0))
    assert balance.amounts[0].amount_overdue == overdue
    body = response.content.decode()
    assert money(overdue, "EUR") in body
    assert "Overdue" in body


def test_balance_of_a_customer_with_nothing_overdue(customer_a_client, tryton_admin,
                                                    demo_customers):
    open_rows = _admin_invoices(tryton_admin, demo_customers["a"].party_id,
                                ["state", "=", "posted"], fields=("amount_to_pay",))

    balance = customer_a_client.get("/invoices/").context["balance"]
    nothing_late = customer_a_client.get("/invoices/", {"status": "overdue"})

    assert balance.amounts[0].amount_due == sum(r["amount_to_pay"] for r in open_rows)
    assert balance.overdue_count == 0
    assert balance.next_due_date and balance.next_due_date > dt.date.today()
    assert "Nothing is overdue" in nothing_late.content.decode()


@pytest.mark.parametrize("params", [
    {"from": "2026-13-45"}, {"to": "yesterday"}, {"status": "<script>"},
    {"from": "2026-02-01", "to": "2026-01-01"}, {"q": "x" * 500}, {"sort": "'; drop"},
])
def test_malformed_filters_are_explained_never_a_500(customer_a_client, params):
    response = customer_a_client.get("/invoices/", params)

    assert response.status_code == 200
    if "sort" not in params:
        assert response.context["filter_errors"]
        assert 'class="message message-error"' in response.content.decode()


def test_csv_export_holds_the_filtered_list(customer_a_client, demo_scopes):
    paid = _all(demo_scopes["a"], status="paid")

    response = customer_a_client.get("/invoices/export.csv", {"status": "paid"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith('attachment; filename="invoices-')
    lines = b"".join(response.streaming_content).decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Number,Your reference,Date,Due date,Status")
    assert len(lines) == 1 + paid.total
    assert {line.split(",")[0] for line in lines[1:]} == {i.number for i in paid.items}
    assert customer_a_client.get("/invoices/export.csv", {"from": "nope"}).status_code == 400


def test_invoice_detail_shows_lines_taxes_terms_and_orders(customer_a_client, demo_scopes):
    # An invoice of orders, not the credit note the demo's complaint ends in.
    invoice = next(
        i for i in _all(demo_scopes["a"]).items if i.state == "posted" and i.total_amount > 0
    )

    response = customer_a_client.get(f"/invoices/{invoice.id}/")

    assert response.status_code == 200
    full = response.context["invoice"]
    assert full.lines and full.taxes and full.orders
    body = response.content.decode()
    for line in full.lines:
        assert line.product in body
        assert money(line.unit_price, full.currency) in body  # two decimals: €5.20
    assert "5.5%" in body  # taxes by rate
    assert full.payment_term in body
    assert full.due_date(dt.date.today()).strftime("%-d %B %Y") in body
    assert money(full.amount_to_pay, full.currency) in body
    for order in full.orders:
        assert f'href="/orders/{order.id}/"' in body


def test_customer_cannot_open_another_customers_invoice_or_pdf(
    customer_a_client, demo_scopes, tryton_admin, demo_customers
):
    theirs = _all(demo_scopes["b"]).items[0]
    draft = _admin_invoices(tryton_admin, demo_customers["a"].party_id,
                            ["state", "=", "draft"])[0]

    for url in (f"/invoices/{theirs.id}/", f"/invoices/{theirs.id}/pdf/",
                f"/invoices/{draft['id']}/", f"/invoices/{draft['id']}/pdf/",
                "/invoices/999999/", f"/invoices/{2**63}/pdf/"):
        response = customer_a_client.get(url)
        assert response.status_code == 404, url
        assert money(theirs.total_amount, theirs.currency) not in response.content.decode()


def test_pdf_is_trytons_invoice_report_kept_after_the_first_download(
    customer_a_client, demo_scopes, cold_cache
):
    # An invoice, not a credit note (named credit-note-<number>.pdf): the demo's complaint
    # ends in one.
    invoice = next(i for i in _all(demo_scopes["a"]).items if i.total_amount > 0)
    cache.clear()

    started = time.monotonic()
    with count_rpc_calls() as cold:
        first = customer_a_client.get(f"/invoices/{invoice.id}/pdf/")
    took_first = time.monotonic() - started
    started = time.monotonic()
    with count_rpc_calls() as warm:
        second = customer_a_client.get(f"/invoices/{invoice.id}/pdf/")
    took_second = time.monotonic() - started

    assert first.status_code == 200
    assert first["Content-Type"] == "application/pdf"
    assert first.content.startswith(b"%PDF")
    assert first["Content-Disposition"] == (
        f'attachment; filename="invoice-{invoice.number}.pdf"')
    assert "private" in first["Cache-Control"]
    assert second.content == first.content
    assert len(cold) <= 3, cold
    assert len(warm) == 0, warm
    print(f"\n[invoice pdf] first {took_first * 1000:.0f} ms, second {took_second * 1000:.0f} ms")


def test_invoice_list_costs_two_calls_and_the_balance_one_cold_none_warm(
    customer_a_client, cold_cache
):
    with count_rpc_calls() as cold:
        assert customer_a_client.get("/invoices/").status_code == 200
    with count_rpc_calls() as warm:
        assert customer_a_client.get("/invoices/").status_code == 200
    with count_rpc_calls() as next_page:
        assert customer_a_client.get("/invoices/", {"page": 2}).status_code == 200

    # The balance at the top (summed by Tryton) is the one call more.
    assert sorted(cold.calls) == sorted([SEARCH_READ, BALANCE, SEARCH_COUNT]), cold
    assert len(warm) == 0, warm
    assert next_page.calls == [SEARCH_READ, SEARCH_COUNT]  # the balance is kept


def test_invoice_detail_costs_one_call_cold_and_none_warm(
    customer_a_client, demo_scopes, cold_cache
):
    invoice = _all(demo_scopes["a"]).items[0]
    cache.clear()

    with count_rpc_calls() as cold:
        assert customer_a_client.get(f"/invoices/{invoice.id}/").status_code == 200
    with count_rpc_calls() as warm:
        assert customer_a_client.get(f"/invoices/{invoice.id}/").status_code == 200

    assert len(cold) <= 3 and cold.calls == [SEARCH_READ], cold
    assert len(warm) == 0, warm


def test_home_tells_where_the_customer_stands(customer_b_client, cold_cache):
    with count_rpc_calls() as cold:
        response = customer_b_client.get("/")
    with count_rpc_calls() as warm:
        customer_b_client.get("/")

    body = response.content.decode()
    balance = response.context["balance"]
    assert "Where you stand" in body
    assert money(balance.amounts[0].amount_due, "EUR") in body
    assert 'href="/invoices/?status=overdue"' in body
    # Dashboard budget 4: the first page of orders (2) and the invoice balance (1).
    assert len(cold) <= 4 and cold.calls.count(BALANCE) == 1, cold
    assert len(warm) == 0, warm

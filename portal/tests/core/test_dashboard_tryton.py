"""The home page's dashboard against the real trytond and its demo data: Tryton's own
counts for the signed-in customer, the monthly spend drawn as SVG, the latest invoices for
the roles that read billing, within the home page's budget of 4 calls."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.test import Client

from erp.testing import count_rpc_calls
from tryton.demo.facts import DEMO_PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]

DASHBOARD = "model.party.party.portal_dashboard"
LUCAS = "lucas@comptoir-des-pentes.example.fr"  # a buyer of customer A


@pytest.fixture
def cold_cache():
    cache.clear()


def _count(tryton_admin, model, domain):
    return tryton_admin.execute(model, "search_count", domain, context={})


def test_the_dashboard_counts_what_tryton_holds_for_the_customer(
    customer_a_client, demo_customers, tryton_admin, cold_cache
):
    party = demo_customers["a"].party_id
    with count_rpc_calls() as cold:
        response = customer_a_client.get("/")
    with count_rpc_calls() as warm:
        customer_a_client.get("/")

    assert response.status_code == 200
    assert len(cold) <= 4 and cold.calls.count(DASHBOARD) == 1, cold
    assert len(warm) == 0, warm
    dashboard = response.context["dashboard"]
    in_progress = _count(
        tryton_admin,
        "sale.sale",
        [["party", "=", party], ["state", "in", ["confirmed", "processing"]]],
    )
    due = _count(
        tryton_admin,
        "account.invoice",
        # Not a credit note: its negative amount is owed to the customer.
        [["party", "=", party], ["type", "=", "out"], ["state", "=", "posted"],
         ["total_amount", ">", 0]],
    )
    assert dashboard.orders_in_progress == in_progress > 0
    assert dashboard.invoices_due == due > 0
    assert (
        0
        < dashboard.quotations_waiting
        <= _count(tryton_admin, "sale.sale", [["party", "=", party], ["state", "=", "quotation"]])
    )
    assert len(dashboard.monthly_spend) == 12
    assert dashboard.monthly_spend[-1].month == dt.date.today().replace(day=1)
    assert dashboard.spend_total > 0
    assert dashboard.recent_invoices
    body = response.content.decode()
    assert body.count('class="spend-bar"') == 12
    assert f'href="/invoices/{dashboard.recent_invoices[0].id}/"' in body
    # The demo complaint's credit note: to be refunded, never a negative amount "to pay".
    assert any(invoice.amount_to_pay < 0 for invoice in dashboard.recent_invoices)
    assert "To be refunded" in body
    assert not re.search(r"-€[\d.,]+ to pay", body)


def test_customers_get_their_own_figures(customer_a_client, demo_customers, client, cold_cache):
    mine = customer_a_client.get("/").context["dashboard"]
    other = Client()
    assert (
        other.post(
            "/accounts/login/", {"login": demo_customers["b"].email, "password": DEMO_PASSWORD}
        ).status_code
        == 302
    )
    theirs = other.get("/").context["dashboard"]

    assert {i.id for i in mine.recent_invoices}.isdisjoint(i.id for i in theirs.recent_invoices)
    assert (mine.orders_in_progress, mine.spend_total) != (
        theirs.orders_in_progress,
        theirs.spend_total,
    )


def test_a_buyer_sees_the_counters_but_no_invoice(client, cold_cache, tryton_settings):
    assert (
        client.post("/accounts/login/", {"login": LUCAS, "password": DEMO_PASSWORD}).status_code
        == 302
    )

    response = client.get("/")

    dashboard = response.context["dashboard"]
    assert dashboard.orders_in_progress > 0
    assert (dashboard.invoices_due, dashboard.recent_invoices) == (0, ())
    body = response.content.decode()
    assert "Latest invoices" not in body and "invoices to pay" not in body

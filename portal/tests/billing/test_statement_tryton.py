"""The statement of account, against the real trytond and its demo data.

Customer B (La Table du Marché) has an overdue invoice; customer A (Le Comptoir des
Pentes) one to pay, not due yet. Tryton's administrator reads the accounting lines as
the reference: the customer's posted, unreconciled receivable lines.
"""

import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.utils import translation
from django.utils.formats import date_format
from pypdf import PdfReader

from core.formatting import money
from erp import invoices
from erp import statement as erp_statement
from erp.errors import TrytonError
from erp.testing import count_rpc_calls
from portal.tests.fixtures.real_tryton import member_client, sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]

PORTAL_STATEMENT = "model.account.move.line.portal_statement"


@pytest.fixture
def cold_cache():
    cache.clear()


@pytest.fixture
def customer_b_client(client, demo_customers):
    assert sign_in(client, demo_customers["b"]).status_code == 302
    return client


def _open_lines(tryton_admin, party_id):
    """The party's open receivable items as Tryton's administrator reads them."""
    return tryton_admin.execute(
        "account.move.line", "search_read",
        [["party", "=", party_id], ["account.type.receivable", "=", True],
         ["reconciliation", "=", None], ["move.state", "=", "posted"]],
        0, None, [["id", "ASC"]], ["debit", "credit", "maturity_date", "date"],
    )


def _bucket(days_overdue: int) -> str:
    if days_overdue <= 0:
        return "current"
    if days_overdue <= 30:
        return "overdue_1_30"
    if days_overdue <= 60:
        return "overdue_31_60"
    if days_overdue <= 90:
        return "overdue_61_90"
    return "overdue_over_90"


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_statement_ages_the_customers_open_items(
    customer_b_client, tryton_admin, demo_customers, cold_cache
):
    lines = _open_lines(tryton_admin, demo_customers["b"].party_id)
    assert lines, "customer B has open items in the demo data"

    with count_rpc_calls() as cold:
        response = customer_b_client.get("/billing/statement/")
    with count_rpc_calls() as warm:
        assert customer_b_client.get("/billing/statement/").status_code == 200

    assert response.status_code == 200
    statement = response.context["statement"]
    today = statement.as_of_date
    assert {item.id for item in statement.items} == {line["id"] for line in lines}
    # Oldest first, each with the balance so far.
    assert [item.date for item in statement.items] == sorted(i.date for i in statement.items)
    running = Decimal(0)
    for item in statement.items:
        running += item.debit - item.credit
        assert item.balance == running
    assert statement.balance == sum(line["debit"] - line["credit"] for line in lines)
    # Each item in the bucket its due date gives, and the buckets add up.
    expected = dict.fromkeys(erp_statement.BUCKETS, Decimal(0))
    for line in lines:
        due = line["maturity_date"] or line["date"]
        expected[_bucket((today - due).days)] += line["debit"] - line["credit"]
    assert {bucket.key: bucket.amount for bucket in statement.ageing} == expected
    assert statement.overdue > 0, "customer B's demo invoice is overdue"
    assert statement.overdue == statement.balance - expected["current"]

    body = response.content.decode()
    assert "Statement of account" in body
    assert money(statement.balance, "EUR") in body
    assert "Not yet due" in body and "Over 90 days overdue" in body
    for item in statement.items:
        if item.invoice_id:
            assert f'href="/invoices/{item.invoice_id}/"' in body
    assert 'href="/billing/statement/pdf/"' in body
    assert cold.calls == [PORTAL_STATEMENT], cold
    assert len(warm) == 0, warm


def test_statement_items_link_to_the_customers_own_invoices(customer_b_client, demo_scopes):
    statement = customer_b_client.get("/billing/statement/").context["statement"]
    theirs = {i.id for i in invoices.invoice_list(demo_scopes["b"], limit=100).items}

    linked = {item.invoice_id for item in statement.items if item.invoice_id}
    assert linked and linked <= theirs
    for invoice_id in linked:
        assert customer_b_client.get(f"/invoices/{invoice_id}/").status_code == 200


def test_customer_never_sees_another_customers_items(
    customer_a_client, tryton_admin, demo_customers, demo_scopes
):
    theirs = {line["id"] for line in _open_lines(tryton_admin, demo_customers["b"].party_id)}
    mine = {line["id"] for line in _open_lines(tryton_admin, demo_customers["a"].party_id)}

    statement = customer_a_client.get("/billing/statement/").context["statement"]

    assert theirs, "customer B has open items"
    assert {item.id for item in statement.items} == mine
    assert not {item.id for item in statement.items} & theirs


def test_statement_of_another_party_is_refused_by_tryton(demo_customers, demo_scopes):
    """The portal asks for its customer only; Tryton refuses the rest even when asked."""
    scope_a = demo_scopes["a"]
    other = demo_customers["b"].party_id

    with pytest.raises(TrytonError):
        scope_a.report(erp_statement.REPORT, "party.party", other)
    with pytest.raises(TrytonError):
        scope_a._transport.call(
            f"report.{erp_statement.REPORT}.execute", [[other], {}], context=scope_a.context
        )
    # The entry point takes no party: an argument is refused, never read as one.
    with pytest.raises(TrytonError):
        scope_a.read_call("account.move.line", "portal_statement", other)
    # The service user still cannot search the accounting lines itself.
    with pytest.raises(TrytonError):
        scope_a._transport.execute(
            "account.move.line", "search_read", [["party", "=", other]], 0, 1, None, ["id"],
            context=scope_a.context,
        )


def test_statement_pdf_holds_the_items_and_the_ageing(
    customer_b_client, demo_scopes, tryton_admin, demo_customers, cold_cache
):
    statement = erp_statement.statement_get(demo_scopes["b"])
    [party] = tryton_admin.execute(
        "party.party", "read", [demo_customers["b"].party_id], ["lang.code"])
    french = ((party.get("lang.") or {}).get("code") or "en").startswith("fr")
    cache.clear()

    with count_rpc_calls() as cold:
        response = customer_b_client.get("/billing/statement/pdf/")
    with count_rpc_calls() as warm:
        assert customer_b_client.get("/billing/statement/pdf/").status_code == 200

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="statement-')
    text = _pdf_text(response.content)
    for item in statement.items:
        assert item.document in text
    labels = (["Relevé de compte", "Non échu", "1 à 30 jours", "Plus de 90 jours"] if french
              else ["Statement of Account", "Not yet due", "1-30 days", "Over 90 days"])
    for label in labels:
        assert label in text
    assert len(cold) <= 2 and cold.calls[-1] == f"report.{erp_statement.REPORT}.execute", cold
    assert len(warm) == 0, warm


def test_statement_in_french(customer_b_client):
    customer_b_client.post("/i18n/setlang/", {"language": "fr"})

    response = customer_b_client.get("/billing/statement/")

    body = response.content.decode()
    statement = response.context["statement"]
    with translation.override("fr"):
        as_of = date_format(statement.as_of_date, "DATE_FORMAT")
        balance = money(statement.balance, "EUR")
    assert "Relevé de compte" in body and "Non échu" in body
    assert f"Au {as_of}" in body
    assert balance.endswith("\N{NO-BREAK SPACE}€") and balance in body


def test_statement_accepts_only_get(customer_b_client):
    assert customer_b_client.post("/billing/statement/").status_code == 405
    assert customer_b_client.post("/billing/statement/pdf/").status_code == 405
    # Query strings mean nothing to it: the same page, never an error.
    response = customer_b_client.get("/billing/statement/", {"party": "1", "page": "x"})
    assert response.status_code == 200


def test_home_and_invoice_list_link_to_the_statement(customer_b_client):
    for url in ("/", "/invoices/"):
        body = customer_b_client.get(url).content.decode()
        assert 'href="/billing/statement/"' in body, url


def _csv_rows(response, delimiter=","):
    import csv

    text = response.content.decode("utf-8-sig")
    return list(csv.reader(text.splitlines(), delimiter=delimiter))


def test_statement_csv_holds_the_items_balance_and_ageing(customer_b_client, cold_cache):
    page = customer_b_client.get("/billing/statement/")
    statement = page.context["statement"]

    with count_rpc_calls() as warm:
        response = customer_b_client.get("/billing/statement/export.csv")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="statement-{statement.as_of_date.isoformat()}.csv"')
    assert len(warm) == 0, warm  # the page's statement, cached
    header, *rows = _csv_rows(response)
    assert header == ["Date", "Document", "Your reference", "Description", "Due date",
                      "Days overdue", "Ageing", "Debit", "Credit", "Balance", "Currency"]
    assert len(rows) == len(statement.items) and rows
    labels = {"current": "Not yet due", "overdue_1_30": "1–30 days overdue",
              "overdue_31_60": "31–60 days overdue", "overdue_61_90": "61–90 days overdue",
              "overdue_over_90": "Over 90 days overdue"}
    for row, item in zip(rows, statement.items, strict=True):
        assert row[1] == item.document
        assert row[5] == str(item.days_overdue)
        assert row[6] == labels[item.bucket]
        assert Decimal(row[9]) == item.balance
        assert row[10] == "EUR"
    assert Decimal(rows[-1][9]) == statement.balance
    assert any(row[6] != "Not yet due" for row in rows), "customer B is overdue"
    assert 'href="/billing/statement/export.csv"' in page.content.decode()


def test_statement_csv_in_french_and_for_billing_roles_only(customer_b_client, tryton_settings):
    customer_b_client.post("/i18n/setlang/", {"language": "fr"})

    response = customer_b_client.get("/billing/statement/export.csv")

    header, *rows = _csv_rows(response, delimiter=";")
    assert header[0] == "Date" and "Solde" in header
    assert all("," in row[9] or row[9].lstrip("-").isdigit() for row in rows)
    viewer = member_client("accueil@comptoir-des-pentes.example.fr")
    assert viewer.get("/billing/statement/export.csv").status_code == 403


def test_statement_shows_the_reminder_level_of_trytons_dunnings(
    customer_b_client, tryton_admin, demo_customers, cold_cache
):
    dunnings = tryton_admin.execute(
        "account.dunning", "search_read",
        [["line.party", "=", demo_customers["b"].party_id], ["state", "!=", "draft"]],
        0, None, None, ["line", "level", "level.procedure.levels"])
    assert dunnings, "customer B's overdue invoice is reminded in the demo data"
    expected = {d["line"]: d["level."]["procedure."]["levels"].index(d["level"]) + 1
                for d in dunnings}

    response = customer_b_client.get("/billing/statement/")
    pdf = customer_b_client.get("/billing/statement/pdf/")

    statement = response.context["statement"]
    assert {i.id: i.dunning_level for i in statement.items if i.dunning_level} == expected
    body = response.content.decode()
    text = _pdf_text(pdf.content)
    for level in set(expected.values()):
        assert f"Level {level}" in body
        assert f"Level {level}" in text or f"Niveau {level}" in text

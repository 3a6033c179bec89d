"""The statement page's rendering and the gateway's typing of Tryton's answer, without
Tryton (the page against the real trytond: test_statement_tryton.py)."""

import datetime as dt
from decimal import Decimal

from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation

from core.formatting import money
from erp.statement import BUCKETS, Statement, _statement

TODAY = dt.date(2026, 11, 30)
ANSWER = {
    "as_of": TODAY,
    "currency": "EUR",
    "items": [
        {"id": 7, "date": dt.date(2026, 7, 1), "document": "FA-12", "reference": "PO-9",
         "description": "", "maturity_date": dt.date(2026, 7, 31),
         "debit": Decimal("1200.50"), "credit": Decimal(0), "balance": Decimal("1200.50"),
         "days_overdue": 122, "bucket": "overdue_over_90", "invoice": 12},
        {"id": 8, "date": dt.date(2026, 11, 25), "document": "BQ-3", "reference": "",
         "description": "Virement", "maturity_date": None,
         "debit": Decimal(0), "credit": Decimal(200), "balance": Decimal("1000.50"),
         "days_overdue": 5, "bucket": "overdue_1_30", "invoice": None},
    ],
    "ageing": {"current": Decimal(0), "overdue_1_30": Decimal(-200),
               "overdue_31_60": Decimal(0), "overdue_61_90": Decimal(0),
               "overdue_over_90": Decimal("1200.50")},
    "balance": Decimal("1000.50"),
    "overdue": Decimal("1000.50"),
}


def _render(statement: Statement, language: str = "en") -> str:
    request = RequestFactory().get("/billing/statement/")
    with translation.override(language):
        return render_to_string(
            "billing/statement.html", {"statement": statement, "as_of": None},
            request=request,
        )


def test_tryton_answer_becomes_typed_items_and_buckets_in_order():
    statement = _statement(ANSWER)

    assert statement.as_of_date == TODAY and statement.currency == "EUR"
    assert [item.id for item in statement.items] == [7, 8]
    assert statement.items[0].invoice_id == 12 and statement.items[1].invoice_id is None
    assert statement.items[1].amount == Decimal(-200)
    assert [bucket.key for bucket in statement.ageing] == list(BUCKETS)
    assert statement.ageing[-1].amount == Decimal("1200.50")
    assert statement.balance == Decimal("1000.50")


def test_no_company_in_tryton_is_an_empty_statement():
    statement = _statement(None)

    assert statement.items == () and statement.balance == 0


def test_empty_statement_says_nothing_is_open(db):
    body = _render(_statement({**ANSWER, "items": [], "balance": Decimal(0),
                               "overdue": Decimal(0)}))

    assert "Nothing is open on your account" in body
    assert "<table" not in body


def test_items_link_their_invoice_and_amounts_follow_the_language(db):
    english = _render(_statement(ANSWER))
    french = _render(_statement(ANSWER), "fr")

    assert 'href="/invoices/12/"' in english
    assert english.count('href="/invoices/') == 2  # the item and "See my invoices"
    assert "€1,200.50" in english and "122 days" in english
    assert "As of 30 November 2026" in english
    with translation.override("fr"):
        french_amount = money(Decimal("1200.50"), "EUR")
    assert french_amount.endswith("\N{NO-BREAK SPACE}€") and french_amount in french
    assert "Plus de 90 jours de retard" in french and "Au 30 novembre 2026" in french

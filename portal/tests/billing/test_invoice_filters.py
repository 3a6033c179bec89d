"""Invoice filters, due dates and file names: what the gateway decides without Tryton."""

import datetime as dt
from decimal import Decimal

from erp.invoices import Invoice, _due_dates, invoice_filters, pdf_basename

TODAY = dt.date(2026, 11, 30)


def _invoice(**values) -> Invoice:
    defaults = dict(
        id=1, number="71", reference="", date=dt.date(2026, 11, 13), state="posted",
        untaxed_amount=Decimal("100"), tax_amount=Decimal("5.50"),
        total_amount=Decimal("105.50"), amount_to_pay=Decimal("105.50"),
        amount_overdue=Decimal(0), currency="EUR",
    )
    return Invoice(**{**defaults, **values})


def test_filters_keep_what_holds_and_name_what_does_not():
    parsed = invoice_filters(search="  71 ", status="late", date_from="31/12/2025",
                             date_to="not a date")

    assert parsed.filters.search == "71"
    assert parsed.filters.status is None
    assert parsed.filters.date_from == dt.date(2025, 12, 31)
    assert parsed.invalid == ("status", "to")


def test_a_start_after_the_end_drops_both_dates():
    parsed = invoice_filters(date_from="2026-02-01", date_to="2026-01-01")

    assert parsed.invalid == ("range",)
    assert not parsed.filters.date_from and not parsed.filters.date_to


def test_search_wildcards_are_letters_and_overdue_is_the_balance_ids():
    filters = invoice_filters(search="50%_off", status="overdue").filters

    leaves = filters.leaves(overdue_ids=(4, 9))

    assert ["id", "in", [4, 9]] in leaves
    assert ["OR", ["number", "ilike", "%50\\%\\_off%"],
            ["reference", "ilike", "%50\\%\\_off%"]] in leaves
    assert ["state", "in", ["posted", "paid"]] in leaves  # never a draft


def test_due_dates_follow_the_payment_term_from_the_invoice_date():
    row = {
        "invoice_date": dt.date(2026, 1, 31),
        "payment_term.": {"lines.": [
            {"relativedeltas.": [{"days": 0}, {"days": 30}]},
            {"relativedeltas.": [{"months": 1, "day": 31}]},
        ]},
    }

    assert _due_dates(row) == (dt.date(2026, 2, 28), dt.date(2026, 3, 2))


def test_without_a_payment_term_the_invoice_is_due_on_its_date():
    assert _due_dates({"invoice_date": TODAY, "payment_term.": None}) == (TODAY,)


def test_due_date_shown_agrees_with_trytons_amounts():
    upcoming = _invoice(due_dates=(dt.date(2026, 12, 13),))
    overdue = _invoice(due_dates=(dt.date(2026, 10, 11),), amount_overdue=Decimal("105.50"))
    rescheduled = _invoice(due_dates=(dt.date(2026, 10, 11),))  # past, yet nothing due
    paid = _invoice(state="paid", amount_to_pay=Decimal(0), due_dates=(TODAY,))

    assert upcoming.due_date(TODAY) == dt.date(2026, 12, 13) and upcoming.status == "due"
    assert overdue.due_date(TODAY) == dt.date(2026, 10, 11) and overdue.status == "overdue"
    assert rescheduled.due_date(TODAY) is None
    assert paid.due_date(TODAY) is None and paid.status == "paid"


def test_pdf_file_names_are_safe_and_tell_a_credit_note():
    assert pdf_basename(_invoice(number="F/2026 71")) == "invoice-F-2026-71"
    assert pdf_basename(_invoice(total_amount=Decimal("-10"))) == "credit-note-71"

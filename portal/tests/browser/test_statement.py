"""The statement of account in the browser: a customer who is late opens it from the
home page's balance, sees their open items aged, opens an invoice from it and downloads
the PDF; then the same page on a phone."""

import re

import pytest
from playwright.sync_api import expect

from portal.tests.fixtures.real_tryton import CUSTOMER_B_EMAIL

pytestmark = pytest.mark.browser


def test_customer_opens_the_statement_and_downloads_it(journey):
    journey.sign_in(CUSTOMER_B_EMAIL)
    expect(journey.page.get_by_role("heading", name="Where you stand")).to_be_visible()
    journey.click_link("See my statement of account")

    journey.expect_heading("Statement of account")
    ageing = journey.page.locator(".statement-ageing")
    expect(ageing).to_contain_text("Not yet due")
    expect(ageing).to_contain_text("Over 90 days overdue")
    rows = journey.page.locator(".statement-table tbody tr")
    expect(rows.first).to_be_visible()
    expect(journey.page.locator(".statement-table .badge").first).to_contain_text("day")
    journey.check_accessibility()

    with journey.page.expect_download() as download:
        journey.click_link("Download as PDF")
    assert re.fullmatch(r"statement-\d{4}-\d{2}-\d{2}\.pdf", download.value.suggested_filename)
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"

    link = journey.page.locator(".statement-table td.cell-title a").first
    number = link.inner_text()
    link.click()
    journey.expect_heading(re.compile(rf"\b{re.escape(number)}$"))


def test_statement_fits_a_phone_with_amounts_in_view(journey):
    journey.sign_in(CUSTOMER_B_EMAIL)
    journey.resize(375)
    journey.open("/billing/statement/")

    assert journey.horizontal_overflow() == 0
    amounts = journey.page.locator(".statement-ageing dd, tbody td.cell-amount").all()
    assert amounts
    for amount in amounts:
        expect(amount).to_be_visible()
        box = amount.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375, box
    journey.check_accessibility()

"""My invoices in the browser: a customer who is late opens the list, keeps the overdue
invoices, opens one and downloads its PDF; then the same pages on a phone."""

import re

import pytest
from playwright.sync_api import expect

from portal.tests.fixtures.real_tryton import CUSTOMER_B_EMAIL

pytestmark = pytest.mark.browser


def test_customer_finds_an_overdue_invoice_and_downloads_its_pdf(journey):
    journey.sign_in(CUSTOMER_B_EMAIL)
    expect(journey.page.get_by_role("heading", name="Where you stand")).to_be_visible()
    journey.click_link("Invoices")

    journey.expect_heading("My invoices")
    expect(journey.page.locator(".balance")).to_contain_text("Amount due")
    journey.check_accessibility()

    journey.page.locator(".state-filter").get_by_role("link", name="Overdue").click()
    assert "status=overdue" in journey.path
    rows = journey.page.locator("tbody tr")
    expect(rows.first).to_be_visible()
    for badge in journey.page.locator("tbody .badge").all_inner_texts():
        assert badge == "Overdue"
    number = rows.first.locator("td.cell-title a").inner_text()
    total = rows.first.locator("td.cell-amount").inner_text()
    journey.check_accessibility()

    rows.first.get_by_role("link", name=number).click()
    journey.expect_heading(number)
    expect(journey.page.locator("tfoot tr.total td")).to_have_text(total)
    expect(journey.page.locator(".summary")).to_contain_text("Was due on")
    journey.check_accessibility()

    with journey.page.expect_download() as download:
        journey.click_link("Download the PDF")
    assert re.fullmatch(r"invoice-[\w-]+\.pdf", download.value.suggested_filename)
    with open(download.value.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


@pytest.mark.parametrize("path", ["/", "/invoices/", "/invoices/?status=overdue"])
def test_invoice_pages_fit_a_phone_with_amounts_in_view(journey, path):
    journey.sign_in(CUSTOMER_B_EMAIL)
    journey.resize(375)
    journey.open(path)

    assert journey.horizontal_overflow() == 0
    amounts = journey.page.locator(".balance dd, tbody td.cell-amount").all()
    assert amounts
    for amount in amounts:
        expect(amount).to_be_visible()
        box = amount.bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375, box
    journey.check_accessibility()


def test_invoice_detail_fits_a_phone(journey):
    journey.sign_in()
    journey.resize(375)
    journey.open("/invoices/")
    journey.page.locator("tbody td.cell-title a").first.click()

    expect(journey.page.locator("tbody td.cell-amount").first).to_be_visible()
    expect(journey.page.locator("tfoot tr.total td")).to_be_visible()
    assert journey.horizontal_overflow() == 0
    journey.check_accessibility()

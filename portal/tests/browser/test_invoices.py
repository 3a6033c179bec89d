"""My invoices in the browser: a customer who is late opens the list, keeps the overdue
invoices, opens one and downloads its PDF; then the same pages on a phone."""

import re
import zipfile

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


def test_customer_downloads_two_invoices_as_zip_and_pays_by_transfer(journey):
    """From the statement to the invoices: two of them as one ZIP, then the open one paid
    by bank transfer, with the reference and bank details to quote."""
    journey.sign_in()
    journey.open("/billing/statement/")
    journey.expect_heading("Statement of account")
    journey.click_link("See my invoices")
    journey.expect_heading("My invoices")

    boxes = journey.page.locator('tbody input[type="checkbox"][name="invoice"]')
    numbers = journey.page.locator("tbody td.cell-title a").all_inner_texts()[:2]
    boxes.nth(0).check()
    boxes.nth(1).check()
    with journey.page.expect_download() as download:
        journey.click_button("Download the selected PDFs (ZIP)")
    assert re.fullmatch(r"invoices-\d{4}-\d{2}-\d{2}\.zip", download.value.suggested_filename)
    with zipfile.ZipFile(download.value.path()) as archive:
        names = archive.namelist()
        assert len(names) == 2
        assert all(archive.read(name).startswith(b"%PDF-") for name in names)
    # "Invoice 71" is invoice-71.pdf, "Credit note 72" credit-note-72.pdf.
    assert set(names) == {
        number.lower().replace("credit note ", "credit-note-").replace("invoice ", "invoice-")
        + ".pdf"
        for number in numbers
    }

    journey.page.locator(".state-filter").get_by_role("link", name="To pay").click()
    # An invoice to pay, not the credit note to refund the demo's complaint ends in.
    to_pay = journey.page.locator("tbody tr").filter(has_text="To pay")
    to_pay.first.locator('input[type="checkbox"][name="invoice"]').check()
    journey.click_button("Pay the selected invoices by bank transfer")
    journey.expect_heading("Pay by bank transfer")
    expect(journey.page.locator(".transfer-reference")).to_have_text(re.compile(r"^RF\d\d "))
    expect(journey.page.locator(".bank-details")).to_contain_text("IBAN FR76")
    expect(journey.page.locator(".transfer-invoices tbody tr")).to_have_count(1)
    journey.check_accessibility()

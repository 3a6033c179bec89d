"""My orders in the browser: browse, sort, page, open one; with the mouse and the keyboard."""

import io
import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

pytestmark = pytest.mark.browser


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def amounts(journey) -> list[Decimal]:
    """The totals of the listed orders, read as the customer reads them (€1,234.50)."""
    texts = journey.page.locator("tbody td.cell-amount").all_inner_texts()
    return [Decimal(re.sub(r"[^\d.-]", "", text)) for text in texts]


def test_customer_browses_sorts_and_pages_orders(journey):
    journey.sign_in()
    journey.click_link("My orders")

    journey.expect_heading("My orders")
    rows = journey.page.locator("tbody tr")
    expect(rows).to_have_count(20)
    expect(journey.page.get_by_text(re.compile(r"Page 1 of \d+"))).to_be_visible()
    journey.check_accessibility()

    journey.page.get_by_role("columnheader", name=re.compile("^Total")).get_by_role("link").click()
    assert "sort=-total" in journey.path
    descending = amounts(journey)
    assert descending == sorted(descending, reverse=True)
    expect(journey.page.get_by_role("columnheader", name=re.compile("^Total"))).to_have_attribute(
        "aria-sort", "descending")

    journey.page.get_by_role("columnheader", name=re.compile("^Total")).get_by_role("link").click()
    assert "sort=total" in journey.path and "sort=-total" not in journey.path
    ascending = amounts(journey)
    assert ascending == sorted(ascending)

    journey.click_link("Next")
    assert "page=2" in journey.path and "sort=total" in journey.path
    expect(journey.page.get_by_text(re.compile(r"Page 2 of \d+"))).to_be_visible()
    assert min(amounts(journey)) >= max(ascending)
    journey.click_link("Previous")
    expect(journey.page.get_by_text(re.compile(r"Page 1 of \d+"))).to_be_visible()


def test_customer_opens_an_order_and_reads_its_lines(journey):
    journey.sign_in()
    journey.open("/orders/")
    first = journey.page.locator("tbody tr").first
    number = first.locator("td.cell-title a").inner_text()
    total = first.locator("td.cell-amount").inner_text()

    first.get_by_role("link", name=number).click()

    journey.expect_heading(f"Order {number}")
    expect(journey.page.locator(".summary-total dd")).to_have_text(total)
    expect(journey.page.locator("tfoot tr.total td")).to_have_text(total)
    assert journey.page.locator("table tbody tr").count() >= 1
    expect(journey.page.locator(".issuer")).to_contain_text("Issued by Ferment Station")
    journey.check_accessibility()

    journey.click_link("My orders")
    journey.expect_heading("My orders")


def test_orders_with_the_keyboard_only(journey):
    journey.sign_in()

    journey.tab_to("My orders")
    journey.page.keyboard.press("Enter")
    journey.page.wait_for_url(re.compile(r"/orders/$"))
    journey.expect_heading("My orders")

    journey.tab_to("Total")
    journey.page.keyboard.press("Enter")
    journey.page.wait_for_url(re.compile(r"sort=-total"))

    number = journey.page.locator("tbody td.cell-title a").first.inner_text()
    journey.tab_to(number)
    journey.page.keyboard.press("Enter")
    journey.expect_heading(f"Order {number}")


def test_customer_searches_a_delivered_order_and_downloads_its_delivery_note(journey):
    journey.sign_in()
    journey.open("/orders/")
    journey.page.get_by_role("searchbox").fill("REGULAR-003")
    journey.page.keyboard.press("Enter")
    journey.page.wait_for_url(re.compile(r"q=REGULAR-003"))
    rows = journey.page.locator("tbody tr")
    expect(rows).to_have_count(1)
    number = rows.first.locator("td.cell-title a").inner_text()

    rows.first.get_by_role("link", name=number).click()
    journey.expect_heading(f"Order {number}")
    expect(journey.page.locator(".line-lots").first).to_contain_text("best before")
    journey.check_accessibility()

    with journey.page.expect_download() as download:
        note = re.compile(r"^Delivery note .* \(PDF\)$")
        journey.page.get_by_role("link", name=note).first.click()
    assert re.fullmatch(r"delivery-note-[\w-]+\.pdf", download.value.suggested_filename)
    with open(download.value.path(), "rb") as pdf:
        text = pdf_text(pdf.read())
    assert number in text and "Le Comptoir des Pentes" in text

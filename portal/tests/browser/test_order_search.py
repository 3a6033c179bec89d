"""Finding an order on a phone: search, filter by state, open it, amounts in view at 375 px."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def in_view_horizontally(locator, width: int) -> bool:
    box = locator.bounding_box()
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width


def test_customer_finds_an_order_on_a_phone(journey):
    journey.resize(375)
    journey.sign_in()
    journey.open("/orders/")

    journey.page.get_by_role("searchbox", name="Search").fill("regular-003")
    journey.click_button("Search")
    rows = journey.page.locator("tbody tr")
    expect(rows).to_have_count(1)
    assert "q=regular-003" in journey.path

    states = journey.page.get_by_role("navigation", name="Orders by state")
    states.get_by_role("link", name=re.compile(r"^Done \d+$")).click()
    assert "state=done" in journey.path and "q=regular-003" in journey.path
    expect(rows).to_have_count(1)
    expect(states.get_by_role("link", name=re.compile(r"^Done"))).to_have_attribute(
        "aria-current", "true")
    row_total = rows.first.locator("td.cell-amount")
    assert in_view_horizontally(row_total, 375)
    assert journey.horizontal_overflow() == 0
    journey.check_accessibility()

    number = rows.first.locator("td.cell-title a").inner_text()
    total = row_total.inner_text()
    rows.first.get_by_role("link", name=number).click()

    journey.expect_heading(f"Order {number}")
    expect(journey.page.locator(".summary-total dd")).to_have_text(total)
    footer_total = journey.page.locator("tfoot tr.total td")
    expect(footer_total).to_have_text(total)
    for amount in [footer_total, *journey.page.locator("tbody td.cell-amount").all()]:
        assert in_view_horizontally(amount, 375), amount.inner_text()
    expect(journey.page.locator(".document-number").first).to_have_text(re.compile(r"^Delivery "))
    assert journey.horizontal_overflow() == 0
    journey.check_accessibility()
    journey.screenshot("order-detail-375")


def test_a_search_that_finds_nothing_says_so(journey):
    journey.sign_in()
    journey.open("/orders/?q=no-such-order-anywhere")

    expect(journey.page.get_by_text("No order matches your search.")).to_be_visible()
    journey.click_link("Show all my orders")
    expect(journey.page.locator("tbody tr")).to_have_count(20)

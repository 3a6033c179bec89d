"""Ordering in the browser: quick-order three products by code, check the cart, check out
and land on the new order; the catalog, cart and quick order fit a phone."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

QUICK_ORDER = "KB-ORI-33, 24\nKF-FIG-75; 6\nGB-EPI-33 12\nKB-XXX-99, 3\n"


def test_customer_quick_orders_three_products_and_checks_out(journey):
    journey.sign_in()
    journey.click_link("Place an order")
    journey.expect_heading("Place an order")
    expect(journey.page.locator(".product-card").first).to_be_visible()
    journey.check_accessibility()

    journey.click_link("Quick order by code")
    journey.expect_heading("Quick order")
    journey.page.get_by_label("Product codes and quantities").fill(QUICK_ORDER)
    journey.click_button("Check the lines")
    expect(journey.page.get_by_text("3 lines ready")).to_be_visible()
    expect(journey.page.get_by_text("No product we sell has this code.")).to_be_visible()
    journey.check_accessibility()

    journey.click_button("Add 3 products to the cart")
    journey.expect_heading("Cart")
    expect(journey.page.get_by_text("3 products are in your cart.")).to_be_visible()
    expect(journey.page.locator(".cart-line")).to_have_count(3)
    journey.check_accessibility()

    journey.click_link("Check out")
    journey.expect_heading("Check out")
    wished = dt.date.today() + dt.timedelta(days=4)
    journey.page.get_by_label("Wished delivery date").fill(wished.isoformat())
    journey.check_accessibility()
    journey.click_button("Send the order")

    expect(journey.page.get_by_text("Thank you: your order is sent.")).to_be_visible()
    assert re.search(r"/orders/\d+/$", journey.page.url)
    expect(journey.page.locator(".summary")).to_contain_text("Quotation")
    lines = journey.page.locator(".order-lines")
    for code in ("KB-ORI-33", "KF-FIG-75", "GB-EPI-33"):
        expect(lines).to_contain_text(code)
    journey.check_accessibility()


@pytest.mark.parametrize("path", ["/shop/", "/shop/cart/", "/shop/quick/"])
def test_ordering_pages_fit_a_phone(journey, path):
    journey.sign_in()
    journey.resize(375)
    journey.open(path)

    assert journey.horizontal_overflow() == 0
    journey.check_accessibility()

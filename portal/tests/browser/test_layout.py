"""The layout customers trust: the supplier on every page, phones, reflow, error pages."""

import pytest
from playwright.sync_api import expect

from tryton.demo.facts import COMPANIES, COMPANY_NAME

pytestmark = pytest.mark.browser

SUPPLIER = COMPANIES[COMPANY_NAME]


def first_order_path(journey) -> str:
    journey.open("/orders/")
    return journey.page.locator("tbody td.cell-title a").first.get_attribute("href")


def test_the_supplier_name_and_logo_are_on_every_page(journey):
    journey.open("/accounts/login/")
    brand = journey.page.locator(".brand")
    expect(brand).to_contain_text(COMPANY_NAME)
    assert brand.locator("img").evaluate("img => img.complete && img.naturalWidth > 0")
    icon = journey.page.locator("link[rel=icon]").get_attribute("href")
    assert journey.page.request.get(journey.base_url + icon).ok

    journey.sign_in()
    for path in ("/", "/orders/", first_order_path(journey)):
        journey.open(path)
        expect(journey.page.locator(".brand")).to_contain_text(COMPANY_NAME)
        assert journey.page.title().endswith(f" · {COMPANY_NAME}")


def test_the_account_menu_opens_with_the_keyboard_and_leads_to_each_account_page(journey):
    journey.sign_in()
    menu = journey.page.locator("header .account-menu")
    expect(menu.get_by_role("link", name="Profile")).to_be_hidden()

    journey.tab_to("Account")
    journey.page.keyboard.press("Enter")

    for name in ("Profile", "Organisation", "Members", "Change password",
                 "Two-factor authentication", "Sessions", "Privacy"):
        expect(menu.get_by_role("link", name=name, exact=True)).to_be_visible()
    journey.screenshot("account-menu-1280", full_page=False)
    journey.check_accessibility()
    journey.tab_to("Profile")
    journey.page.keyboard.press("Enter")
    journey.expect_heading("Your profile")


def test_the_supplier_contact_is_at_the_foot_of_every_page(journey):
    journey.open("/accounts/login/")
    footer = journey.page.locator("footer")
    expect(footer).to_contain_text(SUPPLIER["phone"])
    expect(footer).to_contain_text(SUPPLIER["city"])
    expect(footer.get_by_role("link", name=SUPPLIER["email"])).to_have_attribute(
        "href", f"mailto:{SUPPLIER['email']}")
    expect(journey.page.locator(".contact-us")).to_contain_text(SUPPLIER["phone"])


def test_on_a_phone_the_header_is_compact_and_amounts_are_in_view(journey):
    journey.resize(375)
    journey.sign_in()
    for path in ("/", "/orders/", first_order_path(journey)):
        journey.open(path)
        header = journey.page.locator(".site-header").bounding_box()
        # Two rows (brand and tools, navigation): an eighth of the screen, not a quarter.
        assert header["height"] <= 812 / 8, f"header {header['height']} px high on {path}"
        assert journey.horizontal_overflow() == 0, path
        amounts = journey.page.locator("td.cell-amount, .summary-total dd, tfoot td")
        assert amounts.count() > 0, path
        for box in (amounts.nth(i).bounding_box() for i in range(amounts.count())):
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375, (path, box)


@pytest.mark.parametrize("width", [320])
def test_pages_reflow_without_horizontal_scrolling(journey, width):
    journey.resize(width, 640)
    journey.open("/accounts/login/")
    assert journey.horizontal_overflow() == 0, "/accounts/login/"
    journey.sign_in()
    for path in ("/", "/orders/", first_order_path(journey), "/notifications/", "/no-such-page/"):
        journey.open(path)
        assert journey.horizontal_overflow() == 0, path
        journey.check_accessibility()


def test_an_unknown_page_is_our_own_404_not_a_debug_page(journey):
    journey.sign_in()

    response = journey.open("/no-such-page/")

    assert response.status == 404
    journey.expect_heading("Page not found")
    body = journey.page.content()
    assert "URLconf" not in body and "Django" not in body and "DEBUG" not in body
    expect(journey.page.locator(".brand")).to_contain_text(COMPANY_NAME)
    expect(journey.page.get_by_role("link", name="Back to the home page")).to_be_visible()
    journey.check_accessibility()

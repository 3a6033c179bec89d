"""Claire acts for two shops: she picks one at sign-in, sees its orders, switches back."""

import re

import pytest
from playwright.sync_api import expect

from portal.tests.browser.harness import PHONE
from tryton.demo.facts import CUSTOMERS

pytestmark = pytest.mark.browser

CLAIRE_EMAIL = "claire@maison-garnier.example.fr"
ANNECY = CUSTOMERS["C-GARNIER"]
CHAMBERY = CUSTOMERS["C-GARNIER-CHY"]


def order_delivery_address(journey) -> str:
    """The delivery address of the first order listed."""
    journey.page.locator("tbody tr a").first.click()
    journey.page.wait_for_load_state()
    return journey.page.locator("dd.address").inner_text()


def test_claire_picks_the_second_shop_sees_its_orders_and_switches_back(journey):
    journey.sign_in(email=CLAIRE_EMAIL)

    assert journey.path.startswith("/accounts/customer/")
    journey.expect_heading("Which customer do you act for?")
    expect(journey.page.get_by_role("button", name=ANNECY["name"])).to_be_visible()
    journey.check_accessibility()

    journey.click_button(CHAMBERY["name"])
    assert journey.path == "/"
    expect(journey.page.get_by_role("status")).to_contain_text(
        f"You now act for {CHAMBERY['name']}"
    )
    switcher = journey.page.get_by_label("Acting for")
    expect(switcher.locator("option:checked")).to_have_text(CHAMBERY["name"])

    journey.click_link("My orders")
    journey.expect_heading("My orders")
    assert CHAMBERY["street"] in order_delivery_address(journey)
    journey.check_accessibility()

    journey.open("/orders/")
    switcher.select_option(label=ANNECY["name"])
    journey.click_button("Switch")
    assert journey.path == "/orders/"
    expect(switcher.locator("option:checked")).to_have_text(ANNECY["name"])
    assert ANNECY["street"] in order_delivery_address(journey)

    # The last choice is the default at the next sign-in: no question this time.
    journey.sign_out()
    journey.sign_in(email=CLAIRE_EMAIL)
    assert journey.path == "/"
    expect(switcher.locator("option:checked")).to_have_text(ANNECY["name"])


def test_the_switch_fits_a_phone(journey):
    journey.resize(PHONE["width"], PHONE["height"])
    journey.sign_in(email=CLAIRE_EMAIL)
    journey.click_button(CHAMBERY["name"])

    journey.open("/orders/")
    switcher = journey.page.get_by_label("Acting for")
    expect(switcher).to_be_visible()
    expect(journey.page.get_by_role("button", name="Switch")).to_be_visible()
    assert journey.horizontal_overflow() == 0
    journey.check_accessibility()
    journey.screenshot("switch-customer-phone", full_page=False)

    switcher.select_option(label=ANNECY["name"])
    journey.click_button("Switch")
    assert re.fullmatch(r"/orders/", journey.path)

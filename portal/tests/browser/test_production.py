"""Production in the browser: on a phone, the list of productions in progress with their
quantities and dates, then the order one of them is made for."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_customer_follows_production_on_a_phone(journey):
    journey.sign_in()
    journey.resize(375)
    journey.click_link("Production")
    journey.expect_heading("Production")

    production = journey.page.locator(".production-list li").first
    expect(production).to_contain_text(re.compile(r"\d+ units"))
    expect(production.locator("time").first).to_be_visible()
    assert journey.horizontal_overflow() == 0
    journey.check_accessibility()

    production.get_by_role("link", name=re.compile("^order ")).click()
    journey.expect_heading(re.compile("^Order "))
    expect(journey.page.locator(".line-productions").first).to_contain_text("Planned")
    assert journey.horizontal_overflow() == 0
    journey.check_accessibility()

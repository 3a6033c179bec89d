"""Changing language: one click, same page, and dates and amounts as the language writes them."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

FRENCH_DATE = re.compile(r"^\d{2}/\d{2}/\d{4}$")
# 1 234,50 € : grouped by (narrow) no-break spaces, decimal comma, euro sign after.
FRENCH_AMOUNT = re.compile(r"^\d{1,3}(?:[\u00a0\u202f ]\d{3})*,\d{2}\u00a0€$")
ENGLISH_AMOUNT = re.compile(r"^€\d{1,3}(?:,\d{3})*\.\d{2}$")


def test_customer_switches_to_french_and_back_in_one_click(journey):
    journey.sign_in()
    journey.open("/orders/?sort=-total")
    for text in journey.page.locator("tbody td.cell-amount").all_inner_texts():
        assert ENGLISH_AMOUNT.match(text), text

    journey.click_button("Français")

    assert journey.path == "/orders/?sort=-total"
    expect(journey.page.locator("html")).to_have_attribute("lang", "fr")
    journey.expect_heading("Mes commandes")
    expect(journey.page.get_by_role("button", name="Français")).to_have_attribute(
        "aria-pressed", "true")
    dates = journey.page.locator("tbody td time").all_inner_texts()
    assert dates and all(FRENCH_DATE.match(date) for date in dates), dates
    totals = journey.page.locator("tbody td.cell-amount").all_inner_texts()
    assert totals and all(FRENCH_AMOUNT.match(total) for total in totals), totals
    journey.check_accessibility()

    journey.click_button("English")

    expect(journey.page.locator("html")).to_have_attribute("lang", "en")
    journey.expect_heading("My orders")


def test_visitor_chooses_french_on_the_login_page(journey):
    journey.open("/accounts/login/")

    journey.click_button("Français")

    journey.expect_heading("Se connecter")
    expect(journey.page.get_by_label("Adresse e-mail")).to_be_visible()

"""Signing in and out, as a customer does it in the browser."""

import re

import pytest
from playwright.sync_api import expect

from portal.tests.browser.harness import DEMO_EMAIL
from tryton.demo.facts import CUSTOMERS, DEMO_PASSWORD

pytestmark = pytest.mark.browser

PARTY_NAME = CUSTOMERS["C-PENTES"]["name"]
OTHER_EMAIL = "achats@comptoir-des-pentes.example.fr"


def test_customer_signs_in_lands_home_and_signs_out(journey):
    journey.open("/")
    assert journey.path.startswith("/accounts/login/")
    journey.expect_heading("Sign in")
    journey.check_accessibility()

    journey.sign_in()

    assert journey.path == "/"
    journey.expect_heading(f"Welcome, {PARTY_NAME}")
    expect(journey.page.locator(".identity")).to_contain_text(PARTY_NAME)
    journey.check_accessibility()

    journey.sign_out()

    assert journey.path.startswith("/accounts/login/")
    journey.open("/orders/")
    assert journey.path.startswith("/accounts/login/?next=/orders/")


def test_wrong_password_is_refused_in_plain_words(journey):
    journey.sign_in(email=OTHER_EMAIL, password="not-the-password")

    assert journey.path.startswith("/accounts/login/")
    alert = journey.page.get_by_role("alert")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text(re.compile("not correct|incorrect", re.I))
    expect(journey.page.get_by_label("E-mail address")).to_have_value(OTHER_EMAIL)
    expect(journey.page.get_by_label("Password")).to_have_value("")
    journey.check_accessibility()


def test_signing_in_with_the_keyboard_only(journey):
    journey.open("/accounts/login/")

    journey.tab_to("Skip to main content")
    journey.tab_to("E-mail address")
    journey.page.keyboard.type(DEMO_EMAIL)
    journey.tab_to("Password")
    journey.page.keyboard.type(DEMO_PASSWORD)
    journey.page.keyboard.press("Enter")
    journey.page.wait_for_url(re.compile(r"/$"))

    journey.expect_heading(f"Welcome, {PARTY_NAME}")

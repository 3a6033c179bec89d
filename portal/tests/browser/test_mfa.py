"""A customer turns on two-factor authentication and signs in with the app's code."""

import re

import pytest
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from playwright.sync_api import expect

from tryton.demo.facts import DEMO_PASSWORD

pytestmark = pytest.mark.browser

# A demo account no other journey signs in with (customer A's accountant): it keeps its
# TOTP, which would stop any other journey's sign-in at the code.
EMAIL = "compta@comptoir-des-pentes.example.fr"


def app_code(secret: str, *, step: int = 0) -> str:
    """What the customer's authenticator app shows (allauth's own TOTP); ``step`` periods
    later for a fresh code (each is accepted once)."""
    counter = next(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counter + step))


def test_customer_turns_on_totp_then_signs_in_with_the_code(journey):
    journey.sign_in(email=EMAIL, password=DEMO_PASSWORD)
    assert journey.path == "/"
    journey.open_account_menu()
    journey.click_link("Two-factor authentication")
    journey.check_accessibility()
    journey.click_link("Activate")
    secret = journey.page.get_by_label("Authenticator secret").input_value()
    assert re.fullmatch(r"[A-Z2-7]{32}", secret)
    journey.check_accessibility()
    journey.page.get_by_label("Authenticator code").fill(app_code(secret))
    journey.click_button("Activate")
    journey.page.wait_for_load_state()
    # Straight to the recovery codes, to keep somewhere safe.
    expect(journey.page.get_by_role("heading", level=1)).to_contain_text("Recovery Codes")

    journey.sign_out()
    journey.sign_in(email=EMAIL, password=DEMO_PASSWORD)

    assert journey.path == "/accounts/2fa/authenticate/"
    journey.check_accessibility()
    journey.page.get_by_placeholder("Code").fill(app_code(secret, step=1))
    journey.click_button("Sign In")
    journey.page.wait_for_url(re.compile(r"/$"))
    journey.expect_heading(re.compile("Welcome"))

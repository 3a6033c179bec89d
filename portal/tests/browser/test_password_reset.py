"""A customer who forgot their password chooses a new one from the e-mailed link."""

import html
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# A demo account no other journey signs in with: its password changes here.
EMAIL = "commandes@saveurs-et-bulles.example.fr"
NEW_PASSWORD = "bubbles rise in the cellar"
LINK = re.compile(r'href="([^"]*/accounts/password/reset/key/\?[^"]*)"')


def test_customer_resets_a_forgotten_password(journey, journey_mail):
    journey.open("/accounts/login/")
    journey.click_link("Forgot your password?")
    journey.expect_heading("Forgotten password")
    journey.check_accessibility()

    journey.page.get_by_label("E-mail address").fill(EMAIL)
    journey.click_button("Send the link")
    journey.expect_heading("Check your e-mail")
    journey.check_accessibility()

    [message] = journey_mail.sent_to(EMAIL)
    link = urlsplit(html.unescape(LINK.search(message.get_body(("html",)).get_content())[1]))
    journey.open(f"{link.path}?{link.query}")
    journey.expect_heading("Choose a new password")
    assert journey.path == "/accounts/password/reset/key/"  # the token left the address bar
    journey.check_accessibility()

    journey.page.get_by_label("New password", exact=True).fill("too short")
    journey.page.get_by_label("New password (again)").fill("too short")
    journey.click_button("Set my password")
    expect(journey.page.locator(".field-error").first).to_contain_text("at least 12 characters")

    journey.page.get_by_label("New password", exact=True).fill(NEW_PASSWORD)
    journey.page.get_by_label("New password (again)").fill(NEW_PASSWORD)
    journey.click_button("Set my password")
    journey.page.wait_for_url(re.compile(r"/accounts/login/$"))
    expect(journey.page.get_by_text("Your password has been changed")).to_be_visible()

    journey.sign_in(email=EMAIL, password=NEW_PASSWORD)
    assert journey.path == "/"

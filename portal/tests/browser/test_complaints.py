"""Journey: a customer reports broken bottles on a delivered order, with a photo, and finds
the complaint with its photo, as Tryton recorded it."""

import base64
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

# A 1x1 PNG: what a phone's photo is to the portal and Tryton (checked by its first bytes).
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg=="
)


def test_customer_files_a_complaint_with_a_photo(journey):
    journey.sign_in()
    journey.open("/orders/?state=done")
    journey.page.locator("tbody td.cell-title a").first.click()
    journey.page.wait_for_load_state()
    journey.page.get_by_role("link", name=re.compile(r"^Report a problem with ")).first.click()
    journey.expect_heading("Report a problem")
    journey.check_accessibility()

    journey.page.get_by_label("Kind of problem").select_option(index=1)
    journey.page.get_by_label("Quantity concerned").fill("1")
    journey.page.get_by_label("What happened?").fill("Deux bouteilles cassées à la livraison.")
    journey.page.get_by_label("Photos").set_input_files(
        [{"name": "casse.png", "mimeType": "image/png", "buffer": PNG}]
    )
    journey.click_button("Send the complaint")

    journey.expect_heading(re.compile(r"^Complaint "))
    expect(journey.page.get_by_text("Deux bouteilles cassées à la livraison.")).to_be_visible()
    photo = journey.page.locator(".complaint-photos img")
    expect(photo).to_have_count(1)
    expect(photo).to_have_attribute("alt", "casse.png")
    journey.check_accessibility()

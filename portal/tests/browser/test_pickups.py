"""Pickups and events in the browser: request a pickup starting from an order, open it and
its slip, then the event calendar, and update the attendees of an upcoming event."""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_customer_requests_a_pickup_from_an_order_and_updates_an_event(journey):
    journey.sign_in()
    journey.click_link("Pickups")
    journey.expect_heading("My pickups")
    journey.check_accessibility()

    journey.click_link("Request a pickup")
    journey.expect_heading("Request a pickup")
    journey.page.get_by_role("combobox", name="Start from an order").select_option(index=1)
    journey.click_button("Fill the lines")
    expect(journey.page.get_by_text(re.compile("Lines taken from order"))).to_be_visible()
    expect(journey.page.get_by_label("Product").first).not_to_have_value("")
    journey.check_accessibility()

    tomorrow = dt.date.today() + dt.timedelta(days=1)
    journey.page.get_by_label("Pickup date").fill(tomorrow.isoformat())
    journey.page.get_by_label("From", exact=True).fill("09:00")
    journey.page.get_by_label("To", exact=True).fill("11:00")
    journey.page.get_by_label("Packages").first.fill("2")
    journey.click_button("Request the pickup")

    expect(journey.page.get_by_text("Your pickup is requested")).to_be_visible()
    heading = journey.page.get_by_role("heading", level=1).inner_text()
    assert re.fullmatch(r"Pickup \S+", heading) and "Draft" not in heading
    expect(journey.page.locator(".summary")).to_contain_text("Requested")
    with journey.page.expect_download() as download:
        journey.click_link("Download the slip (PDF)")
    assert download.value.suggested_filename.endswith(".pdf")
    journey.check_accessibility()

    journey.click_link("Events")
    journey.expect_heading("My events")
    journey.click_link("Month view")
    expect(journey.page.locator("table.month-grid")).to_be_visible()
    journey.check_accessibility()

    journey.click_link("My events")
    journey.click_link("Fête de quartier de la Croix-Rousse")
    journey.expect_heading("Fête de quartier de la Croix-Rousse")
    journey.page.get_by_label("Expected attendees").fill("140")
    journey.click_button("Save the changes")
    expect(journey.page.get_by_text("Your changes to the event are saved.")).to_be_visible()
    expect(journey.page.locator(".summary")).to_contain_text("140")
    journey.check_accessibility()


@pytest.mark.parametrize("path", ["/pickups/", "/pickups/new/", "/events/", "/events/calendar/"])
def test_pickup_and_event_pages_fit_a_phone(journey, path):
    journey.sign_in()
    journey.resize(375)
    journey.open(path)

    assert journey.horizontal_overflow() == 0
    journey.check_accessibility()

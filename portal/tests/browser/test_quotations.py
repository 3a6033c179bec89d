"""A quotation answered in the browser: a buyer finds it, on a phone, and accepts it."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

BUYER = "lucas@comptoir-des-pentes.example.fr"  # Le Comptoir des Pentes' buyer
ACCEPT = "Accept the quotation"


def test_buyer_accepts_a_quotation_on_a_phone(journey):
    journey.resize(375)
    journey.sign_in(BUYER)
    journey.open("/orders/?state=quotation")
    journey.expect_heading("My orders")
    numbers = journey.page.locator("tbody td.cell-title a").all_inner_texts()
    assert numbers, "the demo has quotations"

    # The first quotation still open to an answer (not expired, not waiting for an
    # administrator's approval).
    for number in numbers:
        journey.open("/orders/?state=quotation")
        journey.page.get_by_role("link", name=number, exact=True).click()
        journey.page.wait_for_load_state()
        if journey.page.get_by_role("button", name=ACCEPT).count():
            break
    else:
        pytest.fail(f"no quotation of {numbers} can be accepted")
    assert journey.horizontal_overflow() == 0
    journey.check_accessibility()

    journey.click_button(ACCEPT)
    journey.page.wait_for_load_state()

    expect(journey.page.get_by_text("you accepted the quotation")).to_be_visible()
    expect(journey.page.get_by_role("button", name=ACCEPT)).to_have_count(0)
    journey.open("/orders/?state=quotation")
    expect(journey.page.get_by_role("link", name=number, exact=True)).to_have_count(0)

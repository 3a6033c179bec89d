"""A customer's administrator manages the members on a phone; a viewer never sees them."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

VIEWER = "accueil@comptoir-des-pentes.example.fr"


def test_administrator_invites_a_colleague_on_a_phone(journey):
    journey.resize(375)
    journey.sign_in()
    journey.open("/")
    journey.page.locator("footer").get_by_role("link", name="Members").click()
    journey.expect_heading("Members")
    assert journey.horizontal_overflow() == 0
    journey.check_accessibility()

    journey.page.get_by_label("E-mail address").fill("new.colleague@comptoir-des-pentes.example.fr")
    journey.page.get_by_label("Role", exact=True).select_option("buyer")
    journey.click_button("Send the invitation")
    expect(journey.page.locator(".messages")).to_contain_text(
        "is invited as “Buyer”")
    expect(journey.page.locator(".member-list")).to_contain_text(
        "new.colleague@comptoir-des-pentes.example.fr")
    assert journey.horizontal_overflow() == 0

    journey.page.get_by_role(
        "link", name="Remove new.colleague@comptoir-des-pentes.example.fr").click()
    journey.expect_heading("Remove a member")
    assert journey.horizontal_overflow() == 0
    journey.check_accessibility()
    journey.click_button("Yes, remove new.colleague@comptoir-des-pentes.example.fr")
    expect(journey.page.locator(".member-list")).not_to_contain_text(
        "new.colleague@comptoir-des-pentes.example.fr")


def test_a_viewer_sees_no_members_nor_invoices(journey):
    journey.sign_in(VIEWER)
    journey.open("/")
    expect(journey.page.get_by_role("link", name="Members")).to_have_count(0)
    expect(journey.page.get_by_role("link", name="Invoices")).to_have_count(0)
    response = journey.open("/accounts/members/")
    assert response.status == 403

"""The pictures of the main pages at 1280 and 375 px, kept under var/test/browser/screenshots/
for people to look at (the layout tests check what matters in them)."""

import pytest

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("width", [1280, 375])
def test_main_pages_are_pictured(journey, width):
    journey.resize(width, 800 if width > 600 else 812)
    journey.open("/accounts/login/")
    journey.screenshot(f"login-{width}")
    journey.sign_in()
    journey.screenshot(f"home-{width}")
    journey.open("/orders/")
    journey.screenshot(f"orders-{width}")
    journey.page.locator("tbody td.cell-title a").first.click()
    journey.page.wait_for_load_state()
    journey.screenshot(f"order-detail-{width}")
    journey.open("/no-such-page/")
    journey.screenshot(f"not-found-{width}")

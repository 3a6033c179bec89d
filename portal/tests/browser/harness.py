"""The journey helper: a browser page on the portal, with the steps journeys share.

See the package docstring for how a journey reads.
"""

import json
import re
from pathlib import Path

from playwright.sync_api import Page, Response, expect

from tryton.demo.facts import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[3]
ARTIFACTS = ROOT / "var" / "test" / "browser"
AXE_SCRIPT = Path(__file__).parent / "vendor" / "axe.min.js"

DEMO_EMAIL = "sophie@comptoir-des-pentes.example.fr"
DEMO_PARTY = "C-PENTES"  # her party's code in tryton/demo/facts.py
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 812}
# axe-core rules of WCAG 2.0, 2.1 and 2.2 levels A and AA, plus its best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
FAILING_IMPACTS = {"serious", "critical"}


# The focused element's accessible name, roughly, and whether its focus ring shows.
_FOCUSED = """() => {
  const e = document.activeElement;
  if (!e || e === document.body) return {name: "", outline: true};
  const label = e.labels && e.labels.length ? e.labels[0].innerText : "";
  const style = getComputedStyle(e);
  return {
    name: (e.getAttribute("aria-label") || label || e.innerText || e.value || "").trim(),
    outline: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0,
  };
}"""


class AccessibilityViolations(AssertionError):
    pass


class Journey:
    """A customer's browser tab on the portal at ``base_url``."""

    def __init__(self, page: Page, base_url: str):
        self.page = page
        self.base_url = base_url.rstrip("/")

    # Navigation
    def open(self, path: str = "/") -> Response:
        response = self.page.goto(self.base_url + path)
        assert response is not None, f"no response for {path}"
        return response

    def click_link(self, name: str, *, exact: bool = True) -> None:
        self.page.get_by_role("link", name=name, exact=exact).first.click()

    def click_button(self, name: str, *, exact: bool = True) -> None:
        self.page.get_by_role("button", name=name, exact=exact).first.click()

    def expect_heading(self, text: str | re.Pattern, *, level: int = 1) -> None:
        expect(self.page.get_by_role("heading", level=level)).to_have_text(text)

    @property
    def path(self) -> str:
        return self.page.url.removeprefix(self.base_url)

    # The customer's account
    def sign_in(self, email: str = DEMO_EMAIL, password: str = DEMO_PASSWORD) -> None:
        """Sign in through the login page; ends on the page the portal sends the customer to."""
        if "/accounts/login/" not in self.page.url:
            self.open("/accounts/login/")
        self.page.get_by_label("E-mail address").fill(email)
        self.page.get_by_label("Password").fill(password)
        self.click_button("Sign in")
        self.page.wait_for_load_state()

    def open_account_menu(self) -> None:
        """Open the header's Account menu (profile, members, security, privacy)."""
        self.page.locator("header .account-menu summary").click()

    def sign_out(self) -> None:
        self.click_button("Sign out")
        self.page.wait_for_load_state()

    # Layout checks
    def resize(self, width: int, height: int = 812) -> None:
        self.page.set_viewport_size({"width": width, "height": height})

    def horizontal_overflow(self) -> int:
        """CSS pixels the page is wider than the viewport (0: no horizontal scrolling)."""
        return self.page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth")

    def screenshot(self, name: str, *, full_page: bool = True) -> Path:
        path = ARTIFACTS / "screenshots" / f"{name}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        self.page.screenshot(path=str(path), full_page=full_page)
        return path

    def check_accessibility(self) -> list[dict]:
        """Run axe-core on the page; fail on a serious or critical violation. Returns the
        lesser ones (moderate, minor) so a test may look at them."""
        # Evaluated through the DevTools protocol: the page's CSP (script-src 'self') stays on.
        if not self.page.evaluate("() => typeof window.axe !== 'undefined'"):
            self.page.evaluate(AXE_SCRIPT.read_text())
        result = self.page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags},"
            " resultTypes: ['violations']})",
            AXE_TAGS,
        )
        violations = [
            {
                "id": violation["id"],
                "impact": violation["impact"],
                "help": violation["help"],
                "nodes": [node["target"] for node in violation["nodes"]][:5],
            }
            for violation in result["violations"]
        ]
        failing = [v for v in violations if v["impact"] in FAILING_IMPACTS]
        if failing:
            raise AccessibilityViolations(
                f"axe-core on {self.path}:\n" + json.dumps(failing, indent=2))
        return violations

    # Keyboard
    def tab_to(self, name: str, *, limit: int = 40) -> str:
        """Press Tab until the focused element's name (label, text or aria-label) contains
        ``name``; return that name. Every element on the way must show its focus."""
        for _ in range(limit):
            self.page.keyboard.press("Tab")
            focused = self.page.evaluate(_FOCUSED)
            assert focused["outline"], f"no visible focus on {focused['name']!r} at {self.path}"
            if name in focused["name"]:
                return focused["name"]
        raise AssertionError(f"{name!r} not reached with Tab on {self.path}")

    def save_failure(self, name: str) -> tuple[Path, Path]:
        """Screenshot and HTML of the page as it is, for a failed journey."""
        directory = ARTIFACTS / "failures"
        directory.mkdir(parents=True, exist_ok=True)
        picture, html = directory / f"{name}.png", directory / f"{name}.html"
        self.page.screenshot(path=str(picture), full_page=True)
        html.write_text(self.page.content())
        return picture, html

"""Servers and browser of the journeys (see the package docstring).

Everything heavy is package-scoped: one trytond, one portal, one Chromium for all the
journeys, and all of it stopped before the next package's tests run (Playwright's event
loop must not outlive the journeys: Django refuses database access while one runs).
"""

import os
import re
import shutil
from pathlib import Path

import pytest

from portal.tests.browser.harness import ARTIFACTS, DEMO_PARTY, DESKTOP, Journey
from portal.tests.browser.servers import give_more_orders, running_portal
from portal.tests.fixtures.smtp_sink import smtp_sink
from portal.tests.fixtures.tryton_harness import running_server

ORDERS_ADDED = 20

CHROMIUM_ARGS = [
    "--no-sandbox",
    # Nothing leaves the machine: no updates, sync, metrics or first-run pages.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def chromium_path() -> str:
    path = os.environ.get("PORTAL_BROWSER") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(path).exists():
        pytest.fail("Chromium is missing: `make test` installs Debian's chromium package "
                    "(apt-get install chromium)", pytrace=False)
    return path


@pytest.fixture(scope="package")
def journey_mail():
    """What trytond e-mails during the journeys (its links point at the portal's pages)."""
    with smtp_sink() as sink:
        yield sink


@pytest.fixture(scope="package")
def journey_servers(tryton_template, tmp_path_factory, journey_mail):
    """A trytond on a copy of the demo database and the portal pointed at it."""
    extra = {
        "email": {"uri": journey_mail.uri},
        # Only the path and query of the links are followed (the portal's port is random).
        "web": {"reset_password_url": "http://portal.invalid/accounts/password/reset/key/"},
    }
    with running_server(tryton_template, ARTIFACTS / "logs", extra) as tryton:
        # Enough orders for two pages, as customers with a history have.
        give_more_orders(tryton, party_code=DEMO_PARTY, count=ORDERS_ADDED)
        with running_portal(tryton, tmp_path_factory.mktemp("portal")) as portal:
            yield portal


@pytest.fixture(scope="package")
def chromium():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium_path(), headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    """A failed journey keeps what the browser showed: a screenshot and the page's HTML,
    named in the failure report."""
    report = yield
    trip = item.funcargs.get("journey") if hasattr(item, "funcargs") else None
    if report.when == "call" and report.failed and isinstance(trip, Journey):
        name = re.sub(r"[^\w.-]+", "_", item.nodeid.split("::", 1)[-1])
        try:
            picture, html = trip.save_failure(name)
        except Exception as exc:  # a crashed page must not hide the test's own failure
            report.sections.append(("journey", f"nothing saved: {exc!r}"))
        else:
            report.sections.append(
                ("journey", f"failed on {trip.path}\nscreenshot: {picture}\nHTML: {html}"))
        # The portal runs apart (servers.py), its log in a temporary folder: its last
        # lines, with the traceback of a 500, go into the report CI prints.
        servers = item.funcargs.get("journey_servers")
        if servers is not None and servers.log.exists():
            report.sections.append(("portal log", servers.log.read_text()[-6000:]))
    return report


@pytest.fixture
def journey(chromium, journey_servers):
    """A new customer's browser (own cookies) at 1280 x 800, English by default."""
    context = chromium.new_context(viewport=DESKTOP, locale="en-GB")
    context.set_default_timeout(10_000)
    yield Journey(context.new_page(), journey_servers.url)
    context.close()

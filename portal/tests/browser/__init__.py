"""Journeys: the portal driven in a real browser, as a customer uses it.

Headless Chromium (Debian's ``chromium`` package, never a browser downloaded by
Playwright) drives the portal through Playwright for Python. The package's fixtures start,
once for all its tests, the servers as ``make run`` starts them: a real ``trytond`` serving
a copy of the demo database, and the portal's ``runserver`` without DEBUG in a subprocess
pointed at it (see conftest.py and servers.py). ``make test`` installs chromium when it is
missing.

A new journey is a test function taking the ``journey`` fixture (a fresh browser context
at 1280 x 800; ``journey.resize(375)`` for a phone)::

    pytestmark = pytest.mark.browser

    def test_customer_finds_the_pickups(journey):
        journey.sign_in()                        # the demo customer, see harness.DEMO_EMAIL
        journey.click_link("Pickups")
        journey.expect_heading("My pickups")
        journey.check_accessibility()            # axe-core: no serious or critical violation

``journey.page`` is Playwright's page for anything else (``journey.page.get_by_role(...)``).
When a journey fails, a screenshot and the page's HTML are saved under
``var/test/browser/failures/`` (the failure report names them); ``journey.screenshot(name)``
keeps a picture under ``var/test/browser/screenshots/`` on purpose.

Run them alone with ``.venv/bin/python -m pytest portal/tests/browser`` (``-m browser``
selects them anywhere). ``PORTAL_BROWSER=/path/to/chromium`` picks another Chromium build.
"""

"""Fixtures of the portal's tests, loaded as plugins (see portal/tests/fixtures/).

- ``fixtures.real_tryton``: a real trytond serving a copy of the demo database
  (``tryton_server``, ``tryton_settings``, ``demo_customers``, ``customer_a_client``);
- ``fixtures.fake_tryton``: the one fake Tryton for unit tests of error paths
  (``fake_tryton``, ``alice``/``bob`` scopes, ``alice_client``).
"""

import pytest
from django.utils import translation

pytest_plugins = [
    "portal.tests.fixtures.real_tryton",
    "portal.tests.fixtures.fake_tryton",
]


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the portal's default language: a request through Django's
    LocaleMiddleware leaves its language active in the thread, so a French page opened by
    an earlier test would turn this one's messages French."""
    translation.activate("en")
    yield
    translation.deactivate()

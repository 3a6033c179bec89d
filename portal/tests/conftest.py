"""Fixtures of the portal's tests, loaded as plugins (see portal/tests/fixtures/).

- ``fixtures.real_tryton``: a real trytond serving a copy of the demo database
  (``tryton_server``, ``tryton_settings``, ``demo_customers``, ``customer_a_client``);
- ``fixtures.fake_tryton``: the one fake Tryton for unit tests of error paths
  (``fake_tryton``, ``alice``/``bob`` scopes, ``alice_client``).
"""

pytest_plugins = [
    "portal.tests.fixtures.real_tryton",
    "portal.tests.fixtures.fake_tryton",
]

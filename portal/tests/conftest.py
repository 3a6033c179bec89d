"""Fixtures shared by every portal test: a real trytond for the tests that need one.

``tryton_server`` (module scope) serves a fresh copy of the demo template database; use
``tryton_settings`` in a test to point the portal's gateway at it. See tryton_server.py.
"""

import pytest
from tryton_server import TrytonServer, build_template, running_server


@pytest.fixture(scope="session")
def tryton_template():
    """The demo template database, built once (and cached across runs by source hash)."""
    template, took = build_template()
    if took:
        print(f"\n[tryton] template built in {took:.1f} s")
    return template


@pytest.fixture(scope="module")
def tryton_server(tryton_template, tmp_path_factory) -> TrytonServer:
    """A trytond serving a private copy of the demo database, for one test module."""
    with running_server(tryton_template, tmp_path_factory.mktemp("trytond")) as server:
        yield server


@pytest.fixture
def tryton_settings(tryton_server, settings):
    """Point Django's Tryton settings at ``tryton_server``, with a fresh client and cache."""
    from django.core.cache import caches

    settings.TRYTON_URL = tryton_server.url
    settings.TRYTON_DATABASE = tryton_server.database
    settings.TRYTON_SERVICE_USER = tryton_server.service_login
    settings.TRYTON_SERVICE_PASSWORD = tryton_server.service_password
    _reset_client()
    for cache in caches.all():
        cache.clear()
    yield tryton_server
    _reset_client()


def _reset_client():
    # The gateway keeps one process-wide client built from the settings.
    try:
        import erp
    except ImportError:
        return
    if hasattr(erp, "reset_client"):
        erp.reset_client()

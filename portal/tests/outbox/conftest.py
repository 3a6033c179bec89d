"""The outbox's real-trytond tests: a trytond each module stops and starts again."""

import pytest


@pytest.fixture(scope="module")
def tryton_server(restartable_tryton):
    """This module's trytond is one the tests stop and start again."""
    return restartable_tryton.server


@pytest.fixture
def trytond(restartable_tryton, tryton_settings, settings):
    """The server, running at the start and at the end of each test."""
    # Enough failures in a row that the breaker stays closed: connection refused is the
    # outage here (tests/erp/test_*circuit_breaker.py and tests/outbox/test_*outbox.py
    # prove the breaker's part).
    settings.TRYTON_BREAKER_THRESHOLD = 10**6
    restartable_tryton.start()
    yield restartable_tryton
    restartable_tryton.start()

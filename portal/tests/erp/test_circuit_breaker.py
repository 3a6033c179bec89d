"""A dead Tryton fails fast: the breaker opens, then lets one trial through."""

import pytest
import requests

from erp import TrytonUnavailable, get_client
from erp.breaker import CLOSED, HALF_OPEN, OPEN, CircuitBreaker
from portal.tests.fixtures import fake_tryton as fakes

WRITE = "model.party.party.write"


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def client(fake_tryton, clock):
    """A logged-in client whose breaker opens after 3 failures for 30 s of fake time."""
    fake_tryton.on(WRITE, lambda ids, values, context: None)
    client = get_client()
    client.breaker = CircuitBreaker(threshold=3, cooldown=30, clock=clock)
    client.execute("party.party", "write", [1], {})
    return client


def _fail_writes(client, fake, count):
    for _ in range(count):
        fake.queue(requests.ConnectionError("refused"))
        with pytest.raises(TrytonUnavailable):
            client.execute("party.party", "write", [1], {})


def test_opens_after_consecutive_failures_and_fails_fast(client, fake_tryton):
    _fail_writes(client, fake_tryton, 3)
    sent = len(fake_tryton.sent)

    with pytest.raises(TrytonUnavailable):
        client.execute("party.party", "write", [1], {})

    assert client.breaker.state == OPEN
    assert len(fake_tryton.sent) == sent  # nothing reached Tryton


def test_success_resets_the_failure_count(client, fake_tryton):
    _fail_writes(client, fake_tryton, 2)
    client.execute("party.party", "write", [1], {})
    _fail_writes(client, fake_tryton, 2)

    assert client.breaker.state == CLOSED


def test_server_errors_count_as_failures(client, fake_tryton):
    for _ in range(3):
        fake_tryton.queue(fakes.Reply(status=503, body=b"busy"))
        with pytest.raises(TrytonUnavailable):
            client.execute("party.party", "write", [1], {})

    assert client.breaker.state == OPEN


def test_user_errors_do_not_open_it(client, fake_tryton):
    fake_tryton.on(WRITE, lambda *a: fakes.Reply(error=["UserError", ["No.", "", None]]))
    for _ in range(5):
        with pytest.raises(Exception, match="No."):
            client.execute("party.party", "write", [1], {})

    assert client.breaker.state == CLOSED


def test_recovers_after_cool_down_when_the_trial_succeeds(client, fake_tryton, clock):
    _fail_writes(client, fake_tryton, 3)
    clock.now += 30

    assert client.breaker.state == HALF_OPEN
    client.execute("party.party", "write", [1], {})
    assert client.breaker.state == CLOSED


def test_failed_trial_opens_it_for_another_cool_down(client, fake_tryton, clock):
    _fail_writes(client, fake_tryton, 3)
    clock.now += 30
    _fail_writes(client, fake_tryton, 1)
    sent = len(fake_tryton.sent)

    with pytest.raises(TrytonUnavailable):
        client.execute("party.party", "write", [1], {})
    assert client.breaker.state == OPEN
    assert len(fake_tryton.sent) == sent


def test_half_open_lets_a_single_trial_through():
    clock = Clock()
    breaker = CircuitBreaker(threshold=1, cooldown=10, clock=clock)
    breaker.record_failure()
    clock.now += 10

    breaker.before_call()  # the trial
    with pytest.raises(TrytonUnavailable):
        breaker.before_call()  # a concurrent call while the trial runs
    breaker.record_success()
    breaker.before_call()


def test_threshold_comes_from_settings(settings, fake_tryton):
    settings.TRYTON_BREAKER_THRESHOLD = 2
    fake_tryton.on(WRITE, lambda ids, values, context: None)
    client = get_client()
    client.session.mount(fakes.URL, fake_tryton)
    client.execute("party.party", "write", [1], {})

    _fail_writes(client, fake_tryton, 2)

    assert client.breaker.state == OPEN


def test_failures_of_calls_that_do_not_count_leave_it_closed(client, fake_tryton):
    for error in [requests.ReadTimeout("slow"), requests.ConnectionError("reset")] * 3:
        fake_tryton.queue(error)
        with pytest.raises(TrytonUnavailable):
            client.execute("party.party", "write", [1], {}, counts_for_breaker=False)
    fake_tryton.queue(fakes.Reply(status=503))
    with pytest.raises(TrytonUnavailable):
        client.execute("party.party", "write", [1], {}, counts_for_breaker=False)

    assert client.breaker.state == CLOSED


def test_a_trial_that_does_not_count_frees_the_half_open_slot():
    clock = Clock()
    breaker = CircuitBreaker(threshold=1, cooldown=10, clock=clock)
    breaker.record_failure()
    clock.now += 10

    breaker.before_call()  # a slow login as the trial
    breaker.release()

    breaker.before_call()  # the next call is the trial, not refused
    assert breaker.state == HALF_OPEN

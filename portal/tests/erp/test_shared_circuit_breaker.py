"""The breaker shared by the portal's workers: one worker's failures open it for all.

Two SharedCircuitBreaker instances on one cache are two workers (gunicorn processes)
sharing Redis; a cache that raises is Redis down, where each worker keeps its own.
"""

import pytest
import requests
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache

from erp import TrytonUnavailable, get_client
from erp.breaker import CLOSED, HALF_OPEN, OPEN, CircuitBreaker, SharedCircuitBreaker
from erp.client import build_breaker

WRITE = "model.party.party.write"


class DeadCache:
    """A cache whose server is down: every call raises, as a Redis client does."""

    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("redis is down")

        return fail


@pytest.fixture
def clock():
    """Seconds of fake time, moved on by ``clock.now += ...``."""

    def now():
        return now.now

    now.now = 1000.0
    return now


@pytest.fixture
def shared_cache():
    cache = LocMemCache("breaker-test", {})
    yield cache
    cache.clear()


def _worker(cache, clock, **kwargs):
    return SharedCircuitBreaker(
        threshold=3, cooldown=30, namespace="test", cache=cache, clock=clock, **kwargs
    )


def test_failures_of_one_worker_open_the_circuit_for_another(shared_cache, clock):
    first, second = _worker(shared_cache, clock), _worker(shared_cache, clock)

    for _ in range(3):
        first.before_call()
        first.record_failure()

    assert second.state == OPEN
    with pytest.raises(TrytonUnavailable):
        second.before_call()


def test_failures_of_several_workers_add_up(shared_cache, clock):
    workers = [_worker(shared_cache, clock) for _ in range(3)]

    for worker in workers:  # one failure each: none of them alone reaches 3
        worker.before_call()
        worker.record_failure()

    assert all(worker.state == OPEN for worker in workers)
    assert all(worker.local.state == CLOSED for worker in workers)


def test_a_success_resets_the_shared_count(shared_cache, clock):
    first, second = _worker(shared_cache, clock), _worker(shared_cache, clock)
    first.record_failure()
    first.record_failure()

    second.record_success()
    first.record_failure()

    assert first.state == second.state == CLOSED


def test_after_the_cooldown_one_trial_among_all_workers(shared_cache, clock):
    first, second = _worker(shared_cache, clock), _worker(shared_cache, clock)
    for _ in range(3):
        first.record_failure()
    clock.now += 30

    assert second.state == HALF_OPEN
    second.before_call()  # the trial
    with pytest.raises(TrytonUnavailable):
        first.before_call()  # the others keep failing fast meanwhile

    second.record_success()

    assert first.state == CLOSED
    first.before_call()


def test_a_failed_trial_opens_it_again_for_everyone(shared_cache, clock):
    first, second = _worker(shared_cache, clock), _worker(shared_cache, clock)
    for _ in range(3):
        first.record_failure()
    clock.now += 30
    second.before_call()

    second.record_failure()

    assert first.state == OPEN
    with pytest.raises(TrytonUnavailable):
        first.before_call()
    clock.now += 30
    first.before_call()  # the slot was freed: a new trial after the next cool-down


def test_a_released_trial_frees_the_slot(shared_cache, clock):
    first, second = _worker(shared_cache, clock), _worker(shared_cache, clock)
    for _ in range(3):
        first.record_failure()
    clock.now += 30
    second.before_call()

    second.release()  # a customer's slow login: says nothing of Tryton

    first.before_call()


def test_with_the_cache_down_each_worker_keeps_its_own_breaker(clock):
    worker = SharedCircuitBreaker(threshold=3, cooldown=30, cache=DeadCache(), clock=clock)

    for _ in range(3):
        worker.before_call()
        worker.record_failure()

    assert worker.state == OPEN
    with pytest.raises(TrytonUnavailable):
        worker.before_call()
    worker.local._clock = lambda: 10**9  # its own cool-down passed: one trial
    worker.before_call()
    worker.record_success()
    assert worker.state == CLOSED


def test_the_portal_shares_its_breaker_when_asked(settings, fake_tryton):
    fake_tryton.on(WRITE, lambda ids, values, context: None)
    client = get_client()  # the fake's transport: its breaker is built as settings say
    settings.TRYTON_BREAKER_SHARED = True
    settings.TRYTON_BREAKER_THRESHOLD = 2
    client.breaker = build_breaker()
    assert isinstance(client.breaker, SharedCircuitBreaker)
    client.execute("party.party", "write", [1], {})

    for _ in range(2):
        fake_tryton.queue(requests.ConnectionError("refused"))
        with pytest.raises(TrytonUnavailable):
            client.execute("party.party", "write", [1], {})
    sent = len(fake_tryton.sent)
    # Another worker: its own transport and breaker object, the same cache.
    other = SharedCircuitBreaker(
        threshold=2, cooldown=30, namespace=client.breaker._state_key.split(":")[2],
        cache=caches["default"],
    )

    assert other.state == OPEN
    with pytest.raises(TrytonUnavailable):
        client.execute("party.party", "write", [1], {})
    assert len(fake_tryton.sent) == sent


def test_the_breaker_is_the_workers_own_without_redis(settings):
    settings.TRYTON_BREAKER_SHARED = False

    assert type(build_breaker()) is CircuitBreaker

"""Circuit breakers so a dead Tryton fails fast instead of piling up timeouts: one per
process (CircuitBreaker), or one shared by every worker through the cache
(SharedCircuitBreaker, with the first as its fallback when the cache is down)."""

import logging
import threading
import time
from collections.abc import Callable

from .errors import TrytonUnavailable

logger = logging.getLogger(__name__)

CLOSED = "closed"
OPEN = "open"
HALF_OPEN = "half-open"


class CircuitBreaker:
    """Opens after ``threshold`` consecutive transport failures.

    While open, calls fail at once with TrytonUnavailable. After ``cooldown``
    seconds one trial call is let through (half-open): its success closes the
    circuit, its failure opens it again for another cool-down.
    """

    def __init__(
        self,
        *,
        threshold: int = 5,
        cooldown: float = 30.0,
        clock: Callable[[], float] = time.monotonic,
    ):
        self.threshold = threshold
        self.cooldown = cooldown
        self._clock = clock
        self._lock = threading.Lock()
        self._state = CLOSED
        self._failures = 0
        self._opened_at = 0.0
        self._trial_in_flight = False

    @property
    def state(self) -> str:
        with self._lock:
            if self._state == OPEN and self._clock() - self._opened_at >= self.cooldown:
                return HALF_OPEN
            return self._state

    def before_call(self) -> None:
        """Raise TrytonUnavailable when the call must not reach Tryton."""
        with self._lock:
            if self._state == CLOSED:
                return
            if self._state == OPEN:
                if self._clock() - self._opened_at < self.cooldown:
                    raise TrytonUnavailable()
                self._state = HALF_OPEN
                self._trial_in_flight = False
            # Half-open: a single trial at a time, the others keep failing fast.
            if self._trial_in_flight:
                raise TrytonUnavailable()
            self._trial_in_flight = True

    def record_success(self) -> None:
        with self._lock:
            self._state = CLOSED
            self._failures = 0
            self._trial_in_flight = False

    def release(self) -> None:
        """End a call whose failure says nothing about Tryton's health (a slow login):
        no failure is counted, and a half-open trial slot is freed for another call."""
        with self._lock:
            self._trial_in_flight = False

    def record_failure(self) -> None:
        with self._lock:
            self._failures += 1
            self._trial_in_flight = False
            if self._state == HALF_OPEN or self._failures >= self.threshold:
                self._state = OPEN
                self._opened_at = self._clock()


class SharedCircuitBreaker:
    """A CircuitBreaker whose state lives in Django's cache (Redis in production), so that
    the failures one worker sees open the circuit for every worker of the portal.

    The cache holds the state (0 while closed, the time it opened otherwise), the count of
    failures in a row and the half-open trial slot (an atomic ``add``: one trial for all
    the workers). When the cache cannot be reached, each worker falls back to its own
    process-wide breaker (``local``), which always counts its own calls too.
    """

    def __init__(
        self,
        *,
        threshold: int = 5,
        cooldown: float = 30.0,
        namespace: str = "default",
        cache=None,
        clock: Callable[[], float] = time.time,
    ):
        from django.core.cache import cache as default_cache

        self.threshold = threshold
        self.cooldown = cooldown
        self._cache = cache if cache is not None else default_cache
        self._clock = clock
        self.local = CircuitBreaker(threshold=threshold, cooldown=cooldown)
        prefix = f"erp:breaker:{namespace}"
        self._state_key = f"{prefix}:state"
        self._failures_key = f"{prefix}:failures"
        self._trial_key = f"{prefix}:trial"
        # Whether this thread holds the shared trial slot (so only it frees it).
        self._held = threading.local()

    def _opened_at(self) -> float | None:
        """The shared state: 0.0 closed, the opening time, or None without a cache."""
        try:
            state = self._cache.get(self._state_key)
            if state is None:
                # First use, or the entry was evicted: closed, written if nobody did.
                self._cache.add(self._state_key, 0.0, timeout=None)
                state = self._cache.get(self._state_key)
        except Exception:
            logger.warning("Cache unavailable: the circuit breaker is this worker's own")
            return None
        return float(state) if state is not None else None

    @property
    def state(self) -> str:
        opened_at = self._opened_at()
        if opened_at is None:
            return self.local.state
        if not opened_at:
            return CLOSED
        return OPEN if self._clock() - opened_at < self.cooldown else HALF_OPEN

    def before_call(self) -> None:
        """Raise TrytonUnavailable when the call must not reach Tryton."""
        opened_at = self._opened_at()
        if opened_at is None:
            self.local.before_call()
            return
        if not opened_at:
            return
        if self._clock() - opened_at < self.cooldown:
            raise TrytonUnavailable()
        # Half-open: a single trial among all the workers; it frees the slot by ending,
        # or the slot expires with the cool-down if its worker died meanwhile.
        try:
            granted = self._cache.add(self._trial_key, 1, timeout=max(1, int(self.cooldown)))
        except Exception:
            granted = False
        if not granted:
            raise TrytonUnavailable()
        self._held.trial = True

    def record_success(self) -> None:
        self.local.record_success()
        try:
            self._cache.set(self._state_key, 0.0, timeout=None)
            self._cache.delete(self._failures_key)
        except Exception:
            logger.warning("Cache unavailable: circuit closed for this worker only")
        self._free_trial()

    def release(self) -> None:
        """End a call whose failure says nothing about Tryton's health (see CircuitBreaker)."""
        self.local.release()
        self._free_trial()

    def record_failure(self) -> None:
        self.local.record_failure()
        trial = getattr(self._held, "trial", False)
        try:
            try:
                failures = self._cache.incr(self._failures_key)
            except ValueError:
                self._cache.add(self._failures_key, 1, timeout=None)
                failures = 1
            opened_at = self._cache.get(self._state_key) or 0.0
            half_open = opened_at and self._clock() - float(opened_at) >= self.cooldown
            if trial or half_open or failures >= self.threshold:
                self._cache.set(self._state_key, self._clock(), timeout=None)
        except Exception:
            logger.warning("Cache unavailable: failure counted by this worker only")
        self._free_trial()

    def _free_trial(self) -> None:
        if getattr(self._held, "trial", False):
            self._held.trial = False
            try:
                self._cache.delete(self._trial_key)
            except Exception:
                logger.warning("Cache unavailable: the trial slot expires by itself")

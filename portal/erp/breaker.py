"""A process-wide circuit breaker so a dead Tryton fails fast instead of piling up timeouts."""

import threading
import time
from collections.abc import Callable

from .errors import TrytonUnavailable

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

"""What the soak's customers submitted, and the check of Tryton's records against it.

Every submission the soak posts carries a marker of its own (``soak-<run>-<n>``): a pickup
request in its comment, a checkout as its idempotency key (which Tryton stores on the sale),
so Tryton's records can be matched to submissions one by one. A submission ends in one of
these outcomes, read from the portal's answer:

- ``accepted``: the portal redirected to the new pickup or order; Tryton must hold it
  exactly once;
- ``refused``: the portal answered 503 (Tryton down, or its breaker open); the customer was
  told it did not go through, so Tryton must not hold it (if it does, the customer may
  submit again and get two pickups: counted as ``created though refused``);
- ``pending``: accepted for later (the portal's outbox, see ``OutboxHook``); once
  the outbox has replayed, Tryton must hold it exactly once, as an accepted one;
- ``failed``: anything else (a 5xx other than 503, a form error, no answer): a failure.

Lost = accepted or pending, not in Tryton; doubled = in Tryton more than once.
"""

from __future__ import annotations

import threading
from collections import Counter
from dataclasses import dataclass, field

ACCEPTED, REFUSED, PENDING, FAILED = "accepted", "refused", "pending", "failed"


# What the soak's customers submit.
PICKUP, CHECKOUT = "pickup request", "checkout"


@dataclass
class Submission:
    kind: str  # PICKUP or CHECKOUT
    marker: str
    customer: str
    outcome: str
    status: int | None
    at: float  # seconds since the start of the traffic


class OutboxHook:
    """Where the portal's outbox plugs into the soak (benchmarks/soak.py PortalOutbox).

    Without an outbox every submission is answered at once: accepted (302) or refused (503).
    With it, a submission made while Tryton is down is answered "pending" and replayed
    later, exactly once: the hook says

    - ``is_pending(kind, response)`` tells such an answer to a submission of ``kind`` (e.g.
      a redirect to the list showing it pending, or a 202), which then counts as pending,
      not refused;
    - ``wait_until_replayed(stack, timeout)`` returns once the outbox is empty (e.g. polls
      the portal's outbox table, or its ``/ready/`` details), before Tryton is checked.

    The check then expects every pending submission in Tryton exactly once.
    """

    def is_pending(self, kind: str, response) -> bool:
        return False

    def wait_until_replayed(self, stack, timeout: float) -> None:
        return None


@dataclass
class Ledger:
    """The submissions of every customer thread (thread-safe)."""

    run: str
    submissions: list[Submission] = field(default_factory=list)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _count: int = 0

    def new_marker(self) -> str:
        # At least 16 characters: a checkout's idempotency key must be.
        with self._lock:
            self._count += 1
            return f"soak-{self.run}-{self._count:06d}"

    def add(self, submission: Submission) -> None:
        with self._lock:
            self.submissions.append(submission)


@dataclass(frozen=True)
class Verdict:
    outcomes: dict[str, dict[str, int]]  # kind -> outcome -> submissions
    lost: list[str]
    doubled: list[str]
    created_though_refused: list[str]
    unknown_in_tryton: list[str]

    @property
    def ok(self) -> bool:
        return not (self.lost or self.doubled or self.created_though_refused
                    or self.unknown_in_tryton
                    or any(counts.get(FAILED) for counts in self.outcomes.values()))


def check(ledger: Ledger, tryton_markers: list[str]) -> Verdict:
    """Compare the submissions with the markers Tryton holds for this run (the comments of
    its pickup requests and the idempotency keys of its sales, one per record)."""
    held = Counter(marker for marker in tryton_markers if marker)
    submitted = {s.marker: s for s in ledger.submissions}
    lost, doubled, ghosts = [], [], []
    for marker, submission in submitted.items():
        count = held.get(marker, 0)
        if submission.outcome in (ACCEPTED, PENDING):
            if count == 0:
                lost.append(marker)
            elif count > 1:
                doubled.append(marker)
        elif count:
            ghosts.append(marker)
    outcomes: dict[str, Counter] = {}
    for submission in ledger.submissions:
        outcomes.setdefault(submission.kind, Counter())[submission.outcome] += 1
    return Verdict(
        outcomes={kind: dict(counts) for kind, counts in sorted(outcomes.items())},
        lost=lost,
        doubled=doubled,
        created_though_refused=ghosts,
        unknown_in_tryton=sorted(set(held) - set(submitted)),
    )

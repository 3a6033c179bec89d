"""The soak's verdict (benchmarks/soak_check.py): what it counts as lost, doubled or refused."""

from benchmarks.soak_check import (
    ACCEPTED,
    CHECKOUT,
    FAILED,
    PENDING,
    PICKUP,
    REFUSED,
    Ledger,
    Submission,
    check,
)

FIRST, SECOND, STRANGER = "soak-t-000001", "soak-t-000002", "soak-t-000099"


def _ledger(*outcomes: str, kind: str = PICKUP) -> Ledger:
    ledger = Ledger(run="t")
    for outcome in outcomes:
        ledger.add(Submission(kind, ledger.new_marker(), "c@example.com", outcome, None, 0.0))
    return ledger


def test_markers_are_long_enough_for_a_checkouts_idempotency_key():
    assert len(Ledger(run="ab12cd34").new_marker()) >= 16


def test_every_accepted_request_found_once_passes():
    verdict = check(_ledger(ACCEPTED, ACCEPTED, REFUSED), [FIRST, SECOND, None])

    assert verdict.ok
    assert verdict.outcomes == {PICKUP: {ACCEPTED: 2, REFUSED: 1}}


def test_pickups_and_checkouts_are_counted_apart_and_checked_alike():
    ledger = _ledger(ACCEPTED)
    ledger.add(Submission(CHECKOUT, ledger.new_marker(), "c@example.com", PENDING, None, 0.0))

    assert check(ledger, [FIRST, SECOND]).outcomes == {
        CHECKOUT: {PENDING: 1}, PICKUP: {ACCEPTED: 1}}
    assert check(ledger, [FIRST]).lost == [SECOND]


def test_an_accepted_request_missing_from_tryton_is_lost():
    verdict = check(_ledger(ACCEPTED, ACCEPTED), [SECOND])

    assert not verdict.ok
    assert verdict.lost == [FIRST]


def test_an_accepted_request_found_twice_is_doubled():
    verdict = check(_ledger(ACCEPTED), [FIRST, FIRST])

    assert not verdict.ok
    assert verdict.doubled == [FIRST]


def test_a_refused_request_is_not_lost_but_must_not_be_created():
    assert check(_ledger(REFUSED), []).ok

    created = check(_ledger(REFUSED), [FIRST])
    assert not created.ok
    assert created.created_though_refused == [FIRST]


def test_a_pending_request_must_be_replayed_exactly_once():
    assert check(_ledger(PENDING), [FIRST]).ok
    assert check(_ledger(PENDING), []).lost == [FIRST]
    assert check(_ledger(PENDING), [FIRST, FIRST]).doubled == [FIRST]


def test_a_failed_submission_or_a_stranger_in_tryton_fails_the_run():
    assert not check(_ledger(FAILED, kind=CHECKOUT), []).ok
    stranger = check(_ledger(ACCEPTED), [FIRST, STRANGER])
    assert not stranger.ok
    assert stranger.unknown_in_tryton == [STRANGER]

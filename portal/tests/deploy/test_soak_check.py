"""The soak's verdict (benchmarks/soak_check.py): what it counts as lost, doubled or refused."""

from benchmarks.soak_check import ACCEPTED, FAILED, PENDING, REFUSED, Ledger, Submission, check


def _ledger(*outcomes: str) -> Ledger:
    ledger = Ledger(run="t")
    for outcome in outcomes:
        ledger.add(Submission(ledger.new_marker(), "c@example.com", outcome, None, 0.0))
    return ledger


def test_every_accepted_request_found_once_passes():
    verdict = check(_ledger(ACCEPTED, ACCEPTED, REFUSED), ["soak-t-1", "soak-t-2", None])

    assert verdict.ok
    assert verdict.outcomes == {ACCEPTED: 2, REFUSED: 1}


def test_an_accepted_request_missing_from_tryton_is_lost():
    verdict = check(_ledger(ACCEPTED, ACCEPTED), ["soak-t-2"])

    assert not verdict.ok
    assert verdict.lost == ["soak-t-1"]


def test_an_accepted_request_found_twice_is_doubled():
    verdict = check(_ledger(ACCEPTED), ["soak-t-1", "soak-t-1"])

    assert not verdict.ok
    assert verdict.doubled == ["soak-t-1"]


def test_a_refused_request_is_not_lost_but_must_not_be_created():
    assert check(_ledger(REFUSED), []).ok

    created = check(_ledger(REFUSED), ["soak-t-1"])
    assert not created.ok
    assert created.created_though_refused == ["soak-t-1"]


def test_a_pending_request_must_be_replayed_exactly_once():
    assert check(_ledger(PENDING), ["soak-t-1"]).ok
    assert check(_ledger(PENDING), []).lost == ["soak-t-1"]
    assert check(_ledger(PENDING), ["soak-t-1", "soak-t-1"]).doubled == ["soak-t-1"]


def test_a_failed_submission_or_a_stranger_in_tryton_fails_the_run():
    assert not check(_ledger(FAILED), []).ok
    stranger = check(_ledger(ACCEPTED), ["soak-t-1", "soak-t-99"])
    assert not stranger.ok
    assert stranger.unknown_in_tryton == ["soak-t-99"]

"""The outbox's replay: in order per queue, exactly once, never with a session that ended,
Tryton's refusals kept for the customer. Tryton is replaced by a recording sender here;
tests/outbox/test_outbox_tryton.py runs the same against a real trytond stopped mid-test."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone
from outbox import services
from outbox.models import OutboxEntry

from accounts.customer import Customer
from accounts.models import User
from erp import (
    TrytonFault,
    TrytonRoleForbidden,
    TrytonSessionEnded,
    TrytonTimeout,
    TrytonUnavailable,
    TrytonValidationError,
)

pytestmark = pytest.mark.django_db

PARTY = 11


class Tryton:
    """Records what is sent; files each idempotency key once, as pickup.request does."""

    def __init__(self):
        self.filed: dict[str, int] = {}
        self.calls: list[tuple[str, str]] = []
        self.answers: list = []  # exceptions to raise on the next calls

    def __call__(self, scope, values, key):
        self.calls.append((values["n"], scope.web_session))
        if self.answers:
            answer = self.answers.pop(0)
            if isinstance(answer, BaseException):
                raise answer
        return self.filed.setdefault(key, 100 + len(self.filed))


@pytest.fixture
def tryton(monkeypatch):
    fake = Tryton()
    monkeypatch.setitem(services.SENDERS, OutboxEntry.PICKUP_REQUEST, fake)
    return fake


@pytest.fixture
def user():
    return User.objects.create_user("sophie@example.com", web_user_id=1)


def _customer(session="session-1", party=PARTY):
    return Customer(party_id=party, name="Le Comptoir", web_session=session, role="admin")


def _enqueue(user, n, customer=None):
    return services.enqueue(
        kind=OutboxEntry.PICKUP_REQUEST, customer=customer or _customer(), user=user,
        values={"n": n, "date": dt.date(2030, 1, 2)}, idempotency_key=f"key-{n}",
        summary={"date": "2030-01-02"},
    )


def _states(user):
    return [e.state for e in OutboxEntry.objects.filter(user=user).order_by("id")]


def test_entries_are_sent_in_order_with_the_customers_session(tryton, user):
    for n in ("first", "second", "third"):
        _enqueue(user, n)

    report = services.replay()

    assert [n for n, _ in tryton.calls] == ["first", "second", "third"]
    assert {session for _, session in tryton.calls} == {"session-1"}
    assert (report.sent, report.waiting) == (3, 0)
    assert _states(user) == ["sent"] * 3
    # The credential is not kept once it is of no use.
    assert set(OutboxEntry.objects.values_list("web_session", flat=True)) == {""}


def test_the_payload_comes_back_with_its_types(tryton, user, monkeypatch):
    seen = []
    monkeypatch.setitem(
        services.SENDERS, OutboxEntry.PICKUP_REQUEST, lambda s, v, k: seen.append(v) or 1
    )
    _enqueue(user, "typed")

    services.replay()

    assert seen == [{"n": "typed", "date": dt.date(2030, 1, 2)}]


def test_replaying_twice_sends_nothing_twice(tryton, user):
    _enqueue(user, "only")

    services.replay()
    call_command("outbox_replay")

    assert len(tryton.calls) == 1


def test_tryton_down_stops_the_replay_and_keeps_everything_pending(tryton, user):
    _enqueue(user, "first")
    _enqueue(user, "second")
    tryton.answers = [TrytonUnavailable()]

    report = services.replay()

    assert report.unavailable and report.waiting == 2
    assert len(tryton.calls) == 1
    assert _states(user) == ["pending", "pending"]
    entry = OutboxEntry.objects.get(idempotency_key="key-first")
    assert (entry.attempts, entry.claimed_until) == (1, None)


def test_a_timeout_is_sent_again_with_the_same_key(tryton, user):
    _enqueue(user, "slow")
    tryton.answers = [TrytonTimeout()]
    services.replay()

    services.replay()

    assert len(tryton.calls) == 2
    assert tryton.filed == {"key-slow": 100}
    assert OutboxEntry.objects.get().tryton_id == 100


class Crash(BaseException):
    """The replay's process dies (killed, out of memory) between two statements."""


def test_a_replay_that_died_after_tryton_filed_it_files_nothing_twice(
    tryton, user, monkeypatch, settings
):
    _enqueue(user, "interrupted")

    def die(entry, tryton_id):
        raise Crash

    monkeypatch.setattr(services, "_mark_sent", die)
    with pytest.raises(Crash):
        services.replay()
    monkeypatch.undo()
    monkeypatch.setitem(services.SENDERS, OutboxEntry.PICKUP_REQUEST, tryton)

    # Claimed by the dead replay: another one leaves it alone until the claim expires.
    services.replay()
    assert len(tryton.calls) == 1
    OutboxEntry.objects.update(claimed_until=timezone.now() - dt.timedelta(seconds=1))
    services.replay()

    assert len(tryton.calls) == 2
    assert len(tryton.filed) == 1  # Tryton answered the same request for the key
    entry = OutboxEntry.objects.get()
    assert (entry.state, entry.tryton_id) == ("sent", 100)


def test_an_entry_claimed_by_another_replay_holds_its_queue(tryton, user):
    first = _enqueue(user, "first")
    _enqueue(user, "second")
    OutboxEntry.objects.filter(pk=first.pk).update(
        claimed_until=timezone.now() + dt.timedelta(minutes=2)
    )

    services.replay()

    assert tryton.calls == []  # the second never overtakes the first


def test_a_refusal_fails_the_entry_with_trytons_words_and_the_queue_goes_on(tryton, user):
    _enqueue(user, "refused")
    _enqueue(user, "next")
    tryton.answers = [TrytonValidationError("The pickup date cannot be in the past.")]

    report = services.replay()

    assert (report.sent, report.failed) == (1, 1)
    refused = OutboxEntry.objects.get(idempotency_key="key-refused")
    assert refused.state == "failed"
    assert refused.refusal == "The pickup date cannot be in the past."
    entries = services.customer_entries(
        customer=_customer(), user=user, kind=OutboxEntry.PICKUP_REQUEST
    )
    assert entries == [refused]  # shown until dismissed, never dropped silently


def test_a_role_taken_away_meanwhile_fails_the_entry_in_plain_words(tryton, user):
    _enqueue(user, "no longer allowed")
    tryton.answers = [TrytonRoleForbidden()]

    services.replay()

    assert "role" in OutboxEntry.objects.get().refusal


def test_a_session_that_ended_waits_for_the_customer_to_come_back(tryton, user):
    _enqueue(user, "first")
    _enqueue(user, "second")
    tryton.answers = [TrytonSessionEnded()]

    services.replay()
    services.replay()  # without a session, the worker leaves the queue alone

    assert len(tryton.calls) == 1
    assert _states(user) == ["pending", "pending"]
    assert OutboxEntry.objects.get(idempotency_key="key-first").web_session == ""

    report = services.replay_for_customer(customer=_customer("session-2"), user=user)

    assert report.sent == 2 and _states(user) == ["sent", "sent"]
    assert [session for _, session in tryton.calls[1:]] == ["session-2", "session-2"]


def test_unexpected_faults_are_tried_again_then_told(tryton, user, settings):
    settings.PORTAL_OUTBOX_MAX_ATTEMPTS = 2
    _enqueue(user, "faulty")
    tryton.answers = [TrytonFault(), TrytonFault()]

    services.replay()
    assert _states(user) == ["pending"]
    services.replay()

    entry = OutboxEntry.objects.get()
    assert entry.state == "failed" and "contact us" in entry.refusal


def test_one_customers_stuck_queue_does_not_hold_another(tryton, user):
    other = User.objects.create_user("chef@example.com", web_user_id=2)
    _enqueue(user, "stuck")
    OutboxEntry.objects.filter(user=user).update(web_session="")
    _enqueue(other, "theirs", customer=_customer("session-b", party=12))

    services.replay()

    assert [n for n, _ in tryton.calls] == ["theirs"]


def test_send_or_enqueue_goes_behind_older_entries_tryton_has_not_taken(tryton, user):
    _enqueue(user, "older")
    tryton.answers = [TrytonUnavailable()]

    pickup_id, entry = services.send_or_enqueue(
        kind=OutboxEntry.PICKUP_REQUEST, customer=_customer(), user=user,
        values={"n": "newer"}, summary={"date": "2030-01-02"},
    )

    assert pickup_id is None and entry.state == "pending"
    assert [n for n, _ in tryton.calls] == ["older"]  # the newer one never overtook it
    services.replay()
    assert [n for n, _ in tryton.calls] == ["older", "older", "newer"]


def test_send_or_enqueue_sends_at_once_when_tryton_answers(tryton, user):
    pickup_id, entry = services.send_or_enqueue(
        kind=OutboxEntry.PICKUP_REQUEST, customer=_customer(), user=user,
        values={"n": "now"}, summary={},
    )

    assert (pickup_id, entry) == (100, None)
    assert not OutboxEntry.objects.exists()


def test_a_customer_dismisses_only_their_own_refused_entries(tryton, user):
    other = User.objects.create_user("chef@example.com", web_user_id=2)
    mine = _enqueue(user, "mine")
    theirs = _enqueue(other, "theirs", customer=_customer("session-b", party=12))
    OutboxEntry.objects.update(state=OutboxEntry.FAILED)

    assert not services.dismiss(customer=_customer(), user=user, entry_id=theirs.pk)
    assert services.dismiss(customer=_customer(), user=user, entry_id=mine.pk)
    assert services.customer_entries(
        customer=_customer(), user=user, kind=OutboxEntry.PICKUP_REQUEST
    ) == []


def test_entries_ended_long_ago_are_pruned_pending_ones_never(tryton, user, settings):
    """Pickup entries hold addresses and free text: once ended, they are kept
    PORTAL_OUTBOX_RETENTION_DAYS, then deleted; a pending one waits for Tryton, however old."""
    settings.PORTAL_OUTBOX_RETENTION_DAYS = 30
    long_ago = timezone.now() - dt.timedelta(days=31)
    recently = timezone.now() - dt.timedelta(days=29)
    entries = {name: _enqueue(user, name) for name in (
        "sent long ago", "sent recently", "refused, dismissed long ago",
        "refused, dismissed recently", "refused recently, not seen",
        "refused long ago, never seen", "pending long ago",
    )}
    for name in ("pending long ago", "refused long ago, never seen"):
        OutboxEntry.objects.filter(pk=entries[name].pk).update(created_at=long_ago)
    for name, sent_at in (("sent long ago", long_ago), ("sent recently", recently)):
        OutboxEntry.objects.filter(pk=entries[name].pk).update(
            state=OutboxEntry.SENT, sent_at=sent_at)
    for name, dismissed_at in (("refused, dismissed long ago", long_ago),
                               ("refused, dismissed recently", recently),
                               ("refused recently, not seen", None),
                               ("refused long ago, never seen", None)):
        OutboxEntry.objects.filter(pk=entries[name].pk).update(
            state=OutboxEntry.FAILED, dismissed_at=dismissed_at)

    call_command("outbox_prune", stdout=open("/dev/null", "w"))

    kept = {entry.pk for entry in OutboxEntry.objects.all()}
    assert {name for name, entry in entries.items() if entry.pk in kept} == {
        "sent recently", "refused, dismissed recently", "refused recently, not seen",
        "pending long ago",
    }
    assert services.prune() == 0


@pytest.fixture
def alice_user():
    return User.objects.create_user("alice@example.com", web_user_id=101)


def _through_the_gateway(customer, user):
    """A pickup request sent by the real gateway (transport, breaker) to the fake Tryton."""
    return services.send_or_enqueue(
        kind=OutboxEntry.PICKUP_REQUEST, customer=customer, user=user,
        values={"pickup_address": 1, "pickup_date": dt.date(2030, 1, 2), "lines": []},
        summary={"date": "2030-01-02"},
    )


def test_with_the_breaker_open_the_request_is_kept_without_calling_tryton(
    fake_tryton, alice, alice_user
):
    from erp import get_client

    breaker = get_client().breaker
    while breaker.state != "open":
        breaker.record_failure()

    pickup_id, entry = _through_the_gateway(
        Customer(party_id=alice.party_id, name="Alice", web_session=alice.web_session),
        alice_user,
    )

    assert pickup_id is None and entry.state == "pending"
    assert "model.pickup.request.portal_request" not in fake_tryton.methods()


def test_a_request_that_timed_out_is_kept_with_the_key_it_was_sent_with(
    fake_tryton, alice, alice_user
):
    import requests

    from erp import get_client

    assert get_client().context  # logged in first: the timeout is the request's
    fake_tryton.queue(requests.ReadTimeout("slow"))

    pickup_id, entry = _through_the_gateway(
        Customer(party_id=alice.party_id, name="Alice", web_session=alice.web_session),
        alice_user,
    )

    [sent] = fake_tryton.called("model.pickup.request.portal_request")
    assert pickup_id is None
    assert sent[0]["idempotency_key"] == entry.idempotency_key

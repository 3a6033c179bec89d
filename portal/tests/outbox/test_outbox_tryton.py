"""Nothing lost while Tryton is down, against a real trytond stopped and started mid-test.

Customer A asks for a pickup while trytond is stopped: the request waits in the portal's
outbox and shows as pending; trytond comes back, the replay files it in Tryton exactly
once (replayed twice, or interrupted after Tryton filed it). Every other write is refused
in plain words with what was typed given back, and cached pages show their date.
"""

import datetime as dt
from html import escape

import pytest
from django.core.management import call_command
from django.utils import timezone
from outbox import services as outbox
from outbox.models import OutboxEntry

from erp import encoding, get_client, identity, pickups
from erp.events import event_list
from erp.sales import order_list
from portal.tests.fixtures.real_tryton import sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]


def _pickups_of(admin, party_id: int) -> list[dict]:
    return admin.execute(
        "pickup.request", "search_read", [["party", "=", party_id]], 0, None, [["id", "ASC"]],
        ["state", "reference", "idempotency_key", "comment", "lines"],
    )


def _request_form(scope, *, comment: str) -> dict:
    """What the request form posts: the first address, one line of the first good."""
    choices = pickups.request_choices(scope)
    return {
        "address": str(choices.addresses[0].id),
        "date": (timezone.localdate() + dt.timedelta(days=2)).isoformat(),
        "time_from": "09:00",
        "time_to": "11:00",
        "comment": comment,
        "lines-TOTAL_FORMS": "1",
        "lines-INITIAL_FORMS": "0",
        "lines-MIN_NUM_FORMS": "0",
        "lines-MAX_NUM_FORMS": "30",
        "lines-0-product": str(choices.products[0].id),
        "lines-0-quantity": "12",
        "lines-0-packages": "2",
    }


def _request_while_down(client, trytond, scope, comment: str):
    """Open the form while Tryton answers (as the customer did), stop trytond, send it."""
    assert client.get("/pickups/new/").status_code == 200
    assert client.get("/pickups/").status_code == 200
    data = _request_form(scope, comment=comment)
    trytond.stop()
    return client.post("/pickups/new/", data)


def test_a_pickup_asked_for_while_tryton_is_down_is_pending_then_filed_exactly_once(
    customer_a_client, trytond, demo_scopes, demo_customers, tryton_admin
):
    party = demo_customers["a"].party_id
    before = len(_pickups_of(tryton_admin, party))

    response = _request_while_down(customer_a_client, trytond, demo_scopes["a"], "Outage 1")

    assert response.status_code == 302 and response["Location"] == "/pickups/"
    page = customer_a_client.get("/pickups/")
    body = page.content.decode()
    assert page.status_code == 200
    assert "saved and will be sent when it is back" in body
    assert "Pending" in body and "it will be sent when the supplier" in body
    [entry] = OutboxEntry.objects.all()
    assert entry.state == "pending" and entry.party_id == party

    trytond.start()
    call_command("outbox_replay")
    call_command("outbox_replay")  # a second run, as a worker's next round

    after = _pickups_of(tryton_admin, party)
    assert len(after) == before + 1
    [filed] = [p for p in after if p["idempotency_key"] == entry.idempotency_key]
    assert (filed["state"], filed["comment"]) == ("requested", "Outage 1")
    entry.refresh_from_db()
    assert (entry.state, entry.tryton_id, entry.web_session) == ("sent", filed["id"], "")
    # The list shows it as Tryton has it, the pending notice gone.
    body = customer_a_client.get("/pickups/").content.decode()
    assert f'href="/pickups/{filed["id"]}/"' in body and "Pending" not in body


class Crash(BaseException):
    """The replay's process dies right after Tryton filed the request."""


def test_a_replay_interrupted_after_tryton_filed_it_files_it_once(
    customer_a_client, trytond, demo_scopes, demo_customers, tryton_admin, monkeypatch
):
    party = demo_customers["a"].party_id
    before = len(_pickups_of(tryton_admin, party))
    _request_while_down(customer_a_client, trytond, demo_scopes["a"], "Outage 2")
    trytond.start()

    def crash(entry, tryton_id):
        raise Crash

    with monkeypatch.context() as patched:
        patched.setattr(outbox, "_mark_sent", crash)
        with pytest.raises(Crash):
            outbox.replay()
    assert len(_pickups_of(tryton_admin, party)) == before + 1  # filed, not marked sent
    # The dead replay's claim expires; the next replay sends the entry again.
    OutboxEntry.objects.update(claimed_until=timezone.now() - dt.timedelta(seconds=1))
    call_command("outbox_replay")

    after = _pickups_of(tryton_admin, party)
    assert len(after) == before + 1
    entry = OutboxEntry.objects.get()
    assert entry.state == "sent" and entry.attempts == 2
    assert entry.tryton_id == after[-1]["id"]


def test_the_customer_back_after_their_session_ended_gets_it_sent(
    client, trytond, demo_scopes, demo_customers, tryton_admin
):
    party = demo_customers["a"].party_id
    before = len(_pickups_of(tryton_admin, party))
    assert sign_in(client, demo_customers["a"]).status_code == 302
    _request_while_down(client, trytond, demo_scopes["a"], "Outage 3")
    trytond.start()
    # The customer signed out meanwhile: the session the entry holds is over in Tryton.
    identity.web_user_logout(session=OutboxEntry.objects.get().web_session)

    call_command("outbox_replay")

    entry = OutboxEntry.objects.get()
    assert (entry.state, entry.web_session) == ("pending", "")
    assert len(_pickups_of(tryton_admin, party)) == before  # nothing without their session

    client.logout()
    assert sign_in(client, demo_customers["a"]).status_code == 302
    body = client.get("/pickups/").content.decode()  # back: sent with the new session

    entry.refresh_from_db()
    assert entry.state == "sent"
    assert len(_pickups_of(tryton_admin, party)) == before + 1
    assert "Pending" not in body


def test_trytons_refusal_at_replay_is_shown_to_the_customer(
    customer_a_client, trytond, demo_scopes, demo_customers, tryton_admin
):
    party = demo_customers["a"].party_id
    before = len(_pickups_of(tryton_admin, party))
    _request_while_down(customer_a_client, trytond, demo_scopes["a"], "Outage 4")
    trytond.start()
    # Meanwhile the address went (as if deleted in the back office): Tryton refuses it.
    entry = OutboxEntry.objects.get()
    values = encoding.loads(entry.payload)
    values["pickup_address"] = 999999
    entry.payload = encoding.dumps(values)
    entry.save()

    call_command("outbox_replay")

    entry.refresh_from_db()
    assert entry.state == "failed" and entry.refusal
    assert len(_pickups_of(tryton_admin, party)) == before
    body = customer_a_client.get("/pickups/").content.decode()
    assert "refused this request, nothing was filed" in body and escape(entry.refusal) in body
    # Customer B cannot take it off A's list; A can.
    other = customer_a_client.__class__()
    assert sign_in(other, demo_customers["b"]).status_code == 302
    assert other.post(f"/pickups/queued/{entry.pk}/dismiss/").status_code == 404
    assert customer_a_client.post(f"/pickups/queued/{entry.pk}/dismiss/").status_code == 302
    assert "nothing was filed" not in customer_a_client.get("/pickups/").content.decode()


def test_other_writes_are_refused_clearly_and_forms_keep_what_was_typed(
    customer_a_client, trytond, demo_scopes
):
    scope = demo_scopes["a"]
    # One still open to changes: the demo's events and cut-offs move with today.
    event = next(
        e for e in event_list(scope, when="upcoming", now=timezone.now(), limit=20).items
        if e.editable
    )
    # One the customer may still answer (not expired, not waiting for an approval).
    quotation = next(o for o in order_list(scope, limit=100).items if o.is_open_quotation)
    assert customer_a_client.get(f"/events/{event.id}/").status_code == 200
    assert customer_a_client.get(f"/orders/{quotation.id}/decline/").status_code == 200
    assert customer_a_client.get(f"/orders/{quotation.id}/").status_code == 200
    trytond.stop()

    event_page = customer_a_client.post(
        f"/events/{event.id}/", {"attendees": "42", "notes": "Vegetarian lunch for 12"}
    )
    decline = customer_a_client.post(
        f"/orders/{quotation.id}/decline/", {"reason": "Too late for our season"}
    )
    invite = customer_a_client.post(
        "/accounts/members/invite/", {"email": "new.buyer@example.com", "role": "buyer"}
    )
    accept = customer_a_client.post(f"/orders/{quotation.id}/accept/", follow=True)

    refused = "cannot be reached right now: nothing was saved"
    for response, typed in [
        (event_page, "Vegetarian lunch for 12"),
        (decline, "Too late for our season"),
        (invite, "new.buyer@example.com"),
    ]:
        body = response.content.decode()
        assert response.status_code == 503 and response["Retry-After"]
        assert refused in body and typed in body
    assert 'value="42"' in event_page.content.decode()
    assert "nothing was changed" in accept.content.decode()
    trytond.start()
    assert get_client().execute("res.user", "get_preferences", True, readonly=True)
    [still] = [o for o in order_list(scope, limit=100).items if o.id == quotation.id]
    assert still.state == "quotation"


def test_cached_pages_show_the_date_of_their_data_while_tryton_is_down(
    customer_a_client, trytond, settings
):
    settings.TIME_ZONE = "UTC"
    for url in ("/orders/", "/pickups/"):
        assert customer_a_client.get(url).status_code == 200
    settings.PORTAL_CACHE_TTL = 0
    trytond.stop()
    today = timezone.now()

    for url in ("/orders/", "/pickups/"):
        response = customer_a_client.get(url)
        body = response.content.decode()
        assert response.status_code == 200, url
        assert f"Data as of {today.day} {today:%B %Y}" in body, url

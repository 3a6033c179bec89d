"""My events against the real trytond and its demo data: lists, month view, detail, and
the update of attendees and notes before and after the cut-off set in Tryton."""

import pytest
from django.core.cache import cache
from django.utils import timezone

from erp import events
from erp.testing import count_rpc_calls

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]


def _events(scope, when):
    return events.event_list(scope, when=when, now=timezone.now(), limit=100).items


def _read(admin, event_id: int) -> dict:
    [row] = admin.execute("event.event", "read", [event_id], ["attendees", "notes"])
    return row


def test_customer_sees_upcoming_and_past_events(customer_a_client, demo_scopes):
    upcoming, past = _events(demo_scopes["a"], "upcoming"), _events(demo_scopes["a"], "past")
    theirs = _events(demo_scopes["b"], "upcoming") + _events(demo_scopes["b"], "past")
    assert upcoming and past, "the demo gives customer A upcoming and past events"

    soon = customer_a_client.get("/events/")
    before = customer_a_client.get("/events/", {"when": "past"})

    assert [e.id for e in soon.context["page"].items] == [e.id for e in upcoming]
    assert [e.id for e in before.context["page"].items] == [e.id for e in past]
    starts = [e.start for e in upcoming]
    assert starts == sorted(starts)
    shown = soon.content.decode() + before.content.decode()
    for event in upcoming + past:
        assert f'href="/events/{event.id}/"' in shown
    for event in theirs:
        assert f'href="/events/{event.id}/"' not in shown


def test_month_view_links_the_events_of_the_month(customer_a_client, demo_scopes):
    event = _events(demo_scopes["a"], "upcoming")[-1]
    month = timezone.localtime(event.start).strftime("%Y-%m")

    response = customer_a_client.get("/events/calendar/", {"month": month})

    body = response.content.decode()
    assert response.status_code == 200
    assert '<table class="month-grid">' in body
    assert body.count(f'href="/events/{event.id}/"') >= 2  # in the grid and in the list
    assert 'rel="prev"' in body and 'rel="next"' in body


@pytest.mark.parametrize("month", ["2026-13", "abc", "1500-01", "2026-1", "99999999-01"])
def test_month_that_cannot_be_is_a_404(customer_a_client, month):
    assert customer_a_client.get("/events/calendar/", {"month": month}).status_code == 404


def test_event_detail_shows_contract_place_dates_and_support(customer_a_client, demo_scopes):
    event = next(e for e in _events(demo_scopes["a"], "upcoming") if e.editable)
    full = events.event_get(demo_scopes["a"], event_id=event.id)
    cache.clear()

    with count_rpc_calls() as cold:
        response = customer_a_client.get(f"/events/{event.id}/")
    with count_rpc_calls() as warm:
        customer_a_client.get(f"/events/{event.id}/")

    body = response.content.decode()
    assert response.status_code == 200
    assert f'href="/orders/{full.order_id}/"' in body
    assert full.location in body and full.support in body
    assert "Update attendees and notes" in body
    assert len(cold) <= 3, cold
    assert len(warm) == 0, warm


def test_event_list_and_calendar_cost_two_calls_cold_and_none_warm(customer_a_client):
    for url in ["/events/", "/events/calendar/"]:
        cache.clear()
        with count_rpc_calls() as cold:
            assert customer_a_client.get(url).status_code == 200
        with count_rpc_calls() as warm:
            assert customer_a_client.get(url).status_code == 200
        assert len(cold) <= 2, (url, cold)
        assert len(warm) == 0, (url, warm)


def test_customer_updates_attendees_and_notes_before_the_cutoff(
    customer_a_client, demo_scopes, tryton_admin
):
    event = next(e for e in _events(demo_scopes["a"], "upcoming") if e.editable)

    response = customer_a_client.post(
        f"/events/{event.id}/", {"attendees": "135", "notes": "Two more tables"}, follow=True
    )

    assert response.status_code == 200
    assert "Your changes to the event are saved." in response.content.decode()
    assert _read(tryton_admin, event.id) == {
        "id": event.id,
        "attendees": 135,
        "notes": "Two more tables",
    }
    assert "135" in response.content.decode()


def test_after_the_cutoff_tryton_refuses_and_the_customer_is_told(
    customer_a_client, demo_scopes, tryton_admin
):
    event = next(
        e
        for e in _events(demo_scopes["a"], "upcoming") + _events(demo_scopes["a"], "past")
        if not e.editable
    )
    before = _read(tryton_admin, event.id)
    detail = customer_a_client.get(f"/events/{event.id}/").content.decode()
    assert "Update attendees and notes" not in detail

    response = customer_a_client.post(f"/events/{event.id}/", {"attendees": "1", "notes": ""})

    assert response.status_code == 200
    # Tryton's own words, not the page's hint.
    assert "can no longer be changed online. Please contact us." in response.content.decode()
    assert _read(tryton_admin, event.id) == before


@pytest.mark.parametrize("attendees", ["", "many", "-3", "1e9", "100001"])
def test_malformed_attendees_are_a_form_error(customer_a_client, demo_scopes, attendees):
    event = next(e for e in _events(demo_scopes["a"], "upcoming") if e.editable)

    response = customer_a_client.post(f"/events/{event.id}/", {"attendees": attendees})

    assert response.status_code == 200
    assert 'class="field-error"' in response.content.decode()


def test_customer_cannot_reach_another_customers_event(
    customer_a_client, demo_scopes, tryton_admin
):
    theirs = _events(demo_scopes["b"], "upcoming")[0]
    before = _read(tryton_admin, theirs.id)

    assert customer_a_client.get(f"/events/{theirs.id}/").status_code == 404
    response = customer_a_client.post(f"/events/{theirs.id}/", {"attendees": "1", "notes": "x"})

    assert response.status_code == 404
    assert _read(tryton_admin, theirs.id) == before
    assert customer_a_client.get("/events/999999/").status_code == 404

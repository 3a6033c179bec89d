"""My pickups while Tryton is down and nothing is cached: the requests kept in the outbox
still show, pending, on the 503 page (tests/outbox/test_outbox_tryton.py has the rest)."""

import pytest
from outbox.models import OutboxEntry

from accounts.models import User
from portal.tests.fixtures.fake_tryton import ALICE

pytestmark = pytest.mark.django_db


def _queued_for(user, **values) -> OutboxEntry:
    return OutboxEntry.objects.create(
        kind=OutboxEntry.PICKUP_REQUEST, user=user, party_id=ALICE, payload="{}",
        web_session="alice-session",
        summary={"date": "2030-01-02", "time_from": "09:00", "time_to": "11:00",
                 "address": "12 quai des Brasseurs", "lines": 2},
        **values,
    )


def test_pending_requests_show_although_the_list_cannot_be_read(alice_client, fake_tryton):
    user = User.objects.get(web_user_id=101)
    _queued_for(user)
    _queued_for(user, state=OutboxEntry.FAILED, refusal="The pickup date cannot be in the past.")
    fake_tryton.down = True

    response = alice_client.get("/pickups/")

    body = response.content.decode()
    assert response.status_code == 503 and response["Retry-After"]
    assert "Service temporarily unavailable" in body
    assert "12 quai des Brasseurs" in body and "2 lines" in body
    assert "it will be sent when the supplier" in body
    assert "nothing was filed: The pickup date cannot be in the past." in body
    assert OutboxEntry.objects.filter(state=OutboxEntry.PENDING).count() == 1


def test_without_pending_requests_the_list_is_the_503_page(alice_client, fake_tryton):
    fake_tryton.down = True

    response = alice_client.get("/pickups/")

    assert response.status_code == 503
    assert "Requests not yet with us" not in response.content.decode()

"""Tryton's signed change notifications: what the portal takes and what it refuses.

The requests are signed here exactly as the Tryton module signs them (its own code, imported
from trytond.modules.portal.webhook), so a change on either side that breaks the other fails.
"""

import json
import time
import uuid

import pytest
from trytond.modules.portal import webhook as tryton_webhook

from erp.cache import customer_version
from notifications.models import Notification

pytestmark = pytest.mark.django_db

URL = "/notifications/webhook/"
CURRENT, PREVIOUS = "current-secret-of-the-portal", "previous-secret-of-the-portal"


@pytest.fixture(autouse=True)
def secrets(settings):
    settings.PORTAL_WEBHOOK_SECRETS = [CURRENT, PREVIOUS]
    settings.PORTAL_WEBHOOK_WINDOW = 300


def _payload(**values):
    return {
        "id": str(uuid.uuid4()),
        "model": "sale.sale",
        "kind": "confirmed",
        "occurred_at": "2026-11-30T19:00:00+00:00",
        "parties": [7],
        "records": [{"id": 12, "party": 7, "name": "SO0012"}],
        **values,
    }


def _post(client, payload, *, secret=CURRENT, timestamp=None, body=None, headers=None):
    """POST payload as Tryton does (its signed_request), or ``body`` signed the same way."""
    request = tryton_webhook.signed_request(
        "http://portal.invalid" + URL, secret, payload, timestamp=timestamp)
    sent = dict(request.header_items())
    if body is not None:
        stamp = sent["X-portal-webhook-timestamp"]
        sent["X-portal-webhook-signature"] = "sha256=" + tryton_webhook.sign(secret, stamp, body)
    sent.update(headers or {})
    extra = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in sent.items()
             if k.lower() != "content-type"}
    return client.post(URL, body if body is not None else request.data,
                       content_type="application/json", **extra)


def test_a_signed_change_bumps_the_customers_cache_and_is_recorded(client):
    before, other = customer_version(7), customer_version(8)

    response = _post(client, _payload())

    assert response.status_code == 200, response.content
    assert customer_version(7) != before
    assert customer_version(8) == other
    notification, = Notification.objects.all()
    assert (notification.party_id, notification.model, notification.record_id,
            notification.kind, notification.record_name) == (7, "sale.sale", 12, "confirmed",
                                                              "SO0012")


def test_a_change_not_worth_telling_only_bumps_the_cache(client):
    before = customer_version(7)

    response = _post(client, _payload(kind="processing"))

    assert response.status_code == 200
    assert customer_version(7) != before
    assert not Notification.objects.exists()


def test_the_previous_secret_is_still_accepted_during_a_rotation(client):
    assert _post(client, _payload(), secret=PREVIOUS).status_code == 200


def test_a_secret_the_portal_does_not_hold_is_refused(client):
    before = customer_version(7)

    response = _post(client, _payload(), secret="a-secret-nobody-gave-the-portal")

    assert response.status_code == 401
    assert response.json() == {"error": "bad signature"}
    assert customer_version(7) == before
    assert not Notification.objects.exists()


def test_a_body_changed_after_signing_is_refused(client, settings):
    payload = _payload()
    request = tryton_webhook.signed_request("http://x" + URL, CURRENT, payload)
    headers = {"HTTP_" + k.upper().replace("-", "_"): v for k, v in request.header_items()
               if k.lower() != "content-type"}
    forged = json.dumps({**payload, "parties": [8], "records": []})

    response = client.post(URL, forged, content_type="application/json", **headers)

    assert response.status_code == 401


def test_an_unsigned_request_is_refused(client):
    response = client.post(URL, json.dumps(_payload()), content_type="application/json")

    assert response.status_code == 401
    assert response.json() == {"error": "unsigned request"}


def test_an_old_timestamp_is_refused(client):
    response = _post(client, _payload(), timestamp=int(time.time()) - 301)

    assert response.status_code == 401
    assert response.json() == {"error": "timestamp outside the replay window"}


def test_a_timestamp_from_the_future_is_refused(client):
    assert _post(client, _payload(), timestamp=int(time.time()) + 301).status_code == 401


def test_a_replayed_delivery_is_refused(client):
    payload = _payload()
    assert _post(client, payload).status_code == 200

    # Signed anew (as Tryton's retry is), the same delivery is still refused.
    again = _post(client, payload, timestamp=int(time.time()) + 1)

    assert again.status_code == 409
    assert Notification.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"\xff\xfe",
        b"[]",
        b"{}",
        json.dumps(_payload(parties=[])).encode(),
        json.dumps(_payload(parties=["7"])).encode(),
        json.dumps(_payload(parties=[2**63])).encode(),
        json.dumps(_payload(parties=[True])).encode(),
        json.dumps(_payload(kind="<script>")).encode(),
        json.dumps(_payload(id="")).encode(),
        json.dumps(_payload(records=[{"id": 12, "party": 9, "name": "S"}])).encode(),
        json.dumps(_payload(records=[{"id": -1, "party": 7}])).encode(),
        json.dumps(_payload(records="all")).encode(),
    ],
)
def test_malformed_json_is_a_clear_400(client, body):
    response = _post(client, _payload(), body=body)

    assert response.status_code == 400, response.content
    assert response.json()["error"]
    assert not Notification.objects.exists()


def test_a_timestamp_that_is_no_number_is_a_400(client):
    response = _post(client, _payload(), headers={"X-portal-webhook-timestamp": "yesterday"})

    assert response.status_code == 400


def test_webhooks_without_secrets_are_refused(client, settings):
    settings.PORTAL_WEBHOOK_SECRETS = []

    assert _post(client, _payload()).status_code == 503


def test_a_get_is_not_allowed(client):
    assert client.get(URL).status_code == 405


def test_a_cache_outage_is_a_503_tryton_retries(client, monkeypatch):
    def down(*args, **kwargs):
        raise ConnectionError("redis down")

    monkeypatch.setattr("notifications.webhook.cache.add", down)

    response = _post(client, _payload())

    assert response.status_code == 503
    assert not Notification.objects.exists()


def test_a_change_that_cannot_be_applied_can_be_delivered_again(client, monkeypatch):
    payload = _payload()

    def broken(**kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr("notifications.services.change_apply", broken)
    assert _post(client, payload).status_code == 503
    monkeypatch.undo()

    assert _post(client, payload, timestamp=int(time.time()) + 1).status_code == 200
    assert Notification.objects.count() == 1

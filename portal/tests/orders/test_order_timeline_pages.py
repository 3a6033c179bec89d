"""The order page's timeline when Tryton answers oddly (Tryton faked); real data:
test_order_timeline.py."""

import pytest
import requests

pytestmark = pytest.mark.django_db

TIMELINE = "model.sale.sale.portal_timeline"


def test_a_processing_order_asks_its_timeline_once(alice_client, fake_tryton):
    assert alice_client.get("/orders/2/").status_code == 200
    assert alice_client.get("/orders/2/").status_code == 200

    assert len(fake_tryton.called(TIMELINE)) == 1
    assert fake_tryton.called(TIMELINE)[0][0] == 2


def test_a_quotation_asks_no_timeline(alice_client, fake_tryton):
    assert alice_client.get("/orders/4/").status_code == 200

    assert fake_tryton.called(TIMELINE) == []


def test_the_order_shows_while_its_timeline_cannot_be_read(alice_client, fake_tryton):
    def down(sale_id, context):
        raise requests.ConnectionError("trytond stopped between two calls")

    fake_tryton.on(TIMELINE, down)

    response = alice_client.get("/orders/2/")

    assert response.status_code == 200
    body = response.content.decode()
    assert "S2" in body and 'class="line-timeline"' not in body


def test_steps_and_tracking_as_tryton_gives_them(alice_client, fake_tryton):
    fake_tryton.on(TIMELINE, lambda sale_id, context: {
        "lines": [{"line": 2, "steps": [
            {"step": "ordered", "reached": True, "date": None, "details": []},
            {"step": "shipped", "reached": False, "date": None, "details": []},
        ]}],
        "shipments": [],
    })

    body = alice_client.get("/orders/2/").content.decode()

    assert body.count('aria-current="step"') == 1
    assert '<li class="timeline-step is-reached" aria-current="step">' in body
    assert '<span class="timeline-pending">not yet</span>' in body

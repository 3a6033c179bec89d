import datetime as dt

import pytest

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_login(client, fake_tryton):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/"


def test_home_greets_the_customer_and_lists_recent_orders(alice_client, fake_tryton):
    response = alice_client.get("/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "Welcome, Alice&#x27;s Bistro" in body
    assert body.index("S00002") < body.index("S00001")
    assert "S00003" not in body  # Bob's
    assert len(fake_tryton.called("order_list")) == 1


def test_home_shows_at_most_five_orders(alice_client, fake_tryton):
    from portal.tests.portal_fakes import make_order

    fake_tryton.orders[11] = [
        make_order(100 + i, party_id=11, date=dt.date(2026, 1, 1) + dt.timedelta(days=i))
        for i in range(8)
    ]

    body = alice_client.get("/").content.decode()

    assert body.count('href="/orders/1') == 5
    assert "See all 8 orders" in body


def test_home_empty_state(alice_client, fake_tryton):
    fake_tryton.orders[11] = []

    assert "You have no orders yet." in alice_client.get("/").content.decode()

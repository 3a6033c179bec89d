import pytest

from portal.tests.fixtures.fake_tryton import ALICE, sale_rows

SALES = "model.sale.sale.search_read"

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
    # Links, not numbers: "S3" could be part of a random CSRF token.
    links = [body.index(f'href="/orders/{sale}/"') for sale in (4, 2, 1)]
    assert links == sorted(links)  # newest first
    assert 'href="/orders/3/"' not in body  # Bob's
    assert len(fake_tryton.called(SALES)) == 1


def test_home_shows_at_most_five_orders(alice_client, fake_tryton):
    fake_tryton.world.sales = sale_rows(ALICE, 8)

    body = alice_client.get("/").content.decode()

    assert body.count('href="/orders/1') == 5
    assert "See all 8 orders" in body


def test_home_empty_state(alice_client, fake_tryton):
    fake_tryton.world.sales = []

    assert "You have no orders yet." in alice_client.get("/").content.decode()

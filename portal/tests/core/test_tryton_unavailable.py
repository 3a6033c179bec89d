import datetime as dt

import pytest

pytestmark = pytest.mark.django_db


def test_tryton_down_without_cached_data_is_a_friendly_503(alice_client, fake_tryton):
    fake_tryton.down = True

    response = alice_client.get("/orders/")

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "Service temporarily unavailable" in response.content.decode()
    # The reference a customer gives support leads to this request's log lines.
    assert f"Reference for support: {response['X-Request-Id']}" in response.content.decode()


def test_stale_data_carries_an_as_of_notice(alice_client, fake_tryton, settings):
    settings.TIME_ZONE = "UTC"
    alice_client.get("/orders/")  # cached
    settings.PORTAL_CACHE_TTL = 0  # ... and no longer fresh
    fake_tryton.down = True

    before = dt.datetime.now(dt.UTC)
    body = alice_client.get("/orders/").content.decode()

    # The date as well as the time: copies are kept for a day.
    day = f"{before.day} {before:%B %Y}"
    assert f"Data as of {day}, {before:%H:}" in body, body
    assert "system is unreachable" in body
    assert "S2" in body


def test_stale_notice_is_in_french_for_a_french_customer(alice_client, fake_tryton, settings):
    settings.TIME_ZONE = "UTC"
    alice_client.get("/orders/")
    settings.PORTAL_CACHE_TTL = 0
    fake_tryton.down = True

    body = alice_client.get("/orders/", HTTP_ACCEPT_LANGUAGE="fr").content.decode()

    assert "Données du " in body and "injoignable" in body, body


def test_fresh_copy_carries_the_notice_once_the_breaker_is_open(alice_client, fake_tryton):
    alice_client.get("/orders/")  # cached, fresh for PORTAL_CACHE_TTL
    fake_tryton.down = True
    from erp import get_client

    breaker = get_client().breaker
    while breaker.state != "open":
        breaker.record_failure()

    body = alice_client.get("/orders/").content.decode()

    assert "Data as of" in body and "S2" in body


def test_fresh_data_has_no_notice(alice_client, fake_tryton):
    assert "system is unreachable" not in alice_client.get("/").content.decode()


def test_unexpected_error_is_a_500_page_in_the_layout(alice_client, fake_tryton, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("a bug")

    monkeypatch.setattr("orders.views.selectors.order_list", broken)
    alice_client.raise_request_exception = False

    response = alice_client.get("/orders/")

    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong" in body
    assert "a bug" not in body


def _private_urls():
    """Every private page of the route access matrix, with ids of Alice's kind."""
    from django.urls import reverse

    from portal.tests.test_route_access_matrix import (
        PRIVATE,
        RECORD_KWARGS,
        ROUTES,
        all_url_patterns,
    )

    values = {"order_id": 1, "invoice_id": 1, "pickup_id": 1, "event_id": 1, "member_id": 1,
              "outbox_entry_id": 1, "complaint_id": 1, "photo_id": 1, "line_id": 1,
              "transfer_id": 1, "shipment_id": 1, "address_id": 1, "contact_id": 1}
    patterns = dict(all_url_patterns())
    for name, route in sorted(ROUTES.items()):
        if route.access != PRIVATE:
            continue
        kwargs = {n: values[RECORD_KWARGS[n]] for n in patterns[name].pattern.regex.groupindex}
        yield name, reverse(name, kwargs=kwargs)


@pytest.mark.parametrize(("name", "url"), list(_private_urls()))
def test_every_private_page_says_tryton_is_down_never_a_500(name, url, alice_client, fake_tryton):
    fake_tryton.down = True

    response = alice_client.get(url)

    # A page that needs Tryton says so (503); one that does not (a form, a redirect,
    # a GET refused before anything is read) answers as usual. Never a server error.
    assert response.status_code < 500 or response.status_code == 503, (name, url)
    if response.status_code == 503:
        assert "Service temporarily unavailable" in response.content.decode()


def test_a_write_that_never_reached_tryton_keeps_the_cached_copies(alice, fake_tryton):
    from erp import TrytonUnavailable
    from erp.cache import customer_version

    version = customer_version(alice.party_id)
    fake_tryton.down = True

    with pytest.raises(TrytonUnavailable):
        alice.call("sale.sale", "portal_accept", [1])

    assert customer_version(alice.party_id) == version


def test_a_write_that_timed_out_forgets_the_cached_copies(alice, fake_tryton):
    import requests

    from erp import TrytonTimeout, get_client
    from erp.cache import customer_version

    assert get_client().context  # logged in first: the timeout is the write's
    version = customer_version(alice.party_id)
    fake_tryton.queue(requests.ReadTimeout("slow"))

    with pytest.raises(TrytonTimeout):
        alice.call("sale.sale", "portal_accept", [1])

    assert customer_version(alice.party_id) != version

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db


def test_tryton_down_without_cached_data_is_a_friendly_503(alice_client, fake_tryton):
    fake_tryton.down = True

    response = alice_client.get("/orders/")

    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "Service temporarily unavailable" in response.content.decode()


def test_stale_data_carries_an_as_of_notice(alice_client, fake_tryton, settings):
    settings.TIME_ZONE = "UTC"
    alice_client.get("/orders/")  # cached
    settings.PORTAL_CACHE_TTL = 0  # ... and no longer fresh
    fake_tryton.down = True

    before = dt.datetime.now(dt.UTC)
    body = alice_client.get("/orders/").content.decode()

    assert f"Data as of {before:%H:}" in body and "Tryton is unreachable" in body
    assert "S2" in body


def test_fresh_data_has_no_notice(alice_client, fake_tryton):
    assert "Tryton is unreachable" not in alice_client.get("/").content.decode()


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

"""My pickups against the real trytond and its demo data: list, detail, slip, cancel."""

import io

import pytest
from django.core.cache import cache
from pypdf import PdfReader

from erp import pickups
from erp.testing import count_rpc_calls

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]


def _all(scope, **filters):
    return pickups.pickup_list(scope, limit=100, **filters).items


def _state_of(admin, pickup_id: int) -> str:
    [row] = admin.execute("pickup.request", "read", [pickup_id], ["state"])
    return row["state"]


def test_customer_sees_only_their_pickups(customer_a_client, demo_scopes):
    mine, theirs = _all(demo_scopes["a"]), _all(demo_scopes["b"])
    assert {p.state for p in mine} >= {"draft", "requested", "confirmed", "done"}, "demo data"

    response = customer_a_client.get("/pickups/")

    assert response.status_code == 200
    shown = [pickup.id for pickup in response.context["page"].items]
    assert set(shown) == {p.id for p in mine}
    assert not set(shown) & {p.id for p in theirs}
    body = response.content.decode()
    for pickup in mine:
        assert f'href="/pickups/{pickup.id}/"' in body
    dates = [p.date for p in response.context["page"].items]
    assert dates == sorted(dates, reverse=True)


def test_pickups_filter_by_state_date_and_reference(customer_a_client, demo_scopes):
    mine = _all(demo_scopes["a"])
    requested = next(p for p in mine if p.state == "requested")

    by_state = customer_a_client.get("/pickups/", {"state": "requested"}).context["page"]
    by_reference = customer_a_client.get("/pickups/", {"q": requested.reference}).context["page"]
    by_date = customer_a_client.get(
        "/pickups/", {"from": requested.date.isoformat(), "to": requested.date.isoformat()}
    ).context["page"]

    assert {p.state for p in by_state.items} == {"requested"}
    assert [p.id for p in by_reference.items] == [requested.id]
    assert requested.id in [p.id for p in by_date.items]
    assert {p.date for p in by_date.items} == {requested.date}


def test_empty_filter_result_says_so(customer_a_client):
    response = customer_a_client.get("/pickups/", {"q": "no-such-pickup"})

    assert response.status_code == 200
    assert "No pickup matches these filters." in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [{"from": "yesterday"}, {"to": "2026-02-31"}, {"state": "lost"}, {"q": "x" * 500}],
)
def test_malformed_filters_are_ignored_never_a_500(customer_a_client, params):
    assert customer_a_client.get("/pickups/", params).status_code == 200


@pytest.mark.parametrize("page", ["0", "abc", "99", "9" * 30])
def test_pages_that_cannot_be_are_404(customer_a_client, page):
    assert customer_a_client.get("/pickups/", {"page": page}).status_code == 404


def test_pickup_list_costs_two_calls_cold_and_none_warm(customer_a_client):
    cache.clear()
    with count_rpc_calls() as cold:
        assert customer_a_client.get("/pickups/").status_code == 200
    with count_rpc_calls() as warm:
        assert customer_a_client.get("/pickups/").status_code == 200

    assert len(cold) <= 2, cold
    assert len(warm) == 0, warm


def test_pickup_detail_shows_lines_state_and_dates(customer_a_client, demo_scopes):
    pickup = next(p for p in _all(demo_scopes["a"]) if p.sale_id and p.state == "done")
    full = pickups.pickup_get(demo_scopes["a"], pickup_id=pickup.id)
    assert full.lines, "demo pickups have lines"
    cache.clear()

    with count_rpc_calls() as cold:
        response = customer_a_client.get(f"/pickups/{pickup.id}/")
    with count_rpc_calls() as warm:
        customer_a_client.get(f"/pickups/{pickup.id}/")

    body = response.content.decode()
    assert response.status_code == 200
    assert pickup.reference in body and "Collected" in body
    assert f'href="/orders/{pickup.sale_id}/"' in body
    for line in full.lines:
        assert line.product in body
    assert f'href="/pickups/{pickup.id}/slip/"' in body
    assert "Cancel this pickup" not in body  # done: Tryton would refuse
    assert len(cold) <= 3, cold
    assert len(warm) == 0, warm


def test_pickup_detail_shows_its_history_from_tryton(customer_a_client, demo_scopes):
    done = next(p for p in _all(demo_scopes["a"]) if p.state == "done")
    pickup = pickups.pickup_get(demo_scopes["a"], pickup_id=done.id)
    # Reached through Tryton's own transitions when the demo was built, in order.
    assert [state for state, _ in pickup.history] == ["requested", "confirmed", "done"]
    assert all(when.tzinfo for _, when in pickup.history)

    body = customer_a_client.get(f"/pickups/{done.id}/").content.decode()

    history = body[body.index('id="history-title"'):body.index("</ol>")]
    assert [label for label in ("Asked", "Requested", "Confirmed", "Collected")
            if label in history] == ["Asked", "Requested", "Confirmed", "Collected"]
    assert history.count("<time datetime=") == 4


def test_slip_is_the_pdf_tryton_renders(customer_a_client, demo_scopes):
    pickup = next(p for p in _all(demo_scopes["a"]) if p.reference)

    response = customer_a_client.get(f"/pickups/{pickup.id}/slip/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert pickup.reference in text


def test_customer_cannot_reach_another_customers_pickup(customer_a_client, demo_scopes):
    theirs = _all(demo_scopes["b"])[0]

    for url in [f"/pickups/{theirs.id}/", f"/pickups/{theirs.id}/slip/"]:
        assert customer_a_client.get(url).status_code == 404, url
    assert customer_a_client.get(f"/pickups/{theirs.id}/cancel/").status_code == 404
    assert customer_a_client.post(f"/pickups/{theirs.id}/cancel/").status_code == 404
    assert theirs.state == pickups.pickup_get(demo_scopes["b"], pickup_id=theirs.id).state


def test_pickup_that_does_not_exist_is_a_404(customer_a_client):
    assert customer_a_client.get("/pickups/999999/").status_code == 404
    assert customer_a_client.get(f"/pickups/{2**63}/slip/").status_code == 404


def test_confirmed_pickup_cannot_be_cancelled_and_the_customer_is_told(
    customer_a_client, demo_scopes, tryton_admin
):
    confirmed = next(p for p in _all(demo_scopes["a"]) if p.state == "confirmed")
    detail = customer_a_client.get(f"/pickups/{confirmed.id}/").content.decode()
    assert "Cancel this pickup" not in detail

    # As when the back office confirmed it after the customer opened the page.
    response = customer_a_client.post(f"/pickups/{confirmed.id}/cancel/", follow=True)

    assert response.status_code == 200
    body = response.content.decode()
    assert "The pickup was not cancelled" in body
    assert "can no longer be cancelled" in body
    assert _state_of(tryton_admin, confirmed.id) == "confirmed"

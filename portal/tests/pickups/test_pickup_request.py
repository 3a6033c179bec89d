"""Requesting a pickup from the portal, against the real trytond: the form, Tryton's
pickup.request.portal_request behind it, then cancelling it while Tryton allows it."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from erp import pickups

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]


def _pickups_of(admin, party_id: int) -> list[dict]:
    return admin.execute(
        "pickup.request",
        "search_read",
        [["party", "=", party_id]],
        0,
        None,
        None,
        ["state", "reference", "sale", "email_state", "lines", "comment"],
    )


def _lines(admin, pickup_id: int) -> list[dict]:
    return admin.execute(
        "pickup.request.line",
        "search_read",
        [["request", "=", pickup_id]],
        0,
        None,
        [["id", "ASC"]],
        ["product", "quantity", "packages", "weight", "sale_line"],
    )


def _form_data(page: str, **values) -> dict:
    """The posted form as the browser would send it: the rendered fields and ``values``."""
    data = {}
    for name, value in re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page):
        data[name] = value
    for select in re.findall(r'<select[^>]*name="([^"]+)"[^>]*>(.*?)</select>', page, re.S):
        name, options = select
        chosen = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        data[name] = chosen.group(1) if chosen else ""
    data.update(values)
    return data


def _tomorrow() -> str:
    return (timezone.localdate() + dt.timedelta(days=1)).isoformat()


def test_customer_requests_a_pickup_starting_from_an_order(
    customer_a_client, demo_scopes, demo_customers, tryton_admin
):
    scope = demo_scopes["a"]
    order = pickups.request_choices(scope).orders[0]
    order_lines = pickups.order_lines(scope, order_id=order.id)
    assert order_lines, "the customer's signed demo orders have goods"
    before = {p["id"] for p in _pickups_of(tryton_admin, demo_customers["a"].party_id)}

    form = customer_a_client.get("/pickups/new/", {"order": order.id})
    page = form.content.decode()
    assert form.status_code == 200
    for line in order_lines:
        assert f'name="lines-{order_lines.index(line)}-sale_line" value="{line.id}"' in page
    data = _form_data(
        page,
        date=_tomorrow(),
        time_from="09:00",
        time_to="12:00",
        comment="Ring at the back door",
        **{"lines-0-packages": "3", "lines-0-weight": "12.5"},
    )
    response = customer_a_client.post("/pickups/new/", data)

    assert response.status_code == 302, response.content.decode()[:3000]
    [created] = [
        p for p in _pickups_of(tryton_admin, demo_customers["a"].party_id) if p["id"] not in before
    ]
    assert response["Location"] == f"/pickups/{created['id']}/"
    # Requested at once: numbered, its slip sent to the carrier (or the failure recorded).
    assert created["state"] == "requested" and created["reference"]
    assert created["sale"] == order.id
    assert created["comment"] == "Ring at the back door"
    assert created["email_state"] in {"sent", "failed"}
    lines = _lines(tryton_admin, created["id"])
    assert [line["sale_line"] for line in lines] == [line.id for line in order_lines]
    assert (lines[0]["packages"], lines[0]["weight"]) == (3, 12.5)

    detail = customer_a_client.get(response["Location"]).content.decode()
    assert created["reference"] in detail and "Requested" in detail
    assert "Your pickup is requested" in detail

    # Still requested: the customer may cancel it.
    assert customer_a_client.get(f"/pickups/{created['id']}/cancel/").status_code == 200
    cancelled = customer_a_client.post(f"/pickups/{created['id']}/cancel/", follow=True)
    assert "The pickup is cancelled." in cancelled.content.decode()
    [after] = [
        p
        for p in _pickups_of(tryton_admin, demo_customers["a"].party_id)
        if p["id"] == created["id"]
    ]
    assert after["state"] == "cancelled"


def test_customer_requests_a_pickup_line_by_line(customer_a_client, demo_customers, tryton_admin):
    page = customer_a_client.get("/pickups/new/").content.decode()
    product = re.search(r'name="lines-0-product"[^>]*>.*?<option value="(\d+)"', page, re.S)
    before = len(_pickups_of(tryton_admin, demo_customers["a"].party_id))

    response = customer_a_client.post(
        "/pickups/new/",
        _form_data(
            page,
            date=_tomorrow(),
            time_from="14:00",
            time_to="16:00",
            **{"lines-0-product": product.group(1), "lines-0-quantity": "24"},
        ),
    )

    assert response.status_code == 302, response.content.decode()[:3000]
    assert len(_pickups_of(tryton_admin, demo_customers["a"].party_id)) == before + 1


@pytest.mark.parametrize(
    "values, error",
    [
        ({"date": "2020-01-01"}, "Choose today or a later day."),
        ({"date": "31/02/2027"}, "Enter a valid date."),
        ({"time_from": "12:00", "time_to": "08:00"}, "The window must end after it starts."),
        ({"lines-0-quantity": "0"}, "greater than or equal to 0.001"),
        ({"lines-0-quantity": "lots"}, "Enter a number."),
        ({"clear lines": True}, "Add at least one line."),
        ({"lines-0-sale_line": "999999"}, "no longer matches the order"),
        ({"address": "999999"}, "Select a valid choice."),
        ({"lines-TOTAL_FORMS": "abc"}, "Add at least one line."),  # tampered with
    ],
)
def test_request_form_errors_are_shown_and_nothing_is_filed(
    customer_a_client, demo_scopes, demo_customers, tryton_admin, values, error
):
    order = pickups.request_choices(demo_scopes["a"]).orders[0]
    page = customer_a_client.get("/pickups/new/", {"order": order.id}).content.decode()
    before = len(_pickups_of(tryton_admin, demo_customers["a"].party_id))
    data = _form_data(page, date=_tomorrow(), time_from="09:00", time_to="10:00")
    if values.get("clear lines"):
        data = {k: "" if re.match(r"lines-\d+-", k) else v for k, v in data.items()}
    else:
        data.update(values)

    response = customer_a_client.post("/pickups/new/", data)

    assert response.status_code == 200
    assert error in response.content.decode()
    assert len(_pickups_of(tryton_admin, demo_customers["a"].party_id)) == before


def test_another_customers_order_or_address_cannot_be_used(
    customer_a_client, demo_scopes, demo_customers, tryton_admin
):
    theirs = pickups.request_choices(demo_scopes["b"])
    page = customer_a_client.get("/pickups/new/", {"order": theirs.orders[0].id})
    assert "This order cannot be picked up" in page.content.decode()
    assert 'name="lines-0-sale_line" value="' not in page.content.decode()
    before = len(_pickups_of(tryton_admin, demo_customers["a"].party_id))

    response = customer_a_client.post(
        "/pickups/new/",
        _form_data(
            page.content.decode(),
            address=str(theirs.addresses[0].id),
            date=_tomorrow(),
            time_from="09:00",
            time_to="10:00",
        ),
    )

    assert response.status_code == 200
    assert theirs.addresses[0].label not in response.content.decode()
    assert len(_pickups_of(tryton_admin, demo_customers["a"].party_id)) == before


def test_request_page_with_a_malformed_order_is_the_blank_form(customer_a_client):
    for order in ["abc", "-1", "9" * 30]:
        response = customer_a_client.get("/pickups/new/", {"order": order})
        assert response.status_code == 200, order


def test_more_lines_without_javascript_keeps_what_was_typed(
    customer_a_client, demo_customers, tryton_admin
):
    page = customer_a_client.get("/pickups/new/").content.decode()
    products = re.findall(
        r'<option value="(\d+)"',
        re.search(r'name="lines-0-product"[^>]*>(.*?)</select>', page, re.S).group(1))
    assert 'name="more_lines"' in page and 'name="lines-4-product"' not in page
    before = len(_pickups_of(tryton_admin, demo_customers["a"].party_id))
    typed = _form_data(
        page, date=_tomorrow(), time_from="14:00", time_to="16:00", comment="Back door",
        **{"lines-0-product": products[0], "lines-0-quantity": "24"})

    more = customer_a_client.post("/pickups/new/", {**typed, "more_lines": "1"})

    page = more.content.decode()
    assert more.status_code == 200
    assert 'name="lines-7-product"' in page and 'name="lines-8-product"' not in page
    assert re.search(rf'name="lines-0-product".*?<option value="{products[0]}" selected', page,
                     re.S)
    assert 'name="lines-0-quantity" value="24"' in page
    assert "Back door" in page and 'class="form-errors"' not in page
    assert len(_pickups_of(tryton_admin, demo_customers["a"].party_id)) == before

    response = customer_a_client.post("/pickups/new/", _form_data(
        page, comment="Back door",  # a textarea, which _form_data does not read
        **{"lines-6-product": products[1], "lines-6-quantity": "6"}))

    assert response.status_code == 302, response.content.decode()[:3000]
    pickup, = [p for p in _pickups_of(tryton_admin, demo_customers["a"].party_id)
               if p["comment"] == "Back door"]
    assert [(line["product"], line["quantity"]) for line in _lines(tryton_admin, pickup["id"])] \
        == [(int(products[0]), 24), (int(products[1]), 6)]


def test_more_lines_stops_at_the_most_lines_a_request_holds(customer_a_client):
    page = customer_a_client.get("/pickups/new/").content.decode()
    data = {**_form_data(page), "lines-TOTAL_FORMS": "28", "more_lines": "1"}

    page = customer_a_client.post("/pickups/new/", data).content.decode()

    assert 'name="lines-29-product"' in page and 'name="lines-30-product"' not in page
    assert 'name="more_lines"' not in page

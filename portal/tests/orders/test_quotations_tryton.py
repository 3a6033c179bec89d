"""Accepting and declining a quotation online, against the real trytond and its demo data.

Customer A has three quotations waiting for an answer (tryton/demo/facts.py OPEN_QUOTATIONS):
DEVIS-001 and DEVIS-002 still valid, DEVIS-003 past its validity date. The server is this
module's own copy of the demo database: what these tests answer stays here.
"""

import datetime as dt

import pytest
from django.test import Client

from erp import sales
from erp.testing import count_rpc_calls
from portal.tests.fixtures.real_tryton import sign_in
from tryton.demo.facts import QUOTATION_VALIDITY_DAYS

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]


def _quotation(tryton_admin, reference):
    sale, = tryton_admin.execute(
        "sale.sale", "search_read", [["reference", "=", reference]], 0, 1, None,
        ["state", "number", "quotation_expire", "portal_decline_reason", "party"])
    return sale


@pytest.fixture
def csrf_client(demo_customers):
    """Customer A signed in on a client that checks CSRF tokens, as a browser meets them."""
    client = Client(enforce_csrf_checks=True)
    login_page = client.get("/accounts/login/")
    token = login_page.cookies["csrftoken"].value
    response = sign_in(client, demo_customers["a"], HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 302
    return client


def _token(client, url):
    page = client.get(url)
    assert page.status_code == 200
    return client.cookies["csrftoken"].value


def test_a_quotation_shows_its_validity_and_the_answers(customer_a_client, tryton_admin):
    sale = _quotation(tryton_admin, "DEVIS-002")
    expected = dt.date.today() - dt.timedelta(days=6 - QUOTATION_VALIDITY_DAYS)

    body = customer_a_client.get(f"/orders/{sale['id']}/").content.decode()

    assert sale["quotation_expire"] == expected
    assert f"Valid until {expected.day} {expected:%B %Y}." in body
    assert f'action="/orders/{sale["id"]}/accept/"' in body
    assert f'href="/orders/{sale["id"]}/decline/"' in body


def test_customer_accepts_a_quotation_once(csrf_client, tryton_admin):
    sale = _quotation(tryton_admin, "DEVIS-001")
    url = f"/orders/{sale['id']}/"
    token = _token(csrf_client, url)

    with count_rpc_calls() as calls:
        response = csrf_client.post(f"{url}accept/", HTTP_X_CSRFTOKEN=token)
    page = csrf_client.get(url)

    assert response.status_code == 302 and response["Location"] == url
    assert calls.calls == ["model.sale.sale.search_read", "model.sale.sale.portal_accept"]
    assert _quotation(tryton_admin, "DEVIS-001")["state"] in {"confirmed", "processing"}
    body = page.content.decode()
    assert "you accepted the quotation, it is now a confirmed order" in body
    assert "Accept the quotation" not in body  # the cache was forgotten: fresh state

    again = csrf_client.post(f"{url}accept/", HTTP_X_CSRFTOKEN=token, follow=True)

    assert again.status_code == 200
    assert "This quotation was already answered: it is now “" in again.content.decode()


def test_accepting_without_a_csrf_token_is_refused(csrf_client, tryton_admin):
    sale = _quotation(tryton_admin, "DEVIS-002")

    response = csrf_client.post(f"/orders/{sale['id']}/accept/")

    assert response.status_code == 403
    assert _quotation(tryton_admin, "DEVIS-002")["state"] == "quotation"


def test_a_too_long_reason_is_a_form_error(customer_a_client, tryton_admin):
    sale = _quotation(tryton_admin, "DEVIS-002")

    response = customer_a_client.post(
        f"/orders/{sale['id']}/decline/", {"reason": "x" * 2001, "extra": "\x00"})

    assert response.status_code == 200
    assert "Ensure this value has at most 2000 characters" in response.content.decode()
    assert _quotation(tryton_admin, "DEVIS-002")["state"] == "quotation"


def test_customer_declines_with_a_reason_kept_in_tryton(csrf_client, tryton_admin):
    sale = _quotation(tryton_admin, "DEVIS-002")
    url = f"/orders/{sale['id']}/decline/"
    token = _token(csrf_client, url)

    empty = csrf_client.post(url, {"reason": "   "}, HTTP_X_CSRFTOKEN=token)
    assert empty.status_code == 200
    assert "Tell us why you decline the quotation." in empty.content.decode()
    assert _quotation(tryton_admin, "DEVIS-002")["state"] == "quotation"

    response = csrf_client.post(
        url, {"reason": "Trop cher pour cette saison."}, HTTP_X_CSRFTOKEN=token, follow=True)

    declined = _quotation(tryton_admin, "DEVIS-002")
    assert (declined["state"], declined["portal_decline_reason"]) == (
        "cancelled", "Trop cher pour cette saison.")
    body = response.content.decode()
    assert response.status_code == 200
    assert "You declined the quotation." in body
    assert "Trop cher pour cette saison." in body
    # Once answered, the confirmation step is not offered any more.
    assert csrf_client.get(url)["Location"] == f"/orders/{sale['id']}/"


def test_declining_an_expired_quotation_offers_no_confirmation(customer_a_client, tryton_admin):
    sale = _quotation(tryton_admin, "DEVIS-003")

    response = customer_a_client.post(f"/orders/{sale['id']}/decline/", {"reason": "Late"})

    assert response.status_code == 302 and response["Location"] == f"/orders/{sale['id']}/"
    assert _quotation(tryton_admin, "DEVIS-003")["state"] == "quotation"


def test_an_expired_quotation_is_refused(customer_a_client, tryton_admin):
    sale = _quotation(tryton_admin, "DEVIS-003")
    expired_on = sale["quotation_expire"]

    detail = customer_a_client.get(f"/orders/{sale['id']}/").content.decode()
    response = customer_a_client.post(f"/orders/{sale['id']}/accept/", follow=True)

    assert expired_on < dt.date.today()
    assert "This quotation expired on" in detail and "Accept the quotation" not in detail
    assert response.status_code == 200
    assert f"This quotation expired on {expired_on.day} {expired_on:%B %Y}: ask us" in (
        response.content.decode())
    assert _quotation(tryton_admin, "DEVIS-003")["state"] == "quotation"


@pytest.mark.parametrize("action", ["accept", "decline"])
def test_another_customers_quotation_is_a_404(action, customer_a_client, demo_scopes,
                                             tryton_admin):
    theirs = sales.order_list(demo_scopes["b"], limit=100).items
    quotation = next(o for o in theirs if o.state == "quotation")

    response = customer_a_client.post(f"/orders/{quotation.id}/{action}/", {"reason": "No"})

    assert response.status_code == 404
    assert sales.order_get(demo_scopes["b"], order_id=quotation.id).state == "quotation"


@pytest.mark.parametrize("order_id", ["0", "9223372036854775808", "9" * 30])
def test_impossible_ids_are_404s(customer_a_client, order_id):
    for action in ("accept", "decline"):
        response = customer_a_client.post(f"/orders/{order_id}/{action}/", {"reason": "x"})
        assert response.status_code == 404

"""No shared cache keeps a page that may carry a customer's data.

Walks every URL of the route access matrix (portal/tests/test_route_access_matrix.py, whose
ROUTES says which pages are private), anonymous and signed in, against the fake Tryton.
"""

import pytest
from django.urls import reverse

from core.middleware import PRIVATE_CACHE_CONTROL
from erp.company import company_forget, company_list
from portal.tests.fixtures.fake_tryton import ALICE
from portal.tests.test_route_access_matrix import (
    PRIVATE,
    RECORD_KWARGS,
    ROUTES,
    all_url_patterns,
)

pytestmark = pytest.mark.django_db

# Public pages that answer everyone the same and say so themselves.
SHARED_BY_DESIGN = {"company_logo"}


@pytest.fixture
def records(fake_tryton):
    """A value for each record kwarg (Alice's order, pickup and event ids; the fake may
    answer them with a 404: the header is what is checked), and the supplier's logo."""
    fake_tryton.on(
        "model.company.company.search_read",
        lambda *args: [{"id": 1, "rec_name": "Ferment Station", "logo": b"\x89PNG-logo"}],
    )
    # Alice has no invoice in the fake: the invoice pages answer their empty list or 404.
    fake_tryton.on("model.account.invoice.search_read", lambda *args: [])
    fake_tryton.on("model.account.invoice.search_count", lambda *args: 0)
    fake_tryton.on("model.account.invoice.portal_balance", lambda *args: None)
    # Nor any pickup, event or production; the pickup request form lists no address or
    # product.
    for model in ["pickup.request", "event.event", "party.address", "product.product",
                  "production", "sale.complaint", "sale.complaint.type", "ir.attachment",
                  "portal.transfer"]:
        fake_tryton.on(f"model.{model}.search_read", lambda *args: [])
        fake_tryton.on(f"model.{model}.search_count", lambda *args: 0)
    # Her statement of account: no company in the fake's context, so no item; its PDF.
    fake_tryton.on("model.account.move.line.portal_statement", lambda *args: None)
    fake_tryton.on("model.party.party.search_read", lambda *args: [{"id": ALICE}])
    fake_tryton.on(
        "report.party.portal_statement.execute",
        lambda *args: ["pdf", b"%PDF-1.4 statement", False, "statement"],
    )
    # Alice administers her customer alone in the fake.
    fake_tryton.on("model.web.user.portal_members", lambda *args: [])
    # Her e-mail switches: none offered in the fake.
    fake_tryton.on("model.web.user.portal_notification_settings", lambda *args: {"kinds": []})
    # Nothing to order in the fake's catalog.
    fake_tryton.on(
        "model.product.product.portal_catalog",
        lambda *args: {"total": 0, "currency": "EUR", "products": [], "categories": []},
    )
    # Her profile, her customer's addresses and contacts, her personal data and her
    # closure request (none); no approval threshold.
    fake_tryton.on("model.web.user.portal_profile", lambda *args: {"email": "alice@example.com"})
    fake_tryton.on("model.party.party.portal_account", lambda *args: {"id": ALICE})
    fake_tryton.on("model.web.user.portal_personal_data", lambda *args: {})
    fake_tryton.on("model.web.user.portal_closure_status", lambda *args: None)
    fake_tryton.on(
        "model.party.party.portal_approval_get",
        lambda *args: {"threshold": None, "currency": "EUR"},
    )
    # An order's documents, as Tryton renders them.
    fake_tryton.on(
        "report.sale.sale.execute", lambda *args: ["pdf", b"%PDF-1.4 sale", False, "sale"]
    )
    company_forget()
    yield {
        "member_id": 1,
        "order_id": 1,
        "invoice_id": 1,
        "pickup_id": 1,
        "event_id": 1,
        "complaint_id": 1,
        "photo_id": 1,
        "line_id": 1,
        "outbox_entry_id": 1,
        "company_id": 1,
        "logo_digest": company_list().main.logo_digest,
        "transfer_id": 1,
        "shipment_id": 1,
        "address_id": 1,
        "contact_id": 1,
    }
    company_forget()


def _url(name: str, records: dict) -> str:
    pattern = dict(all_url_patterns())[name]
    names = pattern.pattern.regex.groupindex
    return reverse(name, kwargs={n: records[RECORD_KWARGS[n]] for n in names})


def _assert_private(response, name):
    """Ours, or a stricter policy of the view's own (allauth's never_cache: no-store,
    private and more)."""
    policy = {part.strip() for part in response["Cache-Control"].split(",")}
    assert set(PRIVATE_CACHE_CONTROL.split(", ")) <= policy, (name, response.status_code)


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_signed_in_customer_gets_uncacheable_answers(name, records, alice_client):
    response = alice_client.get(_url(name, records))

    if name in SHARED_BY_DESIGN:
        assert response.status_code == 200
        assert "public" in response["Cache-Control"]
    elif ROUTES[name].access == PRIVATE:
        _assert_private(response, name)
    else:
        # Public pages keep a policy of their own (e.g. /health/'s never_cache), else ours.
        assert "no-store" in response["Cache-Control"], (name, response.status_code)
        assert "private" in response["Cache-Control"], (name, response.status_code)


@pytest.mark.parametrize("name", sorted(n for n, r in ROUTES.items() if r.access == PRIVATE))
def test_private_page_redirect_to_login_is_not_cached(name, records, client):
    response = client.get(_url(name, records))

    assert response.status_code == 302
    _assert_private(response, name)


def test_public_page_keeps_its_own_policy_for_visitors(client, fake_tryton):
    response = client.get(reverse("account_inactive"))

    assert response.status_code == 200
    assert "private" not in response.get("Cache-Control", "")


def test_not_found_for_a_signed_in_customer_is_not_cached(alice_client):
    response = alice_client.get("/no-such-page/")

    assert response.status_code == 404
    _assert_private(response, "404")


def test_tryton_unavailable_page_is_not_cached(alice_client, fake_tryton):
    fake_tryton.down = True

    response = alice_client.get(reverse("orders:list"))

    assert response.status_code == 503
    _assert_private(response, "orders:list")


def test_logout_answer_is_not_cached(alice_client):
    response = alice_client.post(reverse("account_logout"))

    assert response.status_code == 302
    _assert_private(response, "account_logout")


def test_static_files_keep_whitenoise_headers(alice_client):
    response = alice_client.get("/static/css/portal.css")

    assert response.status_code == 200
    assert "private" not in response.get("Cache-Control", "")

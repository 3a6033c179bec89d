"""Every URL of the portal, and who may open it.

The test walks the whole URL configuration (allauth's included). A pattern missing from
ROUTES fails the suite: a new page is added here the day it is created, with its public or
private status and, for a page about a record, the kwarg that names the record.

Against a real trytond with the demo data: customer A is signed in, and every record kwarg
is filled with one of customer B's real ids, which must answer 404 (not yours = not found).
A page closed to some roles (accounts/roles.py) says which roles may open it: customer A's
buyer and viewer get the 403 page for the others, before anything is read.
"""

from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone

from accounts.roles import ACTING_ROLES, BILLING_ROLES, MEMBER_ROLES
from erp import complaints, events, invoices, members, pickups, profile, sales, transfers
from erp.company import company_list
from tryton.demo.facts import DEMO_PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]

PUBLIC = "public"  # anyone, signed in or not
PRIVATE = "private"  # anonymous visitors are sent to the login page
# Machines only: a POST signed by Tryton (tests/notifications/test_webhook_endpoint.py), no
# login; any GET, signed in or not, is refused (405).
SIGNED = "signed"


@dataclass(frozen=True)
class Route:
    access: str
    # Status of a GET by signed-in customer A (record kwargs: customer B's records -> 404).
    customer_status: int = 200
    # The roles that may open the page (None: every role); the others get 403, but where
    # the method is refused first (405).
    roles: frozenset[str] | None = None

    def status_for(self, role: str) -> int:
        if self.roles is not None and role not in self.roles and self.customer_status != 405:
            return 403
        return self.customer_status


ROUTES = {
    "home": Route(PRIVATE),
    "health": Route(PUBLIC),
    "ready": Route(PUBLIC),  # 503 when a dependency fails; the demo's Tryton answers
    # Changing language is a POST; a GET only goes back to the page it came from.
    "set_language": Route(PUBLIC, customer_status=302),
    "account_login": Route(PUBLIC, customer_status=302),  # already signed in: home
    "account_logout": Route(PRIVATE),  # GET shows the confirmation, POST signs out
    "account_signup": Route(PUBLIC, customer_status=302),  # closed: signed in -> home
    "account_inactive": Route(PUBLIC),
    # Forgotten password: the same pages signed in or not (tests/accounts/test_password_*).
    "account_reset_password": Route(PUBLIC),
    "account_reset_password_done": Route(PUBLIC),
    "account_reset_password_from_key": Route(PUBLIC),  # without a link: "ask for a new one"
    "account_change_password": Route(PRIVATE),
    # Choosing the active customer: a POST (tests/accounts/test_switch_customer*.py posts
    # another customer's party: 404); customer A acts for one party, so a GET goes home.
    "account_customer": Route(PRIVATE, customer_status=302),
    # The active customer's members, for its administrators; the changes are POSTs
    # (tests/accounts/test_members_tryton.py posts another customer's member: 404).
    "account_members": Route(PRIVATE, roles=MEMBER_ROLES),
    "account_member_invite": Route(PRIVATE, customer_status=405, roles=MEMBER_ROLES),
    "account_member_role": Route(PRIVATE, customer_status=405, roles=MEMBER_ROLES),
    "account_member_remove": Route(PRIVATE, customer_status=404, roles=MEMBER_ROLES),
    # The audit log of the active customer, for its administrators (0 calls to Tryton).
    "account_activity": Route(PRIVATE, roles=MEMBER_ROLES),
    # Every member, whatever their role: their own data, their own closure request.
    "account_privacy": Route(PRIVATE),
    "account_personal_data": Route(PRIVATE),  # the member's own data as JSON
    "account_closure_request": Route(PRIVATE, customer_status=405),  # a POST
    "orders:list": Route(PRIVATE),
    "orders:detail": Route(PRIVATE, customer_status=404),
    "pickups:list": Route(PRIVATE),
    "pickups:request": Route(PRIVATE, roles=ACTING_ROLES),
    "pickups:detail": Route(PRIVATE, customer_status=404),
    "pickups:slip": Route(PRIVATE, customer_status=404),
    # GET confirms, POST cancels
    "pickups:cancel": Route(PRIVATE, customer_status=404, roles=ACTING_ROLES),
    "events:list": Route(PRIVATE),
    "events:calendar": Route(PRIVATE),
    "events:detail": Route(PRIVATE, customer_status=404),  # POST updates attendees, notes
    "production:list": Route(PRIVATE),  # the customer's productions in progress
    "orders:export": Route(PRIVATE),  # the customer's own orders as CSV
    "billing:list": Route(PRIVATE, roles=BILLING_ROLES),
    "billing:export": Route(PRIVATE, roles=BILLING_ROLES),  # the customer's own invoices
    "billing:detail": Route(PRIVATE, customer_status=404, roles=BILLING_ROLES),
    "billing:pdf": Route(PRIVATE, customer_status=404, roles=BILLING_ROLES),
    # The customer's own statement of account and its PDF: no id in the URL, the
    # customer is the signed-in one (tests/billing/test_statement_tryton.py).
    "statement:page": Route(PRIVATE, roles=BILLING_ROLES),
    "statement:pdf": Route(PRIVATE, roles=BILLING_ROLES),
    # Answering a quotation is a POST (tests/orders/test_quotations_tryton.py posts
    # another customer's ids: 404); a GET is refused before anything is read.
    # The order's PDFs printed by Tryton, for every role that sees the order
    # (tests/orders/test_order_documents_tryton.py: another customer's shipment on one's own
    # order, a document the order's state does not have -> 404).
    "orders:quotation_pdf": Route(PRIVATE, customer_status=404),
    "orders:confirmation_pdf": Route(PRIVATE, customer_status=404),
    "orders:delivery_note_pdf": Route(PRIVATE, customer_status=404),
    "orders:accept": Route(PRIVATE, customer_status=405, roles=ACTING_ROLES),
    # GET: the confirmation step
    "orders:decline": Route(PRIVATE, customer_status=404, roles=ACTING_ROLES),
    # The supplier's logo on every page, the login page included: the same for everyone.
    "company_logo": Route(PUBLIC),
    "notifications:list": Route(PRIVATE),
    "notifications:mark_read": Route(PRIVATE, customer_status=405),  # a POST
    "notifications:webhook": Route(SIGNED, customer_status=405),  # Tryton's signed POST
    # Security (tests/accounts/test_mfa_tryton.py, test_sessions*.py): re-authentication
    # before MFA changes; TOTP, recovery codes; the sessions list.
    "account_reauthenticate": Route(PRIVATE),
    "mfa_index": Route(PRIVATE),
    # The code asked at login, to a visitor whose password Tryton has just accepted (the
    # pending login); anyone else goes back to the login page.
    "mfa_authenticate": Route(PRIVATE, customer_status=302),
    # Only with MFA on (customer A has none): back to the MFA page.
    "mfa_reauthenticate": Route(PRIVATE, customer_status=302),
    "mfa_activate_totp": Route(PRIVATE),
    # Customer A has no TOTP: nothing to deactivate, no recovery codes to show (404).
    "mfa_deactivate_totp": Route(PRIVATE, customer_status=404),
    "mfa_view_recovery_codes": Route(PRIVATE, customer_status=404),
    "mfa_generate_recovery_codes": Route(PRIVATE),
    "mfa_download_recovery_codes": Route(PRIVATE, customer_status=404),
    "usersessions_list": Route(PRIVATE),
    # Complaints on order lines: every role reads them, admins and buyers file them
    # (tests/complaints/test_complaints_tryton.py posts another customer's line: 404).
    "complaints:list": Route(PRIVATE),
    "complaints:detail": Route(PRIVATE, customer_status=404),
    "complaints:photo": Route(PRIVATE, customer_status=404),
    "complaints:file": Route(PRIVATE, customer_status=404, roles=ACTING_ROLES),
    # Ordering, for the members who act for the customer (tests/shop/): the catalog at
    # the customer's prices, the cart (changed by POSTs), the checkout (an empty cart
    # goes back to the cart), the quick order, and "Order again", a POST (another
    # customer's order: 404).
    "shop:catalog": Route(PRIVATE, roles=ACTING_ROLES),
    "shop:cart": Route(PRIVATE, roles=ACTING_ROLES),
    "shop:cart_add": Route(PRIVATE, customer_status=405, roles=ACTING_ROLES),
    "shop:cart_update": Route(PRIVATE, customer_status=405, roles=ACTING_ROLES),
    "shop:checkout": Route(PRIVATE, customer_status=302, roles=ACTING_ROLES),
    "shop:quick_order": Route(PRIVATE, roles=ACTING_ROLES),
    "shop:reorder": Route(PRIVATE, customer_status=405, roles=ACTING_ROLES),
    # Taking a refused outbox entry off the list is a POST (tests/outbox/test_outbox_tryton.py
    # posts another customer's entry: 404); the member's own entry, whatever their role.
    "pickups:queued_dismiss": Route(PRIVATE, customer_status=405),
    # The PDFs of the ticked invoices as one ZIP: without a selection, the 400 page
    # (tests/billing/test_invoice_zip_tryton.py asks for another customer's: 404).
    "billing:zip": Route(PRIVATE, customer_status=400, roles=BILLING_ROLES),
    # Paying the ticked invoices is a POST (tests/billing/test_transfer_tryton.py posts
    # another customer's ids: 404); the transfer's instructions are the customer's own.
    "billing:pay": Route(PRIVATE, customer_status=405, roles=BILLING_ROLES),
    "billing:transfer": Route(PRIVATE, customer_status=404, roles=BILLING_ROLES),
    "statement:export": Route(PRIVATE, roles=BILLING_ROLES),  # the statement as CSV
    "notifications:settings": Route(PRIVATE),  # the member's own e-mail switches
    # Taking a refused order kept in the outbox off the orders list: as pickups:queued_dismiss
    # (tests/outbox/test_checkout_outbox_tryton.py posts another customer's entry: 404).
    "orders:queued_dismiss": Route(PRIVATE, customer_status=405),
    # Approval inside the customer, for its administrators (tests/orders/
    # test_approval_tryton.py): the threshold and the waiting orders; approving and
    # rejecting one, each a confirmation step (GET) then a POST (another customer's: 404).
    "orders:approvals": Route(PRIVATE, roles=MEMBER_ROLES),
    "orders:approve": Route(PRIVATE, customer_status=404, roles=MEMBER_ROLES),
    "orders:reject": Route(PRIVATE, customer_status=404, roles=MEMBER_ROLES),
    # The member's own profile and sign-in e-mail (tests/accounts/test_profile_tryton.py);
    # the e-mail change link's page, without a link: "not valid any more".
    "account_profile": Route(PRIVATE),
    "account_email": Route(PRIVATE),
    "account_email_confirm": Route(PUBLIC),
    # The customer's addresses and contacts: read by every member, changed by admins
    # (tests/accounts/test_organisation_tryton.py posts another customer's ids: 404).
    "account_organisation": Route(PRIVATE),
    "account_address_add": Route(PRIVATE, roles=MEMBER_ROLES),
    "account_address_edit": Route(PRIVATE, customer_status=404, roles=MEMBER_ROLES),
    "account_address_remove": Route(PRIVATE, customer_status=405, roles=MEMBER_ROLES),
    "account_contact_add": Route(PRIVATE, roles=MEMBER_ROLES),
    "account_contact_edit": Route(PRIVATE, customer_status=404, roles=MEMBER_ROLES),
    "account_contact_remove": Route(PRIVATE, customer_status=405, roles=MEMBER_ROLES),
}

# How to fill each URL kwarg with another customer's record (see other_customer_records).
RECORD_KWARGS = {
    "order_id": "order_id",
    "invoice_id": "invoice_id",
    "pickup_id": "pickup_id",
    "event_id": "event_id",
    "member_id": "member_id",
    "company_id": "company_id",
    "digest": "logo_digest",
    "complaint_id": "complaint_id",
    "photo_id": "photo_id",
    "line_id": "line_id",
    "entry_id": "outbox_entry_id",
    "transfer_id": "transfer_id",
    "shipment_id": "shipment_id",
    "address_id": "address_id",
    "contact_id": "contact_id",
}


def _walk(patterns, namespace=""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from _walk(entry.url_patterns, inner)
        elif isinstance(entry, URLPattern):
            yield (f"{namespace}{entry.name}" if entry.name else None), entry


def all_url_patterns() -> list[tuple[str | None, URLPattern]]:
    return list(_walk(get_resolver().url_patterns))


def test_every_url_pattern_is_in_the_matrix():
    found = {name for name, _ in all_url_patterns()}

    assert None not in found, "every URL pattern needs a name to be checked"
    assert found - set(ROUTES) == set(), "add these pages to ROUTES"
    assert set(ROUTES) - found == set(), "these pages no longer exist"


def _kwargs(pattern: URLPattern, records: dict) -> dict:
    names = pattern.pattern.regex.groupindex
    missing = set(names) - set(RECORD_KWARGS)
    assert not missing, f"tell RECORD_KWARGS how to fill {missing}"
    return {name: records[RECORD_KWARGS[name]] for name in names}


def customer_records(scope) -> dict:
    """Real ids of one customer's records, read through the gateway for that customer (and
    the supplier's company, public): what fills the record kwargs of RECORD_KWARGS."""
    orders = sales.order_list(scope, limit=1)
    assert orders.items, "the customer needs at least one order in the demo data"
    [pickup] = pickups.pickup_list(scope, limit=1).items
    [event] = events.event_list(scope, when="upcoming", now=timezone.now(), limit=1).items
    [invoice] = invoices.invoice_list(scope, limit=1).items
    member = members.member_list(scope)[0]
    complaint = next(
        complaint
        for complaint in (
            complaints.complaint_get(scope, complaint_id=listed.id)
            for listed in complaints.complaint_list(scope, limit=20).items
        )
        if complaint.photos
    )  # the demo gives each customer a complaint with a photo
    supplier = company_list().main
    assert supplier and supplier.logo, "the demo company has a logo"
    account = profile.account_get(scope)
    assert account.addresses and account.contacts, "the demo customer has both"
    return {
        "address_id": account.addresses[0].id,
        "contact_id": account.contacts[0].id,
        "order_id": orders.items[0].id,
        "invoice_id": invoice.id,
        "pickup_id": pickup.id,
        "event_id": event.id,
        "member_id": member.id,
        "company_id": supplier.id,
        "logo_digest": supplier.logo_digest,
        "complaint_id": complaint.id,
        "photo_id": complaint.photos[0].id,
        "line_id": sales.order_get(scope, order_id=orders.items[0].id).lines[0].id,
        "outbox_entry_id": _outbox_entry_of(scope).pk,
        "transfer_id": _transfer_of(scope),
        "shipment_id": scope.search_read(
            "stock.shipment.out", [["state", "in", ["packed", "done"]]], fields=["id"], limit=1
        )[0]["id"],
    }


def _outbox_entry_of(scope):
    """A pickup request of the scope's customer refused at replay (the portal's database)."""
    from outbox.models import OutboxEntry

    from accounts.models import User

    user, _ = User.objects.get_or_create(
        web_user_id=10**6 + scope.party_id,
        defaults={"email": f"outbox-{scope.party_id}@example.com"},
    )
    return OutboxEntry.objects.create(
        kind=OutboxEntry.PICKUP_REQUEST, user=user, party_id=scope.party_id, payload="{}",
        state=OutboxEntry.FAILED, refusal="refused",
    )


@pytest.fixture
def other_customer_records(demo_scopes):
    """Customer B's records, which customer A must never reach."""
    assert len(members.member_list(demo_scopes["b"])) == 1  # B's administrator
    return customer_records(demo_scopes["b"])


def _transfer_of(scope) -> int:
    """The id of a transfer request of the customer of ``scope``, paying its open invoices."""
    due = invoices.invoice_list(scope, limit=100, filters=invoices.InvoiceFilters(status="due"))
    # Not a credit note (the demo's complaint ends in one): it is refunded, not paid.
    to_pay = [i.id for i in due.items if i.total_amount > 0]
    assert to_pay, "the customer has an invoice to pay in the demo data"
    return transfers.transfer_request(scope, invoice_ids=to_pay)


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_anonymous_access(name, client, other_customer_records):
    pattern = dict(all_url_patterns())[name]
    url = reverse(name, kwargs=_kwargs(pattern, other_customer_records))

    response = client.get(url)

    login_url = reverse("account_login")
    if ROUTES[name].access == PUBLIC:
        assert response.status_code in (200, 302), response.status_code
        if response.status_code == 302:
            assert not response["Location"].startswith(login_url)
    elif ROUTES[name].access == SIGNED:
        assert response.status_code == 405
    else:
        assert response.status_code == 302
        assert response["Location"].startswith(login_url)


@pytest.mark.parametrize("name", sorted(ROUTES))
def test_customer_a_with_customer_b_ids(name, customer_a_client, other_customer_records):
    pattern = dict(all_url_patterns())[name]
    url = reverse(name, kwargs=_kwargs(pattern, other_customer_records))

    response = customer_a_client.get(url)

    assert response.status_code == ROUTES[name].customer_status


# Customer A's members whose role closes some pages (tryton/demo/facts.py WEB_USERS).
ROLE_MEMBERS = {
    "buyer": "lucas@comptoir-des-pentes.example.fr",
    "viewer": "accueil@comptoir-des-pentes.example.fr",
}


@pytest.mark.parametrize("role", sorted(ROLE_MEMBERS))
def test_customer_a_roles_with_customer_b_ids(role, client, demo_customers, other_customer_records):
    """Each page answers a buyer or a viewer of customer A as its roles say: the 403 page
    where the role may not go (whatever the record), else as for customer A."""
    signed_in = client.post(
        "/accounts/login/", {"login": ROLE_MEMBERS[role], "password": DEMO_PASSWORD}
    )
    assert signed_in.status_code == 302
    patterns = dict(all_url_patterns())
    statuses = {}
    for name, route in ROUTES.items():
        if route.access != PRIVATE or name == "account_logout":
            continue
        url = reverse(name, kwargs=_kwargs(patterns[name], other_customer_records))
        statuses[name] = (client.get(url).status_code, route.status_for(role))
    assert {n: got for n, (got, _) in statuses.items()} == {
        n: expected for n, (_, expected) in statuses.items()
    }
    assert any(expected == 403 for _, expected in statuses.values())

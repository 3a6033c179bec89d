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
from erp import events, invoices, members, pickups, sales
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
    "orders:accept": Route(PRIVATE, customer_status=405, roles=ACTING_ROLES),
    # GET: the confirmation step
    "orders:decline": Route(PRIVATE, customer_status=404, roles=ACTING_ROLES),
    # The supplier's logo on every page, the login page included: the same for everyone.
    "company_logo": Route(PUBLIC),
    "notifications:list": Route(PRIVATE),
    "notifications:mark_read": Route(PRIVATE, customer_status=405),  # a POST
    "notifications:webhook": Route(SIGNED, customer_status=405),  # Tryton's signed POST
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
    supplier = company_list().main
    assert supplier and supplier.logo, "the demo company has a logo"
    return {
        "order_id": orders.items[0].id,
        "invoice_id": invoice.id,
        "pickup_id": pickup.id,
        "event_id": event.id,
        "member_id": member.id,
        "company_id": supplier.id,
        "logo_digest": supplier.logo_digest,
    }


@pytest.fixture
def other_customer_records(demo_scopes):
    """Customer B's records, which customer A must never reach."""
    assert len(members.member_list(demo_scopes["b"])) == 1  # B's administrator
    return customer_records(demo_scopes["b"])


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

"""The customer (Tryton party) a logged-in user is acting for, kept in the session."""

from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from erp import CustomerScope
from erp.identity import WebUserParty

from . import roles

SESSION_TRYTON_KEY = "portal_tryton_session"
SESSION_PARTIES = "portal_parties"
SESSION_ACTIVE_PARTY = "portal_active_party"
SESSION_CHECKED_AT = "portal_tryton_checked_at"
# Set at login when the user acts for several customers and none was remembered:
# the login then leads to the "Which customer do you act for?" page.
SESSION_CHOICE_PENDING = "portal_customer_choice_pending"

# The last customer chosen on this browser, the default at the next login: a signed
# "<web user id>:<party id>" (no business data), only ever a candidate among the
# parties Tryton gives at login.
CHOICE_COOKIE = "portal_customer"
CHOICE_COOKIE_SALT = "accounts.customer-choice"
CHOICE_COOKIE_AGE = 365 * 24 * 60 * 60


@dataclass(frozen=True)
class Customer:
    """The party a logged-in user acts for, and the Tryton web-user session they act with."""

    party_id: int
    name: str
    # A credential: never in a repr (error pages, logs).
    web_session: str = field(repr=False)
    # The web user's role for this party (accounts/roles.py); "" allows nothing more
    # than reading orders, pickups, production and events.
    role: str = ""

    @property
    def can_read_billing(self) -> bool:
        return self.role in roles.BILLING_ROLES

    @property
    def can_act(self) -> bool:
        """Answer quotations, request and cancel pickups, change events."""
        return self.role in roles.ACTING_ROLES

    @property
    def can_manage_members(self) -> bool:
        return self.role in roles.MEMBER_ROLES

    @property
    def scope(self) -> CustomerScope:
        """The gateway's way to this customer's data (see erp/scope.py)."""
        return CustomerScope(party_id=self.party_id, web_session=self.web_session)


def customer_parties(request: HttpRequest) -> list[Customer]:
    """Every party the user may act for, main party first."""
    web_session = request.session.get(SESSION_TRYTON_KEY) or ""
    # Sessions from before roles hold [id, name]: no role until the next check.
    return [
        Customer(
            party_id=p[0], name=p[1], web_session=web_session, role=(p[2:] or [""])[0]
        )
        for p in request.session.get(SESSION_PARTIES, [])
    ]


def current_customer(request: HttpRequest) -> Customer | None:
    """The active party: the one chosen in the session, else the user's first party."""
    if not request.user.is_authenticated or not request.session.get(SESSION_TRYTON_KEY):
        return None
    parties = customer_parties(request)
    active = request.session.get(SESSION_ACTIVE_PARTY)
    for customer in parties:
        if customer.party_id == active:
            return customer
    return parties[0] if parties else None


def remembered_party(request: HttpRequest, *, web_user_id: int) -> int | None:
    """The party last chosen by this web user on this browser, if any."""
    value = request.get_signed_cookie(
        CHOICE_COOKIE, default="", salt=CHOICE_COOKIE_SALT, max_age=CHOICE_COOKIE_AGE
    )
    user, _, party = value.partition(":")
    if user != str(web_user_id) or not party.isdigit():
        return None
    return int(party)


def remember_party(response: HttpResponse, *, web_user_id: int, party_id: int) -> None:
    """Make ``party_id`` this web user's default customer at its next login here."""
    response.set_signed_cookie(
        CHOICE_COOKIE,
        f"{web_user_id}:{party_id}",
        salt=CHOICE_COOKIE_SALT,
        max_age=CHOICE_COOKIE_AGE,
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def parties_store(
    request: HttpRequest, *, parties: tuple[WebUserParty, ...], preferred: int | None = None
) -> None:
    """Remember the user's parties. The first time (at login), make ``preferred`` active
    when it is one of them, else the first party; a choice still pending when there are
    several. An active party the user may no longer act for is left for
    ``active_party_check`` to replace, with a word to the user."""
    request.session[SESSION_PARTIES] = [[p.id, p.name, p.role] for p in parties]
    if request.session.get(SESSION_ACTIVE_PARTY) is not None:
        return
    ids = [p.id for p in parties]
    if preferred in ids:
        request.session[SESSION_ACTIVE_PARTY] = preferred
        return
    request.session[SESSION_ACTIVE_PARTY] = ids[0] if ids else None
    if len(ids) > 1:
        request.session[SESSION_CHOICE_PENDING] = True


def active_party_check(request: HttpRequest) -> Customer | None:
    """When the session's active party is not one the user may act for (no longer one of
    its parties, or a session tampered with), make the first party active and return it;
    None when all is in order."""
    parties = customer_parties(request)
    active = request.session.get(SESSION_ACTIVE_PARTY)
    if not parties or any(c.party_id == active for c in parties):
        return None
    request.session[SESSION_ACTIVE_PARTY] = parties[0].party_id
    return parties[0]


def customer_activate(request: HttpRequest, *, party_id: int) -> Customer | None:
    """Make ``party_id`` the active customer when the user may act for it, else None
    (and the session is left as it was)."""
    for customer in customer_parties(request):
        if customer.party_id == party_id:
            request.session[SESSION_ACTIVE_PARTY] = party_id
            request.session.pop(SESSION_CHOICE_PENDING, None)
            return customer
    return None

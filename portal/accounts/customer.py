"""The customer (Tryton party) a logged-in user is acting for, kept in the session."""

from dataclasses import dataclass, field

from django.http import HttpRequest

from erp import CustomerScope, PartyRef

SESSION_TRYTON_KEY = "portal_tryton_session"
SESSION_PARTIES = "portal_parties"
SESSION_ACTIVE_PARTY = "portal_active_party"
SESSION_CHECKED_AT = "portal_tryton_checked_at"


@dataclass(frozen=True)
class Customer:
    """The party a logged-in user acts for, and the Tryton web-user session they act with."""

    party_id: int
    name: str
    # A credential: never in a repr (error pages, logs).
    web_session: str = field(repr=False)

    @property
    def scope(self) -> CustomerScope:
        """The gateway's way to this customer's data (see erp/scope.py)."""
        return CustomerScope(party_id=self.party_id, web_session=self.web_session)


def customer_parties(request: HttpRequest) -> list[Customer]:
    """Every party the user may act for, main party first."""
    web_session = request.session.get(SESSION_TRYTON_KEY) or ""
    return [
        Customer(party_id=p[0], name=p[1], web_session=web_session)
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


def parties_store(request: HttpRequest, *, parties: tuple[PartyRef, ...]) -> None:
    """Remember the user's parties; keep the active one if the user may still act for it."""
    request.session[SESSION_PARTIES] = [[p.id, p.name] for p in parties]
    ids = [p.id for p in parties]
    if request.session.get(SESSION_ACTIVE_PARTY) not in ids:
        request.session[SESSION_ACTIVE_PARTY] = ids[0] if ids else None

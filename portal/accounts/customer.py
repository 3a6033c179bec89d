"""The customer (Tryton party) a logged-in user is acting for, kept in the session."""

from dataclasses import dataclass

from django.http import HttpRequest

from erp import PartyRef

SESSION_TRYTON_KEY = "portal_tryton_session"
SESSION_PARTIES = "portal_parties"
SESSION_ACTIVE_PARTY = "portal_active_party"
SESSION_CHECKED_AT = "portal_tryton_checked_at"


@dataclass(frozen=True)
class Customer:
    party_id: int
    name: str


def customer_parties(request: HttpRequest) -> list[Customer]:
    """Every party the user may act for, main party first."""
    return [Customer(party_id=p[0], name=p[1]) for p in request.session.get(SESSION_PARTIES, [])]


def current_customer(request: HttpRequest) -> Customer | None:
    """The active party: the one chosen in the session, else the user's first party."""
    if not request.user.is_authenticated:
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

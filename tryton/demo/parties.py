"""Customer parties (French bars, épiceries fines, a restaurant, a caterer) and web users."""

from proteus import Model

from .company import get_france
from .facts import CUSTOMERS, DEMO_PASSWORD, WEB_USERS


def ensure_party(cfg, code: str, data: dict, *, payment_term=None):
    """The party with ``code``, created from ``data`` (name, address, e-mail, phone) if new."""
    Party = Model.get("party.party", config=cfg)
    found = Party.find([("code", "=", code)])
    if found:
        return found[0]
    party = Party(code=code, name=data["name"])
    address, = party.addresses
    address.street = data["street"]
    address.postal_code = data["postal_code"]
    address.city = data["city"]
    address.country = get_france(cfg)
    if data["email"]:
        party.contact_mechanisms.new(type="email", value=data["email"])
    party.contact_mechanisms.new(type="phone", value=data["phone"])
    if payment_term:
        party.customer_payment_term = payment_term
    if data.get("lang"):
        Lang = Model.get("ir.lang", config=cfg)
        party.lang, = Lang.find([("code", "=", data["lang"])])
    party.save()
    return party


def ensure_customers(cfg, payment_term):
    """Return {code: party} for every customer of facts.CUSTOMERS."""
    return {
        code: ensure_party(cfg, code, data, payment_term=payment_term)
        for code, data in CUSTOMERS.items()
    }


def ensure_web_users(cfg, parties):
    """Portal logins of facts.WEB_USERS, all with the demo password, a validated e-mail
    and their role for each of their parties."""
    WebUser = Model.get("web.user", config=cfg)
    Party = Model.get("party.party", config=cfg)
    for email, data in WEB_USERS.items():
        if WebUser.find([("email", "=", email)]):
            continue
        user = WebUser(email=email, email_valid=True)
        user.party = parties[data["party"]]
        user.portal_role = data["role"]
        for code in data["secondary"]:
            link = user.secondary_party_roles.new()
            link.party = Party(parties[code].id)
            link.portal_role = data["role"]
        user.password = DEMO_PASSWORD
        user.save()

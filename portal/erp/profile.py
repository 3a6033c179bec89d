"""A member's profile and login e-mail, and the customer's addresses and contacts.

Through the portal module's entry points (docs/contracts.md, PROFILE and ACCOUNT): Tryton
takes the web user and the customer from the scope's context, lets every member read and
only the customer's administrators write the addresses and contacts, and refuses another
customer's records as missing ones.
"""

from dataclasses import dataclass

from .client import get_client
from .errors import RecordNotFound
from .scope import CustomerScope, valid_id

WEB_USER = "web.user"
PARTY = "party.party"


@dataclass(frozen=True)
class Profile:
    email: str
    name: str
    phone: str
    # A language code of the portal ("fr"), "" for the customer's.
    language: str
    # The address a change of login e-mail waits to be confirmed from, if any.
    email_pending: str


@dataclass(frozen=True)
class Address:
    id: int
    party_name: str
    street: str
    postal_code: str
    city: str
    country: str
    country_name: str

    @property
    def lines(self) -> tuple[str, ...]:
        town = " ".join(part for part in (self.postal_code, self.city) if part)
        street = [line.strip() for line in self.street.splitlines()]
        return tuple(
            line for line in (self.party_name, *street, town, self.country_name) if line
        )


@dataclass(frozen=True)
class Contact:
    id: int
    type: str  # "email", "phone" or "mobile"
    value: str
    name: str


@dataclass(frozen=True)
class CustomerAccount:
    id: int
    name: str
    tax_identifier: str
    has_posted_invoices: bool
    addresses: tuple[Address, ...]
    contacts: tuple[Contact, ...]

    def address(self, address_id: int) -> Address:
        for address in self.addresses:
            if address.id == address_id:
                return address
        raise RecordNotFound()

    def contact(self, contact_id: int) -> Contact:
        for contact in self.contacts:
            if contact.id == contact_id:
                return contact
        raise RecordNotFound()


def _profile(row: dict) -> Profile:
    return Profile(
        email=row.get("email") or "",
        name=row.get("name") or "",
        phone=row.get("phone") or "",
        language=row.get("language") or "",
        email_pending=row.get("email_pending") or "",
    )


def _account(row: dict) -> CustomerAccount:
    return CustomerAccount(
        id=row["id"],
        name=row.get("name") or "",
        tax_identifier=row.get("tax_identifier") or "",
        has_posted_invoices=bool(row.get("has_posted_invoices")),
        addresses=tuple(
            Address(
                id=a["id"],
                party_name=a.get("party_name") or "",
                street=a.get("street") or "",
                postal_code=a.get("postal_code") or "",
                city=a.get("city") or "",
                country=a.get("country") or "",
                country_name=a.get("country_name") or "",
            )
            for a in row.get("addresses") or ()
        ),
        contacts=tuple(
            Contact(
                id=c["id"],
                type=c.get("type") or "",
                value=c.get("value") or "",
                name=c.get("name") or "",
            )
            for c in row.get("contacts") or ()
        ),
    )


def profile_get(scope: CustomerScope, *, web_user_id: int) -> Profile:
    """The signed-in member's profile: 1 call cold, 0 warm (cached with the customer's
    data, forgotten by any write of the customer)."""
    return scope.cached(
        "profile",
        {"web_user": web_user_id},
        lambda: _profile(scope.read_call(WEB_USER, "portal_profile")),
    )


def profile_update(scope: CustomerScope, *, name: str, phone: str, language: str) -> Profile:
    """Change the member's name, phone and language (of the portal and its e-mails)."""
    values = {"name": name, "phone": phone, "language": language}
    return _profile(scope.call(WEB_USER, "portal_profile_write", values))


def email_change_request(scope: CustomerScope, *, password: str, email: str) -> bool:
    """Ask Tryton to e-mail a confirmation link to ``email``; False when ``password`` is
    not the member's. TrytonValidationError when the address is already a login."""
    return bool(scope.call(WEB_USER, "portal_email_change_request", {"password": password}, email))


def email_change_confirm(*, token: str) -> tuple[int, str] | None:
    """Change the login e-mail of the link's web user: (its id, the new e-mail), or None
    when the link is wrong, used or expired. Needs no session: the token is the proof."""
    result = get_client().execute(
        WEB_USER, "portal_email_change_confirm", token, counts_for_breaker=False
    )
    return (result["id"], result["email"]) if result else None


def account_get(scope: CustomerScope) -> CustomerAccount:
    """The customer's name, tax identifier, addresses and contacts: 1 call cold, 0 warm."""
    return scope.cached("account", {}, lambda: _account(scope.read_call(PARTY, "portal_account")))


def address_create(scope: CustomerScope, *, values: dict) -> CustomerAccount:
    return _account(scope.call(PARTY, "portal_address_create", values))


def address_update(scope: CustomerScope, *, address_id: int, values: dict) -> CustomerAccount:
    if not valid_id(address_id):
        raise RecordNotFound()
    return _account(scope.call(PARTY, "portal_address_write", address_id, values))


def address_deactivate(scope: CustomerScope, *, address_id: int) -> CustomerAccount:
    """TrytonValidationError for the customer's last address."""
    if not valid_id(address_id):
        raise RecordNotFound()
    return _account(scope.call(PARTY, "portal_address_deactivate", address_id))


def contact_create(scope: CustomerScope, *, type: str, value: str, name: str) -> CustomerAccount:
    values = {"type": type, "value": value, "name": name}
    return _account(scope.call(PARTY, "portal_contact_create", values))


def contact_update(
    scope: CustomerScope, *, contact_id: int, value: str, name: str
) -> CustomerAccount:
    if not valid_id(contact_id):
        raise RecordNotFound()
    values = {"value": value, "name": name}
    return _account(scope.call(PARTY, "portal_contact_write", contact_id, values))


def contact_remove(scope: CustomerScope, *, contact_id: int) -> CustomerAccount:
    if not valid_id(contact_id):
        raise RecordNotFound()
    return _account(scope.call(PARTY, "portal_contact_delete", contact_id))

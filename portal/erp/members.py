"""The members of a customer (the Tryton web users acting for its party) and their roles.

Only an administrator of the customer reaches them, through the portal module's
``web.user`` entry points (docs/contracts.md): Tryton takes the customer from the scope's
context and refuses the other roles, another customer's web users (as missing ones) and
leaving the customer without an administrator.
"""

from dataclasses import dataclass

from .errors import RecordNotFound
from .scope import CustomerScope, valid_id

MODEL = "web.user"


@dataclass(frozen=True)
class Member:
    id: int
    email: str
    role: str
    active: bool
    # False until the member chose a password from the invitation's link.
    email_valid: bool
    is_caller: bool


def _member(row: dict) -> Member:
    return Member(
        id=row["id"],
        email=row.get("email") or "",
        role=row.get("role") or "",
        active=bool(row.get("active")),
        email_valid=bool(row.get("email_valid")),
        is_caller=bool(row.get("is_caller")),
    )


def member_list(scope: CustomerScope) -> list[Member]:
    """The customer's members, by e-mail. One call, never cached (roles change)."""
    return [_member(row) for row in scope.read_call(MODEL, "portal_members") or ()]


def member_invite(scope: CustomerScope, *, email: str, role: str) -> Member:
    """Create the web user of ``email`` for the customer with ``role``; Tryton e-mails its
    invitation. TrytonValidationError when the e-mail already has an account."""
    return _member(scope.call(MODEL, "portal_member_invite", email, role))


def member_role_change(scope: CustomerScope, *, member_id: int, role: str) -> Member:
    """Give one of the customer's members ``role``. TrytonValidationError when it would
    leave the customer without an administrator."""
    if not valid_id(member_id):
        raise RecordNotFound()
    return _member(scope.call(MODEL, "portal_member_role", member_id, role))


def member_remove(scope: CustomerScope, *, member_id: int) -> None:
    """Stop one of the customer's members acting for it (deactivated when it acts for no
    other customer). TrytonValidationError for the last administrator."""
    if not valid_id(member_id):
        raise RecordNotFound()
    scope.call(MODEL, "portal_member_remove", member_id)

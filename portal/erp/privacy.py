"""What Tryton holds about a member themself, and their request to close their account.

Tryton answers for the web user of the scope's session only, never for one named by an
argument (the portal module's ``web.user`` privacy entry points, docs/contracts.md): a
member reads their own data and files their own request, whatever their role.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from .scope import CustomerScope

MODEL = "web.user"

# CLOSURE_REQUEST states (tryton_modules/portal/privacy.py)
REQUESTED = "requested"
DONE = "done"
REFUSED = "refused"


@dataclass(frozen=True)
class ClosureRequest:
    id: int
    state: str
    reason: str
    requested_at: dt.datetime | None


def _closure(row: dict | None) -> ClosureRequest | None:
    if not row:
        return None
    return ClosureRequest(
        id=row["id"],
        state=row.get("state") or "",
        reason=row.get("reason") or "",
        requested_at=row.get("requested_at"),
    )


def personal_data_get(scope: CustomerScope) -> dict[str, Any]:
    """PERSONAL_DATA: the member's web user, party, roles per customer, e-mail switches
    and closure requests, as Tryton holds them. One call, never cached."""
    return scope.read_call(MODEL, "portal_personal_data") or {}


def closure_pending_get(scope: CustomerScope) -> ClosureRequest | None:
    """The member's request to close their account still waiting for the back office,
    or None. One call, never cached."""
    return _closure(scope.read_call(MODEL, "portal_closure_status"))


def closure_request(
    scope: CustomerScope, *, password: str, reason: str = ""
) -> ClosureRequest | None:
    """Ask the back office to close the member's account; Tryton checks ``password``
    first. Return the request (the one already waiting, if any), or None when the
    password is wrong. TrytonValidationError for a reason too long."""
    return _closure(
        scope.call(MODEL, "portal_closure_request", {"password": password}, reason or None)
    )

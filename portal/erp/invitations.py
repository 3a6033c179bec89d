"""Inviting parties' contacts to the portal in bulk (manage.py portal_invite).

Not a customer call: the back office decides which parties get accounts, so Tryton
answers it only to its "Portal Administration" group (docs/contracts.md), and the
portal calls it with a back-office login given to the command, never with the
service user's.
"""

from dataclasses import dataclass

from django.conf import settings

from .breaker import CircuitBreaker
from .transport import JsonRpcTransport

# INVITATION statuses (tryton_modules/portal/web_user_invitation.py)
INVITED = "invited"
TO_INVITE = "to_invite"
HAS_ACCOUNT = "has_account"
DUPLICATE = "duplicate"
INVALID = "invalid"


@dataclass(frozen=True)
class Invitation:
    """One e-mail contact of a party, and what the invitation did (or would do) with it."""

    party_id: int
    party_code: str
    party_name: str
    email: str
    role: str | None
    status: str


def backoffice_transport(*, login: str, password: str) -> JsonRpcTransport:
    """A transport logged in as a back-office user (not the portal's service user)."""
    return JsonRpcTransport(
        url=settings.TRYTON_URL,
        database=settings.TRYTON_DATABASE,
        user=login,
        password=password,
        connect_timeout=float(settings.TRYTON_CONNECT_TIMEOUT),
        # Many parties, each invitation queued: more than a page's call takes.
        read_timeout=max(float(settings.TRYTON_READ_TIMEOUT), 120.0),
        retries=0,
        breaker=CircuitBreaker(),
    )


def parties_invite(
    *,
    transport: JsonRpcTransport,
    parties: list[int | str],
    all_customers: bool = False,
    role: str | None = None,
    dry_run: bool = False,
) -> list[Invitation]:
    """Invite every e-mail contact of ``parties`` (ids or codes; with ``all_customers``
    every party with a sale) that has no web user yet; with ``dry_run`` only tell.

    Raises TrytonNotFound for an unknown party, TrytonValidationError for a wrong role.
    """
    rows = transport.execute(
        "web.user", "portal_invite_parties", list(parties), all_customers, role, dry_run
    )
    return [
        Invitation(
            party_id=row["party"]["id"],
            party_code=row["party"].get("code") or "",
            party_name=row["party"].get("name") or "",
            email=row["email"],
            role=row.get("role"),
            status=row["status"],
        )
        for row in rows
    ]

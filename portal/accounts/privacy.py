"""The member's personal data, as one JSON document: what Tryton holds (erp/privacy.py)
and what the portal keeps about them (audit events, two-factor authentication, sessions).

Only the member's own rows: audit events they made, their authenticators (kinds and
dates, never a secret), their sessions.
"""

import json
from typing import Any

from allauth.mfa.models import Authenticator
from allauth.usersessions.models import UserSession
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpRequest
from django.utils import timezone

from audit.models import AuditEvent
from erp import privacy as erp_privacy

FORMAT_VERSION = 1


def _portal_data(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    authenticators = Authenticator.objects.filter(user=user).order_by("created_at")
    sessions = UserSession.objects.purge_and_list(user)
    return {
        "account": {
            "email": user.email,
            "first_login": user.date_joined,
            "last_login": user.last_login,
        },
        "two_factor_authentication": {
            "enabled": any(a.type == Authenticator.Type.TOTP for a in authenticators),
            "methods": [
                {"type": a.type, "added_at": a.created_at, "last_used_at": a.last_used_at}
                for a in authenticators
            ],
        },
        "sessions": [
            {
                "current": s.session_key == request.session.session_key,
                "started_at": s.created_at,
                "last_seen_at": s.last_seen_at,
                "ip": s.ip,
                "user_agent": s.user_agent,
            }
            for s in sessions
        ],
        "activity": [
            {
                "at": e.at,
                "action": e.action,
                "customer_id": e.party_id,
                "about": e.target,
                "ip": e.ip,
            }
            for e in AuditEvent.objects.filter(user=user).order_by("at", "id")
        ],
    }


def personal_data_export(request: HttpRequest) -> bytes:
    """The signed-in member's personal data as UTF-8 JSON (one call to Tryton)."""
    document = {
        "format": FORMAT_VERSION,
        "exported_at": timezone.now(),
        "tryton": erp_privacy.personal_data_get(request.customer.scope),
        "portal": _portal_data(request),
    }
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2).encode()

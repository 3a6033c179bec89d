"""The e-mails a member of a customer receives (Tryton's ``web.user`` notification
switches), for that member only.

Tryton takes the web user from the scope's session, never from an argument: a member reads
and changes their own switches, whatever their role, and is offered only the kinds their
role for the customer may receive (no invoice e-mails for a buyer or a viewer).
"""

from dataclasses import dataclass

from .scope import CustomerScope

MODEL = "web.user"


@dataclass(frozen=True)
class NotificationSwitch:
    kind: str
    enabled: bool


@dataclass(frozen=True)
class NotificationSettings:
    switches: tuple[NotificationSwitch, ...]

    @property
    def kinds(self) -> tuple[str, ...]:
        return tuple(s.kind for s in self.switches)

    @property
    def enabled(self) -> tuple[str, ...]:
        return tuple(s.kind for s in self.switches if s.enabled)


def _settings(row: dict) -> NotificationSettings:
    return NotificationSettings(
        switches=tuple(
            NotificationSwitch(kind=str(item["kind"]), enabled=bool(item.get("enabled")))
            for item in (row or {}).get("kinds") or ()
        )
    )


def notification_settings_get(scope: CustomerScope) -> NotificationSettings:
    """The member's switches, in Tryton's order. One call, never cached (per member)."""
    return _settings(scope.read_call(MODEL, "portal_notification_settings"))


def notification_settings_set(scope: CustomerScope, *, kinds: list[str]) -> NotificationSettings:
    """Switch on ``kinds`` and off the other kinds offered to the member; return the new
    switches. TrytonValidationError for a kind the member is not offered."""
    return _settings(scope.call(MODEL, "portal_notification_settings_set", list(kinds)))

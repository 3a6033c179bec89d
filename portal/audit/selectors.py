"""Reads of the audit log: the portal's own database, always for one customer."""

from erp import Page

from .models import AuditEvent

PAGE_SIZE = 30


def audit_event_list(*, party_id: int, page: int) -> Page[AuditEvent]:
    """Page ``page`` (from 1) of one customer's events, newest first."""
    events = AuditEvent.objects.filter(party_id=party_id).order_by("-at", "-id")
    offset = (page - 1) * PAGE_SIZE
    return Page(
        items=tuple(events[offset : offset + PAGE_SIZE]),
        total=events.count(),
        offset=offset,
        limit=PAGE_SIZE,
    )

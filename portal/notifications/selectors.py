"""Reads of the notifications app: the portal's own database, always for one customer."""

from dataclasses import dataclass

from django.urls import reverse

from accounts.customer import Customer
from erp import Page

from .kinds import BILLING_MODELS, kind_of
from .models import Notification, NotificationsSeen

PAGE_SIZE = 20


@dataclass(frozen=True)
class NotificationItem:
    id: int
    text: str
    url: str | None
    created: object
    unread: bool


def _last_seen(*, user, customer: Customer) -> int:
    seen = NotificationsSeen.objects.filter(user=user, party_id=customer.party_id).first()
    return seen.last_seen_id if seen else 0


def _notifications(customer: Customer):
    """The customer's notifications this member may read (its role: billing or not)."""
    notifications = Notification.objects.filter(party_id=customer.party_id)
    if not customer.can_read_billing:
        notifications = notifications.exclude(model__in=BILLING_MODELS)
    return notifications


def notification_list(*, user, customer: Customer, page: int) -> Page[NotificationItem]:
    """Page ``page`` (from 1) of the customer's notifications, newest first."""
    last_seen = _last_seen(user=user, customer=customer)
    notifications = _notifications(customer)
    total = notifications.count()
    offset = (page - 1) * PAGE_SIZE
    items = []
    for notification in notifications[offset : offset + PAGE_SIZE]:
        kind = kind_of(notification.model, notification.kind)
        if kind is None:  # a kind the portal no longer tells
            continue
        items.append(
            NotificationItem(
                id=notification.id,
                text=str(kind.text) % {"name": notification.record_name},
                url=reverse(kind.url_name, kwargs={kind.url_kwarg: notification.record_id}),
                created=notification.created,
                unread=notification.id > last_seen,
            )
        )
    return Page(items=tuple(items), total=total, offset=offset, limit=PAGE_SIZE)


def notification_unread_count(*, user, customer: Customer) -> int:
    last_seen = _last_seen(user=user, customer=customer)
    return _notifications(customer).filter(id__gt=last_seen).count()

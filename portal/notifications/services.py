"""Writes of the notifications app: taking a change from Tryton, marking notifications read."""

import logging

from django.db import IntegrityError, transaction

from erp import bump_customer_version

from .kinds import kind_of
from .models import Notification, NotificationsSeen
from .webhook import Change

logger = logging.getLogger(__name__)


def change_apply(*, change: Change) -> int:
    """Forget what is cached for the customers of ``change`` and record their notifications.

    Return the number of notifications recorded (0 for a change not worth telling).
    """
    for party_id in change.party_ids:
        bump_customer_version(party_id)
    if not kind_of(change.model, change.kind):
        return 0
    notifications = [
        Notification(
            party_id=record.party_id,
            model=change.model,
            record_id=record.id,
            record_name=record.name,
            kind=change.kind,
            delivery_id=change.delivery_id,
        )
        for record in change.records
    ]
    try:
        with transaction.atomic():
            Notification.objects.bulk_create(notifications)
    except IntegrityError:
        # Taken already (a retry once the replay window is over): nothing new to tell.
        logger.info("Webhook delivery %s already recorded", change.delivery_id)
        return 0
    return len(notifications)


def notifications_mark_read(*, user, party_id: int) -> None:
    """Mark every notification of the customer read for this portal login."""
    newest = Notification.objects.filter(party_id=party_id).values_list("id", flat=True).first()
    NotificationsSeen.objects.update_or_create(
        user=user, party_id=party_id, defaults={"last_seen_id": newest or 0}
    )

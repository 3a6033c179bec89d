"""What the portal keeps of Tryton's change notifications: the customer's notification list.

Tryton owns the records; a notification is only "this record of yours changed this way",
kept with the record's name so the list needs no call to Tryton.
"""

from django.conf import settings
from django.db import models


class Notification(models.Model):
    """A change of one of a customer's records, as Tryton told it (see webhook.py)."""

    party_id = models.BigIntegerField(db_index=True)
    # The Tryton model and id of the record (sale.sale 12) and its name when it changed.
    model = models.CharField(max_length=64)
    record_id = models.BigIntegerField()
    record_name = models.CharField(max_length=200, blank=True)
    kind = models.CharField(max_length=32)
    # Tryton's delivery id: one delivery makes at most one notification per record.
    delivery_id = models.CharField(max_length=64)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["party_id", "-id"], name="notification_party_newest")]
        constraints = [
            models.UniqueConstraint(
                fields=["delivery_id", "party_id", "model", "record_id"],
                name="notification_once_per_delivery",
            )
        ]

    def __str__(self):
        return f"{self.model},{self.record_id} {self.kind} (party {self.party_id})"


class NotificationsSeen(models.Model):
    """How far a portal login has read a customer's notifications (read state per login).

    A mark, not a row per notification: "mark all read" is one write, and the unread count
    is one indexed count of the notifications after the mark.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    party_id = models.BigIntegerField()
    last_seen_id = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "party_id"], name="notifications_seen_once")
        ]

    def __str__(self):
        return f"{self.user_id} read party {self.party_id} up to {self.last_seen_id}"

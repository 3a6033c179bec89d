"""What customers submitted while Tryton was unreachable, kept until Tryton has it."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def new_idempotency_key() -> str:
    return str(uuid.uuid4())


class OutboxEntry(models.Model):
    """One customer submission waiting for Tryton (a pickup request, a checkout).

    Sent by the replay (outbox/replay.py) in the order of ``id`` within its queue (one
    web user acting for one party), exactly once: Tryton files it under
    ``idempotency_key`` and returns the same record when the key comes again.
    """

    PENDING = "pending"
    SENT = "sent"
    FAILED = "failed"
    STATES = [(PENDING, _("Pending")), (SENT, _("Sent")), (FAILED, _("Refused"))]

    PICKUP_REQUEST = "pickup_request"
    CHECKOUT = "checkout"
    KINDS = [(PICKUP_REQUEST, _("Pickup request")), (CHECKOUT, _("Order"))]

    kind = models.CharField(_("kind"), max_length=32, choices=KINDS)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("web user")
    )
    party_id = models.PositiveIntegerField(_("Tryton party"))
    # The values of the Tryton entry point, in Tryton's JSON encoding (erp.encoding).
    payload = models.TextField(_("payload"))
    # What the customer reads of it before Tryton has it (the pickups or orders list).
    summary = models.JSONField(_("summary"), default=dict)
    idempotency_key = models.CharField(
        _("idempotency key"), max_length=64, unique=True, default=new_idempotency_key
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=16, choices=STATES, default=PENDING)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    # Internal: why the last attempt did not end the entry (for operators, never shown).
    last_error = models.CharField(_("last error"), max_length=255, blank=True)
    # Shown to the customer when Tryton refused the submission.
    refusal = models.TextField(_("refusal"), blank=True)
    # The customer's Tryton web-user session to replay with: a credential, held only
    # while the entry is pending and emptied once it ends (see docs/operations.md).
    web_session = models.CharField(max_length=255, blank=True, editable=False)
    # A replay holds the entry until then; a replay that died frees it on expiry.
    claimed_until = models.DateTimeField(null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    tryton_id = models.PositiveBigIntegerField(_("Tryton record"), null=True, blank=True)
    # A refused entry stays in the customer's list until they dismiss it.
    dismissed_at = models.DateTimeField(_("dismissed"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbox entry")
        verbose_name_plural = _("outbox entries")
        ordering = ["id"]
        indexes = [models.Index(fields=["state", "user", "party_id", "id"])]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.state})"

    def __repr__(self) -> str:
        # Never the session: reprs end up in logs and error pages.
        return f"<OutboxEntry {self.pk} {self.kind} {self.state}>"

"""The audit log: who did what sensitive thing, for which customer, from where.

It records the fact, not the data: an invoice's id, never its content. The portal keeps
no business data; these rows are about the portal's own users (security and support),
pruned after PORTAL_AUDIT_RETENTION_DAYS (manage.py audit_prune).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    LOGIN = "login", _("Signed in")
    LOGIN_FAILED = "login_failed", _("Failed sign-in")
    LOGOUT = "logout", _("Signed out")
    PASSWORD_CHANGED = "password_changed", _("Password changed")
    PASSWORD_RESET = "password_reset", _("Password reset")
    MFA_ADDED = "mfa_added", _("Two-factor authentication added")
    MFA_REMOVED = "mfa_removed", _("Two-factor authentication removed")
    MFA_RESET = "mfa_reset", _("Recovery codes renewed")
    MEMBER_INVITED = "member_invited", _("Member invited")
    MEMBER_ROLE_CHANGED = "member_role_changed", _("Member's role changed")
    MEMBER_REMOVED = "member_removed", _("Member removed")
    PERSONAL_DATA_DOWNLOADED = "personal_data_downloaded", _("Personal data downloaded")
    CLOSURE_REQUESTED = "closure_requested", _("Account closure requested")
    DOCUMENT_DOWNLOADED = "document_downloaded", _("Document downloaded")
    ORDER_PLACED = "order_placed", _("Order placed")
    QUOTATION_ACCEPTED = "quotation_accepted", _("Quotation accepted")
    QUOTATION_DECLINED = "quotation_declined", _("Quotation declined")
    PICKUP_REQUESTED = "pickup_requested", _("Pickup requested")
    PICKUP_CANCELLED = "pickup_cancelled", _("Pickup cancelled")
    EVENT_UPDATED = "event_updated", _("Event changed")
    ORDER_APPROVED = "order_approved", _("Order approved")
    ORDER_REJECTED = "order_rejected", _("Order rejected")
    APPROVAL_THRESHOLD_SET = "approval_threshold_set", _("Approval threshold changed")
    PROFILE_CHANGED = "profile_changed", _("Profile changed")
    EMAIL_CHANGE_REQUESTED = "email_change_requested", _("E-mail change requested")
    EMAIL_CHANGED = "email_changed", _("Sign-in e-mail changed")
    ADDRESS_CHANGED = "address_changed", _("Address changed")
    CONTACT_CHANGED = "contact_changed", _("Contact details changed")


class AuditEvent(models.Model):
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    action = models.CharField(_("action"), max_length=32, choices=Action.choices)
    # Kept when the mirror user goes: the e-mail says who it was.
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    email = models.CharField(_("e-mail address"), max_length=254, blank=True)
    # The customer (Tryton party) the action was for; its administrators see the row.
    party_id = models.PositiveIntegerField(_("customer"), null=True, blank=True)
    # What it was about, as the customer names it ("invoice 12", "member 7").
    target = models.CharField(_("about"), max_length=100, blank=True)
    ip = models.GenericIPAddressField(_("address"), null=True, blank=True)
    request_id = models.CharField(_("request"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["party_id", "-at"], name="audit_party_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.email}"

from django.conf import settings
from django.core.management.base import BaseCommand

from audit.services import audit_prune


class Command(BaseCommand):
    help = "Delete audit events older than PORTAL_AUDIT_RETENTION_DAYS (run daily)."

    def handle(self, *args, **options):
        deleted = audit_prune()
        days = settings.PORTAL_AUDIT_RETENTION_DAYS
        self.stdout.write(f"{deleted} audit event(s) older than {days} days deleted")

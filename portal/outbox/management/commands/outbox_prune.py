from django.conf import settings
from django.core.management.base import BaseCommand

from outbox.services import prune


class Command(BaseCommand):
    help = (
        "Delete outbox entries that ended more than PORTAL_OUTBOX_RETENTION_DAYS ago "
        "(the replay worker runs it once a day)."
    )

    def handle(self, *args, **options):
        deleted = prune()
        days = settings.PORTAL_OUTBOX_RETENTION_DAYS
        self.stdout.write(f"{deleted} outbox entries ended more than {days} days ago deleted")

"""manage.py outbox_replay [--loop] [--interval SECONDS] [--limit N]

Sends the outbox's pending entries to Tryton, in order, exactly once. Once by default
(cron, a deploy hook, by hand after an outage); with --loop it is the replay worker of
docker-compose.yml, trying again every --interval seconds, and deleting the entries ended
long ago (outbox_prune) once a day.
"""

import signal
import time

from django.conf import settings
from django.core.management.base import BaseCommand

from outbox.services import prune, replay

# How often the replay worker deletes the entries ended long ago.
PRUNE_EVERY_SECONDS = 24 * 3600


class Command(BaseCommand):
    help = "Send the submissions kept while Tryton was unreachable, in order, exactly once."

    def add_arguments(self, parser):
        parser.add_argument("--loop", action="store_true", help="Keep replaying (a worker).")
        parser.add_argument(
            "--interval",
            type=float,
            default=None,
            help="Seconds between two runs with --loop (PORTAL_OUTBOX_REPLAY_INTERVAL).",
        )
        parser.add_argument("--limit", type=int, default=None, help="Entries sent per run.")

    def handle(self, *args, loop=False, interval=None, limit=None, **options):
        interval = float(settings.PORTAL_OUTBOX_REPLAY_INTERVAL if interval is None else interval)
        self._stopping = False
        if loop:
            # docker stop sends SIGTERM: finish the entry in flight, then leave.
            signal.signal(signal.SIGTERM, self._stop)
        pruned_at = None
        while True:
            if loop and (pruned_at is None or time.monotonic() - pruned_at > PRUNE_EVERY_SECONDS):
                prune()
                pruned_at = time.monotonic()
            report = replay(limit=limit)
            if report.sent or report.failed or not loop:
                self.stdout.write(
                    f"sent {report.sent}, refused {report.failed}, pending {report.waiting}"
                    + (" (Tryton unreachable)" if report.unavailable else "")
                )
            if not loop or self._stopping:
                return
            deadline = time.monotonic() + interval
            while time.monotonic() < deadline and not self._stopping:
                time.sleep(min(1.0, interval))

    def _stop(self, signum, frame):
        self._stopping = True

"""Readiness: can this portal process serve pages right now?

``/ready/`` asks each dependency a real question; ``/health/`` (liveness) asks none.
A failure is logged with its cause here and named, without any detail, in the answer.
"""

import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.db import connection

from erp.client import ping

logger = logging.getLogger(__name__)

# Every page links this file (base.html): without it in the static manifest, every page
# answers 500 under the production settings.
LAYOUT_STATIC_FILE = "css/portal.css"


def _tryton() -> None:
    ping()


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")


def _cache() -> None:
    # A round trip, not a ping: the Redis cache ignores its errors (a dead Redis must not
    # take pages down), so only reading back what was written shows it is gone.
    key = f"ready:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    if cache.get(key) != "ok":
        raise ConnectionError("the cache did not keep a value")
    cache.delete(key)


def _static() -> None:
    staticfiles_storage.url(LAYOUT_STATIC_FILE)


CHECKS: dict[str, Callable[[], None]] = {
    "tryton": _tryton,
    "database": _database,
    "cache": _cache,
    "static": _static,
}


@dataclass(frozen=True)
class ReadinessReport:
    checks: dict[str, bool]

    @property
    def ready(self) -> bool:
        return all(self.checks.values())

    @property
    def failed(self) -> list[str]:
        return [name for name, ok in self.checks.items() if not ok]

    def as_json(self) -> dict:
        return {
            "status": "ready" if self.ready else "unavailable",
            "failed": self.failed,
            "checks": {name: "ok" if ok else "failed" for name, ok in self.checks.items()},
        }


def readiness_report() -> ReadinessReport:
    """Run every check; one failing does not stop the others."""
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.warning("Not ready: %s check failed", name, exc_info=True)
            results[name] = False
        else:
            results[name] = True
    return ReadinessReport(results)

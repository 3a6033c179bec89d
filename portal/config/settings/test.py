"""pytest settings: fast, isolated, and on Redis when the machine offers it (CI)."""

import os
import uuid
from urllib.parse import urlsplit, urlunsplit

from .base import *  # noqa: F403
from .base import CACHE_KEY_PREFIX, REDIS_URL


def worker_redis_url(url: str, worker: str) -> str:
    """The Redis database of a pytest-xdist worker ("gw0", "gw1"...): the one of ``url``
    for the first, the ones below it for the others. Tests clear the cache, which
    flushes a whole Redis database: workers sharing one would clear each other's."""
    if not url or not worker.startswith("gw"):
        return url
    parts = urlsplit(url)
    database = int(parts.path.strip("/") or 0)
    return urlunsplit(parts._replace(path=f"/{(database - int(worker[2:])) % 16}"))


DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production-0123456789abcdef"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

REDIS_URL = worker_redis_url(REDIS_URL, os.environ.get("PYTEST_XDIST_WORKER", ""))
# One key prefix per run: parallel runs sharing a Redis database never read each other's
# data (but a cache.clear() flushes the database: hence a database per worker above).
_RUN_PREFIX = f"{CACHE_KEY_PREFIX}-test-{uuid.uuid4().hex[:8]}"
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": _RUN_PREFIX,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": _RUN_PREFIX,
        }
    }
# Static files come from the finders: no collectstatic before a test run.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Every test signs in from 127.0.0.1 within the same minute; tests of the limits set their own.
ACCOUNT_RATE_LIMITS = {"login": "10000/m/ip", "login_failed": "10000/m/ip,10000/5m/key"}

# Every demo member with a login in the tests is an administrator: MFA is required only in
# the tests of that requirement (tests/accounts/test_mfa_tryton.py sets the roles).
PORTAL_MFA_REQUIRED_ROLES = []

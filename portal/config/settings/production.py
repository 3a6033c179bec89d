"""Production behind Traefik: secrets are required, cookies secure, HTTPS enforced.

`manage.py check --deploy` is clean with these settings and real secrets; its portal checks
(core/checks.py) also run when the WSGI application starts (config/wsgi.py).
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = False

# `collectstatic` runs while the image is built, where no secret exists and none may be
# baked in: DJANGO_BUILD_ONLY lets these settings load with placeholders, and both
# `check --deploy` and the WSGI application refuse to run with it.
BUILD_ONLY = env.bool("DJANGO_BUILD_ONLY", default=False)
_placeholder = {"default": "build-only-placeholder"} if BUILD_ONLY else {}
_placeholder_hosts = {"default": ["build.invalid"]} if BUILD_ONLY else {}

# No defaults: a missing secret stops the start with ImproperlyConfigured.
SECRET_KEY = env("DJANGO_SECRET_KEY", **_placeholder)
TRYTON_SERVICE_PASSWORD = env("TRYTON_SERVICE_PASSWORD", **_placeholder)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", **_placeholder_hosts)

# Traefik terminates TLS and appends the client's address to X-Forwarded-For.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("PORTAL_TRUSTED_PROXY_COUNT", default=1)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# /health/ and /ready/ are probed over plain HTTP inside the stack.
SECURE_REDIRECT_EXEMPT = [r"^health/$", r"^ready/$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)

# One JSON object a log line, for the log shipper (base.py: LOGGING).
LOG_FORMAT = env("DJANGO_LOG_FORMAT", default="json")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT  # noqa: F405

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

"""Production behind Traefik: secrets are required, cookies secure, HTTPS enforced.

`manage.py check --deploy` is clean with these settings.
"""

from .base import *  # noqa: F403
from .base import env

DEBUG = False

# No defaults: a missing secret stops the start with ImproperlyConfigured.
SECRET_KEY = env("DJANGO_SECRET_KEY")
TRYTON_SERVICE_PASSWORD = env("TRYTON_SERVICE_PASSWORD")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS")

# Traefik terminates TLS and appends the client's address to X-Forwarded-For.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("PORTAL_TRUSTED_PROXY_COUNT", default=1)
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
# /health/ is probed over plain HTTP inside the stack.
SECURE_REDIRECT_EXEMPT = [r"^health/$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=True)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

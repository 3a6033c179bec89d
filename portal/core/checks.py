"""Deployment checks (`manage.py check --deploy`): values that must never reach production.

Errors, not warnings, so `check --deploy` fails; config/wsgi.py runs the same checks when
the production settings start, so gunicorn refuses to serve with any of them.
"""

from django.conf import settings
from django.core.checks import Error, register

DEPLOY_TAG = "portal_deploy"

# Django's own measure of a weak key (security.W009), raised to an error here.
SECRET_KEY_MIN_LENGTH = 50
SECRET_KEY_MIN_UNIQUE_CHARACTERS = 5


@register(DEPLOY_TAG, deploy=True)
def check_tryton_service_password(app_configs, **kwargs):
    password = settings.TRYTON_SERVICE_PASSWORD
    if not password:
        return [
            Error(
                "TRYTON_SERVICE_PASSWORD is empty.",
                hint="Set the password of the portal's service user in Tryton.",
                id="portal.E001",
            )
        ]
    if password == settings.DEVELOPMENT_TRYTON_SERVICE_PASSWORD:
        return [
            Error(
                "TRYTON_SERVICE_PASSWORD is the development password.",
                hint="Give the service user its own password in Tryton and in the environment "
                "(docs/operations.md, secret rotation).",
                id="portal.E002",
            )
        ]
    return []


@register(DEPLOY_TAG, deploy=True)
def check_allowed_hosts(app_configs, **kwargs):
    if "*" in settings.ALLOWED_HOSTS:
        return [
            Error(
                "DJANGO_ALLOWED_HOSTS contains '*': the portal would answer any Host header "
                "(password-reset links and redirects could point elsewhere).",
                hint="List the portal's host names, e.g. DJANGO_ALLOWED_HOSTS=portal.example.com.",
                id="portal.E003",
            )
        ]
    return []


def secret_key_is_weak(key: str) -> bool:
    return (
        len(key) < SECRET_KEY_MIN_LENGTH
        or len(set(key)) < SECRET_KEY_MIN_UNIQUE_CHARACTERS
        or key.startswith("django-insecure-")
        or "development" in key
        or "test-only" in key
    )


@register(DEPLOY_TAG, deploy=True)
def check_secret_key(app_configs, **kwargs):
    if secret_key_is_weak(settings.SECRET_KEY):
        return [
            Error(
                "DJANGO_SECRET_KEY is weak: shorter than 50 characters, too few distinct "
                "characters, or a development or test key.",
                hint='Generate one: python -c "import secrets; print(secrets.token_urlsafe(50))"',
                id="portal.E004",
            )
        ]
    return []


@register(DEPLOY_TAG, deploy=True)
def check_not_build_only(app_configs, **kwargs):
    if getattr(settings, "BUILD_ONLY", False):
        return [
            Error(
                "DJANGO_BUILD_ONLY is set: these settings hold placeholders, not secrets.",
                hint="DJANGO_BUILD_ONLY is for collectstatic while the image is built; unset it.",
                id="portal.E005",
            )
        ]
    return []


def deployment_errors() -> list[Error]:
    """The errors of every check above, for a process that must refuse to start."""
    return [
        *check_tryton_service_password(None),
        *check_allowed_hosts(None),
        *check_secret_key(None),
        *check_not_build_only(None),
    ]

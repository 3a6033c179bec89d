"""What a serving process checks before it answers its first request."""

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def refuse_unsafe_settings() -> None:
    """Raise ImproperlyConfigured, naming each problem, when the deployment checks of
    core/checks.py fail. Only the production settings are held to them: development and
    tests run with the development password on purpose."""
    if not settings.SETTINGS_MODULE.endswith(".production"):
        return
    from core.checks import deployment_errors

    errors = deployment_errors()
    if errors:
        raise ImproperlyConfigured(
            "Refusing to serve with unsafe production settings:\n"
            + "\n".join(f"{error.id}: {error.msg} {error.hint}" for error in errors)
        )

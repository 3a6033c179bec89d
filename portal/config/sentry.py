"""Sentry error reporting, switched on by SENTRY_DSN alone."""

import logging
import re

# Personal data a frame variable or a message may hold (a customer's e-mail typed at login,
# a client address): blanked in every string of an event before it leaves.
_PERSONAL = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail addresses
    r"|\b(?:\d{1,3}\.){3}\d{1,3}\b"  # IPv4 addresses
)


def _blank(value):
    if isinstance(value, str):
        return _PERSONAL.sub("[personal data]", value)
    if isinstance(value, dict):
        return {key: _blank(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_blank(item) for item in value]
    return value


def scrub_personal_data(event, hint):
    """Sentry's before_send: the event with every e-mail and IP address blanked."""
    return _blank(event)


def init_sentry(
    *, dsn: str, environment: str, traces_sample_rate: float, transport=None
) -> None:
    """Start reporting; ``transport`` replaces the HTTP one (tests read what would be sent)."""
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration
    from sentry_sdk.integrations.logging import LoggingIntegration
    from sentry_sdk.integrations.redis import RedisIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        traces_sample_rate=traces_sample_rate,
        # Customers' e-mails and IPs stay out of Sentry.
        # With it off, Sentry's scrubber also blanks cookies, sessions, tokens and
        # passwords in headers and frame variables (tests/config/test_error_reports.py).
        send_default_pii=False,
        transport=transport,
        before_send=scrub_personal_data,
        integrations=[
            DjangoIntegration(),
            LoggingIntegration(level=logging.INFO, event_level=logging.ERROR),
            RedisIntegration(),
        ],
    )

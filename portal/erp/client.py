"""The process-wide Tryton client, built lazily from Django settings."""

import hashlib
import threading

from django.conf import settings
from django.core.signals import setting_changed

from .breaker import CircuitBreaker, SharedCircuitBreaker
from .transport import JsonRpcTransport

_client: JsonRpcTransport | None = None
_lock = threading.Lock()


def _build() -> JsonRpcTransport:
    # Every default lives in config/settings/base.py: nothing is defaulted here.
    return JsonRpcTransport(
        url=settings.TRYTON_URL,
        database=settings.TRYTON_DATABASE,
        user=settings.TRYTON_SERVICE_USER,
        password=settings.TRYTON_SERVICE_PASSWORD,
        connect_timeout=float(settings.TRYTON_CONNECT_TIMEOUT),
        read_timeout=float(settings.TRYTON_READ_TIMEOUT),
        retries=int(settings.TRYTON_RETRIES),
        breaker=build_breaker(),
    )


def build_breaker() -> CircuitBreaker | SharedCircuitBreaker:
    threshold = int(settings.TRYTON_BREAKER_THRESHOLD)
    cooldown = float(settings.TRYTON_BREAKER_COOLDOWN)
    if settings.TRYTON_BREAKER_SHARED:
        # Per Tryton database: portals of two databases sharing a Redis keep apart.
        namespace = hashlib.sha256(
            f"{settings.TRYTON_URL}|{settings.TRYTON_DATABASE}".encode()
        ).hexdigest()[:16]
        return SharedCircuitBreaker(threshold=threshold, cooldown=cooldown, namespace=namespace)
    return CircuitBreaker(threshold=threshold, cooldown=cooldown)


def get_client() -> JsonRpcTransport:
    """The shared transport: one HTTP session, one service login, one breaker."""
    global _client
    client = _client
    if client is None:
        with _lock:
            if _client is None:
                _client = _build()
            client = _client
    return client


def reset_client() -> None:
    """Drop the shared transport; the next get_client() builds it from settings again."""
    global _client
    with _lock:
        client, _client = _client, None
    if client is not None:
        client.close()


def ping(*, transport: JsonRpcTransport | None = None) -> None:
    """Check that Tryton answers the service user (for /ready/); raises TrytonError."""
    transport = transport or get_client()
    transport.execute("res.user", "get_preferences", True, readonly=True)


def _on_setting_changed(*, setting: str, **kwargs) -> None:
    # Tests override TRYTON_* settings: the next call must see the new values.
    if setting.startswith("TRYTON_"):
        reset_client()


setting_changed.connect(_on_setting_changed, dispatch_uid="erp.client.reset_on_setting_changed")

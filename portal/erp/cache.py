"""Customer-scoped cache of records on Django's cache framework, with stale fallback.

A key carries the party id and that party's version, so one bump of the
version orphans everything cached for the customer. Entries live long
(STALE_TIMEOUT) but count as fresh only for PORTAL_CACHE_TTL seconds: the
older ones are what a read falls back to while Tryton is unreachable.
"""

import dataclasses
import datetime as dt
import hashlib
import json
import logging
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import cache

from .errors import TrytonUnavailable

logger = logging.getLogger(__name__)

T = TypeVar("T")

STALE_TIMEOUT = 24 * 60 * 60


def _ttl() -> int:
    return int(settings.PORTAL_CACHE_TTL)


def version_key(party_id: int) -> str:
    return f"erp:party:{party_id}:version"


def customer_version(party_id: int) -> int:
    """The party's current cache version (created on first use)."""
    key = version_key(party_id)
    # Start from the clock, not 1: if the version key is evicted, a restarted
    # count must not meet entries left over from before.
    cache.add(key, time.time_ns(), timeout=None)
    version = cache.get(key)
    return int(version) if version is not None else time.time_ns()


def bump_customer_version(party_id: int) -> None:
    """Invalidate everything cached for the party."""
    key = version_key(party_id)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, time.time_ns(), timeout=None)


def _key(party_id: int, name: str, params: dict[str, Any]) -> str:
    canonical = json.dumps(params, sort_keys=True, default=str)
    digest = hashlib.sha256(canonical.encode()).hexdigest()[:32]
    return f"erp:party:{party_id}:v{customer_version(party_id)}:{name}:{digest}"


def _mark_stale(value: Any, as_of: dt.datetime) -> Any:
    if dataclasses.is_dataclass(value) and any(
        f.name == "as_of" for f in dataclasses.fields(value)
    ):
        return dataclasses.replace(value, as_of=as_of)
    return value


def cached_read(party_id: int, name: str, params: dict[str, Any], fetch: Callable[[], T]) -> T:
    """Return ``fetch()`` through the customer's cache.

    A fresh entry is returned without calling Tryton. Otherwise ``fetch`` runs;
    if it raises TrytonUnavailable, the last cached value is returned with
    ``as_of`` set to its fetch time, or the error propagates when none exists.
    """
    try:
        key = _key(party_id, name, params)
    except Exception:
        # A cache outage must not take the portal down: read through.
        logger.warning("Cache unavailable, reading %s from Tryton", name, exc_info=True)
        return fetch()
    return read_through(key, name, fetch)


def read_through(key: str, name: str, fetch: Callable[[], T]) -> T:
    """``fetch()`` through the cache entry ``key``: fresh for PORTAL_CACHE_TTL seconds,
    kept STALE_TIMEOUT seconds to be served (with its ``as_of``) while Tryton is down.

    A fresh copy also carries its ``as_of`` when the circuit breaker is open: Tryton is
    known to be down, the customer is told the data may be behind.
    """
    try:
        entry = cache.get(key)
    except Exception:
        logger.warning("Cache unavailable, reading %s from Tryton", name, exc_info=True)
        return fetch()
    now = dt.datetime.now(dt.UTC)
    if entry is not None:
        fetched_at, value = entry
        if (now - fetched_at).total_seconds() < _ttl():
            return _mark_stale(value, fetched_at) if _tryton_known_down() else value
    try:
        value = fetch()
    except TrytonUnavailable:
        if entry is None:
            raise
        fetched_at, stale = entry
        logger.info("Tryton unavailable, serving %s as of %s", name, fetched_at.isoformat())
        return _mark_stale(stale, fetched_at)
    try:
        cache.set(key, (now, value), timeout=STALE_TIMEOUT)
    except Exception:
        logger.warning("Cache unavailable, %s not stored", name, exc_info=True)
    return value


def _tryton_known_down() -> bool:
    from .breaker import OPEN
    from .client import get_client

    return get_client().breaker.state == OPEN


def _web_session_key(session: str) -> str:
    # Hash the session key: cache keys show up in tools and logs, secrets must not.
    return "erp:websession:" + hashlib.sha256(session.encode()).hexdigest()


def get_web_session(session: str) -> tuple[bool, Any]:
    """(found, identity) for a cached session lookup; identity may be None."""
    try:
        entry = cache.get(_web_session_key(session))
    except Exception:
        logger.warning("Cache unavailable, session not looked up", exc_info=True)
        return False, None
    if entry is None:
        return False, None
    return True, entry[0]


def set_web_session(session: str, identity: Any, timeout: int) -> None:
    try:
        # Wrapped in a tuple so a cached "unknown session" (None) is a hit.
        cache.set(_web_session_key(session), (identity,), timeout=timeout)
    except Exception:
        logger.warning("Cache unavailable, session not stored", exc_info=True)


def delete_web_session(session: str) -> None:
    try:
        cache.delete(_web_session_key(session))
    except Exception:
        logger.warning("Cache unavailable, session not forgotten", exc_info=True)

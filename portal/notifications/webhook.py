"""Checking a change notification from Tryton: signature, age, replay and shape.

Tryton (module ``portal``, ``webhook.py``) posts JSON signed with HMAC-SHA256 over
``timestamp + "." + body`` and names the secret by a key id (the first 12 hex digits of
its SHA-256). The portal accepts every secret of ``PORTAL_WEBHOOK_SECRETS`` (newest first:
the current one and the previous during a rotation). Everything refused raises
``WebhookRefused`` with the HTTP status and a plain reason for Tryton's log.
"""

import hashlib
import hmac
import json
import logging
import re
from dataclasses import dataclass

from django.core.cache import cache

TIMESTAMP_HEADER = "X-Portal-Webhook-Timestamp"
SIGNATURE_HEADER = "X-Portal-Webhook-Signature"
KEY_ID_HEADER = "X-Portal-Webhook-Key-Id"

# Ids beyond a database integer name no record (as the gateway clamps them).
MAX_ID = 2**63 - 1
MAX_RECORDS = 1000
KIND = re.compile(r"^[a-z_]{1,32}$")
MODEL = re.compile(r"^[a-z_.]{1,64}$")

logger = logging.getLogger(__name__)


class WebhookRefused(Exception):
    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class ChangedRecord:
    id: int
    party_id: int
    name: str


@dataclass(frozen=True)
class Change:
    """A delivery Tryton signed: which customers' records changed, and how."""

    delivery_id: str
    model: str
    kind: str
    party_ids: tuple[int, ...]
    records: tuple[ChangedRecord, ...]


def key_id(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()[:12]


def signature(secret: str, timestamp: str, body: bytes) -> str:
    message = timestamp.encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def verify(*, headers, body: bytes, secrets: list[str], now: float, window: int) -> Change:
    """The change ``body`` tells, once its signature, age and shape are checked.

    Refused: no secret configured (503), a missing or unknown key or a wrong signature
    (401), a timestamp more than ``window`` seconds from ``now`` (401), a body that is not
    the expected JSON (400), a delivery already taken within the window (409).
    """
    if not secrets:
        raise WebhookRefused(503, "webhooks are not configured (PORTAL_WEBHOOK_SECRETS)")
    timestamp = headers.get(TIMESTAMP_HEADER, "")
    given = headers.get(SIGNATURE_HEADER, "")
    if not timestamp or not given:
        raise WebhookRefused(401, "unsigned request")
    if not timestamp.isascii() or not timestamp.isdigit() or len(timestamp) > 12:
        raise WebhookRefused(400, "the timestamp is not a number of seconds")
    candidates = [s for s in secrets if hmac.compare_digest(key_id(s), headers.get(
        KEY_ID_HEADER, ""))] or secrets
    # Constant time for each secret tried: the answer tells nothing of how close it was.
    if not any(
        hmac.compare_digest(signature(secret, timestamp, body), given) for secret in candidates
    ):
        raise WebhookRefused(401, "bad signature")
    if abs(now - int(timestamp)) > window:
        raise WebhookRefused(401, "timestamp outside the replay window")
    change = _parse(body)
    try:
        # Remembered for twice the window: a copy signed at the window's far edge is
        # refused too.
        first = cache.add(_delivery_key(change.delivery_id), True, timeout=2 * window)
    except Exception:
        # Without the cache neither replays nor the customers' data can be handled:
        # Tryton tries again later.
        logger.warning("Cache unavailable, webhook %s refused", change.delivery_id,
                       exc_info=True)
        raise WebhookRefused(503, "cache unavailable, try again later") from None
    if not first:
        raise WebhookRefused(409, "delivery already received")
    return change


def forget_delivery(change: Change) -> None:
    """Let Tryton's retry of this delivery in (it was not applied)."""
    try:
        cache.delete(_delivery_key(change.delivery_id))
    except Exception:
        logger.warning("Cache unavailable, webhook %s not forgotten", change.delivery_id,
                       exc_info=True)


def _delivery_key(delivery_id: str) -> str:
    return "notifications:webhook:delivery:" + hashlib.sha256(delivery_id.encode()).hexdigest()


def _is_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def _parse(body: bytes) -> Change:
    try:
        payload = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise WebhookRefused(400, "the body is not JSON") from None
    if not isinstance(payload, dict):
        raise WebhookRefused(400, "the body is not a JSON object")
    delivery_id, model, kind = payload.get("id"), payload.get("model"), payload.get("kind")
    parties, records = payload.get("parties"), payload.get("records")
    if not (isinstance(delivery_id, str) and 0 < len(delivery_id) <= 64):
        raise WebhookRefused(400, "id must be a text of at most 64 characters")
    if not (isinstance(model, str) and MODEL.match(model)):
        raise WebhookRefused(400, "model must be a Tryton model name")
    if not (isinstance(kind, str) and KIND.match(kind)):
        raise WebhookRefused(400, "kind must be a word of at most 32 letters")
    if not (isinstance(parties, list) and 0 < len(parties) <= MAX_RECORDS
            and all(map(_is_id, parties))):
        raise WebhookRefused(400, "parties must be a list of party ids")
    if not (isinstance(records, list) and len(records) <= MAX_RECORDS):
        raise WebhookRefused(400, "records must be a list")
    changed = []
    for record in records:
        if not (
            isinstance(record, dict)
            and _is_id(record.get("id"))
            and record.get("party") in parties
            and isinstance(record.get("name", ""), str)
        ):
            raise WebhookRefused(400, "each record needs an id, one of the parties and a name")
        changed.append(ChangedRecord(record["id"], record["party"], record.get("name", "")[:200]))
    return Change(delivery_id, model, kind, tuple(parties), tuple(changed))

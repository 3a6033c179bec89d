# This file is part of the portal module. The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Signed change notifications (webhooks) to the portal.

When a customer-visible state of a sale, a customer shipment or a customer
invoice changes, the portal is told which customers, records and change, so
that it drops what it cached for them and records a notification.

Where to send and the secret come from trytond's configuration (section
[portal], or the TRYTOND_PORTAL__WEBHOOK_URL / TRYTOND_PORTAL__WEBHOOK_SECRET
environment variables), not from a record: a field would be readable by the
staff who read the configuration model, copied into every database dump and
restored with it on a test server. Without a URL nothing is sent.

The same changes e-mail the customers' web users (notification.py), whether
or not the webhook is configured: PortalWebhookMixin.portal_changed tells both.

Deliveries go through ir.queue: the transaction that changed the records
never waits on the portal (with a trytond-worker), and a refused delivery is
pushed again with a growing delay, a bounded number of times, then logged.
"""
import datetime as dt
import hashlib
import hmac
import json
import logging
import time
import urllib.error
import urllib.request
import uuid

import trytond.config as config
from trytond.pool import Pool, PoolMeta
from trytond.tools import grouped_slice
from trytond.transaction import Transaction, without_check_access

from .notification import portal_url

logger = logging.getLogger(__name__)

SECTION = 'portal'
QUEUE_NAME = 'portal_webhook'
TIMESTAMP_HEADER = 'X-Portal-Webhook-Timestamp'
SIGNATURE_HEADER = 'X-Portal-Webhook-Signature'
KEY_ID_HEADER = 'X-Portal-Webhook-Key-Id'
# Answers after which the same delivery may succeed later: the portal down or
# overloaded, or not yet given the secret Tryton signs with (rotation).
RETRY_STATUSES = {401, 408, 425, 429, 500, 502, 503, 504}
# Records per delivery: the portal refuses more than 1000.
MAX_RECORDS = 500


def webhook_url():
    return config.get(SECTION, 'webhook_url', default='') or ''


def webhook_secret():
    return config.get(SECTION, 'webhook_secret', default='') or ''


def key_id(secret):
    """Name the secret without revealing it: the portal finds the secret of
    this id among those it accepts (current and previous)."""
    return hashlib.sha256(secret.encode()).hexdigest()[:12]


def sign(secret, timestamp, body):
    "HMAC-SHA256 of timestamp + '.' + body, in hexadecimal"
    message = str(timestamp).encode() + b'.' + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signed_request(url, secret, payload, timestamp=None):
    "The urllib request of payload, signed with secret at timestamp"
    body = json.dumps(payload, separators=(',', ':'), sort_keys=True).encode()
    timestamp = int(time.time()) if timestamp is None else timestamp
    return urllib.request.Request(url, data=body, method='POST', headers={
            'Content-Type': 'application/json',
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: 'sha256=' + sign(secret, timestamp, body),
            KEY_ID_HEADER: key_id(secret),
            })


class PortalWebhookMixin:
    """Notify the portal of the changes of _portal_webhook_states.

    _portal_webhook_states maps a field to {value: kind}: the kinds of change
    the portal is told when the field takes the value.
    _portal_webhook_party is the path from the model to the customer.
    """
    __slots__ = ()
    _portal_webhook_party = 'party'
    _portal_webhook_states = {}

    @classmethod
    def write(cls, *args):
        # Changes are watched when someone is told of them: the portal (the
        # webhook) or the customers' web users (notification e-mails).
        if not (webhook_url() or portal_url()):
            super().write(*args)
            return
        watched = []
        actions = iter(args)
        for records, values in zip(actions, actions, strict=True):
            fields = values.keys() & cls._portal_webhook_states.keys()
            if records and fields:
                watched.append((records, values, fields))
        before = {}
        if watched:
            # Read from the table: a record changed by save() already holds
            # its new value.
            names = set().union(*(f for _, _, f in watched))
            ids = {r.id for records, _, _ in watched for r in records}
            with without_check_access():
                before = {r['id']: r for r in cls.read(list(ids), list(names))}
        super().write(*args)
        changes = {}
        for records, values, fields in watched:
            for field in sorted(fields):
                kind = cls._portal_webhook_states[field].get(values[field])
                if not kind:
                    continue
                for record in records:
                    old = before[record.id][field]
                    # A draft cancelled was never the customer's to see.
                    if old != values[field] and (old, values[field]) != (
                            'draft', 'cancelled'):
                        changes.setdefault(kind, set()).add(record.id)
        for kind, ids in sorted(changes.items()):
            cls.portal_changed(cls.browse(sorted(ids)), kind)

    @classmethod
    def portal_changed(cls, records, kind):
        "Tell the portal of kind of change of records and e-mail the customers"
        pool = Pool()
        NotificationEmail = pool.get('portal.notification.email')
        cls.portal_webhook_notify(records, kind)
        with without_check_access():
            records = cls._portal_webhook_records(records)
        NotificationEmail.notify_change(cls, records, kind)

    @classmethod
    def _portal_webhook_records(cls, records):
        "Keep the records whose changes the customer sees"
        return records

    @classmethod
    def portal_webhook_notify(cls, records, kind):
        "Queue the delivery of kind of change of records to the portal"
        if not webhook_url():
            return
        with without_check_access():
            records = cls._portal_webhook_records(records)
            items = []
            for record in records:
                party = record
                for name in cls._portal_webhook_party.split('.'):
                    party = getattr(party, name, None)
                if party is None:
                    continue
                items.append({
                        'id': record.id,
                        'party': party.id,
                        'name': record.rec_name,
                        })
        occurred_at = dt.datetime.now(dt.UTC).isoformat()
        # A batch (a reconciliation paying a thousand invoices) is cut into
        # deliveries the portal takes (at most MAX_RECORDS records each).
        for chunk in grouped_slice(items, count=MAX_RECORDS):
            chunk = list(chunk)
            payload = {
                'id': str(uuid.uuid4()),
                'model': cls.__name__,
                'kind': kind,
                'occurred_at': occurred_at,
                'parties': sorted({i['party'] for i in chunk}),
                'records': chunk,
                }
            with Transaction().set_context(queue_name=QUEUE_NAME):
                cls.__queue__.portal_webhook_deliver(
                    cls.browse([i['id'] for i in chunk]), payload, 1)

    @classmethod
    def portal_webhook_deliver(cls, records, payload, attempt):
        """Post payload to the portal (run by the queue).

        A refusal that may pass later is pushed again after a growing delay,
        until webhook_attempts tries; the last one is logged as an error.
        The delivery keeps its id, so the portal tells a retry it already
        took from a new change; each try is signed anew (fresh timestamp).
        """
        url, secret = webhook_url(), webhook_secret()
        if not url:
            return
        if not secret:
            logger.error(
                "portal webhook %s not sent: [portal] webhook_secret is "
                "not set", payload['id'])
            return
        timeout = config.getfloat(SECTION, 'webhook_timeout', default=5)
        request = signed_request(url, secret, payload)
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:
                status = response.status
        except urllib.error.HTTPError as error:
            status, reason = error.code, f"HTTP {error.code}"
        except (OSError, ValueError) as error:
            status, reason = None, str(error) or error.__class__.__name__
        if status is not None and 200 <= status < 300:
            logger.info(
                "portal webhook %s (%s %s) delivered on attempt %s",
                payload['id'], payload['model'], payload['kind'], attempt)
            return
        attempts = config.getint(SECTION, 'webhook_attempts', default=6)
        if (status is not None and status not in RETRY_STATUSES) \
                or attempt >= attempts:
            logger.error(
                "portal webhook %s (%s %s) given up after attempt %s: %s",
                payload['id'], payload['model'], payload['kind'], attempt,
                reason)
            return
        delay = config.getfloat(SECTION, 'webhook_retry_delay', default=30)
        delay *= 2 ** (attempt - 1)
        logger.warning(
            "portal webhook %s (%s %s) attempt %s failed (%s), retry in %gs",
            payload['id'], payload['model'], payload['kind'], attempt,
            reason, delay)
        transaction = Transaction()
        with transaction.set_context(
                queue_name=QUEUE_NAME,
                queue_scheduled_at=dt.timedelta(seconds=delay)):
            task_id = cls.__queue__.portal_webhook_deliver(
                records, payload, attempt + 1)
        if not config.getboolean('queue', 'worker', default=False):
            # Without a worker a pushed task runs when the request ends,
            # whatever its schedule: the retry waits in ir.queue instead of
            # holding the back office's request for every attempt.
            for task in task_id if isinstance(task_id, list) else [task_id]:
                if task in transaction.tasks:
                    transaction.tasks.remove(task)


class Sale(PortalWebhookMixin, metaclass=PoolMeta):
    __name__ = 'sale.sale'
    # Customers see their sales from quotation on (a draft is the back
    # office's work in progress).
    _portal_webhook_states = {
        'state': {
            'quotation': 'quotation',
            'confirmed': 'confirmed',
            'processing': 'processing',
            'done': 'done',
            'cancelled': 'cancelled',
            },
        'shipment_state': {'sent': 'shipped'},
        'invoice_state': {'paid': 'paid'},
        }


class ShipmentOut(PortalWebhookMixin, metaclass=PoolMeta):
    __name__ = 'stock.shipment.out'
    _portal_webhook_party = 'customer'
    _portal_webhook_states = {
        'state': {
            'waiting': 'waiting',
            'assigned': 'assigned',
            'picked': 'picked',
            'packed': 'packed',
            'shipped': 'shipped',
            'done': 'done',
            'cancelled': 'cancelled',
            },
        }


class Invoice(PortalWebhookMixin, metaclass=PoolMeta):
    __name__ = 'account.invoice'
    _portal_webhook_states = {
        'state': {
            'posted': 'posted',
            'paid': 'paid',
            'cancelled': 'cancelled',
            },
        }

    @classmethod
    def _portal_webhook_records(cls, records):
        # Supplier invoices are no customer's business.
        return [r for r in super()._portal_webhook_records(records)
            if r.type == 'out']

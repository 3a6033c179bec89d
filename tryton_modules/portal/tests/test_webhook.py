import datetime as dt
import hashlib
import hmac
import json
import threading
import time
import unittest
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from unittest.mock import patch

import trytond.config as config
from trytond.modules.company.tests import create_company, set_company
from trytond.modules.portal import webhook
from trytond.modules.portal.tests import create_party, test_sale
from trytond.modules.portal.tests.fixtures import run_queued_tasks
from trytond.modules.portal.tests.test_module import set_config
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction
from trytond.transaction import Transaction

SECRET = 'a-test-secret-of-the-portal'


class Portal:
    """A local HTTP server standing for the portal: it keeps what it receives
    and answers the statuses it is given, in turn (200 once they run out)."""

    def __init__(self):
        self.received = []
        self.statuses = []
        portal = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers['Content-Length']))
                portal.received.append((dict(self.headers), body))
                status = portal.statuses.pop(0) if portal.statuses else 200
                self.send_response(status)
                self.send_header('Content-Length', '0')
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        port = self.server.server_address[1]
        self.url = f'http://127.0.0.1:{port}/notifications/webhook/'
        self.thread = threading.Thread(
            target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()

    def payloads(self):
        return [json.loads(body) for _, body in self.received]


def signature_valid(headers, body, secret=SECRET):
    timestamp = headers[webhook.TIMESTAMP_HEADER]
    expected = hmac.new(
        secret.encode(), timestamp.encode() + b'.' + body,
        hashlib.sha256).hexdigest()
    return hmac.compare_digest(
        headers[webhook.SIGNATURE_HEADER], 'sha256=' + expected)


class WebhookTestCase(unittest.TestCase):
    "Test the signed change notifications sent to the portal"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_module('portal')

    def setUp(self):
        super().setUp()
        self.portal = Portal()
        self.addCleanup(self.portal.close)
        if not config.has_section('portal'):
            config.add_section('portal')
        set_config(self, 'portal', 'webhook_url', self.portal.url)
        set_config(self, 'portal', 'webhook_secret', SECRET)
        set_config(self, 'portal', 'webhook_timeout', '2')
        # Tasks are per thread, not per transaction: none may leak between tests.
        self.addCleanup(Transaction().tasks.clear)

    # Create and quote a sale of 2 at 5 (of a new party without one).
    quote_sale = test_sale.SaleTestCase.quote_sale

    def webhook_tasks(self, **domain):
        pool = Pool()
        Queue = pool.get('ir.queue')
        return Queue.search([
                ('name', '=', webhook.QUEUE_NAME),
                *((k, '=', v) for k, v in domain.items()),
                ], order=[('id', 'ASC')])

    @with_transaction()
    def test_state_change_is_queued_not_sent(self):
        "Quoting queues the delivery: the transaction does not wait on the portal"
        self.company = create_company()
        with set_company(self.company):
            self.quote_sale(self.company)

            task, = self.webhook_tasks()
            self.assertEqual(task.data['method'], 'portal_webhook_deliver')
            self.assertEqual(task.data['args'][1], 1)
            self.assertEqual(self.portal.received, [])

    @with_transaction()
    def test_delivery_is_signed_and_names_the_customer(self):
        "The portal receives the customer, the model, the records and the kind"
        self.company = create_company()
        party = create_party("Customer A")
        with set_company(self.company):
            before = int(time.time())
            sale = self.quote_sale(self.company, party)

            self.assertEqual(run_queued_tasks(), ['portal_webhook_deliver'])

        (headers, body), = self.portal.received
        self.assertTrue(signature_valid(headers, body))
        self.assertFalse(signature_valid(headers, body, secret='another'))
        self.assertGreaterEqual(int(headers[webhook.TIMESTAMP_HEADER]), before)
        self.assertEqual(
            headers[webhook.KEY_ID_HEADER],
            hashlib.sha256(SECRET.encode()).hexdigest()[:12])
        payload = json.loads(body)
        self.assertEqual(payload['model'], 'sale.sale')
        self.assertEqual(payload['kind'], 'quotation')
        self.assertEqual(payload['parties'], [party.id])
        self.assertEqual(payload['records'], [
                {'id': sale.id, 'party': party.id, 'name': sale.rec_name}])
        self.assertTrue(payload['id'])
        dt.datetime.fromisoformat(payload['occurred_at'])

    @with_transaction()
    def test_one_delivery_per_kind_of_change(self):
        "Two sales of two customers quoted together make one delivery naming both"
        pool = Pool()
        Sale = pool.get('sale.sale')
        self.company = create_company()
        a, b = create_party("A"), create_party("B")
        with set_company(self.company):
            sales = [self.quote_sale(self.company, p) for p in (a, b)]
            run_queued_tasks()
            self.portal.received.clear()
            Sale.draft(sales)
            Sale.quote(sales)

            self.assertEqual(run_queued_tasks(), ['portal_webhook_deliver'])

        payload, = self.portal.payloads()
        self.assertEqual(payload['parties'], sorted([a.id, b.id]))
        self.assertEqual(
            sorted(r['id'] for r in payload['records']),
            sorted(s.id for s in sales))

    @with_transaction()
    def test_refused_delivery_is_retried_later_with_the_same_id(self):
        "A delivery the portal refuses (503) is pushed again after a delay"
        pool = Pool()
        Queue = pool.get('ir.queue')
        set_config(self, 'portal', 'webhook_retry_delay', '30')
        self.portal.statuses = [503]
        self.company = create_company()
        with set_company(self.company):
            self.quote_sale(self.company)
            run_queued_tasks()

            first, retry = self.webhook_tasks()
            self.assertTrue(first.finished_at)
            self.assertEqual(retry.data['args'][1], 2)
            # Scheduled later, and waiting for a worker, not run at once.
            delay = (retry.scheduled_at - retry.enqueued_at).total_seconds()
            self.assertAlmostEqual(delay, 30, delta=2)
            self.assertNotIn(retry.id, Transaction().tasks)
            self.assertEqual(len(self.portal.received), 1)

            Queue(retry.id).run()

        self.assertEqual(len(self.portal.received), 2)
        first_payload, second_payload = self.portal.payloads()
        self.assertEqual(first_payload, second_payload)
        self.assertTrue(all(
                signature_valid(h, b) for h, b in self.portal.received))
        self.assertEqual(len(self.webhook_tasks()), 2)

    @with_transaction()
    def test_retries_are_bounded_then_logged(self):
        "After webhook_attempts refusals the delivery is given up and logged"
        pool = Pool()
        Queue = pool.get('ir.queue')
        set_config(self, 'portal', 'webhook_attempts', '3')
        set_config(self, 'portal', 'webhook_retry_delay', '10')
        self.portal.statuses = [503, 502, 500, 200]
        self.company = create_company()
        with set_company(self.company):
            self.quote_sale(self.company)
            run_queued_tasks()
            _, second = self.webhook_tasks()
            Queue(second.id).run()
            _, _, third = self.webhook_tasks()
            # The delay doubles from one attempt to the next.
            self.assertAlmostEqual(
                (third.scheduled_at - third.enqueued_at).total_seconds(),
                20, delta=2)
            with self.assertLogs(webhook.logger, 'ERROR') as logs:
                Queue(third.id).run()

            self.assertEqual(len(self.webhook_tasks()), 3)
        self.assertEqual(len(self.portal.received), 3)
        self.assertIn('given up after attempt 3', logs.output[0])

    @with_transaction()
    def test_final_refusal_is_not_retried(self):
        "A 400 (the portal cannot read it) is logged at once, not retried"
        self.portal.statuses = [400]
        self.company = create_company()
        with set_company(self.company):
            self.quote_sale(self.company)
            with self.assertLogs(webhook.logger, 'ERROR'):
                run_queued_tasks()

            self.assertEqual(len(self.webhook_tasks()), 1)

    @with_transaction()
    def test_portal_down_is_retried(self):
        "A portal that does not answer at all is tried again"
        set_config(self, 'portal', 'webhook_url', 'http://127.0.0.1:9/')
        self.company = create_company()
        with set_company(self.company):
            self.quote_sale(self.company)
            run_queued_tasks()

            _, retry = self.webhook_tasks()
            self.assertEqual(retry.data['args'][1], 2)

    @with_transaction()
    def test_nothing_is_sent_without_a_url(self):
        "Without [portal] webhook_url no task is queued and nothing is sent"
        set_config(self, 'portal', 'webhook_url', '')
        self.company = create_company()
        with set_company(self.company):
            self.quote_sale(self.company)

            self.assertEqual(self.webhook_tasks(), [])
            self.assertEqual(run_queued_tasks(), [])
        self.assertEqual(self.portal.received, [])

    @with_transaction()
    def test_draft_is_not_told(self):
        "A sale created as draft is the back office's: the portal hears nothing"
        pool = Pool()
        Sale = pool.get('sale.sale')
        self.company = create_company()
        party = create_party("Customer")
        with set_company(self.company):
            sale = self.quote_sale(self.company, party)
            run_queued_tasks()
            self.portal.received.clear()
            Sale.draft([sale])
            Sale.write([sale], {'state': 'draft'})

            self.assertEqual(run_queued_tasks(), [])

    @with_transaction()
    def test_a_state_set_on_the_record_and_saved_is_told(self):
        "A state saved from the record (as sale processing does) is told too"
        self.company = create_company()
        with set_company(self.company):
            sale = self.quote_sale(self.company)
            run_queued_tasks()
            self.portal.received.clear()
            sale.shipment_state = 'sent'
            sale.save()

            self.assertEqual(run_queued_tasks(), ['portal_webhook_deliver'])
            # Written again with the same value: nothing changed, nothing told.
            sale.__class__.write([sale], {'shipment_state': 'sent'})
            self.assertEqual(run_queued_tasks(), [])

        payload, = self.portal.payloads()
        self.assertEqual(
            (payload['model'], payload['kind']), ('sale.sale', 'shipped'))

    @with_transaction()
    def test_a_cancelled_draft_is_not_told(self):
        "A draft the back office cancels was never the customer's to see"
        pool = Pool()
        Sale = pool.get('sale.sale')
        self.company = create_company()
        with set_company(self.company):
            sale = self.quote_sale(self.company)
            Sale.draft([sale])
            run_queued_tasks()
            self.portal.received.clear()
            Sale.cancel([sale])

            self.assertEqual(Sale(sale.id).state, 'cancelled')
            self.assertEqual(run_queued_tasks(), [])

    @with_transaction()
    def test_a_large_batch_is_cut_into_deliveries(self):
        "More records than a delivery holds make several deliveries"
        pool = Pool()
        Sale = pool.get('sale.sale')
        self.company = create_company()
        with set_company(self.company), \
                patch.object(webhook, 'MAX_RECORDS', 2):
            sales = [self.quote_sale(self.company) for _ in range(3)]
            run_queued_tasks()
            self.portal.received.clear()
            Sale.draft(sales)
            Sale.quote(sales)
            run_queued_tasks()

        payloads = self.portal.payloads()
        self.assertEqual(
            sorted(len(p['records']) for p in payloads), [1, 2])
        self.assertEqual(len({p['id'] for p in payloads}), 2)
        self.assertEqual(
            sorted(r['id'] for p in payloads for r in p['records']),
            sorted(s.id for s in sales))

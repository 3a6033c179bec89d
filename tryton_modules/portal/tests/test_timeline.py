import datetime as dt
import unittest
from decimal import Decimal

from trytond.modules.account.tests import create_chart, get_fiscalyear
from trytond.modules.account_invoice.tests import set_invoice_sequences
from trytond.modules.company.tests import create_company, set_company
from trytond.modules.portal.exceptions import (
    PortalNotFoundError,
    PortalServiceAccessError,
    PortalTrackingURLError,
)
from trytond.modules.portal.tests import (
    as_portal,
    as_user,
    create_party,
    create_user,
    customer_session,
    service_user,
)
from trytond.modules.portal.tests.fixtures import run_queued_tasks
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction


class TimelineTestCase(unittest.TestCase):
    "Test the timeline of a sale's lines as the portal reads it"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # production_proposal links productions to sales (extras_depend portal).
        activate_module(['portal', 'production_proposal'])

    def setup_books(self):
        pool = Pool()
        Account = pool.get('account.account')
        FiscalYear = pool.get('account.fiscalyear')
        create_chart(self.company)
        fiscalyear = set_invoice_sequences(get_fiscalyear(
                self.company, today=self.today))
        fiscalyear.save()
        FiscalYear.create_period([fiscalyear])
        # Other test classes commit books of their own companies in the same
        # database: take this company's accounts.
        company = ('company', '=', self.company.id)
        self.receivable, = Account.search([
                company, ('type.receivable', '=', True),
                ('party_required', '=', True), ('closed', '!=', True)], limit=1)
        self.revenue, = Account.search([
                company, ('type.revenue', '=', True), ('closed', '!=', True)],
            limit=1)
        self.cash, = Account.search([
                company, ('type.receivable', '=', False),
                ('type.payable', '=', False),
                ('type.revenue', '=', False), ('type.expense', '=', False),
                ('closed', '!=', True), ('type', '!=', None),
                ('party_required', '=', False)], limit=1)

    def setup_customers(self):
        "Customers A and B, a confirmed sale of 4 widgets each, the service user"
        pool = Pool()
        Date = pool.get('ir.date')
        self.company = create_company()
        self.service = service_user(self.company)
        with set_company(self.company):
            self.today = Date.today()
            self.setup_books()
            self.party_a = create_party(
                "Customer A", account_receivable=self.receivable.id)
            self.party_b = create_party(
                "Customer B", account_receivable=self.receivable.id)
            self.product = self.create_product()
            self.sale_a = self.confirmed_sale(self.party_a)
            self.sale_b = self.confirmed_sale(self.party_b)

    def create_product(self):
        pool = Pool()
        Uom = pool.get('product.uom')
        Template = pool.get('product.template')
        unit, = Uom.search([('symbol', '=', 'u')])
        template, = Template.create([{
                    'name': "Widget", 'default_uom': unit.id, 'type': 'goods',
                    'salable': True, 'sale_uom': unit.id, 'producible': True,
                    'list_price': Decimal(10), 'products': [('create', [{}])],
                    }])
        return template.products[0]

    def confirmed_sale(self, party):
        "A sale of party confirmed and processed: its shipment waits"
        pool = Pool()
        Sale = pool.get('sale.sale')
        sale, = Sale.create([{
                    'party': party.id,
                    'invoice_address': party.addresses[0].id,
                    'shipment_address': party.addresses[0].id,
                    'company': self.company.id,
                    'currency': self.company.currency.id,
                    'sale_date': self.today,
                    'invoice_method': 'manual',
                    'shipment_method': 'order',
                    'lines': [('create', [{
                                    'product': self.product.id,
                                    'quantity': 4, 'unit': self.product.default_uom.id,
                                    'unit_price': Decimal(10)}])],
                    }])
        Sale.quote([sale])
        Sale.confirm([sale])
        run_queued_tasks()
        Sale.process([sale])
        sale = Sale(sale.id)
        self.assertEqual(sale.state, 'processing')
        self.assertEqual(len(sale.shipments), 1)
        return sale

    def as_customer(self, party, role='admin'):
        return as_portal(
            self.service, customer_session(party, role=role), party)

    def timeline(self, sale, party=None, role='admin'):
        "The steps of sale's one line, read as the customer, by step name"
        pool = Pool()
        Sale = pool.get('sale.sale')
        with self.as_customer(party or sale.party, role=role):
            result = Sale.portal_timeline(sale.id)
        line, = result['lines']
        self.assertEqual(line['line'], sale.lines[0].id)
        return {s['step']: s for s in line['steps']}, result['shipments']

    def reached(self, steps):
        return [name for name, step in steps.items() if step['reached']]

    def post_invoice(self, sale):
        pool = Pool()
        Invoice = pool.get('account.invoice')
        Journal = pool.get('account.journal')
        journal, = Journal.search([('type', '=', 'revenue')], limit=1)
        party = sale.party
        invoice, = Invoice.create([{
                    'type': 'out', 'party': party.id,
                    'invoice_address': party.addresses[0].id,
                    'company': self.company.id,
                    'currency': self.company.currency.id,
                    'journal': journal.id, 'account': self.receivable.id,
                    'invoice_date': self.today,
                    'payment_term_date': self.today,
                    'lines': [('create', [{
                                    'company': self.company.id,
                                    'currency': self.company.currency.id,
                                    'account': self.revenue.id,
                                    'unit': self.product.default_uom.id,
                                    'description': "Widget",
                                    'quantity': 4, 'unit_price': Decimal(10),
                                    'origin': str(sale.lines[0]),
                                    }])],
                    }])
        Invoice.post([invoice])
        return Invoice(invoice.id)

    def pay(self, invoice):
        pool = Pool()
        Invoice = pool.get('account.invoice')
        Move = pool.get('account.move')
        MoveLine = pool.get('account.move.line')
        Journal = pool.get('account.journal')
        Period = pool.get('account.period')
        journal, = Journal.search([('type', '=', 'cash')], limit=1)
        move, = Move.create([{
                    'journal': journal.id, 'company': self.company.id,
                    'period': Period.find(self.company, date=self.today),
                    'date': self.today,
                    'lines': [('create', [{
                                    'account': self.receivable.id,
                                    'party': invoice.party.id,
                                    'credit': invoice.total_amount,
                                    'debit': Decimal(0),
                                    }, {
                                    'account': self.cash.id,
                                    'debit': invoice.total_amount,
                                    'credit': Decimal(0),
                                    }])],
                    }])
        Move.post([move])
        payment, = [x for x in move.lines if x.account == self.receivable]
        MoveLine.reconcile([*invoice.lines_to_pay, payment])
        run_queued_tasks()
        Invoice.process([invoice])
        invoice = Invoice(invoice.id)
        self.assertEqual(invoice.state, 'paid')
        return invoice

    @with_transaction()
    def test_steps_appear_as_the_records_move_on(self):
        "Each step is reached with its day as Tryton moves the sale on"
        pool = Pool()
        Production = pool.get('production')
        Shipment = pool.get('stock.shipment.out')
        self.setup_customers()
        with set_company(self.company):
            steps, _ = self.timeline(self.sale_a)
            self.assertEqual(
                list(steps),
                ['ordered', 'ready', 'shipped', 'invoiced', 'paid'])
            self.assertEqual(self.reached(steps), ['ordered'])
            self.assertEqual(steps['ordered']['date'], self.today)
            self.assertIsNone(steps['shipped']['date'])

            production, = Production.create([{
                        'company': self.company.id,
                        'product': self.product.id,
                        'quantity': 4,
                        'unit': self.product.default_uom.id,
                        'planned_start_date': self.today,
                        'planned_date': self.today + dt.timedelta(days=2),
                        'sales': [('add', [self.sale_a.id])],
                        }])
            steps, _ = self.timeline(self.sale_a)
            self.assertEqual(
                self.reached(steps), ['ordered'],
                "a planned production is not under way yet")
            detail, = steps['production']['details']
            self.assertEqual(detail['state'], 'draft')
            self.assertEqual(
                detail['planned_date'], self.today + dt.timedelta(days=2))

            Production.wait([production])
            Production.assign_force([production])
            Production.run([production])
            steps, _ = self.timeline(self.sale_a)
            self.assertEqual(self.reached(steps), ['ordered', 'production'])
            self.assertEqual(steps['production']['date'], self.today)
            detail, = steps['production']['details']
            self.assertEqual(detail['number'], Production(production.id).number)
            self.assertEqual(detail['effective_start_date'], self.today)

            shipment, = self.sale_a.shipments
            Shipment.assign_force([shipment])
            Shipment.pick([shipment])
            Shipment.pack([shipment])
            steps, _ = self.timeline(self.sale_a)
            self.assertEqual(
                self.reached(steps), ['ordered', 'production', 'ready'])
            self.assertEqual(steps['ready']['date'], self.today)

            Shipment.do([shipment])
            steps, _ = self.timeline(self.sale_a)
            self.assertEqual(
                self.reached(steps),
                ['ordered', 'production', 'ready', 'shipped'])
            self.assertEqual(steps['shipped']['date'], self.today)
            self.assertEqual(
                steps['shipped']['details'],
                [{'number': shipment.number, 'date': self.today}])

            invoice = self.post_invoice(self.sale_a)
            steps, _ = self.timeline(self.sale_a)
            self.assertEqual(steps['invoiced']['reached'], True)
            self.assertEqual(
                steps['invoiced']['details'],
                [{'number': invoice.number, 'date': self.today}])
            self.assertEqual(steps['paid']['reached'], False)

            self.pay(invoice)
            steps, _ = self.timeline(self.sale_a)
            self.assertEqual(
                self.reached(steps),
                ['ordered', 'production', 'ready', 'shipped', 'invoiced',
                    'paid'])
            self.assertEqual(steps['paid']['date'], self.today)

            # Roles that do not read billing see the delivery only.
            steps, _ = self.timeline(self.sale_a, role='viewer')
            self.assertEqual(
                list(steps), ['ordered', 'production', 'ready', 'shipped'])
            steps, _ = self.timeline(self.sale_a, role='accountant')
            self.assertIn('paid', steps)

    @with_transaction()
    def test_quotation_is_not_ordered_yet(self):
        "A quotation's lines have reached no step"
        pool = Pool()
        Sale = pool.get('sale.sale')
        self.setup_customers()
        with set_company(self.company):
            quotation, = Sale.copy([self.sale_a])
            Sale.quote([quotation])
            steps, _ = self.timeline(quotation)
            self.assertEqual(self.reached(steps), [])

    @with_transaction()
    def test_another_partys_sale_is_refused_naming_nothing(self):
        "Another customer's sale is refused as a missing one"
        pool = Pool()
        Sale = pool.get('sale.sale')
        self.setup_customers()
        with set_company(self.company):
            for sale_id in [self.sale_b.id, 10 ** 9, 2 ** 70, None, "1"]:
                with self.assertRaises(Exception) as refusal, \
                        self.as_customer(self.party_a):
                    Sale.portal_timeline(sale_id)
                self.assertNotIn("Customer B", str(refusal.exception))
            with self.assertRaises(PortalNotFoundError), \
                    self.as_customer(self.party_a):
                Sale.portal_timeline(self.sale_b.id)

    @with_transaction()
    def test_no_session_is_refused(self):
        "Without a live session of the customer, no sale is anyone's"
        pool = Pool()
        Sale = pool.get('sale.sale')
        self.setup_customers()
        with set_company(self.company):
            with self.assertRaises(PortalNotFoundError), \
                    as_portal(self.service, party=self.party_a):
                Sale.portal_timeline(self.sale_a.id)
            with self.assertRaises(PortalNotFoundError), \
                    as_portal(self.service, "not-a-session", self.party_a):
                Sale.portal_timeline(self.sale_a.id)

    @with_transaction()
    def test_other_users_cannot_call_the_entry_point(self):
        "Only the portal's service group calls the entry point"
        pool = Pool()
        Sale = pool.get('sale.sale')
        self.setup_customers()
        clerk = create_user(
            'clerk', ['sale.group_sale'], company=self.company)
        with set_company(self.company):
            with self.assertRaises(PortalServiceAccessError), as_user(clerk):
                Sale.portal_timeline(self.sale_a.id)

    @with_transaction()
    def test_shipment_tracking_with_the_carriers_link(self):
        "A shipment's carrier and reference give the carrier's tracking link"
        pool = Pool()
        Carrier = pool.get('carrier')
        Party = pool.get('party.party')
        Shipment = pool.get('stock.shipment.out')
        Template = pool.get('product.template')
        self.setup_customers()
        with set_company(self.company):
            party, = Party.create([{'name': "Swift Freight"}])
            template, = Template.create([{
                        'name': "Delivery", 'type': 'service',
                        'default_uom': self.product.default_uom.id,
                        'products': [('create', [{}])]}])
            carrier, = Carrier.create([{
                        'party': party.id,
                        'carrier_product': template.products[0].id,
                        'portal_tracking_url':
                            'https://track.example.com/?ref={reference}',
                        }])
            shipment, = self.sale_a.shipments
            _, shipments = self.timeline(self.sale_a)
            self.assertEqual(shipments, [{
                        'id': shipment.id, 'number': shipment.number,
                        'carrier': '', 'reference': '', 'url': None}])

            Shipment.write([shipment], {
                    'carrier': carrier.id,
                    'shipping_reference': 'SF 123/4'})
            _, shipments = self.timeline(self.sale_a)
            self.assertEqual(shipments, [{
                        'id': shipment.id, 'number': shipment.number,
                        'carrier': "Swift Freight", 'reference': 'SF 123/4',
                        'url': 'https://track.example.com/?ref=SF%20123%2F4'}])

            for url in ['http://track.example.com/{reference}',
                    'https://track.example.com/',
                    'javascript:alert(1)//{reference}']:
                with self.assertRaises(PortalTrackingURLError):
                    Carrier.write([carrier], {'portal_tracking_url': url})

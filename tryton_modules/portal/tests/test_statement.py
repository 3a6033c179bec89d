import datetime as dt
import io
import unittest
from decimal import Decimal

import pypdf
from trytond.model.exceptions import AccessError
from trytond.modules.account.tests import create_chart, get_fiscalyear
from trytond.modules.account_invoice.tests import set_invoice_sequences
from trytond.modules.company.tests import create_company, set_company
from trytond.modules.portal.account import AGEING_BUCKETS, ageing_bucket, statement
from trytond.modules.portal.exceptions import (
    PortalArgumentError,
    PortalNotFoundError,
    PortalRoleError,
    PortalServiceAccessError,
)
from trytond.modules.portal.tests import (
    administrator,
    as_portal,
    as_user,
    create_party,
    create_user,
    customer_session,
    service_user,
)
from trytond.pool import Pool
from trytond.tests.test_tryton import DB_NAME, activate_module, with_transaction
from trytond.transaction import Transaction, TransactionError

# Invoices of customer A: days before today (their due date, no payment
# term) -> amount; and the bucket each one falls in.
A_INVOICES = {
    0: (Decimal(100), 'current'),
    10: (Decimal(200), 'overdue_1_30'),
    45: (Decimal(300), 'overdue_31_60'),
    75: (Decimal(400), 'overdue_61_90'),
    120: (Decimal(500), 'overdue_over_90'),
    }
# A payment of A on account (not matched to an invoice), 5 days ago.
A_PAYMENT = Decimal(30)


class CustomerBooks:
    """A company with its books, customer A with invoices due 0 to 120 days
    ago and a payment on account, customer B with one invoice: committed once
    per class (commit_customers in setUpClass), read back with customers()."""

    @classmethod
    def commit_customers(cls):
        """Create and commit, once for the class, a company with its books and
        the customers of create_customers; return their ids. Posting a year of
        invoices takes seconds; each test's changes are rolled back."""
        extras = {}
        while True:
            with Transaction().start(DB_NAME, 1, **extras) as transaction:
                try:
                    Date = Pool().get('ir.date')
                    company = create_company()
                    with set_company(company):
                        today = Date.today()
                        party_a, party_b, invoices, invoice_b = (
                            cls().create_customers(company, today))
                    ids = {
                        'company': company.id,
                        'today': today,
                        'party_a': party_a.id,
                        'party_b': party_b.id,
                        'invoices': {d: i.id for d, i in invoices.items()},
                        'invoice_b': invoice_b.id,
                        }
                except TransactionError as error:
                    # Tables to lock first, as with_transaction does
                    transaction.rollback()
                    error.fix(extras)
                    continue
                transaction.commit()
                return ids

    def customers(self):
        """Return the committed company, the day its books were built for,
        A, B, {days: A's invoice} and B's invoice, as create_customers does."""
        pool = Pool()
        Company = pool.get('company.company')
        Party = pool.get('party.party')
        Invoice = pool.get('account.invoice')
        ids = self.committed
        return (
            Company(ids['company']), ids['today'],
            Party(ids['party_a']), Party(ids['party_b']),
            {d: Invoice(i) for d, i in ids['invoices'].items()},
            Invoice(ids['invoice_b']))

    def create_books(self, company, today):
        "Create the chart, a fiscal year around today and the journals' accounts"
        FiscalYear = Pool().get('account.fiscalyear')
        create_chart(company)
        fiscalyear = set_invoice_sequences(get_fiscalyear(
                company, today=today,
                start_date=today - dt.timedelta(days=400),
                end_date=today + dt.timedelta(days=400)))
        fiscalyear.save()
        FiscalYear.create_period([fiscalyear])
        self.find_accounts(company)

    def find_accounts(self, company):
        """Keep the receivable, revenue and cash accounts of company's chart
        (post_invoice and receive_payment use them)"""
        Account = Pool().get('account.account')
        # The company's own accounts: other classes commit their books in the
        # same database.
        self.receivable, = Account.search([
                ('company', '=', company.id),
                ('type.receivable', '=', True),
                ('party_required', '=', True),
                ('closed', '!=', True),
                ], limit=1)
        self.revenue, = Account.search([
                ('company', '=', company.id),
                ('type.revenue', '=', True),
                ('closed', '!=', True),
                ], limit=1)
        self.cash, = Account.search([
                ('company', '=', company.id),
                ('type.receivable', '=', False),
                ('type.payable', '=', False),
                ('type.revenue', '=', False),
                ('type.expense', '=', False),
                ('closed', '!=', True),
                ('type', '!=', None),
                ('party_required', '=', False),
                ], limit=1)

    def post_invoice(self, company, party, date, amount, state='post'):
        "Post (or leave in draft) an invoice of amount due on date"
        pool = Pool()
        Invoice = pool.get('account.invoice')
        Journal = pool.get('account.journal')
        journal, = Journal.search([('type', '=', 'revenue')], limit=1)
        invoice, = Invoice.create([{
                    'type': 'out', 'party': party.id,
                    'invoice_address': party.addresses[0].id,
                    'company': company.id, 'currency': company.currency.id,
                    'journal': journal.id, 'account': self.receivable.id,
                    'invoice_date': date,
                    # Without payment term, the date it falls due.
                    'payment_term_date': date,
                    'reference': f"REF-{amount}",
                    'lines': [('create', [{
                                    'company': company.id,
                                    'currency': company.currency.id,
                                    'account': self.revenue.id,
                                    'quantity': 1,
                                    'unit_price': amount,
                                    'description': "Kombucha",
                                    }])],
                    }])
        if state == 'post':
            # Due dates in the past are the point: accept Tryton's warning.
            with Transaction().set_context(_skip_warnings=True):
                Invoice.post([invoice])
        return invoice

    def receive_payment(self, company, party, date, amount):
        "Post a payment of party on its receivable account; return its line"
        pool = Pool()
        Move = pool.get('account.move')
        Journal = pool.get('account.journal')
        Period = pool.get('account.period')
        journal, = Journal.search([('type', '=', 'cash')], limit=1)
        move, = Move.create([{
                    'journal': journal.id, 'company': company.id,
                    'period': Period.find(company, date=date),
                    'date': date,
                    'description': "Bank transfer",
                    'lines': [('create', [{
                                    'account': self.receivable.id,
                                    'party': party.id,
                                    'credit': amount,
                                    'debit': Decimal(0),
                                    }, {
                                    'account': self.cash.id,
                                    'debit': amount,
                                    'credit': Decimal(0),
                                    }])],
                    }])
        Move.post([move])
        line, = [x for x in move.lines if x.account == self.receivable]
        return line

    def create_customers(self, company, today):
        """Create customer A with the invoices of A_INVOICES, a payment on
        account, a paid invoice and a draft one; customer B with one invoice.
        Return A, B, {days: A's invoice}, B's invoice."""
        pool = Pool()
        MoveLine = pool.get('account.move.line')
        self.create_books(company, today)
        party_a = create_party("A", account_receivable=self.receivable.id)
        party_b = create_party("B", account_receivable=self.receivable.id)
        # Posted in date order, as the invoice sequence requires.
        plan = [(days, party_a, amount)
            for days, (amount, _) in A_INVOICES.items()]
        plan += [(20, party_a, Decimal(70)), (40, party_b, Decimal(1000))]
        posted = {}
        for days, party, amount in sorted(plan, key=lambda p: -p[0]):
            posted[days] = self.post_invoice(
                company, party, today - dt.timedelta(days=days), amount)
        invoices = {days: posted[days] for days in A_INVOICES}
        paid, invoice_b = posted[20], posted[40]
        self.receive_payment(
            company, party_a, today - dt.timedelta(days=5), A_PAYMENT)
        payment = self.receive_payment(
            company, party_a, today - dt.timedelta(days=2), Decimal(70))
        MoveLine.reconcile([*paid.lines_to_pay, payment])
        self.post_invoice(
            company, party_a, today - dt.timedelta(days=1), Decimal(9),
            state='draft')
        return party_a, party_b, invoices, invoice_b


class StatementTestCase(CustomerBooks, unittest.TestCase):
    "Test the statement of account the portal shows and prints"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_module('portal')
        cls.committed = cls.commit_customers()

    def test_ageing_buckets_by_days_overdue(self):
        "Each number of days overdue falls in one bucket, bounds included"
        for days, bucket in [
                (-30, 'current'), (0, 'current'),
                (1, 'overdue_1_30'), (30, 'overdue_1_30'),
                (31, 'overdue_31_60'), (60, 'overdue_31_60'),
                (61, 'overdue_61_90'), (90, 'overdue_61_90'),
                (91, 'overdue_over_90'), (3650, 'overdue_over_90'),
                ]:
            with self.subTest(days=days):
                self.assertEqual(ageing_bucket(days), bucket)
        self.assertEqual(
            [key for key, _, _ in AGEING_BUCKETS],
            ['current', 'overdue_1_30', 'overdue_31_60', 'overdue_61_90',
                'overdue_over_90'])

    @with_transaction()
    def test_statement_ages_the_open_items(self):
        "Open items oldest first, with running balance and ageing"
        company, today, party_a, _, invoices, _ = self.customers()
        with set_company(company):

            result = statement(party_a, company, today)

        self.assertEqual(result['as_of'], today)
        self.assertEqual(result['currency'], company.currency.code)
        items = result['items']
        self.assertEqual(
            [(i['date'], i['debit'], i['credit']) for i in items],
            [(today - dt.timedelta(days=120), Decimal(500), Decimal(0)),
                (today - dt.timedelta(days=75), Decimal(400), Decimal(0)),
                (today - dt.timedelta(days=45), Decimal(300), Decimal(0)),
                (today - dt.timedelta(days=10), Decimal(200), Decimal(0)),
                (today - dt.timedelta(days=5), Decimal(0), A_PAYMENT),
                (today, Decimal(100), Decimal(0))])
        self.assertEqual(
            [i['balance'] for i in items],
            [Decimal(v) for v in [500, 900, 1200, 1400, 1370, 1470]])
        by_invoice = {i['invoice']: i for i in items}
        for days, (_, bucket) in A_INVOICES.items():
            invoice = invoices[days]
            with self.subTest(days=days):
                item = by_invoice[invoice.id]
                self.assertEqual(item['document'], invoice.number)
                self.assertEqual(item['reference'], invoice.reference)
                self.assertEqual(
                    item['maturity_date'], today - dt.timedelta(days=days))
                self.assertEqual(item['days_overdue'], days)
                self.assertEqual(item['bucket'], bucket)
        payment, = [i for i in items if i['invoice'] is None]
        self.assertEqual(payment['description'], "Bank transfer")
        self.assertEqual(payment['bucket'], 'overdue_1_30')
        self.assertEqual(result['ageing'], {
                'current': Decimal(100),
                'overdue_1_30': Decimal(200) - A_PAYMENT,
                'overdue_31_60': Decimal(300),
                'overdue_61_90': Decimal(400),
                'overdue_over_90': Decimal(500),
                })
        self.assertEqual(result['balance'], Decimal(1470))
        self.assertEqual(result['overdue'], Decimal(1370))

    @with_transaction()
    def test_statement_ages_as_of_a_later_day(self):
        "The same items move to older buckets as days go by"
        company, today, party_a, _, _, _ = self.customers()
        with set_company(company):

            result = statement(party_a, company, today + dt.timedelta(days=30))

        self.assertEqual(result['ageing'], {
                'current': Decimal(0),
                'overdue_1_30': Decimal(100),
                'overdue_31_60': Decimal(200) - A_PAYMENT,
                'overdue_61_90': Decimal(300),
                'overdue_over_90': Decimal(900),
                })

    @with_transaction()
    def test_portal_statement_is_the_customer_of_the_context(self):
        "The service user gets the statement of its customer, never another's"
        pool = Pool()
        MoveLine = pool.get('account.move.line')
        company, today, party_a, party_b, invoices, invoice_b = self.customers()
        with set_company(company):
            service = service_user(company)
            session_a = customer_session(party_a)
            session_b = customer_session(party_b)

            with as_portal(service, session_a, party_a):
                result_a = MoveLine.portal_statement()
            with as_portal(service, session_b, party_b):
                result_b = MoveLine.portal_statement()

        self.assertEqual(
            sorted(i['invoice'] for i in result_a['items'] if i['invoice']),
            sorted(i.id for i in invoices.values()))
        self.assertEqual(result_a['balance'], Decimal(1470))
        self.assertEqual(
            [i['invoice'] for i in result_b['items']], [invoice_b.id])
        self.assertEqual(result_b['balance'], Decimal(1000))

    @with_transaction()
    def test_portal_statement_without_a_valid_context_is_empty(self):
        "No session, another customer's session or a malformed party: no item"
        pool = Pool()
        MoveLine = pool.get('account.move.line')
        company, today, party_a, party_b, _, _ = self.customers()
        with set_company(company):
            service = service_user(company)
            session_b = customer_session(party_b)

            for session, party in [
                    (None, None),
                    (None, party_a),
                    (session_b, party_a),
                    (session_b, str(party_b.id)),
                    (session_b, [party_b.id]),
                    ('not a session', party_a),
                    ]:
                with self.subTest(session=session, party=party):
                    with as_portal(service, session, party):
                        result = MoveLine.portal_statement()
                    self.assertEqual(result['items'], [])
                    self.assertEqual(result['balance'], Decimal(0))

    @with_transaction()
    def test_service_user_still_cannot_read_move_lines(self):
        "The entry point is the only way: move lines stay closed to the service user"
        pool = Pool()
        MoveLine = pool.get('account.move.line')
        company, today, party_a, party_b, _, invoice_b = self.customers()
        with set_company(company):
            service = service_user(company)
            session_a = customer_session(party_a)
            line_b, = invoice_b.lines_to_pay

            with as_portal(service, session_a, party_a):
                with self.assertRaises(AccessError):
                    MoveLine.search([('party', '=', party_b.id)])
                with self.assertRaises(AccessError):
                    MoveLine.search([('party', '=', party_a.id)])
                with self.assertRaises(AccessError):
                    MoveLine.read([line_b.id], ['debit'])

    @with_transaction()
    def test_portal_statement_refuses_other_users(self):
        "Integrators, staff and the administrator cannot call the entry point"
        pool = Pool()
        MoveLine = pool.get('account.move.line')
        company = create_company()
        with set_company(company):
            integrator = create_user(
                'integrator', ['portal.group_portal_integrator'], company)
            accountant = create_user(
                'accountant', ['account.group_account'], company)
            for user in [integrator, accountant, administrator(company)]:
                with self.subTest(user=user.login):
                    with as_user(user):
                        with self.assertRaises(PortalServiceAccessError):
                            MoveLine.portal_statement()

    @with_transaction()
    def test_statement_shows_the_level_of_processed_dunnings(self):
        "A processed dunning gives its level; a draft one, not sent yet, none"
        pool = Pool()
        Procedure = pool.get('account.dunning.procedure')
        Dunning = pool.get('account.dunning')
        company, today, party_a, _, invoices, _ = self.customers()
        procedure, = Procedure.create([{
                    'name': "Reminders",
                    'levels': [('create', [
                                {'sequence': 1, 'overdue': dt.timedelta(days=30)},
                                {'sequence': 2, 'overdue': dt.timedelta(days=60)},
                                ])],
                    }])
        first, second = procedure.levels
        line_45, = invoices[45].lines_to_pay
        line_75, = invoices[75].lines_to_pay
        line_120, = invoices[120].lines_to_pay
        Dunning.create([
                {'company': company.id, 'line': line_45.id,
                    'procedure': procedure.id, 'level': first.id,
                    'state': 'waiting'},
                {'company': company.id, 'line': line_75.id,
                    'procedure': procedure.id, 'level': second.id,
                    'state': 'final'},
                {'company': company.id, 'line': line_120.id,
                    'procedure': procedure.id, 'level': second.id,
                    'state': 'draft'},
                ])
        with set_company(company):

            result = statement(party_a, company, today)

        levels = {i['invoice']: i['dunning_level'] for i in result['items']}
        self.assertEqual(levels[invoices[45].id], 1)
        self.assertEqual(levels[invoices[75].id], 2)
        self.assertIsNone(levels[invoices[120].id])
        self.assertIsNone(levels[invoices[10].id])

    def pdf_text(self, content):
        return '\n'.join(
            page.extract_text()
            for page in pypdf.PdfReader(io.BytesIO(content)).pages)

    @with_transaction()
    def test_statement_report_of_the_portal_customer(self):
        "The service user prints its customer's statement and nobody else's"
        pool = Pool()
        Report = pool.get('party.portal_statement', type='report')
        company, today, party_a, party_b, invoices, invoice_b = self.customers()
        with set_company(company):
            service = service_user(company)
            session_a = customer_session(party_a)

            with as_portal(service, session_a, party_a):
                extension, content, _, _ = Report.execute([party_a.id], {})
                # Parties it cannot read at all: refused by the read rules.
                for ids in [[party_b.id], [party_a.id, party_b.id]]:
                    with self.subTest(ids=ids):
                        with self.assertRaises(AccessError):
                            Report.execute(ids, {})
                # The supplier's party, which it reads, has no statement for it.
                for ids in [[company.party.id], [10 ** 30], [0]]:
                    with self.subTest(ids=ids):
                        with self.assertRaises(PortalNotFoundError):
                            Report.execute(ids, {})
                for ids in [[str(party_a.id)], [True], [None]]:
                    with self.subTest(ids=ids):
                        with self.assertRaises(PortalArgumentError):
                            Report.execute(ids, {})
            with as_portal(service, None, party_a):
                with self.assertRaises(AccessError):
                    Report.execute([party_a.id], {})

        self.assertEqual(extension, 'pdf')
        text = self.pdf_text(content)
        for invoice in invoices.values():
            self.assertIn(f"{invoice.number} ({invoice.reference})", text)
        self.assertNotIn(invoice_b.reference, text)
        self.assertIn("Statement of Account", text)
        for words in ["Not yet due", "1-30 days", "31-60 days", "61-90 days",
                "Over 90 days"]:
            self.assertIn(words, text)
        # The 1-30 bucket: 200 less the payment on account; the total.
        self.assertIn("170.00", text)
        self.assertIn("1,470.00", text)

    @with_transaction()
    def test_statement_read_and_printed_for_admins_and_accountants_only(self):
        "Billing roles read and print the statement; buyers and viewers are refused"
        pool = Pool()
        MoveLine = pool.get('account.move.line')
        Report = pool.get('party.portal_statement', type='report')
        company, _, party_a, _, invoices, _ = self.customers()
        with set_company(company):
            service = service_user(company)
            for role in ['admin', 'accountant', 'buyer', 'viewer']:
                session = customer_session(party_a, role=role)
                with self.subTest(role=role), \
                        as_portal(service, session, party_a):
                    if role in {'admin', 'accountant'}:
                        self.assertEqual(
                            MoveLine.portal_statement()['balance'],
                            Decimal(1470))
                        extension, _, _, _ = Report.execute([party_a.id], {})
                        self.assertEqual(extension, 'pdf')
                    else:
                        with self.assertRaises(PortalRoleError):
                            MoveLine.portal_statement()
                        with self.assertRaises(PortalRoleError):
                            Report.execute([party_a.id], {})

    @with_transaction()
    def test_accountant_prints_any_statement(self):
        "The back office prints the statement of any party"
        pool = Pool()
        Report = pool.get('party.portal_statement', type='report')
        company, today, _, party_b, _, invoice_b = self.customers()
        with set_company(company):
            accountant = create_user(
                'accountant', ['account.group_account'], company)
            with as_user(accountant):
                extension, content, _, _ = Report.execute([party_b.id], {})

        self.assertIn(
            f"{invoice_b.number} ({invoice_b.reference})", self.pdf_text(content))


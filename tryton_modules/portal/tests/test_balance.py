"""Where the customer stands on their posted invoices, in one call"""
import datetime as dt
import unittest
from decimal import Decimal

from trytond.modules.company.tests import create_company, set_company
from trytond.modules.portal.exceptions import (
    PortalRoleError,
    PortalServiceAccessError,
)
from trytond.modules.portal.tests import (
    administrator,
    as_portal,
    as_user,
    create_user,
    customer_session,
    service_user,
)
from trytond.modules.portal.tests.test_statement import (
    A_INVOICES,
    CustomerBooks,
)
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction


class BalanceTestCase(CustomerBooks, unittest.TestCase):
    "Test the customer's balance: what they owe, overdue and next due"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_module('portal')
        cls.committed = cls.commit_customers()

    @with_transaction()
    def test_balance_sums_the_customer_s_invoices_as_tryton_does(self):
        "Amounts due and overdue are Tryton's amounts to pay, A's only"
        pool = Pool()
        Invoice = pool.get('account.invoice')
        company, today, party_a, _, invoices, invoice_b = self.customers()
        with set_company(company):
            self.find_accounts(company)
            upcoming = self.post_invoice(
                company, party_a, today + dt.timedelta(days=20), Decimal(60))
            half_paid = self.post_invoice(
                company, party_a, today + dt.timedelta(days=30), Decimal(40))
            payment = self.receive_payment(company, party_a, today, Decimal(15))
            Invoice.write(
                [half_paid], {'payment_lines': [('add', [payment.id])]})
            posted = Invoice.search([
                    ('party', '=', party_a.id),
                    ('type', '=', 'out'),
                    ('state', '=', 'posted'),
                    ])
            service = service_user(company)
            with as_portal(service, customer_session(party_a), party_a):
                balance = Invoice.portal_balance()

        amount, = balance['amounts']
        self.assertEqual(amount['currency'], company.currency.code)
        self.assertEqual(
            amount['amount_due'], sum(i.amount_to_pay for i in posted))
        self.assertEqual(
            amount['amount_due'],
            sum(a for a, _ in A_INVOICES.values()) + 60 + 40 - 15)
        self.assertEqual(
            amount['amount_overdue'],
            sum(i.amount_to_pay_today for i in posted))
        self.assertEqual(balance['overdue_ids'], sorted(
                i.id for i in posted if i.amount_to_pay_today > 0))
        self.assertEqual(balance['overdue_count'], len(balance['overdue_ids']))
        self.assertNotIn(upcoming.id, balance['overdue_ids'])
        self.assertNotIn(invoice_b.id, balance['overdue_ids'])
        self.assertEqual(balance['due_count'], len(invoices) + 2)
        self.assertEqual(
            balance['next_due_date'], today + dt.timedelta(days=20))

    @with_transaction()
    def test_balance_is_for_the_roles_that_read_billing(self):
        "Buyers and viewers are refused; admins and accountants answered"
        Invoice = Pool().get('account.invoice')
        company, _, party_a, _, invoices, _ = self.customers()
        with set_company(company):
            service = service_user(company)
            for role in ['buyer', 'viewer']:
                session = customer_session(party_a, role=role)
                with self.subTest(role=role), as_portal(
                        service, session, party_a):
                    with self.assertRaises(PortalRoleError):
                        Invoice.portal_balance()
            for role in ['admin', 'accountant']:
                session = customer_session(party_a, role=role)
                with self.subTest(role=role), as_portal(
                        service, session, party_a):
                    self.assertEqual(
                        Invoice.portal_balance()['due_count'], len(invoices))

    @with_transaction()
    def test_balance_without_a_valid_context_is_empty(self):
        "No session, or another customer's session for A: nothing owed"
        Invoice = Pool().get('account.invoice')
        company, _, party_a, party_b, _, _ = self.customers()
        with set_company(company):
            service = service_user(company)
            session_b = customer_session(party_b)
            for session, party in [
                    (None, None), (None, party_a), (session_b, party_a)]:
                with self.subTest(session=session, party=party):
                    with as_portal(service, session, party):
                        balance = Invoice.portal_balance()
                    self.assertEqual(
                        (balance['amounts'], balance['due_count'],
                            balance['overdue_ids'], balance['next_due_date']),
                        ([], 0, [], None))

    @with_transaction()
    def test_balance_refuses_other_users(self):
        "Integrators, staff and the administrator cannot call the entry point"
        Invoice = Pool().get('account.invoice')
        company = create_company()
        with set_company(company):
            integrator = create_user(
                'integrator', ['portal.group_portal_integrator'], company)
            accountant = create_user(
                'accountant', ['account.group_account'], company)
            for user in [integrator, accountant, administrator(company)]:
                with self.subTest(user=user.login), as_user(user):
                    with self.assertRaises(PortalServiceAccessError):
                        Invoice.portal_balance()

# This file is part of the portal module. The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import datetime as dt
import unittest
from decimal import Decimal

from trytond.modules.company.tests import set_company
from trytond.modules.portal.dashboard import spend_months
from trytond.modules.portal.exceptions import PortalServiceAccessError
from trytond.modules.portal.tests import (
    as_portal,
    as_user,
    create_user,
    customer_session,
    service_user,
    test_sale,
)
from trytond.modules.portal.tests.test_statement import CustomerBooks
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction


class DashboardTestCase(CustomerBooks, unittest.TestCase):
    "Test the customer's home page figures, in one call"

    # Imported as a module: a TestCase class named here would run its tests too.
    quote_sale = test_sale.SaleTestCase.quote_sale

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_module('portal')
        cls.committed = cls.commit_customers()

    def test_spend_months_are_the_twelve_up_to_today_s(self):
        "Twelve first days of month, oldest first, across the year's turn"
        months = spend_months(dt.date(2026, 3, 17))
        self.assertEqual(len(months), 12)
        self.assertEqual(months[0], dt.date(2025, 4, 1))
        self.assertEqual(months[-3:], [
                dt.date(2026, 1, 1), dt.date(2026, 2, 1), dt.date(2026, 3, 1)])

    def sell(self, company, party, sale_date, state):
        "A sale of 10 to party on sale_date, taken to state"
        Sale = Pool().get('sale.sale')
        values = {'sale_date': sale_date}
        if state == 'expired':
            values.update(
                quotation_date=sale_date,
                quotation_validity=dt.timedelta(days=1))
        sale = self.quote_sale(company, party, **values)
        if state == 'confirmed':
            Sale.confirm([sale])
        return sale

    @with_transaction()
    def test_dashboard_is_the_customer_of_the_context(self):
        "Counters, spend and invoices of the customer, never another's"
        Party = Pool().get('party.party')
        company, today, party_a, party_b, invoices, _ = self.customers()
        with set_company(company):
            last_month = (today.replace(day=1) - dt.timedelta(days=1))
            self.sell(company, party_a, today, 'quotation')
            self.sell(company, party_a, today - dt.timedelta(days=40), 'expired')
            self.sell(company, party_a, today, 'confirmed')
            self.sell(company, party_a, last_month, 'confirmed')
            self.sell(company, party_b, today, 'confirmed')
            self.sell(company, party_b, today, 'quotation')
            service = service_user(company)
            session_a = customer_session(party_a)

            with as_portal(service, session_a, party_a):
                dashboard = Party.portal_dashboard()

        self.assertEqual(dashboard['quotations_waiting'], 1)
        self.assertEqual(dashboard['orders_in_progress'], 2)
        self.assertEqual(dashboard['currency'], company.currency.code)
        spend = {m['month']: m['amount'] for m in dashboard['monthly_spend']}
        self.assertEqual(len(spend), 12)
        self.assertEqual(spend[today.replace(day=1)], Decimal(10))
        self.assertEqual(spend[last_month.replace(day=1)], Decimal(10))
        self.assertEqual(sum(spend.values()), Decimal(20))
        # A's five posted invoices (the paid and the draft ones are not due).
        self.assertEqual(dashboard['invoices_due'], len(invoices))
        recent = dashboard['recent_invoices']
        self.assertEqual(len(recent), 5)
        Invoice = Pool().get('account.invoice')
        self.assertEqual(
            {(Invoice(i['id']).party, Invoice(i['id']).state) for i in recent},
            {(party_a, 'posted')})
        self.assertEqual(recent[0]['invoice_date'], max(
                r['invoice_date'] for r in recent))

    @with_transaction()
    def test_a_credit_note_is_no_invoice_to_pay(self):
        "A posted credit note is among the last invoices, not among those due"
        Party = Pool().get('party.party')
        company, today, party_a, _, invoices, _ = self.customers()
        with set_company(company):
            self.find_accounts(company)
            credit_note = self.post_invoice(company, party_a, today, -7)
            service = service_user(company)
            with as_portal(service, customer_session(party_a), party_a):
                dashboard = Party.portal_dashboard()
        self.assertLess(credit_note.amount_to_pay, 0)
        self.assertEqual(dashboard['invoices_due'], len(invoices))
        self.assertIn(
            credit_note.id, [i['id'] for i in dashboard['recent_invoices']])

    @with_transaction()
    def test_payment_lines_count_as_tryton_s_amount_to_pay(self):
        "An invoice settled by its payment lines is not due, one half-paid is"
        pool = Pool()
        Party = pool.get('party.party')
        Invoice = pool.get('account.invoice')
        company, today, party_a, _, invoices, _ = self.customers()
        with set_company(company):
            self.find_accounts(company)
            settled = self.post_invoice(company, party_a, today, Decimal(50))
            half_paid = self.post_invoice(company, party_a, today, Decimal(40))
            for invoice, amount in [(settled, 50), (half_paid, 20)]:
                payment = self.receive_payment(
                    company, party_a, today, Decimal(amount))
                Invoice.write(
                    [invoice], {'payment_lines': [('add', [payment.id])]})
            service = service_user(company)
            with as_portal(service, customer_session(party_a), party_a):
                dashboard = Party.portal_dashboard()
        settled, half_paid = Invoice.browse([settled, half_paid])
        self.assertEqual(
            (settled.state, settled.amount_to_pay), ('posted', Decimal(0)))
        self.assertEqual(half_paid.amount_to_pay, Decimal(20))
        self.assertEqual(dashboard['invoices_due'], len(invoices) + 1)

    @with_transaction()
    def test_buyers_and_viewers_see_no_invoice_on_the_dashboard(self):
        "The roles that read no billing get the counters without invoices"
        Party = Pool().get('party.party')
        company, today, party_a, _, _, _ = self.customers()
        with set_company(company):
            self.sell(company, party_a, today, 'quotation')
            service = service_user(company)
            for role in ['buyer', 'viewer']:
                session = customer_session(party_a, role=role)
                with self.subTest(role=role), as_portal(service, session, party_a):
                    dashboard = Party.portal_dashboard()
                self.assertEqual(dashboard['quotations_waiting'], 1)
                self.assertEqual(
                    (dashboard['invoices_due'], dashboard['recent_invoices']),
                    (0, []))

    @with_transaction()
    def test_dashboard_without_a_session_is_empty(self):
        "The service user without a customer session counts nothing"
        Party = Pool().get('party.party')
        company, today, party_a, _, _, _ = self.customers()
        with set_company(company):
            self.sell(company, party_a, today, 'confirmed')
            service = service_user(company)
            with as_portal(service, None, party_a):
                dashboard = Party.portal_dashboard()
        self.assertEqual(
            (dashboard['orders_in_progress'], dashboard['invoices_due']), (0, 0))
        self.assertEqual(
            sum(m['amount'] for m in dashboard['monthly_spend']), Decimal(0))

    @with_transaction()
    def test_dashboard_is_for_the_portal_only(self):
        "Other users cannot call the portal's entry point"
        Party = Pool().get('party.party')
        company, _, _, _, _, _ = self.customers()
        with set_company(company):
            clerk = create_user('clerk', ['sale.group_sale'], company)
            with as_user(clerk), self.assertRaises(PortalServiceAccessError):
                Party.portal_dashboard()

import datetime as dt
import unittest
from decimal import Decimal

from trytond.modules.company.tests import create_company, set_company
from trytond.modules.portal.exceptions import (
    PortalArgumentError,
    PortalNotFoundError,
    PortalQuotationError,
    PortalServiceAccessError,
)
from trytond.modules.portal.tests import (
    as_portal,
    as_user,
    create_party,
    create_user,
    customer_session,
    service_user,
)
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction
from trytond.transaction import Transaction


class SaleTestCase(unittest.TestCase):
    "Test the sales as the portal reads them"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_module('portal')

    def quote_sale(self, company, party=None, **values):
        "Create and quote a sale of 2 at 5, without taxes"
        pool = Pool()
        Sale = pool.get('sale.sale')
        party = party or create_party("Customer")
        sale, = Sale.create([{
                    'party': party.id,
                    'invoice_address': party.addresses[0].id,
                    'company': company.id,
                    'currency': company.currency.id,
                    'lines': [('create', [{
                                    'description': "Kombucha",
                                    'quantity': 2,
                                    'unit_price': Decimal(5),
                                    }])],
                    **values,
                    }])
        Sale.quote([sale])
        return sale

    def change_price_behind_tryton(self, sale, unit_price):
        "Change the line's price in the table, as no Tryton user could"
        pool = Pool()
        SaleLine = pool.get('sale.line')
        line = SaleLine.__table__()
        transaction = Transaction()
        cursor = transaction.connection.cursor()
        cursor.execute(*line.update(
                [line.unit_price], [unit_price], where=line.sale == sale.id))
        # Forget the records read so far, as a commit does.
        for cache in transaction.cache.values():
            cache.clear()

    @with_transaction()
    def test_quotation_amounts_are_read_not_recomputed(self):
        "A quotation's amounts are the ones stored when it was quoted"
        pool = Pool()
        Sale = pool.get('sale.sale')
        company = create_company()
        with set_company(company):
            sale = self.quote_sale(company)

            self.change_price_behind_tryton(sale, Decimal(50))

            sale = Sale(sale.id)
            self.assertEqual(sale.state, 'quotation')
            self.assertEqual(
                (sale.untaxed_amount, sale.tax_amount, sale.total_amount),
                (Decimal(10), Decimal(0), Decimal(10)))

    @with_transaction()
    def test_draft_amounts_are_computed_from_the_lines(self):
        "A sale back to draft computes its amounts from its lines again"
        pool = Pool()
        Sale = pool.get('sale.sale')
        company = create_company()
        with set_company(company):
            sale = self.quote_sale(company)
            Sale.draft([sale])

            self.change_price_behind_tryton(sale, Decimal(50))

            sale = Sale(sale.id)
            self.assertEqual(sale.total_amount, Decimal(100))


class PortalQuotationTestCase(unittest.TestCase):
    "Test the customer's answer to a quotation through the portal"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_module('portal')

    quote_sale = SaleTestCase.quote_sale

    def setup_customers(self):
        "Party A with a live session and a quotation, party B with one"
        self.company = create_company()
        self.party_a = create_party("A")
        self.party_b = create_party("B")
        self.service = service_user(self.company)
        self.session = customer_session(self.party_a)

    def as_customer_a(self):
        return as_portal(self.service, self.session, self.party_a)

    def reload(self, sale):
        pool = Pool()
        Sale = pool.get('sale.sale')
        return Sale(sale.id)

    @with_transaction()
    def test_customer_accepts_a_quotation(self):
        "Accepting confirms the sale, as the back office's confirm does"
        pool = Pool()
        Sale = pool.get('sale.sale')
        self.setup_customers()
        with set_company(self.company):
            sale = self.quote_sale(self.company, self.party_a)

            with self.as_customer_a():
                state = Sale.portal_accept(sale.id)

            sale = self.reload(sale)
            self.assertEqual((state, sale.state), ('confirmed', 'confirmed'))
            self.assertEqual(sale.sale_date, dt.date.today())
            self.assertEqual(sale.total_amount_cache, Decimal(10))

    @with_transaction()
    def test_each_portal_call_is_logged_with_the_portal_request_id(self):
        "The log line of a portal call carries the portal's request id"
        pool = Pool()
        Sale = pool.get('sale.sale')
        self.setup_customers()
        with set_company(self.company):
            sale = self.quote_sale(self.company, self.party_a)

            with self.as_customer_a(), \
                    Transaction().set_context(portal_request_id='req-42'), \
                    self.assertLogs('trytond.modules.portal.model', 'INFO') as logs:
                Sale.portal_accept(sale.id)

            self.assertEqual(logs.output, [
                    'INFO:trytond.modules.portal.model:portal call '
                    f'sale.sale.portal_accept party={self.party_a.id} '
                    'request=req-42'])

    @with_transaction()
    def test_customer_declines_a_quotation_with_a_reason(self):
        "Declining cancels the sale and keeps the reason for the back office"
        pool = Pool()
        Sale = pool.get('sale.sale')
        self.setup_customers()
        with set_company(self.company):
            sale = self.quote_sale(self.company, self.party_a)

            with self.as_customer_a():
                state = Sale.portal_decline(sale.id, "  Too expensive.\n")

            sale = self.reload(sale)
            self.assertEqual((state, sale.state), ('cancelled', 'cancelled'))
            self.assertEqual(sale.portal_decline_reason, "Too expensive.")

    @with_transaction()
    def test_another_customers_quotation_is_refused_like_a_missing_one(self):
        "Party B's quotation is refused with the message of a missing sale"
        pool = Pool()
        Sale = pool.get('sale.sale')
        self.setup_customers()
        with set_company(self.company):
            sale = self.quote_sale(self.company, self.party_b)

            for call in [
                    lambda: Sale.portal_accept(sale.id),
                    lambda: Sale.portal_decline(sale.id, "No"),
                    lambda: Sale.portal_accept(10 ** 6),
                    lambda: Sale.portal_accept(2 ** 70),
                    ]:
                with self.subTest(), self.as_customer_a(), \
                        self.assertRaises(PortalNotFoundError) as cm:
                    call()
                self.assertNotIn(sale.number, cm.exception.message)
                self.assertNotIn(self.party_b.name, cm.exception.message)
            self.assertEqual(self.reload(sale).state, 'quotation')

    @with_transaction()
    def test_an_answered_quotation_is_refused(self):
        "A quotation accepted elsewhere can be neither accepted nor declined"
        pool = Pool()
        Sale = pool.get('sale.sale')
        self.setup_customers()
        with set_company(self.company):
            sale = self.quote_sale(self.company, self.party_a)
            with self.as_customer_a():
                Sale.portal_accept(sale.id)

            for call in [
                    lambda: Sale.portal_accept(sale.id),
                    lambda: Sale.portal_decline(sale.id, "Changed my mind"),
                    ]:
                with self.subTest(), self.as_customer_a(), \
                        self.assertRaises(PortalQuotationError) as cm:
                    call()
                self.assertIn(sale.number, cm.exception.message)
            sale = self.reload(sale)
            self.assertEqual(sale.state, 'confirmed')
            self.assertIsNone(sale.portal_decline_reason)

    @with_transaction()
    def test_an_expired_quotation_is_refused(self):
        "A quotation past its validity date can no longer be answered"
        pool = Pool()
        Sale = pool.get('sale.sale')
        self.setup_customers()
        today = dt.date.today()
        with set_company(self.company):
            expired = self.quote_sale(
                self.company, self.party_a,
                quotation_date=today - dt.timedelta(days=31),
                quotation_validity=dt.timedelta(days=30))
            last_day = self.quote_sale(
                self.company, self.party_a,
                quotation_date=today - dt.timedelta(days=30),
                quotation_validity=dt.timedelta(days=30))

            with self.as_customer_a():
                with self.assertRaises(PortalQuotationError):
                    Sale.portal_accept(expired.id)
                with self.assertRaises(PortalQuotationError):
                    Sale.portal_decline(expired.id, "Too late")
                Sale.portal_accept(last_day.id)

            self.assertEqual(self.reload(expired).state, 'quotation')
            self.assertEqual(self.reload(last_day).state, 'confirmed')

    @with_transaction()
    def test_decline_needs_a_reason_in_text(self):
        "An empty, missing, non-text or too long reason is refused"
        pool = Pool()
        Sale = pool.get('sale.sale')
        self.setup_customers()
        with set_company(self.company):
            sale = self.quote_sale(self.company, self.party_a)

            for reason in ["", "   ", None, 42, ["No"], "x" * 2001]:
                with self.subTest(reason=reason), self.as_customer_a(), \
                        self.assertRaises(PortalArgumentError):
                    Sale.portal_decline(sale.id, reason)
            self.assertEqual(self.reload(sale).state, 'quotation')

    @with_transaction()
    def test_only_the_portal_service_answers_quotations(self):
        "A sales clerk or the customer's session without the service is refused"
        pool = Pool()
        Sale = pool.get('sale.sale')
        self.setup_customers()
        clerk = create_user('clerk', ['sale.group_sale'], self.company)
        with set_company(self.company):
            sale = self.quote_sale(self.company, self.party_a)

            for method, args in [
                    ('portal_accept', [sale.id]),
                    ('portal_decline', [sale.id, "No"]),
                    ('portal_state_counts', [[]]),
                    ]:
                with self.subTest(method=method), as_user(clerk), \
                        self.assertRaises(PortalServiceAccessError):
                    getattr(Sale, method)(*args)
            self.assertEqual(self.reload(sale).state, 'quotation')

    @with_transaction()
    def test_state_counts_are_the_customers(self):
        "The counts per state hold the sales of the customer only"
        pool = Pool()
        Sale = pool.get('sale.sale')
        self.setup_customers()
        with set_company(self.company):
            accepted = self.quote_sale(self.company, self.party_a)
            self.quote_sale(self.company, self.party_a)
            self.quote_sale(self.company, self.party_b)
            with self.as_customer_a():
                Sale.portal_accept(accepted.id)

                counts = Sale.portal_state_counts([])
                filtered = Sale.portal_state_counts(
                    [('state', '=', 'confirmed')])
                with self.assertRaises(PortalArgumentError):
                    Sale.portal_state_counts("[]")

            self.assertEqual(counts, {'quotation': 1, 'confirmed': 1})
            self.assertEqual(filtered, {'confirmed': 1})
            with as_portal(self.service, 'not-a-session', self.party_a):
                self.assertEqual(Sale.portal_state_counts([]), {})


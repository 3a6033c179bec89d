import unittest
from decimal import Decimal

from trytond.modules.company.tests import create_company, set_company
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction
from trytond.transaction import Transaction


class SaleTestCase(unittest.TestCase):
    "Test the sales as the portal reads them"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_module('portal')

    def quote_sale(self, company):
        "Create and quote a sale of 2 at 5, without taxes"
        pool = Pool()
        Party = pool.get('party.party')
        Sale = pool.get('sale.sale')
        party, = Party.create([{
                    'name': "Customer",
                    'addresses': [('create', [{}])],
                    }])
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

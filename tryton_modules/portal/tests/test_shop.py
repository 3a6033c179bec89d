import datetime as dt
import unittest
from decimal import Decimal

from trytond.modules.company.tests import create_company, set_company
from trytond.modules.portal.exceptions import (
    PortalCheckoutError,
    PortalRoleError,
)
from trytond.modules.portal.tests import (
    as_portal,
    create_party,
    customer_session,
    service_user,
)
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction

KEY = 'c0ffee00c0ffee00c0ffee00c0ffee00'


class PortalShopTestCase(unittest.TestCase):
    "Test ordering from the portal: the customer's prices and checkout"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_module('portal')

    def setup_shop(self):
        "A company, a salable kombucha at 2.40, party A with a 10 % off price list"
        pool = Pool()
        Template = pool.get('product.template')
        Uom = pool.get('product.uom')
        PriceList = pool.get('product.price_list')
        Party = pool.get('party.party')
        Category = pool.get('product.category')
        self.company = create_company()
        self.party_a = create_party("A")
        self.party_b = create_party("B")
        self.service = service_user(self.company)
        unit, = Uom.search([('name', '=', "Unit")])
        with set_company(self.company):
            category, = Category.create([{'name': "Drinks", 'accounting': True}])
            template, = Template.create([{
                        'account_category': category.id,
                        'name': "Kombucha", 'type': 'goods',
                        'default_uom': unit.id, 'sale_uom': unit.id,
                        'salable': True, 'list_price': Decimal('2.40'),
                        'products': [('create', [{'suffix_code': 'KB-1'}])],
                        }])
            self.template = template
            self.product, = template.products
            price_list, = PriceList.create([{
                        'name': "Bars", 'price': 'list_price',
                        'lines': [('create', [{'formula': 'list_price * 0.9'}])],
                        }])
            # Read in the company's context: the price list is the party's for it.
            Party.write([Party(self.party_a.id)], {'sale_price_list': price_list.id})

    def as_customer(self, party, role='admin'):
        return as_portal(self.service, customer_session(party, role=role), party)

    def checkout(self, **values):
        pool = Pool()
        Sale = pool.get('sale.sale')
        arguments = {
            'lines': [{'product': self.product.id, 'quantity': 12}],
            'address': self.party_a.addresses[0].id,
            'date': dt.date.today(),
            'idempotency_key': KEY,
            }
        arguments.update(values)
        return Sale.portal_checkout(
            arguments['lines'], arguments['address'], arguments['date'],
            arguments['idempotency_key'])

    @with_transaction()
    def test_catalog_prices_through_the_customers_price_list(self):
        "Each customer sees the price a sale line of theirs would get"
        pool = Pool()
        Product = pool.get('product.product')
        self.setup_shop()
        with set_company(self.company):
            with self.as_customer(self.party_a):
                page = Product.portal_catalog('', None, 0, 10)
            with self.as_customer(self.party_b):
                item, = Product.portal_catalog_items([], ['kb-1'])

        self.assertEqual(page['total'], 1)
        self.assertEqual(page['products'][0]['unit_price'], Decimal('2.1600'))
        self.assertEqual(item['unit_price'], Decimal('2.4000'))

    @with_transaction()
    def test_checkout_creates_one_quotation_per_key(self):
        "The same key twice returns the first sale, and copies do not keep it"
        pool = Pool()
        Sale = pool.get('sale.sale')
        self.setup_shop()
        with set_company(self.company):
            with self.as_customer(self.party_a):
                first = self.checkout()
                second = self.checkout(lines=[])

            sale = Sale(first)
            self.assertEqual(first, second)
            self.assertEqual(
                Sale.search([('portal_idempotency_key', '=', KEY)]), [sale])
            self.assertEqual((sale.state, sale.party), ('quotation', self.party_a))
            line, = sale.lines
            self.assertEqual(
                (line.quantity, line.unit_price), (12, Decimal('2.1600')))
            copy, = Sale.copy([sale])
            self.assertIsNone(copy.portal_idempotency_key)

    @with_transaction()
    def test_checkout_refusals_name_nothing(self):
        "Another's address, a withdrawn product, a viewer: refused, nothing made"
        pool = Pool()
        Sale = pool.get('sale.sale')
        Template = pool.get('product.template')
        self.setup_shop()
        with set_company(self.company):
            with self.as_customer(self.party_a), \
                    self.assertRaises(PortalCheckoutError) as address:
                self.checkout(address=self.party_b.addresses[0].id)
            with self.as_customer(self.party_a, role='viewer'), \
                    self.assertRaises(PortalRoleError):
                self.checkout()
            Template.write([self.template], {'salable': False})
            with self.as_customer(self.party_a), \
                    self.assertRaises(PortalCheckoutError) as product:
                self.checkout()

            self.assertNotIn("B", address.exception.message)
            self.assertIn("Line 1", product.exception.message)
            self.assertNotIn("Kombucha", product.exception.message)
            # Other classes may have committed sales of their own parties.
            self.assertEqual(Sale.search([
                        ('party', 'in', [self.party_a.id, self.party_b.id]),
                        ]), [])


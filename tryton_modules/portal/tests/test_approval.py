import datetime as dt
import unittest
from decimal import Decimal

from trytond.modules.company.tests import set_company
from trytond.modules.portal.exceptions import (
    PortalApprovalError,
    PortalArgumentError,
    PortalNotFoundError,
    PortalRoleError,
)
from trytond.modules.portal.model import ACTING_ROLES, MEMBER_ROLES
from trytond.modules.portal.tests import (
    as_portal,
    as_user,
    create_user,
    customer_session,
    test_shop,
)
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction

# 12 kombuchas at A's 2.16 make 25.92; 5 make 10.80.
THRESHOLD = Decimal('20.00')


class PortalApprovalTestCase(unittest.TestCase):
    "A buyer's order above the customer's threshold waits for an administrator"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_module('portal')

    setup_shop = test_shop.PortalShopTestCase.setup_shop

    def as_customer(self, party, role='admin'):
        return as_portal(self.service, customer_session(party, role=role), party)

    def setup_threshold(self, threshold=THRESHOLD):
        pool = Pool()
        Party = pool.get('party.party')
        self.setup_shop()
        Party.write([self.party_a], {'portal_approval_threshold': threshold})

    def checkout(self, quantity=12, key='a' * 32, confirm=False):
        pool = Pool()
        Sale = pool.get('sale.sale')
        sale_id = Sale.portal_checkout(
            [{'product': self.product.id, 'quantity': quantity}],
            self.party_a.addresses[0].id, dt.date.today(), key, confirm)
        return Sale(sale_id)

    @with_transaction()
    def test_buyer_order_above_threshold_waits(self):
        "Kept a quotation awaiting approval, the same key finds it again"
        self.setup_threshold()
        with set_company(self.company):
            with self.as_customer(self.party_a, role='buyer'):
                sale = self.checkout(confirm=True)
                again = self.checkout(confirm=True)

            self.assertEqual(again, sale)
            self.assertEqual(sale.total_amount, Decimal('25.92'))
            self.assertEqual(
                (sale.state, sale.portal_approval, sale.portal_approval_confirm),
                ('quotation', 'awaiting', True))
            self.assertTrue(sale.number)

    @with_transaction()
    def test_no_approval_below_threshold_without_one_or_for_an_admin(self):
        "A small order, a customer without threshold, an admin's own order"
        pool = Pool()
        Party = pool.get('party.party')
        self.setup_threshold()
        with set_company(self.company):
            with self.as_customer(self.party_a, role='buyer'):
                small = self.checkout(quantity=5, key='s' * 32, confirm=True)
            with self.as_customer(self.party_a, role='admin'):
                own = self.checkout(key='o' * 32, confirm=True)
            Party.write([self.party_a], {'portal_approval_threshold': None})
            with self.as_customer(self.party_a, role='buyer'):
                free = self.checkout(key='f' * 32, confirm=True)

            for sale in [small, own, free]:
                self.assertEqual(
                    (sale.state, sale.portal_approval), ('confirmed', None))

    @with_transaction()
    def test_back_office_cannot_confirm_a_waiting_sale(self):
        "Neither confirm, nor quote again, nor the customer accepting it"
        pool = Pool()
        Sale = pool.get('sale.sale')
        self.setup_threshold()
        clerk = create_user(
            'clerk', groups=['sale.group_sale'], company=self.company)
        with set_company(self.company):
            with self.as_customer(self.party_a, role='buyer'):
                sale = self.checkout()
            with self.as_customer(self.party_a, role='admin'), \
                    self.assertRaises(PortalApprovalError):
                Sale.portal_accept(sale.id)
            with as_user(clerk):
                with self.assertRaises(PortalApprovalError) as confirm:
                    Sale.confirm([Sale(sale.id)])
                Sale.draft([Sale(sale.id)])
                with self.assertRaises(PortalApprovalError):
                    Sale.quote([Sale(sale.id)])

            self.assertIn(sale.number, confirm.exception.message)
            self.assertEqual(
                (Sale(sale.id).state, Sale(sale.id).portal_approval),
                ('draft', 'awaiting'))

    @with_transaction()
    def test_admin_approves_and_the_order_moves_on(self):
        "Confirmed as the checkout asked, once, by whom it is kept"
        pool = Pool()
        Sale = pool.get('sale.sale')
        WebUser = pool.get('web.user')
        self.setup_threshold()
        with set_company(self.company):
            with self.as_customer(self.party_a, role='buyer'):
                wanted = self.checkout(confirm=True)
                quoted = self.checkout(key='q' * 32)
            admin = customer_session(self.party_a, role='admin')
            with as_portal(self.service, admin, self.party_a):
                self.assertEqual(Sale.portal_approve(wanted.id), 'confirmed')
                self.assertEqual(Sale.portal_approve(quoted.id), 'quotation')
                with self.assertRaises(PortalApprovalError):
                    Sale.portal_approve(wanted.id)

            wanted, quoted = Sale(wanted.id), Sale(quoted.id)
            self.assertEqual(wanted.portal_approval, 'approved')
            self.assertEqual(
                wanted.portal_approval_by, WebUser.get_user(admin))
            self.assertEqual(
                (quoted.state, quoted.portal_approval),
                ('quotation', 'approved'))

    @with_transaction()
    def test_admin_rejects_with_a_reason(self):
        "Cancelled, the reason kept; no reason is refused"
        pool = Pool()
        Sale = pool.get('sale.sale')
        self.setup_threshold()
        with set_company(self.company):
            with self.as_customer(self.party_a, role='buyer'):
                sale = self.checkout()
            with self.as_customer(self.party_a, role='admin'):
                with self.assertRaises(PortalArgumentError):
                    Sale.portal_reject(sale.id, "  ")
                self.assertEqual(
                    Sale.portal_reject(sale.id, " Too many bottles "),
                    'cancelled')

            sale = Sale(sale.id)
            self.assertEqual(
                (sale.portal_approval, sale.portal_approval_reason),
                ('rejected', "Too many bottles"))

    @with_transaction()
    def test_only_the_customers_admins_answer(self):
        "Buyer, accountant, viewer refused; another customer's admin: not found"
        pool = Pool()
        Sale = pool.get('sale.sale')
        self.setup_threshold()
        with set_company(self.company):
            with self.as_customer(self.party_a, role='buyer'):
                sale = self.checkout()
            for role in ['buyer', 'accountant', 'viewer']:
                with self.subTest(role=role), \
                        self.as_customer(self.party_a, role=role):
                    with self.assertRaises(PortalRoleError):
                        Sale.portal_approve(sale.id)
                    with self.assertRaises(PortalRoleError):
                        Sale.portal_reject(sale.id, "No")
            with self.as_customer(self.party_b, role='admin'):
                with self.assertRaises(PortalNotFoundError) as approve:
                    Sale.portal_approve(sale.id)
                with self.assertRaises(PortalNotFoundError):
                    Sale.portal_reject(sale.id, "No")

            self.assertNotIn(sale.number, approve.exception.message)
            self.assertEqual(Sale(sale.id).portal_approval, 'awaiting')

    @with_transaction()
    def test_threshold_set_by_admins_only(self):
        "Admins set it (or clear it), validated; buyers read it"
        pool = Pool()
        Party = pool.get('party.party')
        self.setup_shop()
        with set_company(self.company):
            with self.as_customer(self.party_a, role='buyer'), \
                    self.assertRaises(PortalRoleError):
                Party.portal_approval_set(Decimal(5))
            with self.as_customer(self.party_a, role='viewer'), \
                    self.assertRaises(PortalRoleError):
                Party.portal_approval_get()
            with self.as_customer(self.party_a, role='admin'):
                for wrong in [Decimal('1.234'), Decimal(-1), "5",
                        Decimal('NaN'), Decimal(10) ** 10, True]:
                    with self.subTest(threshold=wrong), \
                            self.assertRaises(PortalArgumentError):
                        Party.portal_approval_set(wrong)
                Party.portal_approval_set(Decimal('150.50'))
            with self.as_customer(self.party_a, role='buyer'):
                settings = Party.portal_approval_get()
            with self.as_customer(self.party_b, role='admin'):
                Party.portal_approval_set(None)

            self.assertEqual(settings, {
                    'threshold': Decimal('150.50'),
                    'currency': self.company.currency.code})
            self.assertEqual(
                Party(self.party_a.id).portal_approval_threshold,
                Decimal('150.50'))
            self.assertIsNone(Party(self.party_b.id).portal_approval_threshold)

    @with_transaction()
    def test_entry_points_declare_their_roles(self):
        pool = Pool()
        Party = pool.get('party.party')
        Sale = pool.get('sale.sale')
        self.assertEqual(Party.portal_approval_get.portal_roles, ACTING_ROLES)
        for method in [Party.portal_approval_set, Sale.portal_approve,
                Sale.portal_reject]:
            with self.subTest(method=method.__name__):
                self.assertEqual(method.portal_roles, MEMBER_ROLES)

    @with_transaction()
    def test_copy_forgets_the_approval(self):
        pool = Pool()
        Sale = pool.get('sale.sale')
        self.setup_threshold()
        with set_company(self.company):
            with self.as_customer(self.party_a, role='buyer'):
                sale = self.checkout()
            copy, = Sale.copy([sale])

            self.assertIsNone(copy.portal_approval)

import unittest
from contextlib import contextmanager
from decimal import Decimal

from stdnum import iso11649
from trytond.model.exceptions import AccessError
from trytond.modules.company.tests import set_company
from trytond.modules.portal.exceptions import (
    PortalArgumentError,
    PortalNotFoundError,
    PortalRoleError,
    PortalServiceAccessError,
    PortalTransferError,
)
from trytond.modules.portal.tests import (
    administrator,
    as_portal,
    as_user,
    create_user,
    customer_session,
    service_user,
    test_statement,
)
from trytond.modules.portal.transfer import (
    MAX_TRANSFER_INVOICES,
    creditor_reference,
)
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction


class TransferTestCase(unittest.TestCase):
    "Test paying several invoices by one bank transfer from the portal"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_module('portal')
        # The statement's books: A's five open invoices (100 to 500), one
        # paid and one draft; B's one open invoice.
        cls.committed = test_statement.StatementTestCase.commit_customers()

    def customers(self):
        return test_statement.StatementTestCase.customers(self)

    @contextmanager
    def as_customer(self, company, party, role='admin'):
        "Run as the portal's service user for a new web user of party with role"
        with set_company(company):
            service = service_user(company)
            session = customer_session(party, role=role)
            with as_portal(service, session, party):
                yield

    def invoice_of_a(self, party_a, reference):
        Invoice = Pool().get('account.invoice')
        invoice, = Invoice.search([
                ('party', '=', party_a.id), ('reference', '=', reference)])
        return invoice

    def test_creditor_reference_check_digits(self):
        "References are valid ISO 11649, the standard's example included"
        self.assertEqual(creditor_reference(539007547034), 'RF18539007547034')
        for number in [1, 7, 42, 999, 123456789, 10 ** 12 + 3]:
            with self.subTest(number=number):
                reference = creditor_reference(number)
                self.assertTrue(iso11649.is_valid(reference), reference)
                self.assertTrue(reference[4:].endswith(str(number)))
        self.assertEqual(creditor_reference(1), 'RF' + creditor_reference(1)[2:4]
            + '000000001')
        # One digit changed: the check digits no longer hold.
        wrong = creditor_reference(42)[:-1] + '3'
        self.assertFalse(iso11649.is_valid(wrong))

    @with_transaction()
    def test_customer_gets_a_reference_for_its_open_invoices(self):
        "The total left to pay, a valid reference and a request the back office reads"
        pool = Pool()
        Invoice = pool.get('account.invoice')
        Transfer = pool.get('portal.transfer')
        company, _, party_a, _, invoices, _ = self.customers()
        company.report_bank_details = "IBAN FR76 3000 6000 0112 3456 7890 189"
        company.save()
        chosen = [invoices[10], invoices[120]]
        with self.as_customer(company, party_a, role='accountant'):
            result = Invoice.portal_transfer_reference(
                [i.id for i in chosen])
            again = Invoice.portal_transfer_reference(
                [chosen[1].id, chosen[0].id, chosen[0].id])
            other = Invoice.portal_transfer_reference([chosen[0].id])

        self.assertEqual(result['amount'], Decimal(700))
        self.assertEqual(result['currency'], company.currency.code)
        self.assertTrue(iso11649.is_valid(result['reference']))
        self.assertEqual(
            result['bank_details'], "IBAN FR76 3000 6000 0112 3456 7890 189")
        self.assertEqual(
            sorted(i['id'] for i in result['invoices']),
            sorted(i.id for i in chosen))
        self.assertEqual(
            {i['number'] for i in result['invoices']},
            {i.number for i in chosen})
        # The same invoices again: the same request, not a second one.
        self.assertEqual(again['id'], result['id'])
        self.assertEqual(again['reference'], result['reference'])
        self.assertNotEqual(other['reference'], result['reference'])
        transfer = Transfer(result['id'])
        self.assertEqual(transfer.party, party_a)
        self.assertEqual(transfer.company, company)
        self.assertEqual(transfer.amount, Decimal(700))
        self.assertEqual(transfer.state, 'pending')
        self.assertEqual(
            iso11649.format(transfer.reference), result['reference'])
        self.assertEqual(set(transfer.invoices), set(chosen))
        # Found from the invoice, the party, and by the reference as a bank
        # statement prints it.
        self.assertIn(transfer, Invoice(chosen[0].id).portal_transfers)
        self.assertIn(transfer, party_a.__class__(party_a.id).portal_transfers)
        self.assertEqual(Transfer.search([
                    ('rec_name', '=', transfer.reference.lower())]), [transfer])
        self.assertEqual(Transfer.search([
                    ('rec_name', '=', result['reference'])]), [transfer])

    @with_transaction()
    def test_another_customers_invoice_is_refused_naming_nothing(self):
        "One invoice of B among A's: refused as missing, nothing recorded"
        pool = Pool()
        Invoice = pool.get('account.invoice')
        Transfer = pool.get('portal.transfer')
        company, _, party_a, _, invoices, invoice_b = self.customers()
        with set_company(company):
            service = service_user(company)
            session_a = customer_session(party_a)

            with as_portal(service, session_a, party_a):
                for ids in [[invoice_b.id], [invoices[10].id, invoice_b.id],
                        [invoices[10].id, 10 ** 30], [0]]:
                    with self.subTest(ids=ids):
                        with self.assertRaises(PortalNotFoundError) as refused:
                            Invoice.portal_transfer_reference(ids)
                        self.assertNotIn(invoice_b.number, refused.exception.message)
            # Without a live session of the customer nothing is its.
            with as_portal(service, None, party_a):
                with self.assertRaises(PortalNotFoundError):
                    Invoice.portal_transfer_reference([invoices[10].id])

        self.assertEqual(Transfer.search([]), [])

    @with_transaction()
    def test_paid_and_draft_invoices_are_refused(self):
        "Only invoices waiting for payment are paid by transfer"
        pool = Pool()
        Invoice = pool.get('account.invoice')
        company, _, party_a, _, invoices, _ = self.customers()
        # The statement's paid invoice (70) and draft one (9).
        paid = self.invoice_of_a(party_a, 'REF-70')
        draft = self.invoice_of_a(party_a, 'REF-9')
        self.assertEqual(paid.amount_to_pay, Decimal(0))
        self.assertEqual(draft.state, 'draft')
        with self.as_customer(company, party_a):
            for invoice in [paid, draft]:
                with self.subTest(invoice=invoice.reference):
                    with self.assertRaises(PortalTransferError):
                        Invoice.portal_transfer_reference(
                            [invoices[10].id, invoice.id])

    @with_transaction()
    def test_malformed_and_too_many_ids_are_refused(self):
        "Ids are ints, one at least, MAX_TRANSFER_INVOICES at most"
        pool = Pool()
        Invoice = pool.get('account.invoice')
        company, _, party_a, _, invoices, _ = self.customers()
        with self.as_customer(company, party_a):
            for ids in [[str(invoices[10].id)], [True], [None],
                    invoices[10].id, {'id': invoices[10].id}]:
                with self.subTest(ids=ids):
                    with self.assertRaises(PortalArgumentError):
                        Invoice.portal_transfer_reference(ids)
            for ids in [[], list(range(1, MAX_TRANSFER_INVOICES + 2))]:
                with self.subTest(count=len(ids)):
                    with self.assertRaises(PortalTransferError):
                        Invoice.portal_transfer_reference(ids)

    @with_transaction()
    def test_buyers_and_viewers_are_refused(self):
        "Billing roles only: buyers and viewers are refused by Tryton"
        pool = Pool()
        Invoice = pool.get('account.invoice')
        company, _, party_a, _, invoices, _ = self.customers()
        for role in ['admin', 'accountant', 'buyer', 'viewer']:
            with self.subTest(role=role), \
                    self.as_customer(company, party_a, role=role):
                if role in {'admin', 'accountant'}:
                    result = Invoice.portal_transfer_reference(
                        [invoices[45].id])
                    self.assertEqual(result['amount'], Decimal(300))
                else:
                    with self.assertRaises(PortalRoleError):
                        Invoice.portal_transfer_reference([invoices[45].id])

    @with_transaction()
    def test_other_users_cannot_call_the_entry_point(self):
        "Integrators, accountants and the administrator are not the portal"
        pool = Pool()
        Invoice = pool.get('account.invoice')
        company, _, party_a, _, invoices, _ = self.customers()
        with set_company(company):
            integrator = create_user(
                'integrator', ['portal.group_portal_integrator'], company,
                portal_parties=[('add', [party_a.id])])
            accountant = create_user(
                'accountant', ['account.group_account'], company)
            for user in [integrator, accountant, administrator(company)]:
                with self.subTest(user=user.login), as_user(user):
                    with self.assertRaises(PortalServiceAccessError):
                        Invoice.portal_transfer_reference([invoices[10].id])

    @with_transaction()
    def test_service_user_reads_only_its_customers_requests(self):
        "Record rules: the customer's requests, read-only; the accountants read all"
        pool = Pool()
        Invoice = pool.get('account.invoice')
        Transfer = pool.get('portal.transfer')
        company, _, party_a, party_b, invoices, invoice_b = self.customers()
        with set_company(company):
            service = service_user(company)
            session_a = customer_session(party_a)
            session_b = customer_session(party_b)
            viewer_a = customer_session(party_a, role='viewer')
            with as_portal(service, session_a, party_a):
                mine = Invoice.portal_transfer_reference([invoices[10].id])
            with as_portal(service, session_b, party_b):
                theirs = Invoice.portal_transfer_reference([invoice_b.id])

            with as_portal(service, session_a, party_a):
                self.assertEqual(
                    [t.id for t in Transfer.search([])], [mine['id']])
                with self.assertRaises(AccessError):
                    Transfer.read([theirs['id']], ['reference'])
                with self.assertRaises(AccessError):
                    Transfer.write([Transfer(mine['id'])], {'amount': 1})
                with self.assertRaises(AccessError):
                    Transfer.create([{
                                'party': party_a.id, 'amount': 1,
                                'currency': company.currency.id}])
                with self.assertRaises(AccessError):
                    Transfer.delete([Transfer(mine['id'])])
            with as_portal(service, viewer_a, party_a):
                self.assertEqual(Transfer.search([]), [])
            accountant = create_user(
                'accountant', ['account.group_account'], company)
            with as_user(accountant):
                self.assertEqual(
                    {t.id for t in Transfer.search([])},
                    {mine['id'], theirs['id']})
                with self.assertRaises(AccessError):
                    Transfer.write([Transfer(mine['id'])], {'amount': 1})


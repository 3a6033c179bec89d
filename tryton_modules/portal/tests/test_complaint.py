import unittest
from decimal import Decimal

from trytond.model.exceptions import AccessError
from trytond.modules.account.tests import create_chart, get_fiscalyear
from trytond.modules.account_invoice.tests import set_invoice_sequences
from trytond.modules.company.tests import create_company, set_company
from trytond.modules.portal.complaint import PHOTO_SIZE_MAX
from trytond.modules.portal.exceptions import (
    PortalArgumentError,
    PortalComplaintError,
    PortalNotFoundError,
    PortalRoleError,
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
from trytond.modules.portal.tests.fixtures import complaint_type
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction
from trytond.transaction import Transaction

PNG = b'\x89PNG\r\n\x1a\n' + b'\x00' * 64
JPEG = b'\xff\xd8\xff\xe0' + b'\x00' * 64


class ComplaintTestCase(unittest.TestCase):
    "Test the complaints a customer files from the portal on their order lines"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_module('portal')

    def setup_customers(self):
        "A with a live session and a delivered line, B with one; a complaint type"
        self.company = create_company()
        self.party_a = create_party("Customer A")
        self.party_b = create_party("Customer B")
        self.service = service_user(self.company)
        self.type = complaint_type()
        with set_company(self.company):
            self.line_a = self.sale_line(self.party_a, delivered=True)
            self.line_b = self.sale_line(self.party_b, delivered=True)

    def sale_line(self, party, state='processing', delivered=False):
        "A line of 4 widgets of a sale of party in state, delivered or not"
        pool = Pool()
        Sale = pool.get('sale.sale')
        Move = pool.get('stock.move')
        Location = pool.get('stock.location')
        Uom = pool.get('product.uom')
        Template = pool.get('product.template')
        unit, = Uom.search([('symbol', '=', 'u')])
        template, = Template.create([{
                    'name': "Widget", 'default_uom': unit.id, 'type': 'goods',
                    'salable': True, 'sale_uom': unit.id,
                    'list_price': Decimal(10), 'products': [('create', [{}])],
                    }])
        sale, = Sale.create([{
                    'party': party.id,
                    'invoice_address': party.addresses[0].id,
                    'shipment_address': party.addresses[0].id,
                    'company': self.company.id,
                    'currency': self.company.currency.id,
                    'number': f"S-{party.name}",
                    'lines': [('create', [{
                                    'product': template.products[0].id,
                                    'quantity': 4, 'unit': unit.id,
                                    'unit_price': Decimal(10)}])],
                    }])
        line, = sale.lines
        if delivered:
            warehouse, = Location.search([('type', '=', 'warehouse')])
            customer, = Location.search([('type', '=', 'customer')])
            move, = Move.create([{
                        'product': line.product.id, 'unit': unit.id,
                        'quantity': 4, 'from_location': warehouse.output_location.id,
                        'to_location': customer.id, 'company': self.company.id,
                        'unit_price': Decimal(10),
                        'currency': self.company.currency.id,
                        'origin': str(line),
                        }])
            self.set_state(Move, move, 'done')
        self.set_state(Sale, sale, state)
        return pool.get('sale.line')(line.id)

    def set_state(self, Model, record, state):
        "Put record in state in the table: the workflow is not what is tried"
        table = Model.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*table.update(
                [table.state], [state], where=table.id == record.id))
        for cache in Transaction().cache.values():
            cache.clear()

    def as_customer(self, party, role='admin'):
        return as_portal(
            self.service, customer_session(party, role=role), party)

    def file(self, line, quantity=2, photos=None, type_id=None):
        pool = Pool()
        Complaint = pool.get('sale.complaint')
        return Complaint.portal_file(
            line.id, type_id or self.type.id, quantity, "Two arrived broken",
            [['broken.png', PNG]] if photos is None else photos)

    @with_transaction()
    def test_customer_files_complaint_with_photos(self):
        "The complaint is the customer's, on the line, with its photos attached"
        pool = Pool()
        Complaint = pool.get('sale.complaint')
        Attachment = pool.get('ir.attachment')
        self.setup_customers()
        with self.as_customer(self.party_a, role='buyer'):
            complaint_id = self.file(
                self.line_a, photos=[['broken.png', PNG], ['box.jpg', JPEG]])

        complaint = Complaint(complaint_id)
        self.assertEqual(
            (complaint.customer, complaint.origin, complaint.portal_sale_line,
                complaint.type, complaint.portal_quantity, complaint.state),
            (self.party_a, self.line_a, self.line_a, self.type, 2.0, 'draft'))
        self.assertEqual(complaint.company, self.company)
        self.assertTrue(complaint.number)
        photos = Attachment.search(
            [('resource', '=', str(complaint))], order=[('name', 'ASC')])
        self.assertEqual(
            [(p.name, p.data) for p in photos],
            [('box.jpg', JPEG), ('broken.png', PNG)])
        self.assertEqual(
            [p.name for p in complaint.portal_photos], ['broken.png', 'box.jpg'])

    @with_transaction()
    def test_line_of_another_customer_is_refused_naming_nothing(self):
        "Another customer's line is refused like a missing one"
        pool = Pool()
        Complaint = pool.get('sale.complaint')
        self.setup_customers()
        for line_id in [self.line_b.id, 10 ** 9, 2 ** 70, '1', None]:
            with self.subTest(line_id=line_id), \
                    self.as_customer(self.party_a), \
                    self.assertRaises(
                        (PortalNotFoundError, PortalArgumentError)) as refusal:
                Complaint.portal_file(
                    line_id, self.type.id, 1, "Broken", [])
            self.assertNotIn("Customer B", str(refusal.exception))
            self.assertNotIn("S-Customer B", str(refusal.exception))
        self.assertEqual(Complaint.search([]), [])

    @with_transaction()
    def test_line_neither_delivered_nor_invoiced_is_refused(self):
        "Draft sales and lines not yet received take no complaint"
        pool = Pool()
        Complaint = pool.get('sale.complaint')
        self.setup_customers()
        with set_company(self.company):
            draft = self.sale_line(self.party_a, state='draft', delivered=True)
            undelivered = self.sale_line(self.party_a, state='processing')
        for line in [draft, undelivered]:
            with self.subTest(state=line.sale.state), \
                    self.as_customer(self.party_a), \
                    self.assertRaises(PortalComplaintError):
                self.file(line)
        self.assertEqual(Complaint.search([]), [])

    @with_transaction()
    def test_malformed_complaints_are_refused_with_a_message(self):
        "Quantities, types, descriptions and photos out of bounds are refused"
        pool = Pool()
        Complaint = pool.get('sale.complaint')
        Type = pool.get('sale.complaint.type')
        IrModel = pool.get('ir.model')
        self.setup_customers()
        invoice_model, = IrModel.search([('name', '=', 'account.invoice')])
        invoice_type, = Type.create([{
                    'name': "Invoice", 'origin': invoice_model.id}])
        cases = {
            'quantity above the line': dict(quantity=5),
            'quantity zero': dict(quantity=0),
            'quantity not a number': dict(quantity='2'),
            'type of invoices': dict(type_id=invoice_type.id),
            'type missing': dict(type_id=10 ** 9),
            'not a photo': dict(photos=[['notes.png', b'%PDF-1.7 ...']]),
            'photo too big': dict(photos=[
                    ['big.png', PNG + b'\x00' * PHOTO_SIZE_MAX]]),
            'too many photos': dict(photos=[['p.png', PNG]] * 4),
            'photo not bytes': dict(photos=[['p.png', 'iVBORw0KGgo=']]),
            }
        for name, arguments in cases.items():
            with self.subTest(name), self.as_customer(self.party_a), \
                    self.assertRaises(PortalArgumentError) as refusal:
                self.file(self.line_a, **arguments)
            self.assertTrue(refusal.exception.message)
        with self.as_customer(self.party_a), \
                self.assertRaises(PortalArgumentError):
            Complaint.portal_file(
                self.line_a.id, self.type.id, 1, "  ", [])
        self.assertEqual(Complaint.search([]), [])

    @with_transaction()
    def test_only_acting_roles_file_complaints(self):
        "Viewers and accountants are refused in Tryton, not only hidden"
        pool = Pool()
        Complaint = pool.get('sale.complaint')
        self.setup_customers()
        for role in ['viewer', 'accountant']:
            with self.subTest(role=role), \
                    self.as_customer(self.party_a, role=role), \
                    self.assertRaises(PortalRoleError):
                self.file(self.line_a)
        self.assertEqual(Complaint.search([]), [])

    @with_transaction()
    def test_other_groups_cannot_call_the_entry_point(self):
        "An integrator of A may not file through the portal's entry point"
        self.setup_customers()
        integrator = create_user(
            'integrator', ['portal.group_portal_integrator'], self.company,
            portal_parties=[('add', [self.party_a.id])])
        with as_user(integrator), \
                self.assertRaises(PortalServiceAccessError):
            self.file(self.line_a)

    @with_transaction()
    def test_service_reads_only_the_customers_complaints_and_photos(self):
        "Every role reads the customer's complaints; nothing without a session"
        pool = Pool()
        Complaint = pool.get('sale.complaint')
        Attachment = pool.get('ir.attachment')
        self.setup_customers()
        with self.as_customer(self.party_a):
            mine = self.file(self.line_a)
        with self.as_customer(self.party_b):
            theirs = self.file(self.line_b)
        photo_b, = Attachment.search([('resource', '=', f'sale.complaint,{theirs}')])
        for role in ['admin', 'buyer', 'accountant', 'viewer']:
            with self.subTest(role=role), self.as_customer(self.party_a, role):
                self.assertEqual(
                    [c.id for c in Complaint.search([])], [mine])
                self.assertEqual(len(Attachment.search([
                                ('resource', '=', f'sale.complaint,{mine}')])), 1)
                with self.assertRaises(AccessError):
                    Attachment.search([
                            ('resource', '=', f'sale.complaint,{theirs}')])
                with self.assertRaises(AccessError):
                    Attachment.read([photo_b.id], ['data'])
        with as_portal(self.service):
            self.assertEqual(Complaint.search([]), [])
            with self.assertRaises(AccessError):
                Attachment.search([('resource', '=', f'sale.complaint,{mine}')])

    @with_transaction()
    def test_integrator_reads_its_parties_complaints_only(self):
        "As for sales: an integrator of A reads A's complaints, not B's"
        pool = Pool()
        Complaint = pool.get('sale.complaint')
        self.setup_customers()
        with self.as_customer(self.party_a):
            mine = self.file(self.line_a)
        with self.as_customer(self.party_b):
            self.file(self.line_b)
        integrator = create_user(
            'integrator', ['portal.group_portal_integrator'], self.company,
            portal_parties=[('add', [self.party_a.id])])
        with as_user(integrator):
            self.assertEqual([c.id for c in Complaint.search([])], [mine])

    @with_transaction()
    def test_approved_complaint_ends_in_a_credit_note_of_the_line(self):
        "The back office credits the invoiced line the customer complained about"
        pool = Pool()
        Complaint = pool.get('sale.complaint')
        Invoice = pool.get('account.invoice')
        Date = pool.get('ir.date')
        self.setup_customers()
        with set_company(self.company):
            invoice = self.post_invoice(self.line_a, Date.today())
        with self.as_customer(self.party_a):
            complaint_id = self.file(self.line_a, quantity=1)

        with set_company(self.company):
            complaint = Complaint(complaint_id)
            Complaint.write([complaint], {'actions': [('create', [{
                                'action': 'credit_note', 'quantity': 1}])]})
            Complaint.wait([complaint])
            Complaint.approve([complaint])
            Complaint.process([complaint])

        complaint = Complaint(complaint_id)
        self.assertEqual(complaint.state, 'done')
        credit_note = complaint.portal_credit_note
        self.assertIsInstance(credit_note, Invoice)
        self.assertEqual(credit_note.party, self.party_a)
        self.assertEqual(credit_note.total_amount, Decimal(-10))
        self.assertNotEqual(credit_note, invoice)
        with self.as_customer(self.party_a, role='accountant'):
            self.assertEqual(
                Complaint.read([complaint_id], ['portal_credit_note']),
                [{'id': complaint_id, 'portal_credit_note': credit_note.id}])

    @with_transaction()
    def test_credit_note_of_a_line_never_invoiced_is_refused(self):
        "Without a posted invoice line there is nothing to credit"
        pool = Pool()
        Complaint = pool.get('sale.complaint')
        self.setup_customers()
        with self.as_customer(self.party_a):
            complaint_id = self.file(self.line_a)
        with set_company(self.company):
            complaint = Complaint(complaint_id)
            Complaint.write([complaint], {'actions': [('create', [{
                                'action': 'credit_note'}])]})
            Complaint.wait([complaint])
            Complaint.approve([complaint])
            with self.assertRaises(PortalComplaintError):
                Complaint.process([complaint])

    def post_invoice(self, line, today):
        "Post the invoice of sale line"
        pool = Pool()
        Account = pool.get('account.account')
        FiscalYear = pool.get('account.fiscalyear')
        Invoice = pool.get('account.invoice')
        Journal = pool.get('account.journal')
        create_chart(self.company)
        fiscalyear = set_invoice_sequences(get_fiscalyear(
                self.company, today=today))
        fiscalyear.save()
        FiscalYear.create_period([fiscalyear])
        receivable, = Account.search([
                ('company', '=', self.company.id),
                ('type.receivable', '=', True), ('party_required', '=', True),
                ('closed', '!=', True)], limit=1)
        revenue, = Account.search([
                ('company', '=', self.company.id),
                ('type.revenue', '=', True), ('closed', '!=', True)], limit=1)
        journal, = Journal.search([('type', '=', 'revenue')], limit=1)
        party = line.sale.party
        invoice, = Invoice.create([{
                    'type': 'out', 'party': party.id,
                    'invoice_address': party.addresses[0].id,
                    'company': self.company.id,
                    'currency': self.company.currency.id,
                    'journal': journal.id, 'account': receivable.id,
                    'invoice_date': today,
                    'lines': [('create', [{
                                    'company': self.company.id,
                                    'currency': self.company.currency.id,
                                    'account': revenue.id,
                                    'description': "Widget",
                                    'quantity': 4, 'unit_price': Decimal(10),
                                    'origin': str(line),
                                    }])],
                    }])
        Invoice.post([invoice])
        return invoice

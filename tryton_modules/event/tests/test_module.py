import datetime as dt
from decimal import Decimal
from unittest.mock import patch

from trytond.model.exceptions import AccessError, ValidationError
from trytond.model.modelview import AccessButtonError
from trytond.modules.company.tests import create_company, set_company
from trytond.modules.event.exceptions import (
    EventCutoffError,
    EventSaleNotSignedError,
    EventValidationError,
    UserRoleError,
)
from trytond.modules.portal.exceptions import (
    PortalNotFoundError,
    PortalServiceAccessError,
)
from trytond.modules.portal.tests import (
    administrator,
    as_portal,
    as_user,
    create_user,
    create_web_user,
    customer_session,
    service_user,
)
from trytond.modules.portal.tests.test_module import set_config
from trytond.pool import Pool
from trytond.tests.test_tryton import ModuleTestCase, with_transaction

SEND = 'trytond.modules.event.event.send_message_transactional'


def _now():
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class EventFixturesMixin:
    "Epic Events staff, customers, contracts and events for the test cases"

    def setup_data(self):
        "Create the Epic Events staff, two customers, their contracts and events"
        pool = Pool()
        Party = pool.get('party.party')
        Employee = pool.get('company.employee')
        Sale = pool.get('sale.sale')
        Event = pool.get('event.event')

        company = create_company()
        self.company = company

        def user(login, groups, employee_name=None):
            values = {}
            if employee_name:
                party, = Party.create([{'name': employee_name}])
                employee, = Employee.create([{
                            'party': party.id, 'company': company.id}])
                values['employees'] = [('add', [employee.id])]
                values['employee'] = employee.id
            return create_user(login, groups, company, **values)

        self.bill = user('bill', ['event.group_event_sales'])
        self.other_sales = user('other_sales', ['event.group_event_sales'])
        self.kate = user('kate', ['event.group_event_support'], "Kate Hastroff")
        self.alienor = user(
            'alienor', ['event.group_event_support'], "Aliénor Vichum")
        self.manager = user('manager', ['event.group_event_management'])
        self.clerk = user('clerk', ['sale.group_sale'])

        self.john, self.lou = Party.create([{
                    'name': "John Ouick",
                    'sales_responsible': self.bill.id,
                    'addresses': [('create', [{}])],
                    'contact_mechanisms': [('create', [{
                                    'type': 'email',
                                    'value': 'john.ouick@gmail.com',
                                    }])],
                    }, {
                    'name': "Lou Bouzin",
                    'sales_responsible': self.other_sales.id,
                    'addresses': [('create', [{}])],
                    'contact_mechanisms': [('create', [{
                                    'type': 'email',
                                    'value': 'jacky@loubouzin.grd',
                                    'name': "Jacky Blangier",
                                    }])],
                    }])

        def sale(party, state):
            return Sale.create([{
                        'company': company.id,
                        'party': party.id,
                        'invoice_address': party.addresses[0].id,
                        'shipment_address': party.addresses[0].id,
                        'currency': company.currency.id,
                        'sale_date': dt.date.today(),
                        'state': state,
                        }])[0]
        self.john_sale = sale(self.john, 'confirmed')
        self.john_draft = sale(self.john, 'draft')
        self.lou_sale = sale(self.lou, 'processing')
        self.lou_draft = sale(self.lou, 'draft')

        start = _now() + dt.timedelta(days=30)
        self.wedding, self.assembly = Event.create([{
                    'company': company.id,
                    'name': "John Ouick Wedding",
                    'party': self.john.id,
                    'sale': self.john_sale.id,
                    'contact': self.john.contact_mechanisms[0].id,
                    'start': start,
                    'end': start + dt.timedelta(hours=13),
                    'location_text': "53 Rue du Château, Candé-sur-Beuvron",
                    'attendees': 75,
                    'support_contact': self.kate.employee.id,
                    }, {
                    'company': company.id,
                    'name': "Lou Bouzin General Assembly",
                    'party': self.lou.id,
                    'contact': self.lou.contact_mechanisms[0].id,
                    'sale': self.lou_sale.id,
                    'start': start,
                    'end': start + dt.timedelta(hours=2),
                    'location_text': "Salle des fêtes de Mufflins",
                    'attendees': 200,
                    'support_contact': self.alienor.employee.id,
                    }])
        self.send.reset_mock()

    def setUp(self):
        super().setUp()
        # Creating the fixture sends assignment e-mails: never reach SMTP.
        patcher = patch(SEND)
        self.send = patcher.start()
        self.addCleanup(patcher.stop)


class EventTestCase(EventFixturesMixin, ModuleTestCase):
    "Test Event module"
    module = 'event'

    # Contracts

    @with_transaction()
    def test_contract_signed_and_amount_due(self):
        "A confirmed sale is a signed contract, due in full until paid"
        pool = Pool()
        Sale = pool.get('sale.sale')
        self.setup_data()
        with set_company(self.company):
            self.assertTrue(self.john_sale.contract_signed)
            self.assertFalse(self.john_draft.contract_signed)
            self.assertEqual(
                set(Sale.search([('contract_signed', '=', False)])),
                {self.john_draft, self.lou_draft})
            self.assertEqual(self.john_sale.amount_due, Decimal(0))
            self.assertFalse(self.john_sale.fully_paid)
            self.assertEqual(
                set(Sale.search([('fully_paid', '=', False)])),
                {self.john_sale, self.john_draft, self.lou_sale,
                    self.lou_draft})
            Sale.write([self.lou_sale], {'invoice_state': 'paid'})
            self.assertEqual(
                Sale.search([('fully_paid', '=', True)]), [self.lou_sale])
            self.assertEqual(self.john_sale.sales_responsible, self.bill)

    # Validation

    @with_transaction()
    def test_event_requires_signed_contract(self):
        "An event cannot be attached to a contract that is not signed"
        pool = Pool()
        Event = pool.get('event.event')
        self.setup_data()
        with self.assertRaises(EventSaleNotSignedError) as cm:
            Event.write([self.wedding], {'sale': self.john_draft.id})
        self.assertIn("not signed", cm.exception.message)

    @with_transaction()
    def test_event_contract_of_customer(self):
        "An event's contract belongs to its customer"
        pool = Pool()
        Event = pool.get('event.event')
        self.setup_data()
        with self.assertRaises(EventSaleNotSignedError):
            Event.write([self.wedding], {'sale': self.lou_sale.id})

    @with_transaction()
    def test_event_end_after_start(self):
        "An event ends after it starts"
        pool = Pool()
        Event = pool.get('event.event')
        self.setup_data()
        with self.assertRaises(ValidationError) as cm:
            Event.write([self.wedding], {'end': self.wedding.start})
        self.assertIn("must end after it starts", cm.exception.message)

    @with_transaction()
    def test_event_attendees_not_negative(self):
        "Expected attendees cannot be negative"
        pool = Pool()
        Event = pool.get('event.event')
        self.setup_data()
        with self.assertRaises(ValidationError) as cm:
            Event.write([self.wedding], {'attendees': -1})
        self.assertIn("cannot be negative", cm.exception.message)

    @with_transaction()
    def test_event_location_address_or_text(self):
        "An event is at an address or a described place, not both"
        pool = Pool()
        Event = pool.get('event.event')
        self.setup_data()
        with self.assertRaises(ValidationError):
            Event.write([self.wedding], {
                    'location_address': self.john.addresses[0].id})

    # Event Sales

    @with_transaction()
    def test_sales_creates_and_edits_own_customer(self):
        "A salesperson creates a customer, is responsible for it, edits it"
        pool = Pool()
        Party = pool.get('party.party')
        self.setup_data()
        with as_user(self.bill):
            party, = Party.create([{'name': "Kevin Casey"}])
            self.assertEqual(party.sales_responsible, self.bill)
            Party.write([party, self.john], {'name': "Kevin Casey"})

    @with_transaction()
    def test_sales_cannot_edit_other_customer(self):
        "A salesperson cannot edit a customer of another salesperson"
        pool = Pool()
        Party = pool.get('party.party')
        self.setup_data()
        with as_user(self.bill), self.assertRaises(AccessError):
            Party.write([self.lou], {'name': "Lou"})

    @with_transaction()
    def test_sales_cannot_edit_other_contract(self):
        "A salesperson edits the contracts of own customers only"
        pool = Pool()
        Sale = pool.get('sale.sale')
        self.setup_data()
        with as_user(self.bill):
            Sale.write([self.john_draft], {'description': "Wedding"})
            with self.assertRaises(AccessError):
                Sale.write([self.lou_draft], {'description': "Assembly"})

    @with_transaction()
    def test_sales_creates_event_for_own_customer_only(self):
        "A salesperson creates events for own customers' contracts only"
        pool = Pool()
        Event = pool.get('event.event')
        self.setup_data()
        values = {
            'name': "Reception",
            'start': self.wedding.start,
            'end': self.wedding.end,
            }
        with as_user(self.bill):
            event, = Event.create([{
                        'party': self.john.id,
                        'sale': self.john_sale.id, **values}])
            with self.assertRaises(AccessError):
                Event.create([{
                            'party': self.lou.id,
                            'sale': self.lou_sale.id, **values}])

    @with_transaction()
    def test_sales_cannot_edit_event(self):
        "A salesperson does not edit events, even of own customers"
        pool = Pool()
        Event = pool.get('event.event')
        self.setup_data()
        with as_user(self.bill), self.assertRaises(AccessError):
            Event.write([self.wedding], {'notes': "Hello"})

    # Event Support

    @with_transaction()
    def test_support_edits_assigned_event_only(self):
        "A support contact edits the events assigned to them only"
        pool = Pool()
        Event = pool.get('event.event')
        self.setup_data()
        with as_user(self.kate):
            Event.write([self.wedding], {'notes': "Starts at 3PM by the river"})
            with self.assertRaises(AccessError):
                Event.write([self.assembly], {'notes': "Hello"})
            with self.assertRaises(AccessError):
                Event.run([self.assembly])
            Event.run([self.wedding])
        self.assertEqual(self.wedding.state, 'in_progress')

    @with_transaction()
    def test_support_cannot_assign_support(self):
        "Only management assigns the support contact"
        pool = Pool()
        Event = pool.get('event.event')
        self.setup_data()
        with as_user(self.kate), self.assertRaises(AccessError):
            Event.write([self.wedding], {
                    'support_contact': self.alienor.employee.id})

    @with_transaction()
    def test_support_cannot_edit_customer_or_contract(self):
        "Support reads customers and contracts but does not change them"
        pool = Pool()
        Party = pool.get('party.party')
        Sale = pool.get('sale.sale')
        self.setup_data()
        with as_user(self.kate):
            with self.assertRaises(AccessError):
                Party.write([self.john], {'name': "John"})
            with self.assertRaises(AccessError):
                Sale.write([self.john_draft], {'description': "Wedding"})

    # Event Management

    @with_transaction()
    def test_management_edits_all_and_assigns_support(self):
        "Management edits every contract and event and assigns support"
        pool = Pool()
        Event = pool.get('event.event')
        Sale = pool.get('sale.sale')
        self.setup_data()
        with as_user(self.manager):
            Sale.write([self.john_draft, self.lou_draft], {
                    'description': "Checked"})
            Event.write([self.wedding, self.assembly], {
                    'support_contact': self.kate.employee.id})

    @with_transaction()
    def test_management_cannot_edit_customer(self):
        "Management reads customers but leaves them to sales"
        pool = Pool()
        Party = pool.get('party.party')
        self.setup_data()
        with as_user(self.manager), self.assertRaises(AccessError):
            Party.write([self.john], {'name': "John"})

    @with_transaction()
    def test_management_gives_event_roles(self):
        "Management gives and takes event roles through event.user.role"
        pool = Pool()
        Role = pool.get('event.user.role')
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        self.setup_data()
        sales = ModelData.get_id('event', 'group_event_sales')
        with as_user(self.manager):
            role, = Role.create([{'user': self.kate.id, 'role': 'sales'}])
        self.assertIn(sales, [g.id for g in User(self.kate.id).groups])
        with as_user(self.manager):
            Role.delete([role])
        self.assertNotIn(sales, [g.id for g in User(self.kate.id).groups])

    @with_transaction()
    def test_event_roles_go_to_employees_only(self):
        "No role for a user without employee, an integrator or the portal"
        pool = Pool()
        Role = pool.get('event.user.role')
        User = pool.get('res.user')
        self.setup_data()
        integrator = create_user(
            'integrator', ['portal.group_portal_integrator'], self.company,
            portal_parties=[('add', [self.john.id])])
        # Even with an employee, a portal caller gets no event role.
        User.write([integrator], {
                'employees': [('add', [self.kate.employee.id])]})
        for user in [self.bill, integrator, service_user(self.company)]:
            for role in ['sales', 'support', 'management']:
                with self.subTest(user=user.login, role=role), \
                        as_user(self.manager), \
                        self.assertRaises(UserRoleError):
                    Role.create([{'user': user.id, 'role': role}])

    @with_transaction()
    def test_deleting_a_role_keeps_a_group_granted_another_way(self):
        "Taking back a role removes only the membership the role gave"
        pool = Pool()
        Role = pool.get('event.user.role')
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        self.setup_data()
        support = ModelData.get_id('event', 'group_event_support')
        with as_user(self.manager):
            role, = Role.create([{'user': self.kate.id, 'role': 'support'}])
            Role.delete([role])
        self.assertIn(support, [g.id for g in User(self.kate.id).groups])

        with as_user(self.manager):
            role, = Role.create([{'user': self.kate.id, 'role': 'sales'}])
            Role.write([role], {'user': self.alienor.id})
        sales = ModelData.get_id('event', 'group_event_sales')
        self.assertNotIn(sales, [g.id for g in User(self.kate.id).groups])
        self.assertIn(sales, [g.id for g in User(self.alienor.id).groups])
        self.assertIn(support, [g.id for g in User(self.kate.id).groups])

    @with_transaction()
    def test_management_cannot_grant_other_groups(self):
        "Management cannot change user groups directly (e.g. make an admin)"
        pool = Pool()
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        self.setup_data()
        account_admin = ModelData.get_id('account', 'group_account_admin')
        with as_user(self.manager):
            with self.assertRaises(AccessError):
                User.write([self.manager], {
                        'groups': [('add', [account_admin])]})
            with self.assertRaises(AccessError):
                User.write([self.manager], {'administrator': True})

    @with_transaction()
    def test_event_sales_cannot_press_buttons_of_another_salespersons_sale(
            self):
        "Buttons obey the salesperson rule: Lou's sales are not Bill's"
        pool = Pool()
        Sale = pool.get('sale.sale')
        self.setup_data()
        with set_company(self.company):
            quotation, = Sale.create([{
                        'company': self.company.id,
                        'party': self.lou.id,
                        'invoice_address': self.lou.addresses[0].id,
                        'shipment_address': self.lou.addresses[0].id,
                        'state': 'quotation',
                        }])
        attempts = {
            'quote': (self.lou_draft, Sale.quote),
            'cancel': (self.lou_draft, Sale.cancel),
            'confirm': (quotation, Sale.confirm),
            'draft': (quotation, Sale.draft),
            }
        for label, (sale, button) in attempts.items():
            with self.subTest(button=label), as_user(self.bill), \
                    self.assertRaises(AccessError):
                button([Sale(sale.id)])
        self.assertEqual(
            (Sale(self.lou_draft.id).state, Sale(quotation.id).state),
            ('draft', 'quotation'))

        # His own customer's sale: the buttons work
        with as_user(self.bill):
            Sale.cancel([Sale(self.john_draft.id)])
        self.assertEqual(Sale(self.john_draft.id).state, 'cancelled')

    @with_transaction()
    def test_integrator_cannot_set_its_partys_salesperson(self):
        "An integrator cannot hand its customer to a salesperson of its pick"
        pool = Pool()
        Party = pool.get('party.party')
        self.setup_data()
        integrator = create_user(
            'integrator', ['portal.group_portal_integrator'], self.company,
            portal_parties=[('add', [self.lou.id])])
        with as_user(integrator), self.assertRaises(AccessError):
            Party.write([Party(self.lou.id)], {
                    'sales_responsible': self.bill.id})
        self.assertEqual(Party(self.lou.id).sales_responsible, self.other_sales)

    @with_transaction()
    def test_support_cannot_give_roles(self):
        "Only management gives event roles"
        pool = Pool()
        Role = pool.get('event.user.role')
        self.setup_data()
        with as_user(self.kate), self.assertRaises(AccessError):
            Role.create([{'user': self.kate.id, 'role': 'management'}])

    # Everyone

    @with_transaction()
    def test_every_group_reads_everything(self):
        "Sales, support and management read all customers, contracts, events"
        pool = Pool()
        Party = pool.get('party.party')
        Sale = pool.get('sale.sale')
        Event = pool.get('event.event')
        self.setup_data()
        for user in [self.bill, self.kate, self.manager]:
            with self.subTest(user=user.login), as_user(user):
                self.assertEqual(len(Event.search([])), 2)
                self.assertEqual(len(Sale.search([])), 4)
                self.assertTrue(Party.search([('id', '=', self.lou.id)]))
                Event.read(
                    [self.wedding.id, self.assembly.id], ['name', 'notes'])

    @with_transaction()
    def test_other_users_keep_upstream_access(self):
        "Users outside the event groups are not restricted by event rules"
        pool = Pool()
        Party = pool.get('party.party')
        Sale = pool.get('sale.sale')
        self.setup_data()
        with as_user(self.clerk):
            Party.write([self.john, self.lou], {'name': "Checked"})
            Sale.write([self.john_draft, self.lou_draft], {
                    'description': "Checked"})

    @with_transaction()
    def test_sales_and_management_edits_all(self):
        "A manager who also sells is not narrowed by the salesperson rule"
        pool = Pool()
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        Sale = pool.get('sale.sale')
        Event = pool.get('event.event')
        self.setup_data()
        User.write([self.bill], {'groups': [('add', [
                            ModelData.get_id(
                                'event', 'group_event_management')])]})
        with as_user(self.bill):
            Sale.write([self.lou_draft], {'description': "Assembly"})
            Event.write([self.assembly], {'notes': "Checked"})

    # E-mails

    @with_transaction()
    def test_email_when_support_assigned(self):
        "The customer contact is told when support is assigned"
        pool = Pool()
        Event = pool.get('event.event')
        Email = pool.get('ir.email')
        self.setup_data()
        self.send.reset_mock()
        with as_user(self.manager):
            Event.write([self.assembly], {
                    'support_contact': self.kate.employee.id})
        self.send.assert_called_once()
        msg = self.send.call_args.args[0]
        self.assertEqual(msg['To'], 'Jacky Blangier <jacky@loubouzin.grd>')
        self.assertIn('Kate Hastroff', msg['Subject'])
        email, = Email.search([
                ('resource', '=', str(self.assembly)),
                ('subject', '=', msg['Subject']),
                ])
        self.assertEqual(email.recipients, msg['To'])

    @with_transaction()
    def test_web_users_told_when_support_assigned(self):
        "The customer's web users who keep event e-mails on are told too"
        pool = Pool()
        Event = pool.get('event.event')
        NotificationEmail = pool.get('portal.notification.email')
        set_config(self, 'portal', 'url', 'https://portal.example.com/')
        self.setup_data()
        kept = create_web_user('kept@loubouzin.example', party=self.lou)
        off = create_web_user('off@loubouzin.example', party=self.lou)
        off.portal_notifications = ['event_cancelled']
        off.save()
        create_web_user('john@ouick.example', party=self.john)
        with as_user(self.manager):
            Event.write([self.assembly], {
                    'support_contact': self.kate.employee.id})
        notification, = NotificationEmail.search([])
        self.assertEqual(
            (notification.web_user, notification.kind, notification.resource),
            (kept, 'event_support', self.assembly))
        self.assertIn(
            f'https://portal.example.com/events/{self.assembly.id}/',
            notification.message().get_body(('plain',)).get_content())

    @with_transaction()
    def test_email_when_date_or_location_changes(self):
        "The customer contact is told when the date or the location changes"
        pool = Pool()
        Event = pool.get('event.event')
        self.setup_data()
        self.send.reset_mock()
        with as_user(self.kate):
            Event.write([self.wedding], {
                    'start': self.wedding.start + dt.timedelta(hours=1)})
            self.assertEqual(self.send.call_count, 1)
            Event.write([self.wedding], {'location_text': "By the river"})
            self.assertEqual(self.send.call_count, 2)
        msg = self.send.call_args.args[0]
        self.assertEqual(msg['To'], 'John Ouick <john.ouick@gmail.com>')
        self.assertIn('date or location changed', msg['Subject'])

    @with_transaction()
    def test_no_email_on_other_changes(self):
        "Notes, attendees or an unchanged date do not e-mail the customer"
        pool = Pool()
        Event = pool.get('event.event')
        self.setup_data()
        self.send.reset_mock()
        with as_user(self.kate):
            Event.write([self.wedding], {
                    'notes': "Catering at 5PM", 'attendees': 80,
                    'start': self.wedding.start})
        with as_user(self.manager):
            Event.write([self.wedding], {
                    'support_contact': self.kate.employee.id})
        self.send.assert_not_called()

    # Portal: integrators and the service user

    def setup_portal(self):
        "Make an integrator of John Ouick; the portal logs John in"
        self.setup_data()
        self.integrator = create_user(
            'integrator', ['portal.group_portal_integrator'], self.company,
            portal_parties=[('add', [self.john.id])])
        self.admin = administrator(self.company)
        self.service = service_user(self.company)
        self.session = customer_session(self.john)

    def assert_sees(self, events):
        "Assert the current user reads exactly events"
        pool = Pool()
        Event = pool.get('event.event')
        every = [self.wedding, self.assembly]
        self.assertEqual(set(Event.search([])), set(events))
        for event in every:
            if event in events:
                Event.read([event.id], ['name', 'party', 'start', 'state'])
            else:
                with self.assertRaises(AccessError):
                    Event.read([event.id], ['name'])

    @with_transaction()
    def test_integrator_reads_own_parties_events(self):
        "An integrator of John reads John's events and nothing of Lou"
        pool = Pool()
        Event = pool.get('event.event')
        self.setup_portal()
        with as_user(self.integrator):
            self.assert_sees([self.wedding])
            self.assertEqual(
                Event.search([('party', '=', self.lou.id)]), [])

    @with_transaction()
    def test_integrator_follows_its_parties(self):
        "The integrator's events change with its parties"
        pool = Pool()
        User = pool.get('res.user')
        self.setup_portal()
        User.write([self.integrator], {
                'portal_parties': [('add', [self.lou.id])]})
        with as_user(self.integrator):
            self.assert_sees([self.wedding, self.assembly])
        User.write([self.integrator], {
                'portal_parties': [('remove', [self.john.id, self.lou.id])]})
        with as_user(self.integrator):
            self.assert_sees([])

    @with_transaction()
    def test_integrator_only_reads(self):
        "An integrator changes no event, even of its own parties"
        pool = Pool()
        Event = pool.get('event.event')
        self.setup_portal()
        with as_user(self.integrator):
            with self.assertRaises(AccessError):
                Event.write([self.wedding], {'notes': "Hello"})
            with self.assertRaises(AccessError):
                Event.create([{
                            'name': "Reception",
                            'party': self.john.id,
                            'sale': self.john_sale.id,
                            'start': self.wedding.start,
                            'end': self.wedding.end,
                            }])
            with self.assertRaises(PortalServiceAccessError):
                Event.portal_update(self.wedding.id, 80, None)

    @with_transaction()
    def test_integrator_rule_leaves_other_users_alone(self):
        "Administrator and event staff read every event"
        self.setup_portal()
        users = [self.admin, self.bill, self.kate, self.manager]
        for user in users:
            with self.subTest(user=user.login), as_user(user):
                self.assert_sees([self.wedding, self.assembly])

    @with_transaction()
    def test_least_privilege_kept_with_portal(self):
        "The administrator's rule gives event staff no further change"
        pool = Pool()
        Event = pool.get('event.event')
        self.setup_portal()
        with as_user(self.kate):
            Event.write([self.wedding], {'notes': "By the river"})
            with self.assertRaises(AccessError):
                Event.write([self.assembly], {'notes': "Hello"})
        with as_user(self.bill), self.assertRaises(AccessError):
            Event.write([self.wedding], {'notes': "Hello"})
        with as_user(self.admin):
            Event.write([self.wedding, self.assembly], {'notes': "Checked"})

    @with_transaction()
    def test_service_user_reads_the_events_of_its_customer(self):
        "The service reads the events of the customer of its session only"
        pool = Pool()
        Event = pool.get('event.event')
        self.setup_portal()
        with as_portal(self.service):
            self.assert_sees([])
        with as_portal(self.service, self.session, self.lou):
            self.assert_sees([])
        with as_portal(self.service, self.session, self.john):
            self.assert_sees([self.wedding])
            event, = Event.search_read(
                [], fields_names=['support_contact.rec_name'])
        self.assertEqual(
            event['support_contact.']['rec_name'], "Kate Hastroff")

    @with_transaction()
    def test_service_user_reads_the_support_of_its_customer_only(self):
        "The service reads no employee but the support of its customer"
        pool = Pool()
        Employee = pool.get('company.employee')
        self.setup_portal()
        with as_portal(self.service):
            self.assertEqual(Employee.search([]), [])
        with as_portal(self.service, self.session, self.john):
            self.assertEqual(Employee.search([]), [self.kate.employee])
            with self.assertRaises(AccessError):
                Employee.read([self.alienor.employee.id], ['rec_name'])

    @with_transaction()
    def test_service_user_changes_events_only_by_portal_update(self):
        "The service writes, creates and presses no button on events"
        pool = Pool()
        Event = pool.get('event.event')
        self.setup_portal()
        wedding = self.wedding
        attempts = {
            'write': lambda: Event.write(
                [Event(wedding.id)], {'attendees': 90}),
            'create': lambda: Event.create([{
                        'name': "Reception", 'party': self.john.id,
                        'sale': self.john_sale.id, 'start': wedding.start,
                        'end': wedding.end, 'attendees': 10,
                        }]),
            'delete': lambda: Event.delete([Event(wedding.id)]),
            'cancel': lambda: Event.cancel([Event(wedding.id)]),
            'run': lambda: Event.run([Event(wedding.id)]),
            }
        for label, attempt in attempts.items():
            with self.subTest(attempt=label), \
                    as_portal(self.service, self.session, self.john):
                with self.assertRaises((AccessError, AccessButtonError)):
                    attempt()
        self.assertEqual(
            (wedding.state, wedding.attendees), ('planned', 75))

    @with_transaction()
    def test_portal_update_before_cutoff(self):
        "The customer changes attendees and notes before the cut-off"
        pool = Pool()
        Event = pool.get('event.event')
        self.setup_portal()
        with as_portal(self.service, self.session, self.john):
            result = Event.portal_update(self.wedding.id, 80, "Vegan")
        self.assertEqual(result, self.wedding.id)
        self.assertEqual((self.wedding.attendees, self.wedding.notes),
            (80, "Vegan"))
        self.send.assert_not_called()

    @with_transaction()
    def test_portal_update_after_cutoff(self):
        "After the cut-off the customer can no longer change the event"
        pool = Pool()
        Event = pool.get('event.event')
        self.setup_portal()
        Event.write([self.wedding], {
                'customer_cutoff': _now() - dt.timedelta(minutes=1)})
        self.assertFalse(self.wedding.customer_editable)
        with as_portal(self.service, self.session, self.john), \
                self.assertRaises(EventCutoffError):
            Event.portal_update(self.wedding.id, 80, None)
        self.assertEqual(self.wedding.attendees, 75)
        # the back office still may
        with as_user(self.kate):
            Event.write([self.wedding], {'attendees': 80})

    @with_transaction()
    def test_portal_update_other_party(self):
        "An event of another customer looks like one that does not exist"
        pool = Pool()
        Event = pool.get('event.event')
        self.setup_portal()
        calls = {
            "Lou's event": (self.john, self.assembly.id),
            'a missing event': (self.john, 10 ** 6),
            "Lou's event as Lou": (self.lou, self.assembly.id),
            "John's event as Lou": (self.lou, self.wedding.id),
            }
        errors = set()
        for label, (party, event_id) in calls.items():
            with self.subTest(call=label), \
                    as_portal(self.service, self.session, party), \
                    self.assertRaises(PortalNotFoundError) as refused:
                Event.portal_update(event_id, 90, "Hello")
            errors.add(refused.exception.message)
        self.assertEqual(len(errors), 1)
        self.assertNotIn("Lou", errors.pop())
        self.assertEqual(
            [(e.attendees, e.notes) for e in [self.wedding, self.assembly]],
            [(75, None), (200, None)])

    @with_transaction()
    def test_portal_update_values(self):
        "Attendees are a whole number, notes a text"
        pool = Pool()
        Event = pool.get('event.event')
        self.setup_portal()
        for attendees, notes in [('80', None), (True, None), (None, 42)]:
            with self.subTest(attendees=attendees, notes=notes), \
                    as_portal(self.service, self.session, self.john), \
                    self.assertRaises(EventValidationError):
                Event.portal_update(self.wedding.id, attendees, notes)
        self.assertEqual(self.wedding.attendees, 75)

    @with_transaction()
    def test_portal_update_forbidden_to_staff(self):
        "Staff cannot update on behalf of customers, even with a session"
        pool = Pool()
        Event = pool.get('event.event')
        self.setup_portal()
        for user in [self.kate, self.manager, self.admin]:
            with self.subTest(user=user.login), \
                    as_user(user, portal_session=self.session,
                        portal_party=self.john.id), \
                    self.assertRaises(PortalServiceAccessError):
                Event.portal_update(self.wedding.id, 80, None)
        self.assertEqual(self.wedding.attendees, 75)


del ModuleTestCase

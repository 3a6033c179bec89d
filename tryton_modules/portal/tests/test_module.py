import datetime as dt
from decimal import Decimal
from unittest.mock import patch

import trytond.config as config
from trytond.model.exceptions import AccessError
from trytond.model.modelview import AccessButtonError
from trytond.modules.account.tests import create_chart
from trytond.modules.company.tests import CompanyTestMixin, create_company, set_company
from trytond.modules.party.tests import PartyCheckReplaceMixin
from trytond.modules.portal import mail as portal_mail
from trytond.modules.portal.exceptions import (
    PortalArgumentError,
    PortalNotFoundError,
    PortalRateLimitError,
    PortalServiceAccessError,
)
from trytond.modules.portal.model import portal_records
from trytond.modules.portal.tests import (
    access_matrix,
    administrator,
    as_portal,
    as_user,
    create_party,
    create_user,
    create_web_user,
    customer_session,
    service_user,
)
from trytond.modules.portal.tests.fixtures import run_queued_tasks
from trytond.pool import Pool
from trytond.tests.test_tryton import (
    DB_NAME,
    DBTestCase,
    ModuleTestCase,
    with_transaction,
)
from trytond.tools.logging import format_args
from trytond.transaction import (
    Transaction,
    TransactionError,
    without_check_access,
)

CUSTOMER_IP = '203.0.113.7'
# The supplier's own records, which the service user reads whatever the
# context: the parties of the companies, their addresses and contacts.
SUPPLIER = {
    'party.party': [('companies', 'where', [])],
    'party.address': [('party.companies', 'where', [])],
    'party.contact_mechanism': [('party.companies', 'where', [])],
    }
OTHER_IP = '198.51.100.20'
PORTAL_IP = '10.0.0.5'


def set_config(test, section, option, value):
    "Set a trytond option for the duration of the test"
    if not config.has_section(section):
        config.add_section(section)
    old = config.get(section, option)
    config.set(section, option, value)
    if old is not None:
        test.addCleanup(config.set, section, option, old)
    else:
        # An empty value would break getint() in the tests that follow.
        def remove():
            config._config.remove_option(section, option)
            config._cache_clear()
        test.addCleanup(remove)


class PortalTestCase(
        PartyCheckReplaceMixin, CompanyTestMixin, ModuleTestCase):
    "Test Portal module"
    module = 'portal'

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customers = cls.commit_customers()

    def setUp(self):
        super().setUp()
        # Short passwords keep the fixtures readable.
        set_config(self, 'password', 'length', '4')
        set_config(self, 'password', 'entropy', '0.5')
        # Where the invitation and validation e-mails point (the portal's pages).
        set_config(self, 'web', 'reset_password_url',
            'https://portal.example.com/accounts/password/reset/')
        set_config(self, 'web', 'email_validation_url',
            'https://portal.example.com/accounts/email/validate/')
        # authenticate sleeps 2**failures - 1 s when its transaction ends.
        patcher = patch('time.sleep')
        patcher.start()
        self.addCleanup(patcher.stop)

    def login(self, email, password, remote_address=CUSTOMER_IP):
        pool = Pool()
        WebUser = pool.get('web.user')
        # The portal's own address, as the RPC dispatcher would set it.
        with Transaction().set_context(_request={'remote_addr': PORTAL_IP}):
            return WebUser.portal_login(email, password, remote_address)

    @with_transaction()
    def test_service_user_is_only_in_portal_service(self):
        "The portal_service user exists and belongs only to Portal Service"
        pool = Pool()
        ModelData = pool.get('ir.model.data')

        user = service_user()

        self.assertEqual(
            [g.id for g in user.groups],
            [ModelData.get_id('portal', 'group_portal_service')])
        self.assertFalse(user.administrator)

    @with_transaction()
    def test_rpc_entry_points(self):
        "Only the portal entry points are callable, not authenticate"
        pool = Pool()
        WebUser = pool.get('web.user')
        Session = pool.get('web.user.session')

        self.assertFalse(WebUser.__rpc__['portal_login'].readonly)
        self.assertTrue(WebUser.__rpc__['portal_session'].readonly)
        self.assertFalse(WebUser.__rpc__['portal_logout'].readonly)
        for name in ['authenticate', 'new_session', 'get_user',
                'set_password_token', 'check_password']:
            self.assertNotIn(name, WebUser.__rpc__)
        self.assertEqual(Session.__rpc__, {})

    @with_transaction()
    def test_portal_login_session_logout(self):
        "The service user logs a web user in, looks it up and logs it out"
        pool = Pool()
        WebUser = pool.get('web.user')
        main, other = create_party("Main"), create_party("Other")
        web_user = create_web_user(
            'Jane@Example.com', 'secret', party=main,
            secondary_parties=[other, main])
        expected = {
            'id': web_user.id,
            'email': 'jane@example.com',
            'party': {'id': main.id, 'name': "Main", 'role': 'admin'},
            'parties': [
                {'id': main.id, 'name': "Main", 'role': 'admin'},
                {'id': other.id, 'name': "Other", 'role': 'admin'},
                ],
            'language': '',  # none chosen in the profile
            }

        with as_user(service_user()):
            result = self.login('jane@example.com', 'secret')
            self.assertEqual(result['user'], expected)
            session = result['session']
            self.assertEqual(WebUser.portal_session(session), expected)

            self.assertIsNone(WebUser.portal_logout(session))
            self.assertIsNone(WebUser.portal_session(session))

            self.assertIsNone(self.login('jane@example.com', 'wrong'))
            self.assertIsNone(self.login('nobody@example.com', 'secret'))
            self.assertIsNone(WebUser.portal_session('unknown'))

    @with_transaction()
    def test_portal_login_password_mapping(self):
        "The password may travel as {'password': ...}, redacted in logs"
        create_web_user('jane@example.com', 'secret')

        with as_user(service_user()):
            result = self.login('jane@example.com', {'password': 'secret'})
            self.assertEqual(result['user']['email'], 'jane@example.com')
            self.assertIsNone(
                self.login('jane@example.com', {'password': 'wrong'}))
            with self.assertRaises(PortalArgumentError):
                self.login('jane@example.com', {'secret': 'secret'})

        logged = str(format_args(
                ('jane@example.com', {'password': 'secret'}, CUSTOMER_IP), {}))
        self.assertNotIn('secret', logged)

    @with_transaction()
    def test_portal_user_without_party(self):
        "A web user without party has no party and no parties"
        pool = Pool()
        WebUser = pool.get('web.user')
        create_web_user('solo@example.com', 'secret')

        with as_user(service_user()):
            result = self.login('solo@example.com', 'secret')
            user = WebUser.portal_session(result['session'])

        self.assertIsNone(user['party'])
        self.assertEqual(user['parties'], [])

    @with_transaction()
    def test_portal_session_of_deactivated_user(self):
        "A web user disabled after login loses its session"
        pool = Pool()
        WebUser = pool.get('web.user')
        web_user = create_web_user('jane@example.com', 'secret')
        with as_user(service_user()):
            session = self.login('jane@example.com', 'secret')['session']

        WebUser.write([web_user], {'active': False})

        with as_user(service_user()):
            self.assertIsNone(WebUser.portal_session(session))
            self.assertIsNone(self.login('jane@example.com', 'secret'))

    @with_transaction()
    def test_portal_session_expired(self):
        "A session older than web_timeout is unknown"
        pool = Pool()
        WebUser = pool.get('web.user')
        create_web_user('jane@example.com', 'secret')
        with as_user(service_user()):
            session = self.login('jane@example.com', 'secret')['session']

        set_config(self, 'session', 'web_timeout', '60')
        later = dt.datetime.now() + dt.timedelta(seconds=61)
        with patch('trytond.modules.web_user.user.datetime') as datetime:
            datetime.datetime.now.return_value = later
            datetime.timedelta = dt.timedelta
            with as_user(service_user()):
                self.assertIsNone(WebUser.portal_session(session))

    @with_transaction()
    def test_entry_points_refuse_other_users(self):
        "Users outside Portal Service, administrator included, are refused"
        pool = Pool()
        WebUser = pool.get('web.user')
        User = pool.get('res.user')
        create_web_user('jane@example.com', 'secret')
        clerk = create_user('clerk', ['sale.group_sale', 'party.group_party_admin'])
        admin = User(1)

        for user in [clerk, admin]:
            with self.subTest(user=user.login), as_user(user):
                with self.assertRaises(PortalServiceAccessError):
                    self.login('jane@example.com', 'secret')
                with self.assertRaises(PortalServiceAccessError):
                    WebUser.portal_session('key')
                with self.assertRaises(PortalServiceAccessError):
                    WebUser.portal_logout('key')

    @with_transaction()
    def test_portal_login_arguments(self):
        "Invalid arguments are refused with a clear error"
        create_web_user('jane@example.com', 'secret')

        with as_user(service_user()):
            for address in ['', 'localhost', '300.1.2.3', '203.0.113.7/24']:
                with self.subTest(address=address):
                    with self.assertRaises(PortalArgumentError):
                        self.login('jane@example.com', 'secret', address)
            with self.assertRaises(PortalArgumentError):
                self.login(None, 'secret')
            with self.assertRaises(PortalArgumentError):
                self.login('jane@example.com', 42)
            self.assertTrue(self.login(
                    'jane@example.com', 'secret', '2001:db8::1'))

    @with_transaction()
    def test_attempts_count_the_customer_address(self):
        "Failed attempts are recorded with the customer's IP, not the portal's"
        pool = Pool()
        Attempt = pool.get('web.user.authenticate.attempt')
        create_web_user('jane@example.com', 'secret')

        with as_user(service_user()):
            self.login('jane@example.com', 'wrong', CUSTOMER_IP)

        attempt, = Attempt.search([])
        self.assertEqual(attempt.login, 'jane@example.com')
        self.assertEqual(attempt.ip_address, CUSTOMER_IP)
        self.assertEqual(attempt.ip_network, f'{CUSTOMER_IP}/32')

    @with_transaction()
    def test_ip_network_throttling_is_per_customer_network(self):
        "Failures from one network do not lock out logins from another"
        set_config(self, 'session', 'max_attempt_ip_network', '2')
        create_web_user('jane@example.com', 'secret')

        with as_user(service_user()):
            for email in ['a@example.com', 'b@example.com', 'c@example.com']:
                self.assertIsNone(self.login(email, 'guess', CUSTOMER_IP))

            with self.assertRaises(PortalRateLimitError) as cm:
                self.login('jane@example.com', 'secret', CUSTOMER_IP)
            self.assertEqual(cm.exception.code, 429)
            self.assertTrue(self.login('jane@example.com', 'secret', OTHER_IP))

    @with_transaction()
    def test_email_throttling_does_not_lock_other_networks_out(self):
        "Failures on one e-mail from other addresses leave the owner's open"
        set_config(self, 'session', 'max_attempt', '2')
        create_web_user('jane@example.com', 'secret')

        with as_user(service_user()):
            for address in ['192.0.2.1', '192.0.2.2', '192.0.2.3']:
                self.assertIsNone(
                    self.login('jane@example.com', 'guess', address))

            self.assertTrue(self.login('jane@example.com', 'secret', OTHER_IP))

    @with_transaction()
    def test_ordinary_user_cannot_read_web_users(self):
        "Web users, their sessions and attempts are closed to ordinary users"
        pool = Pool()
        WebUser = pool.get('web.user')
        Session = pool.get('web.user.session')
        Attempt = pool.get('web.user.authenticate.attempt')
        web_user = create_web_user('jane@example.com', 'secret')
        clerk = create_user('clerk', ['sale.group_sale'])

        for user in [clerk, service_user()]:
            with self.subTest(user=user.login), as_user(user):
                with self.assertRaises(AccessError):
                    WebUser.search([])
                with self.assertRaises(AccessError):
                    WebUser.read([web_user.id], ['email'])
                with self.assertRaises(AccessError):
                    Session.search([])
                with self.assertRaises(AccessError):
                    Attempt.search([])

    @with_transaction()
    def test_web_user_admin_cannot_read_secrets(self):
        "Party administrators manage web users but never read their secrets"
        pool = Pool()
        WebUser = pool.get('web.user')
        web_user = create_web_user('jane@example.com', 'secret')
        manager = create_user('manager', ['party.group_party_admin'])

        with as_user(manager):
            record, = WebUser.read([web_user.id], ['email', 'password'])
            self.assertEqual(record['email'], 'jane@example.com')
            for field in ['password_hash', 'reset_password_token',
                    'email_token']:
                with self.subTest(field=field):
                    with self.assertRaises(AccessError):
                        WebUser.read([web_user.id], [field])
            # The buttons still write the tokens with the manager's access.
            with patch(
                    'trytond.modules.web_user.user.send_message_transactional'):
                WebUser.validate_email([WebUser(web_user.id)])
            WebUser.write([WebUser(web_user.id)], {'password': 'changed'})

        with as_user(service_user()):
            self.assertTrue(self.login('jane@example.com', 'changed'))

    @classmethod
    def create_documents(cls, company):
        "Create, for parties A and B, every kind of document the portal shows"
        pool = Pool()
        Sale = pool.get('sale.sale')
        Shipment = pool.get('stock.shipment.out')
        Move = pool.get('stock.move')
        Lot = pool.get('stock.lot')
        Invoice = pool.get('account.invoice')
        Location = pool.get('stock.location')
        Account = pool.get('account.account')
        Journal = pool.get('account.journal')
        Template = pool.get('product.template')
        Uom = pool.get('product.uom')
        Email = pool.get('ir.email')
        Attachment = pool.get('ir.attachment')

        create_chart(company)
        # party_required as the party's receivable field demands: the chart has
        # receivable accounts without it, and which one comes first is not fixed.
        receivable, = Account.search([
                ('company', '=', company.id),
                ('type.receivable', '=', True),
                ('party_required', '=', True),
                ('closed', '!=', True),
                ], limit=1)
        revenue, = Account.search([
                ('company', '=', company.id),
                ('type.revenue', '=', True),
                ('closed', '!=', True),
                ], limit=1)
        journal, = Journal.search([('type', '=', 'revenue')], limit=1)
        warehouse, = Location.search([('type', '=', 'warehouse')])
        customer_location, = Location.search([('type', '=', 'customer')])
        unit, = Uom.search([('symbol', '=', 'u')])
        template, = Template.create([{
                    'name': "Widget", 'default_uom': unit.id, 'type': 'goods',
                    'salable': True, 'sale_uom': unit.id,
                    'list_price': Decimal(10), 'products': [('create', [{}])],
                    }])
        product, = template.products

        documents = {}
        for name in ['A', 'B']:
            party = create_party(name, account_receivable=receivable.id,
                contact_mechanisms=[('create', [{
                                'type': 'email',
                                'value': f'{name.lower()}@example.com',
                                }])])
            address, = party.addresses
            sale, = Sale.create([{
                        'party': party.id, 'invoice_address': address.id,
                        'company': company.id, 'currency': company.currency.id,
                        'lines': [('create', [{
                                        'product': product.id, 'quantity': 1,
                                        'unit': unit.id,
                                        'unit_price': Decimal(10),
                                        }])],
                        }])
            shipment, = Shipment.create([{
                        'customer': party.id, 'delivery_address': address.id,
                        'company': company.id, 'warehouse': warehouse.id,
                        'warehouse_storage': warehouse.storage_location.id,
                        'warehouse_output': warehouse.output_location.id,
                        }])
            # A lot of its own for each party: the lot delivered to A only.
            lot, = Lot.create([{
                        'number': f'LOT-{name}', 'product': product.id,
                        'shelf_life_expiration_date': dt.date(2030, 1, 31),
                        }])
            move, = Move.create([{
                        'product': product.id, 'unit': unit.id, 'quantity': 1,
                        'from_location': warehouse.output_location.id,
                        'to_location': customer_location.id,
                        'company': company.id, 'unit_price': Decimal(10),
                        'currency': company.currency.id,
                        'shipment': str(shipment), 'lot': lot.id,
                        }])
            invoice, = Invoice.create([{
                        'type': 'out', 'party': party.id,
                        'invoice_address': address.id, 'company': company.id,
                        'currency': company.currency.id, 'journal': journal.id,
                        'account': receivable.id,
                        'lines': [('create', [{
                                        'company': company.id,
                                        'currency': company.currency.id,
                                        'account': revenue.id,
                                        'quantity': 1,
                                        'unit_price': Decimal(10),
                                        'description': "Widget",
                                        }])],
                        }])
            email, = Email.create([{
                        'resource': str(sale), 'subject': "Order confirmed",
                        'recipients': f'{name.lower()}@example.com',
                        }])
            attachment, email_attachment = Attachment.create([{
                        'resource': str(sale), 'name': 'order.txt',
                        'data': b'order',
                        }, {
                        'resource': str(email), 'name': 'order.pdf',
                        'data': b'pdf',
                        }])
            documents[name] = {
                'party.party': party,
                'party.address': address,
                'party.contact_mechanism': party.contact_mechanisms[0],
                'sale.sale': sale,
                'sale.line': sale.lines[0],
                'stock.shipment.out': shipment,
                'stock.move': move,
                'stock.lot': lot,
                'account.invoice': invoice,
                'account.invoice.line': invoice.lines[0],
                'ir.email': email,
                'ir.attachment': attachment,
                'ir.attachment of ir.email': email_attachment,
                }
        return documents

    def assert_sees(self, documents, names):
        "Assert the current user reads the documents of exactly names"
        pool = Pool()
        for key in documents['A']:
            Model = pool.get(key.split()[0])
            for name in ['A', 'B']:
                record = documents[name][key]
                with self.subTest(document=key, party=name):
                    if hasattr(Model, 'resource'):
                        # Searched only by resource, whose access is checked
                        domain = [
                            ('resource', '=', str(record.resource)),
                            ('id', '=', record.id),
                            ]
                    else:
                        domain = [('id', '=', record.id)]
                    if name in names:
                        self.assertEqual(Model.search(domain), [record])
                        Model.read([record.id], ['rec_name'])
                        continue
                    if hasattr(Model, 'resource'):
                        with self.assertRaises(AccessError):
                            Model.search(domain)
                    else:
                        self.assertEqual(Model.search(domain), [])
                    with self.assertRaises(AccessError):
                        Model.read([record.id], ['rec_name'])

    def assert_counts_nothing(self, documents):
        "Assert a search of every kind of document finds the supplier's only"
        pool = Pool()
        for key in documents['A']:
            model = key.split()[0]
            Model = pool.get(model)
            if hasattr(Model, 'resource'):
                continue  # a search without resource is refused anyway
            with without_check_access():
                supplier = Model.search(SUPPLIER.get(model, [('id', '<', 0)]))
            with self.subTest(document=key):
                self.assertEqual(Model.search([]), supplier)
                self.assertEqual(Model.search_count([]), len(supplier))

    @classmethod
    def commit_customers(cls):
        """Create and commit the company and the documents of A and B;
        return their ids.

        Once per class, not per test: the company, its chart and the
        documents take seconds to create, and each test's changes to them
        are rolled back (with_transaction) before the next test.
        """
        extras = {}
        while True:
            with Transaction().start(DB_NAME, 1, **extras) as transaction:
                try:
                    company = create_company()
                    with set_company(company):
                        documents = cls.create_documents(company)
                    ids = {
                        'company': company.id,
                        'documents': {
                            name: {key: record.id
                                for key, record in records.items()}
                            for name, records in documents.items()},
                        }
                except TransactionError as error:
                    # Tables to lock first, as with_transaction does
                    transaction.rollback()
                    error.fix(extras)
                    continue
                transaction.commit()
                return ids

    def setup_customers(self):
        "Give the test the documents of A and B, the service user and A's session"
        pool = Pool()
        Company = pool.get('company.company')
        ids = self.customers
        self.company = Company(ids['company'])
        self.documents = {
            name: {key: pool.get(key.split()[0])(id_)
                for key, id_ in records.items()}
            for name, records in ids['documents'].items()}
        self.party_a = self.documents['A']['party.party']
        self.party_b = self.documents['B']['party.party']
        # Working for this company, as the test transaction sees it.
        self.service = service_user(self.company)
        # A session of the test's own: tests end or expire it.
        self.session = customer_session(self.party_a)

    @with_transaction()
    def test_quotation_stores_its_total(self):
        "A quoted sale stores its amounts, so the portal can sort on the total"
        pool = Pool()
        Sale = pool.get('sale.sale')
        self.setup_customers()
        sale = self.documents['A']['sale.sale']
        with set_company(self.company):
            Sale.write([sale], {
                    'shipment_address': sale.invoice_address.id,
                    })
            self.assertIsNone(sale.total_amount_cache)

            Sale.quote([sale])

            self.assertEqual(sale.total_amount_cache, Decimal(10))
            self.assertEqual(sale.total_amount_cache, sale.total_amount)

            Sale.draft([sale])
            self.assertIsNone(sale.total_amount_cache)

    @with_transaction()
    def test_integrator_reads_only_its_parties(self):
        "An integrator of party A cannot read party B's documents"
        pool = Pool()
        User = pool.get('res.user')
        self.setup_customers()
        integrator = create_user(
            'integrator', ['portal.group_portal_integrator'], self.company,
            portal_parties=[('add', [self.party_a.id])])

        with as_user(integrator):
            self.assert_sees(self.documents, ['A'])

        # The cached rules follow a change of the integrator's parties.
        User.write([integrator], {
                'portal_parties': [('add', [self.party_b.id])]})
        with as_user(integrator):
            self.assert_sees(self.documents, ['A', 'B'])

    @with_transaction()
    def test_integrator_without_parties_reads_nothing(self):
        "An integrator without parties reads no document"
        self.setup_customers()
        integrator = create_user(
            'integrator', ['portal.group_portal_integrator'], self.company)

        with as_user(integrator):
            self.assert_sees(self.documents, [])

    @with_transaction()
    def test_portal_rules_leave_other_users_alone(self):
        "The administrator and clerks are not restricted by the portal rules"
        self.setup_customers()
        clerk = create_user(
            'clerk', ['sale.group_sale', 'stock.group_stock',
                'account.group_account'], self.company)

        for user in [administrator(self.company), clerk]:
            with self.subTest(user=user.login), as_user(user):
                self.assert_sees(self.documents, ['A', 'B'])

    @with_transaction()
    def test_service_user_without_session_reads_nothing(self):
        "Without a live session of the customer, the service reads nothing"
        self.setup_customers()
        contexts = {
            'none': {},
            'party only': {'party': self.party_a},
            'session only': {'session': self.session},
            'unknown session': {'session': 'guessed', 'party': self.party_a},
            'party as text': {
                'session': self.session, 'party': str(self.party_a.id)},
            'party beyond ids': {'session': self.session, 'party': 2 ** 64},
            }
        for label, context in contexts.items():
            with self.subTest(context=label), \
                    as_portal(self.service, **context):
                self.assert_sees(self.documents, [])
                self.assert_counts_nothing(self.documents)

    @with_transaction()
    def test_service_user_reads_the_supplier_without_session(self):
        "The companies' parties are no customer data: always readable"
        pool = Pool()
        Company = pool.get('company.company')
        Party = pool.get('party.party')
        self.setup_customers()
        companies = Company.search([])
        with as_portal(self.service):
            company, = Company.read([self.company.id], [
                    'rec_name', 'party.name', 'party.addresses.full_address'])
            self.assertEqual(
                set(Party.search([])), {c.party for c in companies})
            with self.assertRaises(AccessError):
                Party.write([self.company.party], {'name': "Changed"})
        self.assertEqual(company['party.']['name'], self.company.party.name)

    @with_transaction()
    def test_service_user_reads_the_customer_of_its_session(self):
        "With A's session the service reads A's documents, and only for A"
        self.setup_customers()
        with as_portal(self.service, self.session, self.party_a):
            self.assert_sees(self.documents, ['A'])
        with as_portal(self.service, self.session, self.party_b):
            self.assert_sees(self.documents, [])
            self.assert_counts_nothing(self.documents)

    @with_transaction()
    def test_service_user_reads_a_secondary_party(self):
        "A web user acting for two parties shows the active one only"
        self.setup_customers()
        session = customer_session(
            self.party_a, secondary_parties=[self.party_b])

        with as_portal(self.service, session, self.party_b):
            self.assert_sees(self.documents, ['B'])
        with as_portal(self.service, session, self.party_a):
            self.assert_sees(self.documents, ['A'])

    @with_transaction()
    def test_service_user_session_logged_out(self):
        "A logged-out session reads nothing"
        pool = Pool()
        WebUser = pool.get('web.user')
        self.setup_customers()
        with as_portal(self.service, self.session, self.party_a):
            self.assert_sees(self.documents, ['A'])
            WebUser.portal_logout(self.session)
            self.assert_sees(self.documents, [])

    @with_transaction()
    def test_service_user_session_expired(self):
        "A session older than web_timeout reads nothing"
        self.setup_customers()
        set_config(self, 'session', 'web_timeout', '60')
        later = dt.datetime.now() + dt.timedelta(seconds=61)
        with patch('trytond.modules.web_user.user.datetime') as datetime:
            datetime.datetime.now.return_value = later
            datetime.timedelta = dt.timedelta
            with as_portal(self.service, self.session, self.party_a):
                self.assert_sees(self.documents, [])

    @with_transaction()
    def test_service_user_session_of_deactivated_web_user(self):
        "The session of a web user disabled by the back office reads nothing"
        pool = Pool()
        WebUser = pool.get('web.user')
        self.setup_customers()
        web_user = create_web_user('jane@example.com', party=self.party_a)
        session = web_user.new_session()

        WebUser.write([web_user], {'active': False})
        with as_portal(self.service, session, self.party_a):
            self.assert_sees(self.documents, [])

    @with_transaction()
    def test_session_looked_up_once_per_transaction(self):
        "Rules on many models cost one session lookup in a transaction"
        pool = Pool()
        WebUser = pool.get('web.user')
        self.setup_customers()
        with patch.object(WebUser, '_portal_session_acts_for',
                wraps=WebUser._portal_session_acts_for) as lookup, \
                as_portal(self.service, self.session, self.party_a):
            self.assert_sees(self.documents, ['A'])
        lookup.assert_called_once_with(self.session, self.party_a.id)

    @with_transaction()
    def test_service_user_writes_no_document(self):
        "The service changes its customer's documents only by entry points"
        pool = Pool()
        Sale = pool.get('sale.sale')
        SaleLine = pool.get('sale.line')
        Party = pool.get('party.party')
        Address = pool.get('party.address')
        Mechanism = pool.get('party.contact_mechanism')
        self.setup_customers()
        party = self.party_a
        sale = self.documents['A']['sale.sale']
        attempts = {
            'sale write': lambda: Sale.write(
                [Sale(sale.id)], {'description': "Changed"}),
            'sale create': lambda: Sale.create([{'party': party.id}]),
            'sale delete': lambda: Sale.delete([Sale(sale.id)]),
            'sale line write': lambda: SaleLine.write(
                [SaleLine(sale.lines[0].id)], {'quantity': 5}),
            'quote': lambda: Sale.quote([Sale(sale.id)]),
            'confirm': lambda: Sale.confirm([Sale(sale.id)]),
            'cancel': lambda: Sale.cancel([Sale(sale.id)]),
            'party write': lambda: Party.write(
                [Party(party.id)], {'name': "Changed"}),
            'party create': lambda: Party.create([{'name': "New"}]),
            'address write': lambda: Address.write(
                [Address(party.addresses[0].id)], {'street': "Changed"}),
            'address create': lambda: Address.create(
                [{'party': party.id, 'street': "New"}]),
            'contact write': lambda: Mechanism.write(
                [Mechanism(party.contact_mechanisms[0].id)],
                {'value': 'attacker@example.com'}),
            }
        for label, attempt in attempts.items():
            with self.subTest(attempt=label), \
                    as_portal(self.service, self.session, party):
                with self.assertRaises((AccessError, AccessButtonError)):
                    attempt()

        self.assertEqual(
            (sale.state, sale.description, sale.lines[0].quantity),
            ('draft', None, 1))
        self.assertEqual(party.name, 'A')
        self.assertEqual(party.addresses[0].street, None)
        self.assertEqual(party.contact_mechanisms[0].value, 'a@example.com')
        # A refused create is undone by the rollback of the RPC call, which
        # a test transaction does not do: checked over JSON-RPC.

    @with_transaction()
    def test_service_user_reads_no_staff(self):
        "The service reads no user nor employee, but its own preferences"
        pool = Pool()
        User = pool.get('res.user')
        Employee = pool.get('company.employee')
        company = create_company()
        employee, = Employee.create([{
                    'party': create_party("Kate").id,
                    'company': company.id,
                    }])
        service = service_user(company)
        clerk = create_user('clerk', ['sale.group_sale'], company)

        with as_portal(service):
            self.assertEqual(User.search_count([]), 0)
            self.assertEqual(Employee.search_count([]), 0)
            for Model, record in [(User, clerk), (Employee, employee)]:
                with self.assertRaises(AccessError):
                    Model.read([record.id], ['rec_name'])
            # As the RPC method does: without access checks
            with Transaction().set_context(_check_access=False):
                preferences = User.get_preferences()
        self.assertEqual(preferences['company'], company.id)

    @with_transaction()
    def test_service_user_cannot_change_its_password(self):
        "Neither the preferences nor a write change the service's password"
        pool = Pool()
        User = pool.get('res.user')
        service = service_user(create_company())
        User.write([service], {'password': 'portal-secret'})
        hashed = User(service.id).password_hash

        with as_portal(service):
            with Transaction().set_context(_check_access=False):
                with self.assertRaises(PortalServiceAccessError):
                    User.set_preferences({'password': 'stolen-1234'})
                User.set_preferences({'signature': "The portal"})
            with self.assertRaises(AccessError):
                User.write([User(service.id)], {'password': 'stolen-1234'})

        service = User(service.id)
        self.assertEqual(service.password_hash, hashed)
        self.assertEqual(service.signature, "The portal")

    @with_transaction()
    def test_portal_records_hides_other_parties(self):
        "A record of another party is refused exactly like a missing one"
        pool = Pool()
        Sale = pool.get('sale.sale')
        self.setup_customers()
        sale_a = self.documents['A']['sale.sale']
        sale_b = self.documents['B']['sale.sale']

        with as_portal(self.service, self.session, self.party_a):
            self.assertEqual(portal_records(Sale, [sale_a.id]), [sale_a])
            errors = []
            for ids in [[sale_b.id], [sale_a.id, sale_b.id], [10 ** 6],
                    [2 ** 63], [-1]]:
                with self.assertRaises(PortalNotFoundError) as refused:
                    portal_records(Sale, ids)
                errors.append(refused.exception.args)
            self.assertEqual(len(set(errors)), 1)
            self.assertNotIn('B', refused.exception.message)
            with self.assertRaises(PortalArgumentError):
                portal_records(Sale, ['1'])
        with as_portal(self.service, self.session), \
                self.assertRaises(PortalNotFoundError):
            portal_records(Sale, [sale_a.id])

    def integrator_of_a(self):
        "Return a user of Portal Integrator acting for party A"
        return create_user(
            'integrator', ['portal.group_portal_integrator'], self.company,
            portal_parties=[('add', [self.party_a.id])])

    @with_transaction()
    def test_integrator_cannot_read_other_customers_invoice_lines(self):
        "Invoice lines of B are out of reach, by id or by B's name"
        pool = Pool()
        InvoiceLine = pool.get('account.invoice.line')
        self.setup_customers()
        line_b = self.documents['B']['account.invoice.line']

        with as_user(self.integrator_of_a()):
            self.assertEqual(InvoiceLine.search(
                    [('invoice.party.name', '=', 'B')]), [])
            self.assertEqual(InvoiceLine.search([]), [
                    self.documents['A']['account.invoice.line']])
            with self.assertRaises(AccessError):
                InvoiceLine.read([line_b.id], ['quantity', 'unit_price'])

    @with_transaction()
    def test_integrator_reads_no_staff_login_or_email(self):
        "An integrator reads no user, employee nor internal note"
        pool = Pool()
        User = pool.get('res.user')
        Employee = pool.get('company.employee')
        Note = pool.get('ir.note')
        self.setup_customers()
        clerk = create_user('clerk', ['sale.group_sale'], self.company,
            email='clerk@example.com')
        employee, = Employee.create([{
                    'party': create_party("Kate").id,
                    'company': self.company.id,
                    }])
        note, = Note.create([{
                    'resource': str(self.documents['A']['sale.sale']),
                    'message': "Customer pays late",
                    }])

        with as_user(self.integrator_of_a()):
            self.assertEqual(User.search([]), [])
            self.assertEqual(User.search([('login', '=', 'clerk')]), [])
            self.assertEqual(Employee.search([]), [])
            for Model, record, field in [(User, clerk, 'email'),
                    (Employee, employee, 'rec_name'),
                    (Note, note, 'message')]:
                with self.subTest(model=Model.__name__), \
                        self.assertRaises(AccessError):
                    Model.read([record.id], [field])

    @with_transaction()
    def test_integrator_cannot_change_its_party_addresses_or_contacts(self):
        "An integrator reads its party but renames and adds to nothing"
        pool = Pool()
        Party = pool.get('party.party')
        Address = pool.get('party.address')
        Mechanism = pool.get('party.contact_mechanism')
        self.setup_customers()
        party = self.party_a
        attempts = {
            'rename': lambda: Party.write(
                [Party(party.id)], {'name': "Renamed"}),
            'create a party': lambda: Party.create([{'name': "New"}]),
            'write an address': lambda: Address.write(
                [Address(party.addresses[0].id)], {'street': "Elsewhere"}),
            'add an address': lambda: Address.create(
                [{'party': party.id, 'street': "Elsewhere"}]),
            'write a contact': lambda: Mechanism.write(
                [Mechanism(party.contact_mechanisms[0].id)],
                {'value': 'attacker@example.com'}),
            'add a contact': lambda: Mechanism.create([{
                        'party': party.id, 'type': 'email',
                        'value': 'attacker@example.com'}]),
            }
        integrator = self.integrator_of_a()
        for label, attempt in attempts.items():
            with self.subTest(attempt=label), as_user(integrator):
                self.assertEqual(Party.search([]), [party])
                with self.assertRaises(AccessError):
                    attempt()

        self.assertEqual(party.name, 'A')
        self.assertEqual(party.addresses[0].street, None)
        self.assertEqual(party.contact_mechanisms[0].value, 'a@example.com')

    def portal_administrator(self):
        "Return a back-office user of Portal Administration"
        return create_user(
            'portal_admin', ['portal.group_portal_admin'], self.company)

    @with_transaction()
    def test_portal_administration_gives_a_customer_portal_access(self):
        "From the party, a web user is created, invited and signs in"
        pool = Pool()
        Party = pool.get('party.party')
        WebUser = pool.get('web.user')
        Email = pool.get('ir.email')
        self.setup_customers()
        other = create_party("Other shop")

        with as_user(self.portal_administrator()):
            Party.write([Party(self.party_a.id)], {'web_users': [('create', [{
                                'email': 'buyer@a.example.com',
                                'secondary_parties': [('add', [other.id])],
                                }])]})
            web_user, = [u for u in Party(self.party_a.id).web_users
                if u.email == 'buyer@a.example.com']
            with patch.object(portal_mail, 'send_message') as send:
                WebUser.invite([web_user])
                self.assertEqual(run_queued_tasks(), ['send_portal_email'])
            web_user = WebUser(web_user.id)
            self.assertEqual(
                (web_user.email_kind, web_user.email_state),
                ('invitation', 'sent'))
            email, = Email.search([('resource', '=', str(web_user))])

        msg, = [c.args[0] for c in send.call_args_list]
        self.assertEqual(msg['To'], 'buyer@a.example.com')
        self.assertEqual(email.recipients, 'buyer@a.example.com')
        body = msg.get_body(('html', 'plain')).get_content()
        self.assertIn("Choose my password", body)
        self.assertIn(web_user.reset_password_token, body)

        # The customer follows the link, which proves the address.
        self.assertTrue(WebUser.set_password_token(
                'buyer@a.example.com', web_user.reset_password_token,
                'chosen'))
        self.assertTrue(WebUser(web_user.id).email_valid)
        with as_user(self.service):
            user = self.login('buyer@a.example.com', 'chosen')['user']
        self.assertEqual(
            [p['id'] for p in user['parties']], [self.party_a.id, other.id])

    @with_transaction()
    def test_portal_administration_deactivates_a_web_user(self):
        "A deactivated web user's session reads nothing any more"
        pool = Pool()
        WebUser = pool.get('web.user')
        self.setup_customers()
        web_user = create_web_user('jane@a.example.com', party=self.party_a)
        session = web_user.new_session()

        with as_user(self.portal_administrator()):
            WebUser.write([WebUser(web_user.id)], {'active': False})
            with self.assertRaises(AccessError):
                WebUser.delete([WebUser(web_user.id)])
        with as_portal(self.service, session, self.party_a):
            self.assert_sees(self.documents, [])

    @with_transaction()
    def test_validate_email_without_smtp_is_recorded_as_failed(self):
        "A failed e-mail shows why, in plain words, and can be resent"
        pool = Pool()
        WebUser = pool.get('web.user')
        self.setup_customers()
        web_user = create_web_user('jane@a.example.com', party=self.party_a)

        with as_user(self.portal_administrator()):
            with patch.object(portal_mail, 'send_message') as send:
                send.side_effect = ConnectionRefusedError(
                    111, "Connection refused by smtp.internal:25")
                WebUser.validate_email([WebUser(web_user.id)])
                run_queued_tasks()
            web_user = WebUser(web_user.id)
            self.assertEqual(
                (web_user.email_kind, web_user.email_state),
                ('validation', 'failed'))
            self.assertEqual(web_user.email_error, (
                    "The mail server could not be reached: "
                    "send the e-mail again later."))

            with patch.object(portal_mail, 'send_message') as send:
                WebUser.resend_email([web_user])
                run_queued_tasks()
            web_user = WebUser(web_user.id)
            self.assertEqual(web_user.email_state, 'sent')
            self.assertIsNone(web_user.email_error)
        self.assertIn(web_user.email_token, send.call_args.args[0].get_body(
                ('html', 'plain')).get_content())

    @with_transaction()
    def test_portal_administration_reads_no_customer_document(self):
        "Portal Administration reads parties and web users, no document"
        pool = Pool()
        self.setup_customers()
        with as_user(self.portal_administrator()):
            for model in ['sale.sale', 'sale.line', 'account.invoice',
                    'account.invoice.line', 'stock.shipment.out']:
                Model = pool.get(model)
                record = self.documents['B'][model]
                with self.subTest(model=model):
                    with self.assertRaises(AccessError):
                        Model.search([])
                    with self.assertRaises(AccessError):
                        Model.read([record.id], ['id'])
            for key in ['ir.attachment', 'ir.email']:
                record = self.documents['B'][key]
                with self.subTest(model=key), self.assertRaises(AccessError):
                    pool.get(key).read([record.id], ['id'])

    @with_transaction()
    def test_others_do_not_see_who_has_portal_access(self):
        "Outside the administrations, a party's web users are hidden"
        pool = Pool()
        Party = pool.get('party.party')
        self.setup_customers()
        clerk = create_user('clerk', ['sale.group_sale'], self.company)
        for user in [clerk, self.integrator_of_a()]:
            with self.subTest(user=user.login), as_user(user), \
                    self.assertRaises(AccessError):
                Party.read([self.party_a.id], ['web_users'])

    @with_transaction()
    def test_integrator_parties_are_set_by_administrators_only(self):
        "An integrator cannot add parties to itself"
        pool = Pool()
        User = pool.get('res.user')
        UserParty = pool.get('portal.user-party.party')
        party = create_party("B")
        integrator = create_user(
            'integrator', ['portal.group_portal_integrator'])

        with as_user(integrator):
            with self.assertRaises(AccessError):
                UserParty.create([{'user': integrator.id, 'party': party.id}])
            with self.assertRaises(AccessError):
                User.write([User(integrator.id)], {
                        'portal_parties': [('add', [party.id])]})


def modules_on_portal():
    "The installed modules that depend on portal: the access matrix covers them too"
    from trytond.modules import get_module_info, get_modules
    return sorted(m for m in get_modules() if 'portal' in (
            get_module_info(m).get('depends', [])
            + get_module_info(m).get('extras_depend', [])))


class AccessMatrixTestCase(DBTestCase):
    """Every non-admin group that logs in over RPC tries every operation on every
    model holding customer data, on the records of another customer"""
    module = 'portal'
    extras = modules_on_portal()

    def actors(self, company, parties, employees):
        "Return {name: (user, context)}: one user per group, acting for A"
        a, b = parties
        service = service_user(company)
        integrator = create_user(
            'integrator', ['portal.group_portal_integrator'], company,
            portal_parties=[('add', [a.id])])
        actors = {
            'integrator': (integrator, {}),
            'service_session': (service, {
                    'portal_session': customer_session(a), 'portal_party': a.id}),
            'service_none': (service, {}),
            # The least roles of a customer's web users: billing or acting taken away
            # must not open anything of another customer either.
            'service_buyer': (service, {
                    'portal_session': customer_session(a, role='buyer'),
                    'portal_party': a.id}),
            'service_viewer': (service, {
                    'portal_session': customer_session(a, role='viewer'),
                    'portal_party': a.id}),
            'portal_admin': (create_user(
                    'portal_admin', ['portal.group_portal_admin'], company), {}),
            }
        if 'event' in self.extras:
            sales = create_user('sales', ['event.group_event_sales'], company)
            other = create_user('other_sales', ['event.group_event_sales'], company)
            Pool().get('party.party').write([a], {'sales_responsible': sales.id},
                [b], {'sales_responsible': other.id})
            support = create_user('support', ['event.group_event_support'], company,
                employees=[('add', [employees[0].id])], employee=employees[0].id)
            actors.update({
                    'event_sales': (sales, {}),
                    'event_support': (support, {}),
                    'event_management': (create_user(
                            'manager', ['event.group_event_management'], company), {}),
                    })
        if 'pickup' in self.extras:
            actors['pickup'] = (create_user('pickup', ['pickup.group_pickup'], company), {})
        return actors

    def fixtures(self):
        "Company, customers A and B with their records; return (company, A, B, B's)"
        pool = Pool()
        Employee = pool.get('company.employee')
        company = create_company()
        with set_company(company):
            create_chart(company)
            if access_matrix.has_model('carrier'):
                access_matrix.create_carrier()
            a, b = (create_party(n, contact_mechanisms=[('create', [{
                                'type': 'email', 'value': f'{n}@example.com'}])])
                for n in ['Customer A', 'Customer B'])
            employees = Employee.create([{
                        'party': create_party(n).id, 'company': company.id}
                    for n in ["Kate", "Aliénor"]])
            access_matrix.create_customer_records(company, a, employees[0])
            foreign = access_matrix.create_customer_records(company, b, employees[1])
        return company, (a, b), employees, foreign

    @with_transaction()
    def test_a_refused_delete_stays_refused_when_tried_again(self):
        "Each probe starts afresh, as each RPC call does: no earlier probe hides a refusal"
        pool = Pool()
        Party = pool.get('party.party')
        company, (a, b), employees, foreign = self.fixtures()
        user, context = self.actors(company, (a, b), employees)['integrator']
        matrix = access_matrix.Matrix(foreign, b.name, {})
        with as_user(user, **context):
            attempts = [matrix.attempt(lambda: Party.delete([Party(b.id)]))
                for _ in range(2)]
        self.assertEqual(attempts, [0, 0])

    @with_transaction()
    def test_access_matrix(self):
        "No group reaches another customer's records but where ALLOWED says so"
        pool = Pool()
        Report = pool.get('ir.action.report')
        reached, unclassified = access_matrix.customer_data_models()
        self.assertEqual(unclassified, [], msg=(
                "Models holding customer data that the access matrix does not "
                "classify (tests/access_matrix.py): "
                + "\n".join(f"{m} (from {reached[m]})" for m in unclassified)))
        company, (a, b), employees, foreign = self.fixtures()
        models = sorted((m for m in reached if m in access_matrix.CUSTOMER_DATA
                or m in access_matrix.RESOURCES), key=access_matrix.probe_order)
        reports = {m: Report.search([('model', '=', m)]) for m in models}
        matrix = access_matrix.Matrix(foreign, b.name, reports)
        holes, lines = [], []
        for actor, (user, context) in self.actors(company, (a, b), employees).items():
            with patch('trytond.report.Report._execute',
                    return_value=('pdf', b'')), \
                    as_user(user, **context):
                for model in models:
                    result = matrix.run(model)
                    for mode in access_matrix.MODES:
                        count = result.get(mode)
                        if count is None:
                            continue
                        ok = not count or access_matrix.allowed(actor, model, mode)
                        extra = ''
                        if mode == 'button' and result.get('buttons'):
                            extra = ' ' + ','.join(result['buttons'])
                        line = (f"{actor:17} {model:34} {mode:7} "
                            f"{count:>3}{extra}{'' if ok else '  <- HOLE'}")
                        lines.append(line)
                        if not ok:
                            holes.append(line)
        print('\n'.join(["", "Access matrix: records of another customer reached "
                    "(actor, model, operation, count)", *lines,
                    f"{len(lines)} cells, {len(holes)} holes"]))
        self.assertEqual(holes, [])


del ModuleTestCase, DBTestCase

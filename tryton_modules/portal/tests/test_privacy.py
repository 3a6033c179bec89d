"""What a web user asks about itself: its personal data, closing its account"""
import json
import unittest

from trytond.model.exceptions import AccessError
from trytond.modules.company.tests import create_company
from trytond.modules.portal.exceptions import (
    PortalArgumentError,
    PortalNotFoundError,
    PortalServiceAccessError,
)
from trytond.modules.portal.privacy import REASON_SIZE
from trytond.modules.portal.tests import (
    as_portal,
    as_user,
    create_party,
    create_user,
    create_web_user,
    service_user,
)
from trytond.pool import Pool
from trytond.protocols.jsonrpc import JSONEncoder
from trytond.tests.test_tryton import activate_module, with_transaction
from trytond.transaction import Transaction

PASSWORD = 'correct horse battery'


class PrivacyTestCase(unittest.TestCase):
    "Test the personal data and the closure requests of web users"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_module('portal')

    def setup_customers(self):
        pool = Pool()
        Lang = pool.get('ir.lang')
        self.company = create_company()
        self.service = service_user(self.company)
        french, = Lang.search([('code', '=', 'fr')])
        self.party = create_party("Comptoir", lang=french.id, contact_mechanisms=[
                ('create', [
                        {'type': 'phone', 'value': '+33 4 78 00 00 00'},
                        {'type': 'email', 'value': 'sophie@comptoir.example.com'},
                        {'type': 'email', 'value': 'achats@comptoir.example.com'},
                        ])])
        self.other = create_party("Table", contact_mechanisms=[
                ('create', [{'type': 'email', 'value': 'chef@table.example.com'}])])
        self.sophie = create_web_user(
            'sophie@comptoir.example.com', PASSWORD, party=self.party,
            secondary_parties=[self.other], role='buyer')
        self.colleague = create_web_user(
            'achats@comptoir.example.com', PASSWORD, party=self.party)
        self.stranger = create_web_user(
            'chef@table.example.com', PASSWORD, party=self.other)

    def call(self, web_user, method, *args, party=None):
        pool = Pool()
        WebUser = pool.get('web.user')
        with as_portal(
                self.service, web_user.new_session(), party or self.party):
            return getattr(WebUser, method)(*args)

    @with_transaction()
    def test_personal_data_are_the_callers_own(self):
        "The caller's e-mail, party, roles and switches; no colleague's e-mail"
        self.setup_customers()

        data = self.call(self.sophie, 'portal_personal_data')

        self.assertEqual(data['web_user']['email'], 'sophie@comptoir.example.com')
        self.assertEqual(data['party']['name'], "Comptoir")
        self.assertEqual(data['party']['language'], 'fr')
        self.assertEqual(
            sorted(m['value'] for m in data['party']['contact_mechanisms']),
            ['+33 4 78 00 00 00', 'sophie@comptoir.example.com'])
        self.assertEqual(len(data['party']['addresses']), 1)
        self.assertEqual(
            [(r['customer']['name'], r['role']) for r in data['roles']],
            [("Comptoir", 'buyer'), ("Table", 'buyer')])
        self.assertIn('quotation', data['notifications'])
        self.assertEqual(data['closure_requests'], [])
        text = json.dumps(data, cls=JSONEncoder)
        self.assertNotIn('achats@', text)
        self.assertNotIn('chef@', text)
        self.assertNotIn('password', text)
        self.assertNotIn('token', text)

    @with_transaction()
    def test_personal_data_need_a_customer_session(self):
        "Without a web user session there is nobody's data"
        pool = Pool()
        WebUser = pool.get('web.user')
        self.setup_customers()

        with as_portal(self.service), self.assertRaises(PortalNotFoundError):
            WebUser.portal_personal_data()
        # A session acting for a party that is not its web user's: nobody.
        with as_portal(self.service, self.stranger.new_session(), self.party), \
                self.assertRaises(PortalNotFoundError):
            WebUser.portal_personal_data()

    @with_transaction()
    def test_only_the_service_user_calls_the_entry_points(self):
        "Another Tryton user may not call them, an integrator included"
        pool = Pool()
        WebUser = pool.get('web.user')
        self.setup_customers()
        integrator = create_user(
            'integrator', ['portal.group_portal_integrator'], self.company)

        for method, args in [
                ('portal_personal_data', ()),
                ('portal_closure_status', ()),
                ('portal_closure_request', (PASSWORD,)),
                ]:
            with self.subTest(method=method), as_user(
                    integrator, portal_session=self.sophie.new_session(),
                    portal_party=self.party.id), \
                    self.assertRaises(PortalServiceAccessError):
                getattr(WebUser, method)(*args)

    @with_transaction()
    def test_closure_request_needs_the_password(self):
        "A wrong password files nothing"
        pool = Pool()
        ClosureRequest = pool.get('web.user.closure_request')
        self.setup_customers()

        result = self.call(
            self.sophie, 'portal_closure_request', {'password': 'wrong'}, "Bye")

        self.assertIsNone(result)
        self.assertEqual(ClosureRequest.search([]), [])
        self.assertIsNone(self.call(self.sophie, 'portal_closure_status'))

    @with_transaction()
    def test_closure_request_is_filed_for_the_callers_web_user(self):
        "Filed for the session's web user, once, seen as pending"
        pool = Pool()
        ClosureRequest = pool.get('web.user.closure_request')
        self.setup_customers()

        filed = self.call(
            self.sophie, 'portal_closure_request', {'password': PASSWORD},
            "  Moving away  ")
        again = self.call(
            self.sophie, 'portal_closure_request', {'password': PASSWORD}, None)

        request, = ClosureRequest.search([])
        self.assertEqual(request.web_user, self.sophie)
        self.assertEqual(request.email, 'sophie@comptoir.example.com')
        self.assertEqual(request.party, self.party)
        self.assertEqual(request.reason, "Moving away")
        self.assertEqual(request.state, 'requested')
        self.assertEqual(filed['id'], request.id)
        self.assertEqual(again['id'], request.id)
        self.assertEqual(
            self.call(self.sophie, 'portal_closure_status')['id'], request.id)
        # A colleague of the same customer has none pending
        self.assertIsNone(self.call(self.colleague, 'portal_closure_status'))
        data = self.call(self.sophie, 'portal_personal_data')
        self.assertEqual(
            [r['state'] for r in data['closure_requests']], ['requested'])

    @with_transaction()
    def test_closure_request_refuses_malformed_input(self):
        "A reason too long or not text, a password not text: refused"
        pool = Pool()
        ClosureRequest = pool.get('web.user.closure_request')
        self.setup_customers()

        for args in [
                (PASSWORD, 'x' * (REASON_SIZE + 1)),
                (PASSWORD, 42),
                (None, "Bye"),
                ({'password': 1}, None),
                ]:
            with self.subTest(args=args), \
                    self.assertRaises(PortalArgumentError):
                self.call(self.sophie, 'portal_closure_request', *args)
        self.assertEqual(ClosureRequest.search([]), [])

    @with_transaction()
    def test_service_user_cannot_file_or_read_requests_directly(self):
        "Neither for another web user nor for its own: only the entry point"
        pool = Pool()
        ClosureRequest = pool.get('web.user.closure_request')
        self.setup_customers()
        self.call(self.stranger, 'portal_closure_request', PASSWORD,
            party=self.other)

        with as_portal(self.service, self.sophie.new_session(), self.party):
            with self.assertRaises(AccessError):
                ClosureRequest.create([{
                            'web_user': self.colleague.id,
                            'email': self.colleague.email}])
            with self.assertRaises(AccessError):
                ClosureRequest.create([{
                            'web_user': self.sophie.id,
                            'email': self.sophie.email}])
            with self.assertRaises(AccessError):
                ClosureRequest.search([])
        self.assertEqual(len(ClosureRequest.search([])), 1)

    @with_transaction()
    def test_only_portal_administration_reads_requests(self):
        "Integrators and other back-office users read none"
        pool = Pool()
        ClosureRequest = pool.get('web.user.closure_request')
        self.setup_customers()
        self.call(self.sophie, 'portal_closure_request', PASSWORD)
        request, = ClosureRequest.search([])
        users = {
            'integrator': create_user(
                'integrator', ['portal.group_portal_integrator'], self.company),
            'party_admin': create_user(
                'party_admin', ['party.group_party_admin'], self.company),
            'sales': create_user('sales', ['sale.group_sale'], self.company),
            }
        for name, user in users.items():
            with self.subTest(user=name), as_user(user):
                with self.assertRaises(AccessError):
                    ClosureRequest.search([])
                with self.assertRaises(AccessError):
                    ClosureRequest.read([request.id], ['email', 'reason'])

        admin = create_user(
            'portal_admin', ['portal.group_portal_admin'], self.company)
        with as_user(admin):
            self.assertEqual(
                [r.id for r in ClosureRequest.search([])], [request.id])
            with self.assertRaises(AccessError):
                ClosureRequest.create([{
                            'web_user': self.colleague.id,
                            'email': self.colleague.email}])

    @with_transaction()
    def test_back_office_closes_the_account(self):
        "Closing deactivates the web user and ends its sessions"
        pool = Pool()
        ClosureRequest = pool.get('web.user.closure_request')
        WebUser = pool.get('web.user')
        self.setup_customers()
        session = self.sophie.new_session()
        with as_portal(self.service, session, self.party):
            WebUser.portal_closure_request(PASSWORD, "Bye")
        request, = ClosureRequest.search([])
        admin = create_user(
            'portal_admin', ['portal.group_portal_admin'], self.company)

        with as_user(admin):
            ClosureRequest.close_account([ClosureRequest(request.id)])

        self.assertEqual(ClosureRequest(request.id).state, 'done')
        with Transaction().set_context(active_test=False):
            self.assertFalse(WebUser(self.sophie.id).active)
        self.assertTrue(WebUser(self.colleague.id).active)
        with as_user(self.service):
            self.assertIsNone(WebUser.portal_session(session))

    @with_transaction()
    def test_back_office_refuses_a_request(self):
        "A refused request leaves the account open and nothing pending"
        pool = Pool()
        ClosureRequest = pool.get('web.user.closure_request')
        WebUser = pool.get('web.user')
        self.setup_customers()
        self.call(self.sophie, 'portal_closure_request', PASSWORD)
        request, = ClosureRequest.search([])
        admin = create_user(
            'portal_admin', ['portal.group_portal_admin'], self.company)

        with as_user(admin):
            ClosureRequest.refuse([ClosureRequest(request.id)])

        self.assertEqual(ClosureRequest(request.id).state, 'refused')
        self.assertTrue(WebUser(self.sophie.id).active)
        self.assertIsNone(self.call(self.sophie, 'portal_closure_status'))



"A member's profile, e-mail change and the customer's addresses and contacts"
import datetime as dt
import unittest
from unittest.mock import patch

from trytond.modules.portal import mail as portal_mail
from trytond.modules.portal.exceptions import (
    PortalArgumentError,
    PortalMemberError,
    PortalNotFoundError,
    PortalRoleError,
    PortalServiceAccessError,
)
from trytond.modules.portal.tests import (
    as_portal,
    as_user,
    create_party,
    create_user,
    create_web_user,
    service_user,
)
from trytond.modules.portal.tests.fixtures import run_queued_tasks
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction
from trytond.transaction import Transaction

PASSWORD = 'correct horse battery'


class ProfileTestCase(unittest.TestCase):
    "A web user keeps its profile and login e-mail from the portal"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_module('portal')

    def setUp(self):
        super().setUp()
        patcher = patch.object(portal_mail, 'send_message')
        self.send = patcher.start()
        self.addCleanup(patcher.stop)

    def setup_users(self):
        self.a, self.b = create_party("A"), create_party("B")
        self.service = service_user()
        self.ann = create_web_user(
            'ann@a.example.com', PASSWORD, party=self.a, role='viewer')
        self.bea = create_web_user('bea@b.example.com', PASSWORD, party=self.b)

    def as_member(self, web_user, party=None):
        return as_portal(
            self.service, web_user.new_session(), party or web_user.party)

    def sent(self):
        "[(To, Subject)] of the e-mails sent since the last call"
        messages = [c.args[0] for c in self.send.call_args_list]
        self.send.reset_mock()
        return [(m['To'], m['Subject']) for m in messages]

    @with_transaction()
    def test_member_reads_and_writes_its_profile(self):
        "Name, phone and language go to its web user, whatever its role"
        pool = Pool()
        WebUser = pool.get('web.user')
        Lang = pool.get('ir.lang')
        french, = Lang.search([('code', '=', 'fr')])
        Lang.write([french], {'translatable': True})
        self.setup_users()
        with self.as_member(self.ann):
            self.assertEqual(WebUser.portal_profile(), {
                    'email': 'ann@a.example.com', 'name': '', 'phone': '',
                    'language': '', 'email_pending': ''})
            profile = WebUser.portal_profile_write({
                    'name': ' Ann Martin ', 'phone': '+33 4 72 00 00 00',
                    'language': 'fr', 'email': 'evil@example.com'})
        self.assertEqual(profile['name'], 'Ann Martin')
        ann = WebUser(self.ann.id)
        self.assertEqual(
            (ann.portal_name, ann.portal_phone, ann.portal_language.code,
                ann.email),
            ('Ann Martin', '+33 4 72 00 00 00', 'fr', 'ann@a.example.com'))
        # Its e-mails are in its language, and the portal takes it at sign-in
        self.assertEqual(ann.languages, [french])
        self.assertEqual(ann.get_portal_values()['language'], 'fr')
        self.assertEqual(WebUser(self.bea.id).portal_name, None)
        self.assertEqual(WebUser(self.bea.id).get_portal_values()['language'], '')

    @with_transaction()
    def test_profile_refuses_bad_values(self):
        pool = Pool()
        WebUser = pool.get('web.user')
        self.setup_users()
        for values in [
                {'language': 'xx'}, {'name': 'x' * 500}, {'phone': 3},
                ['name'], {'name': 'nul\x00'}]:
            with self.subTest(values=values), self.as_member(self.ann), \
                    self.assertRaises(PortalArgumentError):
                WebUser.portal_profile_write(values)

    @with_transaction()
    def test_profile_needs_a_live_session(self):
        "The service user without a customer's session has no profile"
        pool = Pool()
        WebUser = pool.get('web.user')
        self.setup_users()
        for context in [{}, {'session': 'nope', 'party': self.a}]:
            with self.subTest(context=context), \
                    as_portal(self.service, **context):
                with self.assertRaises(PortalNotFoundError):
                    WebUser.portal_profile()
                with self.assertRaises(PortalNotFoundError):
                    WebUser.portal_profile_write({'name': 'Mallory'})
                with self.assertRaises(PortalNotFoundError):
                    WebUser.portal_email_change_request(
                        {'password': PASSWORD}, 'new@example.com')

    @with_transaction()
    def test_other_users_are_refused(self):
        "Users outside Portal Service, administrator included, are refused"
        pool = Pool()
        WebUser = pool.get('web.user')
        Party = pool.get('party.party')
        User = pool.get('res.user')
        clerk = create_user('clerk', ['party.group_party_admin'])
        for user in [clerk, User(1)]:
            for call in [
                    lambda: WebUser.portal_profile(),
                    lambda: WebUser.portal_email_change_confirm('x'),
                    lambda: Party.portal_account(),
                    lambda: Party.portal_address_create({}),
                    ]:
                with self.subTest(user=user.login), as_user(user), \
                        self.assertRaises(PortalServiceAccessError):
                    call()

    @with_transaction()
    def test_email_change_by_link_to_the_new_address(self):
        "The password first, then the link; the old address gets a notice"
        pool = Pool()
        WebUser = pool.get('web.user')
        self.setup_users()
        with self.as_member(self.ann):
            self.assertFalse(WebUser.portal_email_change_request(
                    {'password': 'wrong password!'}, 'ann@new.example.com'))
            self.assertIsNone(WebUser(self.ann.id).portal_email_token)
            self.assertTrue(WebUser.portal_email_change_request(
                    {'password': PASSWORD}, ' Ann@New.example.com '))
        self.assertEqual(run_queued_tasks(), ['send_portal_email_change'])
        [(to, subject)] = self.sent()
        self.assertEqual(to, 'ann@new.example.com')
        ann = WebUser(self.ann.id)
        token = ann.portal_email_token
        self.assertEqual(len(token), 64)
        self.assertLessEqual(
            ann.portal_email_token_expire,
            dt.datetime.now() + dt.timedelta(hours=1))
        # Not changed until the link is followed
        self.assertEqual(ann.email, 'ann@a.example.com')

        with as_portal(self.service):
            self.assertIsNone(WebUser.portal_email_change_confirm('0' * 64))
            self.assertEqual(
                WebUser.portal_email_change_confirm(token),
                {'id': self.ann.id, 'email': 'ann@new.example.com'})
            # Once
            self.assertIsNone(WebUser.portal_email_change_confirm(token))
        self.assertEqual(run_queued_tasks(), ['send_portal_email_change'])
        self.assertEqual(
            [to for to, _ in self.sent()], ['ann@a.example.com'])
        ann = WebUser(self.ann.id)
        self.assertEqual(
            (ann.email, ann.email_valid), ('ann@new.example.com', True))
        self.assertTrue(WebUser.authenticate(
                'ann@new.example.com', PASSWORD))

    @with_transaction()
    def test_email_change_link_expires(self):
        pool = Pool()
        WebUser = pool.get('web.user')
        self.setup_users()
        with self.as_member(self.ann):
            WebUser.portal_email_change_request(
                {'password': PASSWORD}, 'ann@new.example.com')
        ann = WebUser(self.ann.id)
        token = ann.portal_email_token
        WebUser.write([ann], {
                'portal_email_token_expire':
                    dt.datetime.now() - dt.timedelta(seconds=1)})
        with as_portal(self.service):
            self.assertIsNone(WebUser.portal_email_change_confirm(token))
        self.assertEqual(WebUser(self.ann.id).email, 'ann@a.example.com')

    @with_transaction()
    def test_email_change_refuses_a_taken_address(self):
        pool = Pool()
        WebUser = pool.get('web.user')
        self.setup_users()
        for email in ['BEA@b.example.com', 'ann@a.example.com']:
            with self.subTest(email=email), self.as_member(self.ann), \
                    self.assertRaises(PortalMemberError):
                WebUser.portal_email_change_request(
                    {'password': PASSWORD}, email)
        self.assertIsNone(WebUser(self.ann.id).portal_email_token)


class AccountTestCase(unittest.TestCase):
    "The customer's addresses and contacts: read by all, written by admins"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_module('portal')

    def setup_parties(self):
        pool = Pool()
        Contact = pool.get('party.contact_mechanism')
        self.a, self.b = create_party("A"), create_party("B")
        self.service = service_user()
        self.admin = create_web_user('admin@a.example.com', party=self.a)
        self.buyer = create_web_user(
            'buyer@a.example.com', party=self.a, role='buyer')
        self.b_address, = self.b.addresses
        self.b_contact, = Contact.create([{
                    'party': self.b.id, 'type': 'email',
                    'value': 'b@b.example.com'}])

    def as_member(self, web_user, party=None):
        return as_portal(
            self.service, web_user.new_session(), party or web_user.party)

    @with_transaction()
    def test_every_role_reads_the_account(self):
        pool = Pool()
        Party = pool.get('party.party')
        self.setup_parties()
        with self.as_member(self.buyer):
            account = Party.portal_account()
        self.assertEqual(account['id'], self.a.id)
        self.assertEqual(account['name'], 'A')
        self.assertEqual(len(account['addresses']), 1)
        self.assertEqual(account['contacts'], [])
        self.assertFalse(account['has_posted_invoices'])

    @with_transaction()
    def test_admin_keeps_addresses(self):
        pool = Pool()
        Party = pool.get('party.party')
        Address = pool.get('party.address')
        Country = pool.get('country.country')
        Country.create([{'name': "France", 'code': 'FR'}])
        self.setup_parties()
        with self.as_member(self.admin):
            account = Party.portal_address_create({
                    'street': '3 rue Mercière', 'postal_code': '69002',
                    'city': 'Lyon', 'country': 'fr', 'party_name': 'A Lyon'})
            added, = [a for a in account['addresses']
                if a['city'] == 'Lyon']
            self.assertEqual(added['street'], '3 rue Mercière')
            Party.portal_address_write(added['id'], {'city': 'Villeurbanne'})
            first, = [a for a in account['addresses'] if a['id'] != added['id']]
            account = Party.portal_address_deactivate(first['id'])
            self.assertEqual(
                [a['city'] for a in account['addresses']], ['Villeurbanne'])
            # Never the last one
            with self.assertRaises(PortalMemberError):
                Party.portal_address_deactivate(added['id'])
            with self.assertRaises(PortalArgumentError):
                Party.portal_address_write(added['id'], {'country': 'ZZ'})
        with Transaction().set_context(active_test=False):
            self.assertFalse(Address(first['id']).active)

    @with_transaction()
    def test_admin_keeps_contacts(self):
        pool = Pool()
        Party = pool.get('party.party')
        self.setup_parties()
        with self.as_member(self.admin):
            account = Party.portal_contact_create({
                    'type': 'phone', 'value': '+33472000000',
                    'name': 'Desk'})
            contact, = account['contacts']
            account = Party.portal_contact_write(
                contact['id'], {'value': 'desk@a.example.com', 'type': 'x'})
            self.assertEqual(account['contacts'][0]['type'], 'phone')
            account = Party.portal_contact_delete(contact['id'])
            self.assertEqual(account['contacts'], [])
            for values in [{'type': 'website', 'value': 'x'},
                    {'type': 'email', 'value': ''}, 'email']:
                with self.subTest(values=values), \
                        self.assertRaises(PortalArgumentError):
                    Party.portal_contact_create(values)

    @with_transaction()
    def test_other_party_records_are_refused_as_missing(self):
        pool = Pool()
        Party = pool.get('party.party')
        self.setup_parties()
        with self.as_member(self.admin):
            for call in [
                    lambda: Party.portal_address_write(
                        self.b_address.id, {'city': 'X'}),
                    lambda: Party.portal_address_deactivate(
                        self.b_address.id),
                    lambda: Party.portal_contact_write(
                        self.b_contact.id, {'value': 'x@x.example.com'}),
                    lambda: Party.portal_contact_delete(self.b_contact.id),
                    lambda: Party.portal_address_write(2 ** 70, {}),
                    lambda: Party.portal_contact_delete('1'),
                    ]:
                with self.subTest(call=call), \
                        self.assertRaises(PortalNotFoundError):
                    call()
        self.assertTrue(self.b_contact.active)
        self.assertTrue(self.b_address.active)

    @with_transaction()
    def test_other_roles_may_not_write(self):
        "Refused in Tryton, not only hidden by the portal"
        pool = Pool()
        Party = pool.get('party.party')
        self.setup_parties()
        address, = self.a.addresses
        for role in ['buyer', 'accountant', 'viewer']:
            member = create_web_user(
                f'{role}2@a.example.com', party=self.a, role=role)
            for call in [
                    lambda: Party.portal_address_create({'city': 'X'}),
                    lambda: Party.portal_address_write(
                        address.id, {'city': 'X'}),
                    lambda: Party.portal_address_deactivate(address.id),
                    lambda: Party.portal_contact_create(
                        {'type': 'phone', 'value': '1'}),
                    ]:
                with self.subTest(role=role), self.as_member(member), \
                        self.assertRaises(PortalRoleError):
                    call()
        self.assertEqual(Party(self.a.id).addresses[0].city, None)

    @with_transaction()
    def test_service_user_without_session_is_refused(self):
        pool = Pool()
        Party = pool.get('party.party')
        self.setup_parties()
        for context in [{}, {'session': 'nope', 'party': self.a},
                {'session': self.admin.new_session(), 'party': self.b}]:
            with self.subTest(context=context), \
                    as_portal(self.service, **context):
                with self.assertRaises(PortalNotFoundError):
                    Party.portal_account()
                with self.assertRaises(PortalNotFoundError):
                    Party.portal_address_create({'city': 'X'})

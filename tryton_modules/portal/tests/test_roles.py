"Roles of web users inside a customer, as Tryton enforces them"
import unittest
from unittest.mock import patch

from trytond.model.exceptions import AccessError
from trytond.modules.company.tests import set_company
from trytond.modules.portal import mail as portal_mail
from trytond.modules.portal.exceptions import (
    PortalArgumentError,
    PortalMemberError,
    PortalNotFoundError,
    PortalRoleError,
)
from trytond.modules.portal.model import (
    ACTING_ROLES,
    BILLING_ROLES,
    MEMBER_ROLES,
    PORTAL_ROLES,
    check_portal_role,
)
from trytond.modules.portal.tests import (
    as_portal,
    as_user,
    create_party,
    create_user,
    create_web_user,
    customer_session,
)
from trytond.modules.portal.tests.fixtures import run_queued_tasks
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction
from trytond.transaction import Transaction

from . import test_module, test_sale

ROLES = [role for role, _ in PORTAL_ROLES]
BILLING_DOCUMENTS = [
    'account.invoice', 'account.invoice.line',
    'ir.attachment of account.invoice', 'ir.email of account.invoice']


class RoleTestCase(unittest.TestCase):
    "What each role of a web user may read and do for its customer"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_module('portal')
        # The company and documents of A and B, committed once for the class
        cls.customers = test_module.PortalTestCase.commit_customers()

    create_documents = test_module.PortalTestCase.create_documents
    quote_sale = test_sale.SaleTestCase.quote_sale

    def setup_customers(self):
        "A's and B's documents, an e-mail and attachment on each invoice"
        pool = Pool()
        Email = pool.get('ir.email')
        Attachment = pool.get('ir.attachment')
        test_module.PortalTestCase.setup_customers(self)
        for name in ['A', 'B']:
            invoice = self.documents[name]['account.invoice']
            email, = Email.create([{
                        'resource': str(invoice), 'subject': "Invoice",
                        'recipients': f'{name.lower()}@example.com',
                        }])
            attachment, = Attachment.create([{
                        'resource': str(invoice), 'name': 'invoice.pdf',
                        'data': b'pdf',
                        }])
            self.documents[name]['ir.email of account.invoice'] = email
            self.documents[name]['ir.attachment of account.invoice'] = (
                attachment)

    def sessions(self, party, secondary_parties=()):
        "{role: session of a new web user of party with role}"
        return {role: customer_session(
                    party, secondary_parties=secondary_parties, role=role)
            for role in ROLES}

    def readable(self, key, name):
        "Tell whether the current user reads name's document key"
        pool = Pool()
        record = self.documents[name][key]
        Model = pool.get(key.split()[0])
        domain = [('id', '=', record.id)]
        if hasattr(Model, 'resource'):
            domain.append(('resource', '=', str(record.resource)))
        try:
            found = Model.search(domain)
            Model.read([record.id], ['id'])
        except AccessError:
            return False
        return found == [record]

    @with_transaction()
    def test_session_carries_the_role_for_the_active_party(self):
        "The role is the web user's for the party the portal acts for"
        pool = Pool()
        WebUser = pool.get('web.user')
        Secondary = pool.get('web.user-party.party.secondary')
        a, b, c = (create_party(n) for n in "ABC")
        service = test_module.service_user()
        web_user = create_web_user(
            'jane@a.example.com', party=a, secondary_parties=[b], role='buyer')
        Secondary.write(list(web_user.secondary_party_roles), {
                'portal_role': 'accountant'})
        session = web_user.new_session()

        for party, role in [(a, 'buyer'), (b, 'accountant'), (c, None)]:
            with self.subTest(party=party.name), \
                    as_portal(service, session, party):
                self.assertEqual(WebUser.get_portal_context_role(), role)
        with as_portal(service, 'guessed', a):
            self.assertIsNone(WebUser.get_portal_context_role())
        self.assertEqual(
            WebUser(web_user.id).get_portal_values()['parties'], [
                {'id': a.id, 'name': 'A', 'role': 'buyer'},
                {'id': b.id, 'name': 'B', 'role': 'accountant'},
                ])

    @with_transaction()
    def test_role_and_party_resolved_by_one_lookup(self):
        "Role and party of a session cost one SQL lookup per transaction"
        pool = Pool()
        WebUser = pool.get('web.user')
        Invoice = pool.get('account.invoice')
        self.setup_customers()
        with patch.object(WebUser, '_portal_session_acts_for',
                    wraps=WebUser._portal_session_acts_for) as lookup, \
                as_portal(self.service, self.session, self.party_a):
            Invoice.search([])
            WebUser.get_portal_context_role()
            WebUser.get_portal_context_party()
        self.assertEqual(lookup.call_count, 1)

    @with_transaction()
    def test_billing_documents_read_by_admins_and_accountants_only(self):
        "A buyer's or viewer's session reads no invoice, line, e-mail or file"
        self.setup_customers()
        sessions = self.sessions(self.party_a)
        for role, session in sessions.items():
            with as_portal(self.service, session, self.party_a):
                for key in BILLING_DOCUMENTS:
                    with self.subTest(role=role, document=key):
                        self.assertEqual(
                            self.readable(key, 'A'), role in BILLING_ROLES)
                        self.assertFalse(self.readable(key, 'B'))

    @with_transaction()
    def test_buyer_reads_no_invoice_through_search_or_count(self):
        "Searching, counting or reading by id gives a buyer 0 invoices"
        pool = Pool()
        Invoice = pool.get('account.invoice')
        InvoiceLine = pool.get('account.invoice.line')
        self.setup_customers()
        session = customer_session(self.party_a, role='buyer')
        invoice = self.documents['A']['account.invoice']
        with as_portal(self.service, session, self.party_a):
            self.assertEqual(Invoice.search([]), [])
            self.assertEqual(Invoice.search_count([]), 0)
            self.assertEqual(InvoiceLine.search([]), [])
            with self.assertRaises(AccessError):
                Invoice.read([invoice.id], ['number'])

    @with_transaction()
    def test_every_role_reads_orders_and_shipments(self):
        "Orders, their lines, deliveries and their files are for every role"
        self.setup_customers()
        for role, session in self.sessions(self.party_a).items():
            with as_portal(self.service, session, self.party_a):
                for key in ['sale.sale', 'sale.line', 'stock.shipment.out',
                        'ir.email', 'ir.attachment']:
                    with self.subTest(role=role, document=key):
                        self.assertTrue(self.readable(key, 'A'))
                        self.assertFalse(self.readable(key, 'B'))

    @with_transaction()
    def test_role_is_the_one_for_the_active_party(self):
        "A web user accountant of A but buyer of B reads B's invoices not"
        pool = Pool()
        Secondary = pool.get('web.user-party.party.secondary')
        self.setup_customers()
        web_user = create_web_user(
            'jane@a.example.com', party=self.party_a,
            secondary_parties=[self.party_b], role='accountant')
        Secondary.write(list(web_user.secondary_party_roles), {
                'portal_role': 'buyer'})
        session = web_user.new_session()
        with as_portal(self.service, session, self.party_a):
            self.assertTrue(self.readable('account.invoice', 'A'))
        with as_portal(self.service, session, self.party_b):
            self.assertFalse(self.readable('account.invoice', 'B'))
            self.assertTrue(self.readable('sale.sale', 'B'))

    @with_transaction()
    def test_integrators_are_not_concerned_by_roles(self):
        "An integrator is no web user: it reads its parties' invoices"
        self.setup_customers()
        integrator = test_module.PortalTestCase.integrator_of_a(self)
        with as_user(integrator):
            self.assertTrue(self.readable('account.invoice', 'A'))
            self.assertTrue(self.readable('account.invoice.line', 'A'))
            self.assertFalse(self.readable('account.invoice', 'B'))
            check_portal_role(ACTING_ROLES, 'sale.sale.portal_accept')

    @with_transaction()
    def test_quotation_answered_by_admins_and_buyers_only(self):
        "Accountants and viewers are refused in Tryton; the sale is unchanged"
        pool = Pool()
        Sale = pool.get('sale.sale')
        self.setup_customers()
        for role, session in self.sessions(self.party_a).items():
            with set_company(self.company):
                accepted = self.quote_sale(self.company, party=self.party_a)
                declined = self.quote_sale(self.company, party=self.party_a)
            with self.subTest(role=role), \
                    as_portal(self.service, session, self.party_a):
                if role in ACTING_ROLES:
                    self.assertEqual(
                        Sale.portal_accept(accepted.id), 'confirmed')
                    self.assertEqual(
                        Sale.portal_decline(declined.id, "Too dear"),
                        'cancelled')
                    continue
                with self.assertRaises(PortalRoleError) as refused:
                    Sale.portal_accept(accepted.id)
                self.assertEqual(refused.exception.args[0],
                    'PortalRoleForbidden')
                with self.assertRaises(PortalRoleError):
                    Sale.portal_decline(declined.id, "Too dear")
            self.assertEqual(
                [Sale(accepted.id).state, Sale(declined.id).state],
                ['confirmed', 'cancelled'] if role in ACTING_ROLES
                else ['quotation', 'quotation'])

    @with_transaction()
    def test_without_a_customer_an_action_finds_nothing(self):
        "No live session for the party: not found, as another customer's sale"
        pool = Pool()
        Sale = pool.get('sale.sale')
        self.setup_customers()
        viewer_of_b = customer_session(self.party_b, role='viewer')
        with set_company(self.company):
            sale = self.quote_sale(self.company, party=self.party_a)
        for label, context in {
                'no session': {'party': self.party_a},
                "B's viewer acting for A": {
                    'session': viewer_of_b, 'party': self.party_a},
                }.items():
            with self.subTest(context=label), \
                    as_portal(self.service, **context), \
                    self.assertRaises(PortalNotFoundError):
                Sale.portal_accept(sale.id)
        self.assertEqual(Sale(sale.id).state, 'quotation')

    @with_transaction()
    def test_acting_entry_points_all_declare_their_roles(self):
        "Every entry point that changes customer data is gated by roles"
        pool = Pool()
        acting = {
            ('sale.sale', 'portal_accept'), ('sale.sale', 'portal_decline')}
        members = {('web.user', m) for m in [
                'portal_members', 'portal_member_invite', 'portal_member_role',
                'portal_member_remove']}
        for module_model, method in [
                ('pickup.request', 'portal_request'),
                ('pickup.request', 'portal_cancel'),
                ('event.event', 'portal_update')]:
            try:
                pool.get(module_model)
            except KeyError:
                continue
            acting.add((module_model, method))
        for model, method in acting | members:
            with self.subTest(entry_point=f'{model}.{method}'):
                roles = getattr(pool.get(model), method).portal_roles
                self.assertEqual(roles, ACTING_ROLES if (model, method)
                    in acting else MEMBER_ROLES)


class MembersTestCase(unittest.TestCase):
    "A customer's administrator manages its members from the portal"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_module('portal')

    def setUp(self):
        super().setUp()
        patcher = patch.object(portal_mail, 'send_message')
        self.send = patcher.start()
        self.addCleanup(patcher.stop)

    def setup_members(self):
        "Customer A: admin ann, buyer bob, viewer val (also of B); B: admin"
        pool = Pool()
        Secondary = pool.get('web.user-party.party.secondary')
        self.a, self.b = create_party("A"), create_party("B")
        self.service = test_module.service_user()
        self.ann = create_web_user('ann@a.example.com', party=self.a)
        self.bob = create_web_user(
            'bob@a.example.com', party=self.a, role='buyer')
        self.val = create_web_user(
            'val@b.example.com', party=self.b, secondary_parties=[self.a],
            role='viewer')
        Secondary.write(list(self.val.secondary_party_roles), {
                'portal_role': 'viewer'})
        self.bea = create_web_user('bea@b.example.com', party=self.b)

    def as_member(self, web_user, party=None):
        return as_portal(
            self.service, web_user.new_session(), party or web_user.party)

    def reload(self, web_user):
        pool = Pool()
        WebUser = pool.get('web.user')
        with Transaction().set_context(active_test=False):
            return WebUser(web_user.id)

    @with_transaction()
    def test_admin_lists_the_members_of_its_customer(self):
        "E-mail, role, state and the caller; nobody of another customer"
        pool = Pool()
        WebUser = pool.get('web.user')
        self.setup_members()
        with self.as_member(self.ann):
            members = WebUser.portal_members()
        self.assertEqual([(m['email'], m['role'], m['active'], m['is_caller'])
                for m in members], [
                ('ann@a.example.com', 'admin', True, True),
                ('bob@a.example.com', 'buyer', True, False),
                ('val@b.example.com', 'viewer', True, False),
                ])

    @with_transaction()
    def test_only_admins_manage_members(self):
        "Buyers, accountants and viewers are refused every member call"
        pool = Pool()
        WebUser = pool.get('web.user')
        self.setup_members()
        for role in ['buyer', 'accountant', 'viewer']:
            member = create_web_user(
                f'{role}@a.example.com', party=self.a, role=role)
            calls = {
                'list': lambda: WebUser.portal_members(),
                'invite': lambda: WebUser.portal_member_invite(
                    'new@a.example.com', 'admin'),
                'role': lambda member=member: WebUser.portal_member_role(
                    member.id, 'admin'),
                'remove': lambda: WebUser.portal_member_remove(self.ann.id),
                }
            for name, call in calls.items():
                with self.subTest(role=role, call=name), \
                        self.as_member(member), \
                        self.assertRaises(PortalRoleError):
                    call()
        self.assertEqual(self.reload(self.ann).portal_role, 'admin')
        self.assertFalse(WebUser.search([('email', '=', 'new@a.example.com')]))

    @with_transaction()
    def test_admin_invites_a_colleague(self):
        "The new web user acts for the customer with its role and is e-mailed"
        pool = Pool()
        WebUser = pool.get('web.user')
        self.setup_members()
        with self.as_member(self.ann):
            member = WebUser.portal_member_invite(
                ' Carl@A.example.com ', 'accountant')
        self.assertEqual(
            {k: member[k] for k in ['email', 'role', 'active', 'is_caller']},
            {'email': 'carl@a.example.com', 'role': 'accountant',
                'active': True, 'is_caller': False})
        carl = WebUser(member['id'])
        self.assertEqual((carl.party, carl.portal_role, carl.email_kind),
            (self.a, 'accountant', 'invitation'))
        self.assertTrue(carl.reset_password_token)
        self.assertEqual(run_queued_tasks(), ['send_portal_email'])
        self.assertEqual(
            self.send.call_args.args[0]['To'], 'carl@a.example.com')

    @with_transaction()
    def test_invitation_refused_for_a_taken_email_or_unknown_role(self):
        pool = Pool()
        WebUser = pool.get('web.user')
        self.setup_members()
        with self.as_member(self.ann):
            with self.assertRaises(PortalMemberError):
                WebUser.portal_member_invite('BEA@b.example.com', 'viewer')
            for role in ['owner', None, 1]:
                with self.subTest(role=role), \
                        self.assertRaises(PortalArgumentError):
                    WebUser.portal_member_invite('new@a.example.com', role)
            with self.assertRaises(PortalArgumentError):
                WebUser.portal_member_invite(['x@a.example.com'], 'viewer')
        self.assertEqual(
            WebUser.search([('email', '=', 'bea@b.example.com')]), [self.bea])

    @with_transaction()
    def test_admin_changes_a_role_for_its_customer_only(self):
        "A secondary party's role changes, the member's other roles stay"
        pool = Pool()
        WebUser = pool.get('web.user')
        self.setup_members()
        with self.as_member(self.ann):
            self.assertEqual(
                WebUser.portal_member_role(self.bob.id, 'accountant')['role'],
                'accountant')
            self.assertEqual(
                WebUser.portal_member_role(self.val.id, 'buyer')['role'],
                'buyer')
        val = self.reload(self.val)
        self.assertEqual(
            (val.portal_role_for(self.a), val.portal_role_for(self.b)),
            ('buyer', 'viewer'))
        self.assertEqual(self.reload(self.bob).portal_role, 'accountant')

    @with_transaction()
    def test_new_role_holds_at_once_for_the_member(self):
        "A demoted member's live session loses the rights in the next call"
        pool = Pool()
        WebUser = pool.get('web.user')
        self.setup_members()
        bob_session = self.bob.new_session()
        with self.as_member(self.ann):
            WebUser.portal_member_role(self.bob.id, 'viewer')
        with as_portal(self.service, bob_session, self.a):
            self.assertEqual(WebUser.get_portal_context_role(), 'viewer')

    @with_transaction()
    def test_last_admin_is_neither_demoted_nor_removed(self):
        pool = Pool()
        WebUser = pool.get('web.user')
        self.setup_members()
        with self.as_member(self.ann):
            with self.assertRaises(PortalMemberError):
                WebUser.portal_member_role(self.ann.id, 'buyer')
            with self.assertRaises(PortalMemberError):
                WebUser.portal_member_remove(self.ann.id)
            # With a second administrator, the first may step down
            WebUser.portal_member_role(self.bob.id, 'admin')
            WebUser.portal_member_role(self.ann.id, 'viewer')
        self.assertEqual(self.reload(self.ann).portal_role, 'viewer')

    @with_transaction()
    def test_inactive_admin_does_not_count_as_the_customer_admin(self):
        "Deactivated by the back office, an admin leaves the last one alone"
        pool = Pool()
        WebUser = pool.get('web.user')
        self.setup_members()
        other = create_web_user('old@a.example.com', party=self.a)
        WebUser.write([other], {'active': False})
        with self.as_member(self.ann), \
                self.assertRaises(PortalMemberError):
            WebUser.portal_member_remove(self.ann.id)

    @with_transaction()
    def test_removed_member_without_other_party_is_deactivated(self):
        "Its sessions end and it no longer acts for the customer"
        pool = Pool()
        WebUser = pool.get('web.user')
        self.setup_members()
        bob_session = self.bob.new_session()
        with self.as_member(self.ann):
            WebUser.portal_member_remove(self.bob.id)
            emails = [m['email'] for m in WebUser.portal_members()]
        bob = self.reload(self.bob)
        self.assertEqual((bob.active, bob.party), (False, None))
        self.assertNotIn('bob@a.example.com', emails)
        with as_portal(self.service, bob_session, self.a):
            self.assertIsNone(WebUser.get_portal_context_party())

    @with_transaction()
    def test_removed_member_keeps_its_other_customers(self):
        "Unlinked from the customer, a member of another one stays active"
        pool = Pool()
        WebUser = pool.get('web.user')
        self.setup_members()
        with self.as_member(self.ann):
            WebUser.portal_member_remove(self.val.id)
        val = self.reload(self.val)
        self.assertEqual((val.active, val.party, val.secondary_parties),
            (True, self.b, ()))
        # Removed by B's admin from its main party, A becomes its main one
        with self.as_member(self.bea):
            WebUser.portal_member_role(self.val.id, 'admin')
        create_web_user('val2@b.example.com', party=self.a,
            secondary_parties=[self.b], role='viewer')
        with self.as_member(self.bea):
            WebUser.portal_member_remove(self.val.id)
        self.assertFalse(self.reload(self.val).active)

    @with_transaction()
    def test_main_party_removed_promotes_the_secondary_one(self):
        pool = Pool()
        WebUser = pool.get('web.user')
        Secondary = pool.get('web.user-party.party.secondary')
        self.setup_members()
        dan = create_web_user('dan@b.example.com', party=self.b,
            secondary_parties=[self.a], role='buyer')
        Secondary.write(list(dan.secondary_party_roles), {
                'portal_role': 'accountant'})
        with self.as_member(self.bea):
            WebUser.portal_member_remove(dan.id)
        dan = self.reload(dan)
        self.assertEqual(
            (dan.active, dan.party, dan.portal_role, dan.secondary_parties),
            (True, self.a, 'accountant', ()))

    @with_transaction()
    def test_members_need_a_customer(self):
        "Without a live session for a party there is no member to manage"
        pool = Pool()
        WebUser = pool.get('web.user')
        self.setup_members()
        for context in [{}, {'party': self.a}, {
                    'session': self.bea.new_session(), 'party': self.a}]:
            with self.subTest(context=context), \
                    as_portal(self.service, **context):
                with self.assertRaises(PortalNotFoundError):
                    WebUser.portal_members()
                with self.assertRaises(PortalNotFoundError):
                    WebUser.portal_member_invite('new@example.com', 'admin')
                with self.assertRaises(PortalNotFoundError):
                    WebUser.portal_member_remove(self.ann.id)
        self.assertFalse(WebUser.search([('email', '=', 'new@example.com')]))

    @with_transaction()
    def test_admin_never_touches_another_customers_web_users(self):
        "B's web users are missing records to A's admin"
        pool = Pool()
        WebUser = pool.get('web.user')
        self.setup_members()
        with self.as_member(self.ann):
            for call in [
                    lambda: WebUser.portal_member_role(self.bea.id, 'viewer'),
                    lambda: WebUser.portal_member_remove(self.bea.id),
                    lambda: WebUser.portal_member_role(2 ** 64, 'viewer'),
                    lambda: WebUser.portal_member_remove('1'),
                    ]:
                with self.assertRaises(PortalNotFoundError):
                    call()
        bea = self.reload(self.bea)
        self.assertEqual((bea.active, bea.portal_role), (True, 'admin'))

    @with_transaction()
    def test_admin_of_a_secondary_party_manages_that_party_only(self):
        "An admin of B, viewer of A, manages B's members, not A's"
        pool = Pool()
        WebUser = pool.get('web.user')
        self.setup_members()
        WebUser.write([self.val], {'portal_role': 'admin'})
        with self.as_member(self.val, self.a), \
                self.assertRaises(PortalRoleError):
            WebUser.portal_members()
        with self.as_member(self.val, self.b):
            self.assertEqual(
                [m['email'] for m in WebUser.portal_members()],
                ['bea@b.example.com', 'val@b.example.com'])


class RoleStorageTestCase(unittest.TestCase):
    "Where roles are kept and who sets them"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_module('portal')

    @with_transaction()
    def test_new_web_user_is_a_viewer_but_a_party_first_is_proposed_admin(self):
        pool = Pool()
        WebUser = pool.get('web.user')
        party = create_party("A")
        self.assertEqual(
            WebUser.default_get(['portal_role']), {'portal_role': 'viewer'})
        web_user = WebUser(email='first@a.example.com', portal_role='viewer')
        web_user.party = party
        web_user.on_change_party()
        self.assertEqual(web_user.portal_role, 'admin')
        web_user.save()
        second = WebUser(email='second@a.example.com', portal_role='viewer')
        second.party = party
        second.on_change_party()
        self.assertEqual(second.portal_role, 'viewer')

    @with_transaction()
    def test_existing_web_users_become_administrators(self):
        "Web users from before roles could do everything: admin everywhere"
        pool = Pool()
        WebUser = pool.get('web.user')
        Secondary = pool.get('web.user-party.party.secondary')
        a, b = create_party("A"), create_party("B")
        create_web_user(
            'old@a.example.com', party=a, secondary_parties=[b], role='viewer')
        for Model in [WebUser, Secondary]:
            Model.__table_handler__('portal').drop_column('portal_role')
            Model.__register__('portal')
        cursor = Transaction().connection.cursor()
        for Model in [WebUser, Secondary]:
            table = Model.__table__()
            cursor.execute(*table.select(table.portal_role))
            with self.subTest(model=Model.__name__):
                self.assertEqual(list(cursor), [('admin',)])

    @with_transaction()
    def test_portal_administration_sets_roles(self):
        "The back office's Portal Administration edits both kinds of roles"
        pool = Pool()
        WebUser = pool.get('web.user')
        a, b = create_party("A"), create_party("B")
        web_user = create_web_user('jane@a.example.com', party=a, role='viewer')
        administrator = create_user(
            'portal_admin', ['portal.group_portal_admin'])
        with as_user(administrator):
            WebUser.write([WebUser(web_user.id)], {
                    'portal_role': 'buyer',
                    'secondary_party_roles': [('create', [{
                                    'party': b.id,
                                    'portal_role': 'accountant'}])],
                    })
        web_user = WebUser(web_user.id)
        self.assertEqual(
            (web_user.portal_role_for(a), web_user.portal_role_for(b)),
            ('buyer', 'accountant'))
        self.assertEqual(web_user.secondary_parties, (b,))

    @with_transaction()
    def test_roles_are_not_set_by_other_groups(self):
        "A sales clerk cannot give itself a role, nor read web users"
        pool = Pool()
        WebUser = pool.get('web.user')
        web_user = create_web_user(
            'jane@a.example.com', party=create_party("A"), role='viewer')
        clerk = create_user('clerk', ['sale.group_sale'])
        with as_user(clerk), self.assertRaises(AccessError):
            WebUser.write([WebUser(web_user.id)], {'portal_role': 'admin'})

import unittest
from unittest.mock import patch

from trytond.modules.company.tests import create_company, set_company
from trytond.modules.portal import mail as portal_mail
from trytond.modules.portal.exceptions import (
    PortalArgumentError,
    PortalNotFoundError,
    PortalServiceAccessError,
)
from trytond.modules.portal.tests import (
    as_user,
    create_party,
    create_user,
    create_web_user,
    service_user,
)
from trytond.modules.portal.tests.fixtures import run_queued_tasks
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction


def email_contact(address):
    return ('create', [{'type': 'email', 'value': address}])


class BulkInvitationTestCase(unittest.TestCase):
    "Test the invitation of parties' contacts in bulk (manage.py portal_invite)"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_module('portal')

    def setUp(self):
        super().setUp()
        patcher = patch.object(portal_mail, 'send_message')
        self.send_message = patcher.start()
        self.addCleanup(patcher.stop)

    def parties(self):
        bistro = create_party("Bistro", code='C-BISTRO', contact_mechanisms=[
                email_contact('Chef@Bistro.example.com'),
                email_contact('compta@bistro.example.com'),
                email_contact('not an e-mail'),
                ])
        cave = create_party("Cave", code='C-CAVE', contact_mechanisms=[
                email_contact('cave@example.com'),
                email_contact('compta@bistro.example.com'),
                ])
        create_web_user('cave@example.com', party=cave)
        return bistro, cave

    def invite(self, *args, **kwargs):
        pool = Pool()
        User = pool.get('res.user')
        WebUser = pool.get('web.user')
        lea = User.search([('login', '=', 'lea')]) or [
            create_user('lea', groups=['portal.group_portal_admin'])]
        with as_user(lea[0]):
            return WebUser.portal_invite_parties(*args, **kwargs)

    @with_transaction()
    def test_contacts_without_web_user_are_invited_once(self):
        "Each new e-mail gets a web user and an invitation, the first as admin"
        pool = Pool()
        WebUser = pool.get('web.user')
        bistro, cave = self.parties()

        result = self.invite(['C-BISTRO', cave.id])

        self.assertEqual(
            [(r['party']['code'], r['email'], r['role'], r['status'])
                for r in result], [
                ('C-BISTRO', 'chef@bistro.example.com', 'admin', 'invited'),
                ('C-BISTRO', 'compta@bistro.example.com', 'viewer', 'invited'),
                ('C-BISTRO', 'not an e-mail', None, 'invalid'),
                ('C-CAVE', 'cave@example.com', None, 'has_account'),
                ('C-CAVE', 'compta@bistro.example.com', None, 'duplicate'),
                ])
        chef, = WebUser.search([('email', '=', 'chef@bistro.example.com')])
        self.assertEqual(
            (chef.party, chef.portal_role, chef.email_kind),
            (bistro, 'admin', 'invitation'))
        run_queued_tasks()
        self.assertEqual(
            sorted(c.args[0]['To'] for c in self.send_message.call_args_list),
            ['chef@bistro.example.com', 'compta@bistro.example.com'])

    @with_transaction()
    def test_dry_run_changes_nothing(self):
        "A dry run tells what would be done, creates and sends nothing"
        pool = Pool()
        WebUser = pool.get('web.user')
        self.parties()
        before = WebUser.search_count([])

        result = self.invite(['C-BISTRO'], role='buyer', dry_run=True)

        self.assertEqual(
            [(r['email'], r['role'], r['status']) for r in result[:2]], [
                ('chef@bistro.example.com', 'buyer', 'to_invite'),
                ('compta@bistro.example.com', 'buyer', 'to_invite'),
                ])
        self.assertEqual(WebUser.search_count([]), before)
        self.assertEqual(run_queued_tasks(), [])
        self.send_message.assert_not_called()

    @with_transaction()
    def test_all_customers_are_the_parties_with_sales(self):
        "all_customers adds every party with a sale that is not cancelled"
        pool = Pool()
        Sale = pool.get('sale.sale')
        bistro, cave = self.parties()
        company = create_company()
        with set_company(company):
            Sale.create([{'party': bistro.id}])
            cancelled, = Sale.create([{'party': cave.id}])
            Sale.cancel([cancelled])

        result = self.invite([], all_customers=True, dry_run=True)

        self.assertEqual({r['party']['code'] for r in result}, {'C-BISTRO'})

    @with_transaction()
    def test_unknown_party_role_or_argument_is_refused(self):
        "An unknown party, role or argument is refused before anything is done"
        self.parties()
        for args, kwargs, error in [
                ([['C-NOWHERE']], {}, PortalNotFoundError),
                ([[10 ** 30]], {}, PortalArgumentError),
                (['C-BISTRO'], {}, PortalArgumentError),
                ([['C-BISTRO']], {'role': 'owner'}, PortalArgumentError),
                ]:
            with self.subTest(args=args, kwargs=kwargs):
                with self.assertRaises(error):
                    self.invite(*args, **kwargs)

    @with_transaction()
    def test_the_portal_service_user_may_not_invite_parties(self):
        "The portal's service user acts for a customer's session, never in bulk"
        pool = Pool()
        WebUser = pool.get('web.user')
        self.parties()

        with as_user(service_user()), self.assertRaises(PortalServiceAccessError):
            WebUser.portal_invite_parties(['C-BISTRO'])

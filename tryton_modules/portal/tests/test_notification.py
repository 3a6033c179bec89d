"""The e-mails told to the customers' web users, and their switches"""
import datetime as dt
import unittest
from decimal import Decimal
from unittest.mock import patch

import trytond.config as config
from trytond.modules.company.tests import create_company, set_company
from trytond.modules.portal import mail as portal_mail
from trytond.modules.portal.exceptions import (
    PortalArgumentError,
    PortalNotFoundError,
)
from trytond.modules.portal.notification import KIND_NAMES, QUEUE_NAME
from trytond.modules.portal.tests import (
    as_portal,
    create_party,
    create_web_user,
    service_user,
    test_sale,
    test_statement,
)
from trytond.modules.portal.tests.test_module import set_config
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction
from trytond.transaction import Transaction

PORTAL_URL = 'https://portal.example.com'


class NotificationTestCase(test_statement.CustomerBooks, unittest.TestCase):
    "Test the e-mails of the changes that matter to the customers"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_module('portal')

    def setUp(self):
        super().setUp()
        if not config.has_section('portal'):
            config.add_section('portal')
        set_config(self, 'portal', 'url', PORTAL_URL + '/')
        # The webhook is off: the e-mails do not depend on it.
        set_config(self, 'portal', 'webhook_url', '')
        self.addCleanup(Transaction().tasks.clear)

    quote_sale = test_sale.SaleTestCase.quote_sale

    def sent(self, failure=None):
        """Run the queued e-mail tasks, the SMTP server raising failure if
        given; return {recipient: message} of the e-mails sent. The other
        tasks (a confirmed sale's processing, which needs books) are dropped."""
        pool = Pool()
        Queue = pool.get('ir.queue')
        transaction = Transaction()
        with patch.object(
                portal_mail, 'send_message', side_effect=failure) as send:
            while transaction.tasks:
                task = Queue(transaction.tasks.pop())
                if task.name == QUEUE_NAME:
                    task.run()
        messages = [c.args[0] for c in send.call_args_list]
        return {m['To']: m for m in messages}

    def quotation_recipients(self, company, party):
        "Quote a sale of party; return to whom its e-mails were sent"
        with set_company(company):
            self.quote_sale(company, party)
            return list(self.sent())

    def customer_with_roles(self, name, roles):
        "Create a customer and one web user per role; return them"
        party = create_party(name, account_receivable=getattr(
                getattr(self, 'receivable', None), 'id', None))
        users = {role: create_web_user(
                f'{role}@{name.lower()}.example.com', party=party, role=role)
            for role in roles}
        return party, users

    @with_transaction()
    def test_quotation_emails_the_customers_web_users_only(self):
        "A quotation is e-mailed to A's web users, secondary ones too, not B's"
        company = create_company()
        party_a, users_a = self.customer_with_roles("A", ['admin', 'viewer'])
        party_b, users_b = self.customer_with_roles("B", ['admin'])
        party_c = create_party("C")
        # Acts for C, and for A as a secondary party
        colleague = create_web_user(
            'colleague@c.example.com', party=party_c,
            secondary_parties=[party_a], role='buyer')
        with set_company(company):
            sale = self.quote_sale(company, party_a)
            sent = self.sent()

        self.assertEqual(sorted(sent), sorted([
                    users_a['admin'].email, users_a['viewer'].email,
                    colleague.email]))
        msg = sent[colleague.email]
        self.assertEqual(
            msg['Subject'], f"Quotation {sale.rec_name} is ready for you.")
        url = f'{PORTAL_URL}/orders/{sale.id}/'
        self.assertIn(url, msg.get_body(('plain',)).get_content())
        html = msg.get_body(('html',)).get_content()
        self.assertIn(f'href="{url}"', html)
        self.assertIn(f'{PORTAL_URL}/notifications/settings/', html)

    @with_transaction()
    def test_change_made_through_the_portal_is_emailed(self):
        "A quotation a member accepts in the portal e-mails the confirmation"
        pool = Pool()
        Sale = pool.get('sale.sale')
        company = create_company()
        party, users = self.customer_with_roles("A", ['admin', 'buyer'])
        with set_company(company):
            sale = self.quote_sale(company, party)
            self.sent()
            with as_portal(
                    service_user(company), users['buyer'].new_session(),
                    party):
                Sale.portal_accept(sale.id)
            sent = self.sent()

        self.assertEqual(sorted(sent), sorted(
                [users['admin'].email, users['buyer'].email]))
        self.assertEqual(
            sent[users['admin'].email]['Subject'],
            f"Order {sale.rec_name} is confirmed.")

    @with_transaction()
    def test_outcome_recorded_for_the_back_office(self):
        "Each e-mail is a record whose outcome the back office reads"
        pool = Pool()
        NotificationEmail = pool.get('portal.notification.email')
        Email = pool.get('ir.email')
        company = create_company()
        party, users = self.customer_with_roles("A", ['admin'])
        with set_company(company):
            sale = self.quote_sale(company, party)
            notification, = NotificationEmail.search([])
            self.assertEqual(notification.email_state, 'pending')
            self.sent(failure=OSError)

            notification = NotificationEmail(notification.id)
            self.assertEqual(notification.email_state, 'failed')
            self.assertTrue(notification.email_error)
            self.assertEqual(notification.resource, sale)
            self.assertEqual(notification.web_user, users['admin'])

            NotificationEmail.resend([notification])
            self.sent()
            self.assertEqual(
                NotificationEmail(notification.id).email_state, 'sent')
            email, = Email.search([('resource', '=', str(notification))])
            self.assertEqual(email.recipients, users['admin'].email)

    @with_transaction()
    def test_invoice_emailed_to_billing_roles_only(self):
        "An invoice posted is e-mailed to admins and accountants, not buyers"
        company = create_company()
        with set_company(company):
            Date = Pool().get('ir.date')
            today = Date.today()
            self.create_books(company, today)
            party, users = self.customer_with_roles(
                "A", ['admin', 'accountant', 'buyer', 'viewer'])
            invoice = self.post_invoice(company, party, today, Decimal(10))
            sent = self.sent()

        self.assertEqual(sorted(sent), sorted([
                    users['admin'].email, users['accountant'].email]))
        self.assertIn(
            f'{PORTAL_URL}/invoices/{invoice.id}/',
            sent[users['admin'].email].get_body(('plain',)).get_content())

    @with_transaction()
    def test_switched_off_kind_sends_nothing(self):
        "A web user who switched quotations off is not e-mailed them"
        pool = Pool()
        WebUser = pool.get('web.user')
        company = create_company()
        party, users = self.customer_with_roles("A", ['admin', 'buyer'])
        WebUser.write([users['buyer']], {
                'portal_notifications': [
                    k for k in KIND_NAMES if k != 'quotation']})

        self.assertEqual(
            self.quotation_recipients(company, party), [users['admin'].email])

    @with_transaction()
    def test_inactive_web_users_are_not_emailed(self):
        "A deactivated web user hears nothing"
        pool = Pool()
        WebUser = pool.get('web.user')
        company = create_company()
        party, users = self.customer_with_roles("A", ['admin', 'buyer'])
        WebUser.write([users['buyer']], {'active': False})

        self.assertEqual(
            self.quotation_recipients(company, party), [users['admin'].email])

    @with_transaction()
    def test_email_in_the_customers_language(self):
        "A French customer's web users read French"
        pool = Pool()
        Lang = pool.get('ir.lang')
        Party = pool.get('party.party')
        french, = Lang.search([('code', '=', 'fr')])
        Lang.load_translations([french])
        company = create_company()
        party, users = self.customer_with_roles("A", ['admin'])
        Party.write([party], {'lang': french.id})
        with set_company(company):
            sale = self.quote_sale(company, party)
            msg, = self.sent().values()

        self.assertEqual(
            msg['Subject'], f"Le devis {sale.rec_name} est prêt pour vous.")
        self.assertIn(
            "L'ouvrir dans le portail client",
            msg.get_body(('plain',)).get_content())

    @with_transaction()
    def test_nothing_without_the_portal_url(self):
        "Without [portal] url no e-mail is queued"
        pool = Pool()
        NotificationEmail = pool.get('portal.notification.email')
        set_config(self, 'portal', 'url', '')
        company = create_company()
        party, _ = self.customer_with_roles("A", ['admin'])
        with set_company(company):
            self.quote_sale(company, party)

            self.assertEqual(NotificationEmail.search([]), [])
            self.assertEqual(self.sent(), {})

    @with_transaction()
    def test_overdue_reminder_sent_once(self):
        "The daily task e-mails an overdue invoice's billing roles once"
        pool = Pool()
        Invoice = pool.get('account.invoice')
        company = create_company()
        with set_company(company):
            Date = pool.get('ir.date')
            today = Date.today()
            self.create_books(company, today)
            party, users = self.customer_with_roles(
                "A", ['admin', 'buyer'])
            overdue = self.post_invoice(
                company, party, today - dt.timedelta(days=10), Decimal(200))
            self.post_invoice(
                company, party, today + dt.timedelta(days=10), Decimal(30))
            self.sent()  # the "invoice issued" e-mails

            Invoice.portal_remind_overdue()
            sent = self.sent()
            Invoice.portal_remind_overdue()
            sent_again = self.sent()

            self.assertTrue(Invoice(overdue.id).portal_overdue_reminded_at)
        msg, = sent.values()
        self.assertEqual(msg['To'], users['admin'].email)
        self.assertEqual(
            msg['Subject'], f"Invoice {overdue.rec_name} is overdue.")
        self.assertIn("200", msg.get_body(('plain',)).get_content())
        self.assertEqual(sent_again, {})


class NotificationSettingsTestCase(unittest.TestCase):
    "Test the switches a web user changes from the portal"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_module('portal')

    def setup_web_users(self):
        self.company = create_company()
        self.service = service_user(self.company)
        self.party = create_party("A")
        self.admin = create_web_user('admin@a.example.com', party=self.party)
        self.buyer = create_web_user(
            'buyer@a.example.com', party=self.party, role='buyer')

    def call(self, web_user, method, *args):
        pool = Pool()
        WebUser = pool.get('web.user')
        with as_portal(self.service, web_user.new_session(), self.party):
            return getattr(WebUser, method)(*args)

    def enabled(self, web_user):
        pool = Pool()
        WebUser = pool.get('web.user')
        return sorted(WebUser(web_user.id).portal_notifications)

    @with_transaction()
    def test_every_kind_is_on_by_default(self):
        "A new web user receives every e-mail its role may"
        self.setup_web_users()

        settings = self.call(self.admin, 'portal_notification_settings')

        self.assertEqual(settings, {'kinds': [
                    {'kind': k, 'enabled': True} for k in KIND_NAMES]})

    @with_transaction()
    def test_buyer_is_offered_no_invoice_kinds(self):
        "A buyer neither sees nor sets the invoice e-mails"
        self.setup_web_users()

        settings = self.call(self.buyer, 'portal_notification_settings')
        kinds = [k['kind'] for k in settings['kinds']]
        self.assertNotIn('invoice_posted', kinds)
        self.assertIn('quotation', kinds)

        with self.assertRaises(PortalArgumentError):
            self.call(
                self.buyer, 'portal_notification_settings_set',
                ['invoice_posted'])

    @with_transaction()
    def test_set_changes_the_callers_web_user_only(self):
        "Switching off changes the caller's switches, not a colleague's"
        self.setup_web_users()

        settings = self.call(
            self.buyer, 'portal_notification_settings_set', ['quotation'])

        self.assertEqual(
            [k['kind'] for k in settings['kinds'] if k['enabled']],
            ['quotation'])
        # The invoice kinds, not the buyer's to change, keep their value.
        self.assertEqual(
            self.enabled(self.buyer),
            sorted(['quotation', 'invoice_posted', 'invoice_overdue']))
        self.assertEqual(self.enabled(self.admin), sorted(KIND_NAMES))
        settings = self.call(self.buyer, 'portal_notification_settings')
        self.assertEqual(
            [k['kind'] for k in settings['kinds'] if k['enabled']],
            ['quotation'])

    @with_transaction()
    def test_malformed_kinds_are_refused(self):
        "Anything but a list of known kinds is refused, nothing changed"
        self.setup_web_users()

        for kinds in ['quotation', ['unknown'], [1], None, {'quotation': 1}]:
            with self.subTest(kinds=kinds), \
                    self.assertRaises(PortalArgumentError):
                self.call(
                    self.admin, 'portal_notification_settings_set', kinds)
        self.assertEqual(self.enabled(self.admin), sorted(KIND_NAMES))

    @with_transaction()
    def test_settings_need_a_customer_session(self):
        "Without a web user session there is nobody's settings"
        pool = Pool()
        WebUser = pool.get('web.user')
        self.setup_web_users()

        with as_portal(self.service), \
                self.assertRaises(PortalNotFoundError):
            WebUser.portal_notification_settings_set([])
        self.assertEqual(self.enabled(self.admin), sorted(KIND_NAMES))

"""The e-mails about a web user's identity: HTML with a text part, in its
party's language, from the supplier named in them.

The test database loads no French translation: the French versions are
tested against the demo database (portal/tests/accounts/test_identity_emails_tryton.py).
"""
import unittest
from unittest.mock import patch

from trytond.modules.company.tests import create_company
from trytond.modules.portal import mail as portal_mail
from trytond.modules.portal.tests import (
    as_portal,
    create_party,
    create_web_user,
    service_user,
)
from trytond.modules.portal.tests.fixtures import run_queued_tasks
from trytond.pool import Pool
from trytond.tests.test_tryton import activate_module, with_transaction
from trytond.transaction import Transaction

PASSWORD = 'correct horse battery'
NEW_PASSWORD = 'seven green bottles on the wall'


class IdentityEmailTestCase(unittest.TestCase):
    "Test the invitation, reset, validation and password-changed e-mails"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_module('portal')

    def setUp(self):
        super().setUp()
        patcher = patch.object(portal_mail, 'send_message')
        self.send_message = patcher.start()
        self.addCleanup(patcher.stop)
        self.addCleanup(Transaction().tasks.clear)

    def web_user(self, language, password=PASSWORD):
        pool = Pool()
        Lang = pool.get('ir.lang')
        self.company = create_company()
        lang, = Lang.search([('code', '=', language)])
        party = create_party(f"Client {language}", lang=lang.id)
        return create_web_user(
            f'{language}@client.example.com', password, party=party)

    def sent(self):
        "Run the queued tasks; return the messages sent, by recipient"
        self.send_message.reset_mock()
        run_queued_tasks()
        return {c.args[0]['To']: c.args[0]
            for c in self.send_message.call_args_list}

    def parts(self, msg):
        "Return (subject, text part, HTML part) after checking the structure"
        self.assertEqual(msg.get_content_type(), 'multipart/alternative')
        self.assertEqual(
            [p.get_content_type() for p in msg.iter_parts()],
            ['text/plain', 'text/html'])
        return (str(msg['Subject']),
            msg.get_body(('plain',)).get_content(),
            msg.get_body(('html',)).get_content())

    def send(self, kind, web_user):
        pool = Pool()
        WebUser = pool.get('web.user')
        if kind == 'invitation':
            WebUser.invite([web_user])
        elif kind == 'reset':
            WebUser.reset_password([web_user])
        elif kind == 'validation':
            WebUser.validate_email([web_user])
        return self.sent()[web_user.email]

    @with_transaction()
    def test_english_emails(self):
        "Each e-mail has both parts in English and names the supplier"
        web_user = self.web_user('en')
        company = self.company.rec_name
        for kind, subject, words in [
                ('reset', "Reset Password", "Choose a new password"),
                ('invitation', "Portal Invitation", "Choose my password"),
                ('validation', "Email Validation", "Confirm my address"),
                ]:
            with self.subTest(kind=kind):
                msg = self.send(kind, web_user)
                title, text, html = self.parts(msg)
                self.assertEqual(title, f"{subject} · {company}")
                self.assertEqual(msg['Content-Language'], 'en')
                for part in (text, html):
                    self.assertIn(words, part)
                    self.assertIn(company, part)
                    self.assertIn(web_user.email, part)
                self.assertIn('<a href=', html)
                self.assertNotIn('<a href=', text)

    @with_transaction()
    def test_password_change_is_notified(self):
        "A changed password is told to the web user"
        pool = Pool()
        WebUser = pool.get('web.user')
        web_user = self.web_user('en')
        service = service_user(self.company)
        session = web_user.new_session()

        with as_portal(service, session):
            changed = WebUser.portal_change_password(
                session, {'password': PASSWORD}, {'password': NEW_PASSWORD})
        msg = self.sent()[web_user.email]

        self.assertTrue(changed)
        title, text, html = self.parts(msg)
        self.assertEqual(
            title, f"Password Changed · {self.company.rec_name}")
        self.assertIn("has just been changed", html)
        self.assertIn("has just been changed", text)
        self.assertIn(self.company.rec_name, text)
        self.assertEqual(WebUser(web_user.id).email_kind, 'password_changed')

    @with_transaction()
    def test_wrong_old_password_notifies_nothing(self):
        pool = Pool()
        WebUser = pool.get('web.user')
        web_user = self.web_user('en')
        service = service_user(self.company)
        session = web_user.new_session()

        with as_portal(service, session):
            changed = WebUser.portal_change_password(
                session, {'password': 'wrong'}, {'password': NEW_PASSWORD})

        self.assertFalse(changed)
        self.assertEqual(self.sent(), {})

    @with_transaction()
    def test_reset_is_notified_but_not_a_first_password(self):
        "A reset changes a password; choosing one from an invitation does not"
        pool = Pool()
        WebUser = pool.get('web.user')
        web_user = self.web_user('en')
        invited = create_web_user(
            'new@client.example.com', party=web_user.party)
        service = service_user(self.company)
        WebUser.reset_password([web_user])
        WebUser.invite([invited])
        self.sent()

        with as_portal(service):
            for user in (web_user, invited):
                user = WebUser(user.id)
                self.assertTrue(WebUser.portal_reset_password(
                        user.email, user.reset_password_token,
                        {'password': NEW_PASSWORD}))
        sent = self.sent()

        self.assertEqual(list(sent), [web_user.email])
        title, text, html = self.parts(sent[web_user.email])
        self.assertIn("has just been changed", text)

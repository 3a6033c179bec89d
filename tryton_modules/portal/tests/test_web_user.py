import datetime as dt
import unittest
from unittest.mock import patch

import trytond.config as config
from trytond.modules.portal import mail as portal_mail
from trytond.modules.portal import web_user as portal_web_user
from trytond.modules.portal.exceptions import (
    PortalPasswordError,
    PortalRateLimitError,
    PortalServiceAccessError,
    PortalSessionEndedError,
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

CUSTOMER_IP = '203.0.113.7'
ATTACKER_IP = '198.51.100.66'
PORTAL_IP = '10.0.0.5'


def set_config(test, section, option, value):
    "Set a trytond option for the duration of the test"
    old = config.get(section, option)
    config.set(section, option, value)
    if old is not None:
        test.addCleanup(config.set, section, option, old)
    else:
        def remove():
            config._config.remove_option(section, option)
            config._cache_clear()
        test.addCleanup(remove)


class WebUserLoginTestCase(unittest.TestCase):
    "Test that the portal's login cannot be turned against customers"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_module('portal')

    def setUp(self):
        super().setUp()
        set_config(self, 'session', 'max_attempt', '3')
        set_config(self, 'password', 'length', '4')
        # Nothing must sleep: make any sleep fail the test.
        patcher = patch('time.sleep', side_effect=AssertionError("slept"))
        patcher.start()
        self.addCleanup(patcher.stop)

    def login(self, email, password, remote_address=CUSTOMER_IP):
        pool = Pool()
        WebUser = pool.get('web.user')
        with Transaction().set_context(_request={'remote_addr': PORTAL_IP}):
            return WebUser.portal_login(
                email, {'password': password}, remote_address)

    def fail_logins(self, email, times, remote_address):
        for _ in range(times):
            self.assertIsNone(self.login(email, 'guess', remote_address))

    @with_transaction()
    def test_failures_from_another_address_do_not_lock_the_customer_out(self):
        "Failures on an e-mail from one address leave its owner's address open"
        create_web_user('jane@example.com', 'secret')

        with as_portal(service_user()):
            self.fail_logins('jane@example.com', 4, ATTACKER_IP)
            with self.assertRaises(PortalRateLimitError):
                self.login('jane@example.com', 'secret', ATTACKER_IP)

            self.assertTrue(
                self.login('jane@example.com', 'secret', CUSTOMER_IP))

    @with_transaction()
    def test_failures_are_counted_per_email_and_address(self):
        "The limit applies to an e-mail from one address, without sleeping"
        create_web_user('jane@example.com', 'secret')

        with as_portal(service_user()):
            self.fail_logins('jane@example.com', 4, CUSTOMER_IP)
            with self.assertRaises(PortalRateLimitError) as cm:
                self.login('jane@example.com', 'secret', CUSTOMER_IP)
            self.assertEqual(cm.exception.code, 429)
            # Another e-mail from the same address is not locked
            create_web_user('john@example.com', 'other')
            self.assertTrue(
                self.login('john@example.com', 'other', CUSTOMER_IP))

    @with_transaction()
    def test_success_forgets_the_failures_of_its_address_only(self):
        "A login clears the failures from its own address, not the others'"
        pool = Pool()
        Attempt = pool.get('web.user.authenticate.attempt')
        create_web_user('jane@example.com', 'secret')

        with as_portal(service_user()):
            self.fail_logins('jane@example.com', 2, CUSTOMER_IP)
            self.fail_logins('jane@example.com', 2, ATTACKER_IP)
            self.assertTrue(
                self.login('jane@example.com', 'secret', CUSTOMER_IP))

        self.assertEqual(
            [a.ip_address for a in Attempt.search([])], [ATTACKER_IP] * 2)

    @with_transaction()
    def test_unknown_email_checks_a_password_hash_too(self):
        "An unknown e-mail costs a hash check as a known one does"
        create_web_user('jane@example.com', 'secret')
        create_web_user('invited@example.com')

        with as_portal(service_user()), \
                patch.object(portal_web_user.PASSWORD_HASH, 'verify',
                    wraps=portal_web_user.PASSWORD_HASH.verify) as dummy, \
                patch.object(portal_web_user.PASSWORD_HASH, 'verify_and_update',
                    wraps=portal_web_user.PASSWORD_HASH.verify_and_update
                    ) as real:
            self.login('jane@example.com', 'guess')
            self.login('nobody@example.com', 'guess')
            self.login('invited@example.com', 'guess')

        self.assertEqual(real.call_count, 1)
        self.assertEqual(dummy.call_count, 2)

    @with_transaction()
    def test_stronger_hash_is_not_a_password_change(self):
        "Rehashing a password at login keeps the user's other sessions"
        pool = Pool()
        WebUser = pool.get('web.user')
        web_user = create_web_user('jane@example.com', 'secret')

        with as_portal(service_user()):
            first = self.login('jane@example.com', 'secret')['session']
            with patch.object(portal_web_user.PASSWORD_HASH, 'verify_and_update',
                    return_value=(True, 'new-hash')):
                self.assertTrue(self.login('jane@example.com', 'secret'))
            self.assertTrue(WebUser.portal_session(first))
        table = WebUser.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*table.select(
                table.password_hash, where=table.id == web_user.id))
        self.assertEqual(cursor.fetchone(), ('new-hash',))


class WebUserSessionEndTestCase(unittest.TestCase):
    "Test that sessions end when they should"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_module('portal')

    def setUp(self):
        super().setUp()
        set_config(self, 'password', 'length', '4')

    def sessions(self, web_user):
        pool = Pool()
        Session = pool.get('web.user.session')
        return {s.key for s in Session.search([('user', '=', web_user.id)])}

    @with_transaction()
    def test_password_change_ends_the_other_sessions(self):
        "A password changed from one session ends the user's other sessions"
        pool = Pool()
        WebUser = pool.get('web.user')
        jane = create_web_user('jane@example.com', 'secret')
        john = create_web_user('john@example.com', 'other')
        current, other = jane.new_session(), jane.new_session()
        johns = john.new_session()

        with Transaction().set_context(portal_session=current):
            WebUser.write([jane], {'password': 'new secret'})

        self.assertEqual(self.sessions(jane), {current})
        self.assertEqual(self.sessions(john), {johns})
        self.assertNotIn(other, self.sessions(jane))

    @with_transaction()
    def test_password_reset_ends_every_session(self):
        "A password set from a reset link ends all the user's sessions"
        pool = Pool()
        WebUser = pool.get('web.user')
        jane = create_web_user('jane@example.com', 'secret')
        jane.new_session()
        jane.set_reset_password_token()
        jane.save()

        self.assertTrue(WebUser.set_password_token(
                'jane@example.com', jane.reset_password_token, 'new secret'))

        self.assertEqual(self.sessions(jane), set())

    @with_transaction()
    def test_deactivation_ends_every_session(self):
        "A deactivated web user loses its sessions, even when reactivated"
        pool = Pool()
        WebUser = pool.get('web.user')
        jane = create_web_user('jane@example.com', 'secret')
        session = jane.new_session()

        WebUser.write([jane], {'active': False})
        WebUser.write([jane], {'active': True})

        self.assertEqual(self.sessions(jane), set())
        self.assertIsNone(WebUser.get_user(session))

    @with_transaction()
    def test_other_changes_keep_the_sessions(self):
        "Changing the party of a web user keeps its sessions"
        pool = Pool()
        WebUser = pool.get('web.user')
        jane = create_web_user('jane@example.com', 'secret')
        session = jane.new_session()

        WebUser.write([jane], {'party': create_party("Shop").id})

        self.assertEqual(self.sessions(jane), {session})

    @with_transaction()
    def test_customer_call_of_an_ended_session_is_refused(self):
        "The portal's customer calls on an ended session are refused"
        pool = Pool()
        Party = pool.get('party.party')
        WebUser = pool.get('web.user')
        shop = create_party("Shop")
        jane = create_web_user('jane@example.com', 'secret', party=shop)
        session = jane.new_session()
        service = service_user()

        with as_portal(service, session, shop), \
                Transaction().set_context(portal_session_required=True):
            self.assertIn(shop, Party.search([]))
        WebUser.write([jane], {'password': 'new secret'})

        with as_portal(service, session, shop), \
                Transaction().set_context(portal_session_required=True):
            with self.assertRaises(PortalSessionEndedError) as cm:
                Party.search([])
        self.assertEqual(cm.exception.args[0], 'PortalSessionEnded')
        # Without the flag, as for the integrators' rules: nothing to see
        with as_portal(service, session, shop):
            self.assertNotIn(shop, Party.search([]))

    @with_transaction()
    def test_customer_call_for_another_party_is_not_a_session_end(self):
        "A live session naming a party that is not its own sees nothing"
        pool = Pool()
        Party = pool.get('party.party')
        shop, other = create_party("Shop"), create_party("Other")
        session = create_web_user(
            'jane@example.com', 'secret', party=shop).new_session()

        with as_portal(service_user(), session, other), \
                Transaction().set_context(portal_session_required=True):
            found = Party.search([])
        self.assertNotIn(other, found)
        self.assertNotIn(shop, found)


NEW_PASSWORD = 'a long new passphrase'


class WebUserPasswordTestCase(unittest.TestCase):
    "Test the portal's password reset and change"

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        activate_module('portal')

    def setUp(self):
        super().setUp()
        set_config(self, 'password', 'length', '4')
        set_config(self, 'web', 'reset_password_url',
            'https://portal.example/accounts/password/reset/key/')
        # A failed token must not hold the worker: make any sleep fail.
        patcher = patch('time.sleep', side_effect=AssertionError("slept"))
        patcher.start()
        self.addCleanup(patcher.stop)

    def sessions(self, web_user):
        pool = Pool()
        Session = pool.get('web.user.session')
        return {s.key for s in Session.search([('user', '=', web_user.id)])}

    def has_password(self, web_user, password):
        pool = Pool()
        WebUser = pool.get('web.user')
        # Not web.user.authenticate: it sleeps at the end of the transaction
        hash_ = WebUser(web_user.id).password_hash
        return portal_web_user._password_check(password, hash_)[0]

    def request_reset(self, email):
        "Ask for the reset e-mail as the portal does; return the messages sent"
        pool = Pool()
        WebUser = pool.get('web.user')
        with as_user(service_user()):
            self.assertIsNone(WebUser.portal_reset_request(email))
        with patch.object(portal_mail, 'send_message') as send:
            run_queued_tasks()
        return [c.args[0] for c in send.call_args_list]

    def reset(self, email, token, password=NEW_PASSWORD):
        pool = Pool()
        WebUser = pool.get('web.user')
        with as_user(service_user()):
            return WebUser.portal_reset_password(
                email, token, {'password': password})

    @with_transaction()
    def test_reset_request_e_mails_a_portal_link(self):
        "The reset e-mail links to the portal's page with a fresh token"
        jane = create_web_user('jane@example.com', 'secret')

        messages = self.request_reset('Jane@Example.com ')

        self.assertEqual(len(messages), 1)
        self.assertEqual(messages[0]['To'], 'jane@example.com')
        body = messages[0].get_body(('html',)).get_content()
        self.assertIn(
            'https://portal.example/accounts/password/reset/key/'
            '?email=jane%40example.com&amp;token=' + jane.reset_password_token,
            body)
        # The text part (html2text) holds the same link, unescaped
        text = messages[0].get_body(('plain',)).get_content()
        self.assertIn(
            'https://portal.example/accounts/password/reset/key/'
            '?email=jane%40example.com&token=' + jane.reset_password_token,
            text)
        self.assertEqual(jane.email_kind, 'reset')
        self.assertEqual(jane.email_state, 'sent')

    @with_transaction()
    def test_reset_request_of_an_unknown_e_mail_sends_nothing(self):
        "An unknown or deactivated e-mail is answered the same, with no e-mail"
        pool = Pool()
        WebUser = pool.get('web.user')
        gone = create_web_user('gone@example.com', 'secret')
        WebUser.write([gone], {'active': False})

        self.assertEqual(self.request_reset('nobody@example.com'), [])
        self.assertEqual(self.request_reset('gone@example.com'), [])

    @with_transaction()
    def test_reset_sets_the_password_once_and_ends_every_session(self):
        "The token sets the password once, proves the e-mail, ends sessions"
        pool = Pool()
        WebUser = pool.get('web.user')
        jane = create_web_user('jane@example.com', 'secret')
        jane.new_session()
        self.request_reset('jane@example.com')
        token = jane.reset_password_token

        self.assertTrue(self.reset('jane@example.com', token))

        jane = WebUser(jane.id)
        self.assertTrue(jane.email_valid)
        self.assertIsNone(jane.reset_password_token)
        self.assertEqual(self.sessions(jane), set())
        self.assertTrue(self.has_password(jane, NEW_PASSWORD))
        self.assertFalse(self.reset('jane@example.com', token, 'another one!'))

    @with_transaction()
    def test_wrong_or_expired_token_is_refused_without_sleeping(self):
        "A wrong, foreign or expired token sets nothing and returns at once"
        pool = Pool()
        WebUser = pool.get('web.user')
        jane = create_web_user('jane@example.com', 'secret')
        john = create_web_user('john@example.com', 'other')
        self.request_reset('jane@example.com')
        self.request_reset('john@example.com')

        self.assertFalse(self.reset('jane@example.com', 'guess'))
        self.assertFalse(self.reset('jane@example.com', 'é'))
        self.assertFalse(self.reset('nobody@example.com', 'guess'))
        self.assertFalse(self.reset(
                'jane@example.com', john.reset_password_token))
        WebUser.write([jane], {
                'reset_password_token_expire':
                dt.datetime.now() - dt.timedelta(seconds=1),
                })
        self.assertFalse(self.reset(
                'jane@example.com', jane.reset_password_token))
        self.assertIsNone(WebUser(jane.id).reset_password_token)
        self.assertTrue(self.has_password(jane, 'secret'))

    @with_transaction()
    def test_reset_token_lasts_the_configured_hour(self):
        "The link expires after [session] web_timeout_reset"
        jane = create_web_user('jane@example.com', 'secret')
        set_config(self, 'session', 'web_timeout_reset', '3600')
        before = dt.datetime.now()

        self.request_reset('jane@example.com')

        self.assertLessEqual(
            jane.reset_password_token_expire - before,
            dt.timedelta(seconds=3601))

    @with_transaction()
    def test_short_password_is_refused(self):
        "A new password shorter than 12 characters is refused"
        jane = create_web_user('jane@example.com', 'secret')
        self.request_reset('jane@example.com')

        with self.assertRaises(PortalPasswordError):
            self.reset('jane@example.com', jane.reset_password_token, 'x' * 11)

    @with_transaction()
    def test_change_password_keeps_the_current_session_only(self):
        "A changed password ends the other sessions, not the current one"
        pool = Pool()
        WebUser = pool.get('web.user')
        jane = create_web_user('jane@example.com', 'secret')
        current, other = jane.new_session(), jane.new_session()

        with as_user(service_user()):
            self.assertFalse(WebUser.portal_change_password(
                    current, {'password': 'wrong'},
                    {'password': NEW_PASSWORD}))
        self.assertEqual(self.sessions(jane), {current, other})
        with as_user(service_user()):
            with self.assertRaises(PortalPasswordError):
                WebUser.portal_change_password(
                    current, {'password': 'secret'}, {'password': 'short'})
            self.assertTrue(WebUser.portal_change_password(
                    current, {'password': 'secret'},
                    {'password': NEW_PASSWORD}))

        self.assertEqual(self.sessions(jane), {current})
        self.assertTrue(self.has_password(jane, NEW_PASSWORD))

    @with_transaction()
    def test_change_password_of_an_ended_session_is_refused(self):
        "An unknown session cannot change a password"
        pool = Pool()
        WebUser = pool.get('web.user')

        with as_user(service_user()):
            with self.assertRaises(PortalSessionEndedError):
                WebUser.portal_change_password(
                    'unknown', {'password': 'secret'},
                    {'password': NEW_PASSWORD})

    @with_transaction()
    def test_password_entry_points_refuse_other_users(self):
        "Only the Portal Service group calls them, not the administrator"
        pool = Pool()
        WebUser = pool.get('web.user')
        User = pool.get('res.user')
        clerk = create_user('clerk', ['party.group_party_admin'])

        for user in [clerk, User(1)]:
            with self.subTest(user=user.login), as_user(user):
                for call in [
                        lambda: WebUser.portal_reset_request('a@example.com'),
                        lambda: WebUser.portal_reset_password(
                            'a@example.com', 'token', NEW_PASSWORD),
                        lambda: WebUser.portal_change_password(
                            'key', 'old', NEW_PASSWORD),
                        ]:
                    with self.assertRaises(PortalServiceAccessError):
                        call()

import datetime as dt
import ipaddress
from collections.abc import Mapping
from secrets import compare_digest, token_hex
from weakref import WeakKeyDictionary

import trytond.config as config
from sql import Literal
from sql.aggregate import Count
from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.modules.web_user.user import EmailResetPassword
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.report import Report, get_email
from trytond.res.user import PASSWORD_HASH
from trytond.rpc import RPC
from trytond.tools.email_ import set_from_header
from trytond.transaction import Transaction, without_check_access

from .exceptions import (
    PortalArgumentError,
    PortalMemberError,
    PortalNotFoundError,
    PortalPasswordError,
    PortalRateLimitError,
    PortalSessionEndedError,
)
from .mail import RecordedEmailMixin
from .model import MEMBER_ROLES, PORTAL_ROLES, is_id, portal_entry_point

ROLE_HELP = (
    "What the web user may do in the portal for the party:\n"
    "- Administrator: everything, and manage the party's portal users;\n"
    "- Buyer: read, answer quotations, request pickups, change events;\n"
    "- Accountant: read, invoices included;\n"
    "- Viewer: read orders, pickups, production and events.")

# The e-mails a web user is sent by the back office: kind -> report
EMAILS = {
    'invitation': 'web.user.email_invitation',
    'validation': 'web.user.email_validation',
    'reset': 'web.user.email_reset_password',
    'password_changed': 'web.user.email_password_changed',
    }

# Transaction -> {(session key, party id): the role of the session's web
# user for the party, False when it may not act for it, None when the session
# is not live}. Record rules ask for every model a request touches: the
# session is looked up once per transaction, and a session logged out or
# expired since stops working with the next request.
_portal_scopes = WeakKeyDictionary()

# The shortest password a customer may choose (ASVS V6.2.1); the portal
# refuses common passwords too, before calling.
PORTAL_PASSWORD_LENGTH = 12

# Verified when the e-mail has no password to check, so that a login
# takes the same time whether the e-mail has an account or not.
_dummy_hash = None


def _password_check(password, hash_):
    """Return (valid, new hash) as web.user.check_password does.

    Without hash_ (unknown e-mail, no password set), a dummy hash is checked
    instead and the password is never valid.
    """
    global _dummy_hash
    if not hash_:
        if _dummy_hash is None:
            _dummy_hash = PASSWORD_HASH.hash(token_hex())
        PASSWORD_HASH.verify(password, _dummy_hash)
        return False, None
    return PASSWORD_HASH.verify_and_update(password, hash_)


def _unwrap_password(password):
    # The RPC dispatcher masks in its logs only the values of mappings under
    # a key like "password": callers send {'password': ...}.
    if isinstance(password, Mapping):
        return password.get('password')
    return password


def _check_new_password(password):
    if len(password) < PORTAL_PASSWORD_LENGTH:
        raise PortalPasswordError(gettext(
                'portal.msg_portal_password_too_short',
                length=PORTAL_PASSWORD_LENGTH))


def _check_text(method, **values):
    for name, value in values.items():
        if not isinstance(value, str):
            raise PortalArgumentError(gettext(
                    'portal.msg_portal_invalid_argument',
                    name=name, method=f'web.user.{method}'))


class PortalRoleMixin:
    "A portal_role column: web.user's for its main party, the relation's for a secondary one"
    __slots__ = ()

    @classmethod
    def __register__(cls, module):
        table_h = cls.__table_handler__(module)
        migrate_role = not table_h.column_exist('portal_role')
        super().__register__(module)
        if migrate_role:
            # Until roles, every web user could do everything for its parties.
            table = cls.__table__()
            Transaction().connection.cursor().execute(
                *table.update([table.portal_role], ['admin']))

    @classmethod
    def default_portal_role(cls):
        # Least privilege: the back office or the customer's administrator
        # gives more. The first web user of a party is proposed as its
        # administrator (web.user on_change_party).
        return 'viewer'


class User(PortalRoleMixin, RecordedEmailMixin, metaclass=PoolMeta):
    __name__ = 'web.user'

    # The role for the main party; secondary parties have theirs on the
    # relation (web.user-party.party.secondary).
    portal_role = fields.Selection(
        PORTAL_ROLES, "Portal Role", required=True, sort=False,
        help=ROLE_HELP + "\nFor the main party; the secondary parties "
        "have their own.")
    secondary_party_roles = fields.One2Many(
        'web.user-party.party.secondary', 'user', "Secondary Parties",
        help="The other parties the web user acts for, each with its role.")
    email_kind = fields.Selection([
            (None, ""),
            ('invitation', "Invitation"),
            ('validation', "E-mail Validation"),
            ('reset', "Password Reset"),
            ('password_changed', "Password Changed"),
            ], "Last E-mail", readonly=True, sort=False)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._buttons.update({
                'invite': {
                    'invisible': Eval('email_valid', False),
                    'depends': ['email_valid'],
                    },
                'resend_email': {
                    'invisible': Eval('email_state') != 'failed',
                    'depends': ['email_state'],
                    },
                })
        # Thin entry points for the portal; authenticate, new_session and
        # get_user stay out of __rpc__ so no Tryton user can call them.
        cls.__rpc__.update({
                'portal_login': RPC(readonly=False),
                'portal_session': RPC(),
                'portal_logout': RPC(readonly=False),
                'portal_reset_request': RPC(readonly=False),
                'portal_reset_password': RPC(readonly=False),
                'portal_change_password': RPC(readonly=False),
                'portal_members': RPC(),
                'portal_member_invite': RPC(readonly=False),
                'portal_member_role': RPC(readonly=False),
                'portal_member_remove': RPC(readonly=False),
                })

    @fields.depends('_parent_party.email', 'party', 'portal_role')
    def on_change_party(self):
        # Created from the party form, the web user takes the party's e-mail
        super().on_change_party()
        if self.party and not self._party_admins(self.party.id):
            self.portal_role = 'admin'

    @classmethod
    def _party_admins(cls, party_id):
        "Return the ids of the active web users administering party_id"
        pool = Pool()
        Secondary = pool.get('web.user-party.party.secondary')
        user = cls.__table__()
        secondary = Secondary.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*user
            .join(secondary, 'LEFT', condition=(secondary.user == user.id)
                & (secondary.party == party_id))
            .select(user.id,
                where=(user.active == Literal(True))
                & (((user.party == party_id)
                        & (user.portal_role == 'admin'))
                    | (secondary.portal_role == 'admin'))))
        return {id_ for id_, in cursor}

    @classmethod
    def copy(cls, users, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('email_kind')
        return super().copy(users, default=default)

    @classmethod
    def on_modification(cls, mode, users, field_names=None):
        super().on_modification(mode, users, field_names=field_names)
        if mode != 'write' or not field_names:
            return
        if 'password_hash' in field_names:
            # A new password (changed, reset) ends the other sessions: only
            # the one it was changed from (the portal's context) goes on.
            cls._end_sessions(
                users, keep=Transaction().context.get('portal_session'))
        if 'active' in field_names:
            cls._end_sessions([u for u in users if not u.active])
        if {'portal_role', 'party', 'secondary_parties',
                'secondary_party_roles'} & set(field_names):
            # A role or party changed in this transaction holds at once
            _portal_scopes.pop(Transaction(), None)

    @classmethod
    def _end_sessions(cls, users, keep=None):
        "Delete the sessions of users, but keep"
        pool = Pool()
        Session = pool.get('web.user.session')
        if not users:
            return
        session = Session.__table__()
        where = session.user.in_([u.id for u in users])
        if isinstance(keep, str) and keep:
            where &= session.key != keep
        # Plain SQL: whoever may change the user (a button, the password
        # setter) ends its sessions, without access to the session model.
        Transaction().connection.cursor().execute(*session.delete(where=where))
        _portal_scopes.pop(Transaction(), None)

    @classmethod
    @ModelView.button
    def invite(cls, users):
        """E-mail the customers a link to choose their password.

        Setting it through the link proves the address (set_password_token).
        """
        for user in users:
            user.set_reset_password_token()
        cls.save(users)
        cls._queue_portal_email(users, 'invitation')

    @classmethod
    @ModelView.button
    def validate_email(cls, users, from_=None):
        # As upstream, but the e-mail's outcome is recorded on the user
        # instead of a failure being only logged.
        for user in users:
            user.set_email_token()
        cls.save(users)
        cls._queue_portal_email(users, 'validation')

    @classmethod
    @ModelView.button
    def reset_password(cls, users, from_=None):
        now = dt.datetime.now()
        to_reset = [u for u in users
            if not (u.reset_password_token
                and u.reset_password_token_expire
                and u.reset_password_token_expire > now)]
        for user in to_reset:
            user.set_reset_password_token()
        cls.save(to_reset)
        cls._queue_portal_email(to_reset, 'reset')

    @classmethod
    @ModelView.button
    def resend_email(cls, users):
        "Send again the last e-mail of each user, with fresh links"
        for kind in EMAILS:
            selected = [u for u in users if u.email_kind == kind]
            if not selected:
                continue
            if kind == 'validation':
                cls.validate_email(selected)
            elif kind == 'invitation':
                cls.invite(selected)
            elif kind == 'password_changed':
                cls._queue_portal_email(selected, 'password_changed')
            else:
                for user in selected:
                    user.clear_reset_password_token()
                cls.save(selected)
                cls.reset_password(selected)

    @classmethod
    def _queue_portal_email(cls, users, kind):
        if not users:
            return
        cls.write(list(users), {'email_kind': kind})
        cls.queue_email(users, 'send_portal_email', kind)

    @classmethod
    def send_portal_email(cls, users, kind):
        "Send the e-mail of kind to each user and record it"
        pool = Pool()
        Email = pool.get('ir.email')

        def message(user):
            msg, title = get_email(EMAILS[kind], user, user.languages)
            from_ = config.get('email', 'from')
            set_from_header(msg, from_, from_)
            msg['To'] = user.email
            msg['Subject'] = f'{title} · {user.portal_company_name()}'
            return msg

        for user, msg in cls.send_recorded(users, message):
            Email.from_message(msg, resource=user).save()

    def portal_company_name(self):
        "The name of the supplier the e-mails to the web user come from"
        pool = Pool()
        Company = pool.get('company.company')
        company_id = Transaction().context.get('company')
        with without_check_access():
            companies = (Company.browse([company_id]) if company_id
                else Company.search([], order=[('id', 'ASC')], limit=1))
            return companies[0].rec_name if companies else ''

    @classmethod
    def _queue_password_changed(cls, users):
        "Tell the web users their password changed, in case it was not them"
        # As portal_reset_request: the task renders the e-mail as the system.
        with Transaction().set_user(0), without_check_access():
            cls._queue_portal_email(users, 'password_changed')

    @classmethod
    def set_password_token(cls, email, token, password):
        result = super().set_password_token(email, token, password)
        if result:
            # The link reached the customer: the address is theirs.
            with without_check_access():
                users = cls.search([('email', '=', email.lower())])
                cls.write(users, {'email_valid': True})
        return result

    @classmethod
    @portal_entry_point
    def portal_login(cls, email, password, remote_address):
        """Authenticate a web user for the portal.

        password is {'password': str} (kept out of Tryton's logs) or the bare
        string. remote_address is the customer's IP as the portal saw it.
        Failures are counted per e-mail and address (and per address
        network, against flooding): failures from other addresses never
        lock a customer out. When a limit is reached, PortalRateLimitError
        (HTTP 429). Unlike web.user.authenticate, nothing sleeps in the
        worker: the portal delays and refuses repeated failures before they
        reach Tryton. Return {'session': key, 'user': USER}, or None when
        the credentials are wrong, in the same time whether the e-mail has
        an account or not.
        """
        password = _unwrap_password(password)
        _check_text(
            'portal_login', email=email, password=password,
            remote_address=remote_address)
        try:
            address = ipaddress.ip_address(remote_address.strip())
        except ValueError:
            raise PortalArgumentError(gettext(
                    'portal.msg_portal_invalid_remote_address',
                    address=remote_address))
        transaction = Transaction()
        # Without this, every attempt would count against the portal's own
        # address and one attacker could lock all customers out.
        request = dict(transaction.context.get('_request') or {})
        request['remote_addr'] = str(address)
        # The service group has no access to web.user: the password hash and
        # the sessions are only touched here, behind the group check.
        with transaction.set_context(_request=request), \
                without_check_access():
            user = cls._portal_authenticate(email, password)
            if not user:
                return None
            return {
                'session': user.new_session(),
                'user': user.get_portal_values(),
                }

    @classmethod
    def _portal_authenticate(cls, email, password):
        """Return the active web user of email and password, or None.

        As web.user.authenticate, with the attempts counted per e-mail and
        address of the request instead of per e-mail alone, no sleep, and a
        password hash checked even for an unknown e-mail.
        """
        pool = Pool()
        Attempt = pool.get('web.user.authenticate.attempt')
        transaction = Transaction()
        email = email.lower()
        retry_after = config.getint('session', 'timeout')
        if Attempt.count_ip() > config.getint(
                'session', 'max_attempt_ip_network', default=300):
            # Not added: the goal is to stop flooding
            raise PortalRateLimitError(retry_after=retry_after)
        if Attempt.count_address(email) > config.getint(
                'session', 'max_attempt', default=5):
            Attempt.add(email)
            raise PortalRateLimitError(retry_after=retry_after)
        users = cls.search([('email', '=', email)], limit=1)
        user = users[0] if users else None
        valid, new_hash = _password_check(
            password, user.password_hash if user else None)
        if valid:
            if new_hash:
                # Stronger hash of the same password: not a password change,
                # which would end the user's other sessions.
                table = cls.__table__()
                transaction.connection.cursor().execute(*table.update(
                        [table.password_hash], [new_hash],
                        where=table.id == user.id))
            Attempt.remove_address(email)
            return user
        Attempt.add(email)
        return None

    @classmethod
    @portal_entry_point
    def portal_session(cls, session):
        "Return USER of the session or None if it is unknown or expired"
        _check_text('portal_session', session=session)
        with without_check_access():
            user = cls.get_user(session)
            # A web user disabled by the back office loses its open sessions.
            if not user or not user.active:
                return None
            return user.get_portal_values()

    @classmethod
    @portal_entry_point
    def portal_logout(cls, session):
        "Delete the session"
        pool = Pool()
        Session = pool.get('web.user.session')
        _check_text('portal_logout', session=session)
        with without_check_access():
            Session.remove(session)
        _portal_scopes.pop(Transaction(), None)

    @classmethod
    @portal_entry_point
    def portal_reset_request(cls, email):
        """Queue the password reset e-mail of the active web user of email.

        Its link (the [web] reset_password_url) carries a new token, valid
        [session] web_timeout_reset seconds; an earlier link stops working.
        Return None whether the e-mail has an account or not: the caller
        must not learn it, and the e-mail is sent by the queue, not here.
        """
        _check_text('portal_reset_request', email=email)
        with without_check_access():
            users = cls.search([('email', '=', email.strip().lower())], limit=1)
            for user in users:
                user.set_reset_password_token()
            cls.save(users)
        # The task renders the e-mail with the access of the user who queued
        # it: the service user reads no web user, the system does.
        with Transaction().set_user(0), without_check_access():
            cls._queue_portal_email(users, 'reset')

    @classmethod
    @portal_entry_point
    def portal_reset_password(cls, email, token, password):
        """Set the password of the web user of email from its reset link.

        password is {'password': str} (kept out of Tryton's logs) or the bare
        string, of at least PORTAL_PASSWORD_LENGTH characters
        (PortalPasswordError otherwise). Return True when the password is
        set: the token is then used, the e-mail proved and every session of
        the web user ended. Return False when the token is wrong, used or
        expired. As web.user.set_password_token, but a failure returns at
        once instead of sleeping in the worker: the portal throttles.
        """
        password = _unwrap_password(password)
        _check_text(
            'portal_reset_password', email=email, token=token,
            password=password)
        _check_new_password(password)
        with without_check_access():
            users = cls.search([('email', '=', email.strip().lower())], limit=1)
            if not users or not users[0].reset_password_token:
                return False
            user, = users
            if not compare_digest(
                    user.reset_password_token.encode(), token.encode()):
                return False
            expire = user.reset_password_token_expire
            user.clear_reset_password_token()
            if not expire or expire <= dt.datetime.now():
                user.save()
                return False
            # The first password, chosen from an invitation, changes none.
            had_password = bool(user.password_hash)
            user.password = password
            user.email_valid = True
            user.save()
            if had_password:
                cls._queue_password_changed([user])
            return True

    @classmethod
    @portal_entry_point
    def portal_change_password(cls, session, old_password, new_password):
        """Change the password of the web user of session.

        The passwords are {'password': str} or bare strings; the new one has
        at least PORTAL_PASSWORD_LENGTH characters (PortalPasswordError
        otherwise). Return True when changed: the web user's other sessions
        end, session goes on. Return False when old_password is wrong.
        Raise PortalSessionEndedError when session is not live.
        """
        old_password = _unwrap_password(old_password)
        new_password = _unwrap_password(new_password)
        _check_text(
            'portal_change_password', session=session,
            old_password=old_password, new_password=new_password)
        _check_new_password(new_password)
        with without_check_access():
            user = cls.get_user(session)
            if not user or not user.active:
                raise PortalSessionEndedError(
                    gettext('portal.msg_portal_session_ended'))
            valid, _ = _password_check(old_password, user.password_hash)
            if not valid:
                return False
            with Transaction().set_context(portal_session=session):
                cls.write([user], {'password': new_password})
            cls._queue_password_changed([user])
            return True

    @classmethod
    def get_portal_context_party(cls):
        """Return the party the portal context may act for, or None.

        The context of the portal's calls carries "portal_session", the key
        of the customer's web user session, and "portal_party", the active
        party. The party is returned only when the session is live (as for
        get_user: it exists and is not older than the web session timeout),
        its web user active and the party the web user's party or one of its
        secondary parties.

        When the context also carries "portal_session_required" (as the
        portal's customer calls do), a session that is not live any more
        (logged out, expired, ended by a password change, its web user
        deactivated) raises PortalSessionEndedError instead: the portal then
        signs the customer out rather than showing empty pages.
        """
        return cls._portal_context()[0]

    @classmethod
    def get_portal_context_role(cls):
        """Return the role of the portal context's web user for its party.

        None when get_portal_context_party gives no party. Resolved by the
        same lookup, once per transaction: a role changed by the back office
        or the customer's administrator holds from the next call on.
        """
        return cls._portal_context()[1]

    @classmethod
    def get_portal_context_user(cls):
        "Return the id of the web user of the portal context, or None"
        return cls._portal_context()[2]

    @classmethod
    def _portal_context(cls):
        "Return (party, role, web user id) of the portal context, or Nones"
        transaction = Transaction()
        session = transaction.context.get('portal_session')
        party = transaction.context.get('portal_party')
        if not isinstance(session, str) or not session or not is_id(party):
            return None, None, None
        scopes = _portal_scopes.setdefault(transaction, {})
        key = (session, party)
        if key not in scopes:
            scopes[key] = cls._portal_session_acts_for(session, party)
        if (scopes[key] is None
                and transaction.context.get('portal_session_required')):
            # Reading the message must not ask this again
            with transaction.set_context(portal_session_required=False):
                message = gettext('portal.msg_portal_session_ended')
            raise PortalSessionEndedError(message)
        if not scopes[key]:
            return None, None, None
        user_id, role = scopes[key]
        return party, role, user_id

    @classmethod
    def _portal_session_acts_for(cls, session, party):
        """Return (web user id, its role for the party) of the session.

        None when the session is not live, False when it is but the party is
        not one of its web user's.
        """
        pool = Pool()
        Session = pool.get('web.user.session')
        Secondary = pool.get('web.user-party.party.secondary')
        session_table = Session.__table__()
        user = cls.__table__()
        secondary = Secondary.__table__()
        # Plain SQL, one lookup by the indexed key: it runs while record
        # rules are evaluated, where the ORM would check access and rules.
        cursor = Transaction().connection.cursor()
        cursor.execute(*session_table
            .join(user, condition=session_table.user == user.id)
            .join(secondary, 'LEFT', condition=(secondary.user == user.id)
                & (secondary.party == party))
            .select(
                session_table.create_date, session_table.write_date,
                user.id, user.party, user.portal_role,
                secondary.party, secondary.portal_role,
                where=(session_table.key == session)
                & (user.active == Literal(True)),
                limit=1))
        row = cursor.fetchone()
        if not row:
            return None
        (create_date, write_date, user_id, main_party, main_role,
            secondary_party, secondary_role) = row
        # web_user's own test of expiry, on the dates just read
        if Session(last_modified_at=write_date or create_date).expired:
            return None
        if party == main_party:
            return (user_id, main_role)
        if party == secondary_party:
            return (user_id, secondary_role)
        return False

    def portal_role_for(self, party):
        "Return the role of the web user for party, or None"
        party_id = getattr(party, 'id', party)
        if self.party and self.party.id == party_id:
            return self.portal_role
        for link in self.secondary_party_roles:
            if link.party.id == party_id:
                return link.portal_role
        return None

    @classmethod
    def _portal_members_of(cls, party_id):
        "Return the web users of party_id (main or secondary), inactive too"
        with without_check_access(), \
                Transaction().set_context(active_test=False):
            return cls.search([
                    ['OR',
                        ('party', '=', party_id),
                        ('secondary_parties', '=', party_id),
                        ],
                    ], order=[('email', 'ASC'), ('id', 'ASC')])

    @classmethod
    def _portal_member_party(cls):
        """Return the id of the customer whose members are managed.

        Without a customer in the portal context there are none to manage:
        refused as a missing party.
        """
        pool = Pool()
        Party = pool.get('party.party')
        party_id = cls.get_portal_context_party()
        if party_id is None:
            raise PortalNotFoundError(gettext(
                    'portal.msg_portal_record_not_found', **Party.__names__()))
        return party_id

    @classmethod
    def _portal_member(cls, member_id):
        """Return the web user member_id of the active customer.

        A web user of another customer is refused like a missing one.
        """
        party_id = cls._portal_member_party()
        if is_id(member_id):
            for member in cls._portal_members_of(party_id):
                if member.id == member_id:
                    return member
        raise PortalNotFoundError(gettext(
                'portal.msg_portal_record_not_found', **cls.__names__()))

    @classmethod
    def _check_role(cls, method, role):
        if role not in dict(PORTAL_ROLES):
            raise PortalArgumentError(gettext(
                    'portal.msg_portal_invalid_role',
                    role=str(role)[:20], method=f'web.user.{method}'))

    @classmethod
    def _check_not_last_admin(cls, member, party_id):
        "Refuse to take the administration of party_id from its last admin"
        admins = cls._party_admins(party_id)
        if admins <= {member.id}:
            raise PortalMemberError(gettext(
                    'portal.msg_portal_member_last_admin'))

    def get_portal_member_values(self, party_id, caller_id):
        "Return the MEMBER dictionary of docs/contracts.md"
        return {
            'id': self.id,
            'email': self.email,
            'role': self.portal_role_for(party_id),
            'active': bool(self.active),
            'email_valid': bool(self.email_valid),
            'is_caller': self.id == caller_id,
            }

    @classmethod
    @portal_entry_point(roles=MEMBER_ROLES)
    def portal_members(cls):
        """Return the MEMBERs of the active customer, by e-mail.

        Only an administrator of the customer may list them.
        """
        party_id = cls._portal_member_party()
        caller_id = cls.get_portal_context_user()
        with without_check_access():
            return [m.get_portal_member_values(party_id, caller_id)
                for m in cls._portal_members_of(party_id)]

    @classmethod
    @portal_entry_point(roles=MEMBER_ROLES)
    def portal_member_invite(cls, email, role):
        """Create the web user of email for the active customer with role,
        and queue its invitation e-mail (web.user invite). Return its MEMBER.

        Refused when the e-mail already has an active portal account.
        """
        _check_text('portal_member_invite', email=email)
        cls._check_role('portal_member_invite', role)
        email = email.strip().lower()
        party_id = cls._portal_member_party()
        caller_id = cls.get_portal_context_user()
        with without_check_access():
            if cls.search([('email', '=', email)], limit=1):
                raise PortalMemberError(gettext(
                        'portal.msg_portal_member_email_taken', email=email))
            member, = cls.create([{
                        'email': email,
                        'party': party_id,
                        'portal_role': role,
                        }])
        # As portal_reset_request: the task renders the e-mail as the system.
        with Transaction().set_user(0), without_check_access():
            cls.invite([member])
            return cls(member.id).get_portal_member_values(
                party_id, caller_id)

    @classmethod
    @portal_entry_point(roles=MEMBER_ROLES)
    def portal_member_role(cls, member_id, role):
        """Give the web user member_id role for the active customer.

        Refused for another customer's web user (as a missing one) and when
        it would leave the customer without an active administrator.
        Return its MEMBER.
        """
        pool = Pool()
        Secondary = pool.get('web.user-party.party.secondary')
        cls._check_role('portal_member_role', role)
        party_id = cls._portal_member_party()
        caller_id = cls.get_portal_context_user()
        member = cls._portal_member(member_id)
        with without_check_access():
            cls.lock([member])
            if role != 'admin':
                cls._check_not_last_admin(member, party_id)
            if member.party and member.party.id == party_id:
                cls.write([member], {'portal_role': role})
            else:
                links = Secondary.search([
                        ('user', '=', member.id),
                        ('party', '=', party_id),
                        ])
                Secondary.write(links, {'portal_role': role})
            return cls(member.id).get_portal_member_values(
                party_id, caller_id)

    @classmethod
    @portal_entry_point(roles=MEMBER_ROLES)
    def portal_member_remove(cls, member_id):
        """Stop the web user member_id acting for the active customer.

        Its other parties stay (one of them becomes its main party when the
        customer was); a web user left with no party is deactivated, which
        ends its sessions. Refused for another customer's web user (as a
        missing one) and for the customer's last active administrator.
        """
        pool = Pool()
        Secondary = pool.get('web.user-party.party.secondary')
        party_id = cls._portal_member_party()
        member = cls._portal_member(member_id)
        with without_check_access():
            cls.lock([member])
            cls._check_not_last_admin(member, party_id)
            links = Secondary.search([('user', '=', member.id)],
                order=[('id', 'ASC')])
            others = [link for link in links if link.party.id != party_id]
            Secondary.delete([link for link in links if link.party.id == party_id])
            if member.party and member.party.id == party_id:
                if others:
                    # Its first other party becomes its main one, role kept
                    first = others[0]
                    cls.write([member], {
                            'party': first.party.id,
                            'portal_role': first.portal_role,
                            })
                    Secondary.delete([first])
                else:
                    cls.write([member], {'party': None, 'active': False})
            elif not member.party and not others:
                cls.write([member], {'active': False})
        _portal_scopes.pop(Transaction(), None)


    def get_portal_values(self):
        "Return the USER dictionary of docs/contracts.md"
        def party_values(party):
            return {
                'id': party.id,
                'name': party.rec_name,
                'role': self.portal_role_for(party),
                }

        parties = [self.party] if self.party else []
        parties.extend(
            p for p in self.secondary_parties if p not in parties)
        return {
            'id': self.id,
            'email': self.email,
            'party': party_values(self.party) if self.party else None,
            'parties': [party_values(p) for p in parties],
            }


class UserPartySecondary(PortalRoleMixin, ModelView, metaclass=PoolMeta):
    __name__ = 'web.user-party.party.secondary'

    portal_role = fields.Selection(
        PORTAL_ROLES, "Portal Role", required=True, sort=False,
        help=ROLE_HELP)

    @classmethod
    def on_modification(cls, mode, records, field_names=None):
        super().on_modification(mode, records, field_names=field_names)
        # A role or party changed in this transaction holds at once
        _portal_scopes.pop(Transaction(), None)


class UserAuthenticateAttempt(metaclass=PoolMeta):
    __name__ = 'web.user.authenticate.attempt'

    @classmethod
    def count_address(cls, login):
        """Count the recent failures of login from the request's address

        Unlike count, which counts the failures of login from anywhere, and
        so lets anybody lock a customer out.
        """
        transaction = Transaction()
        table = cls.__table__()
        address, _ = transaction.remote_address()
        cursor = transaction.connection.cursor()
        # Count(table.id), not Count(Literal('*')): PostgreSQL cannot type
        # a bare '*' parameter.
        cursor.execute(*table.select(Count(table.id),
                where=(table.login == login[:cls.login.size])
                & (table.ip_address == str(address))
                & (table.create_date >= cls.delay())))
        return cursor.fetchone()[0]

    @classmethod
    def remove_address(cls, login):
        "Forget the failures of login from the request's address"
        transaction = Transaction()
        table = cls.__table__()
        address, _ = transaction.remote_address()
        transaction.connection.cursor().execute(*table.delete(
                where=(table.login == login[:cls.login.size])
                & (table.ip_address == str(address))))


class EmailInvitation(EmailResetPassword):
    __name__ = 'web.user.email_invitation'


class EmailPasswordChanged(Report):
    __name__ = 'web.user.email_password_changed'

"""A portal member's profile, login e-mail change and the customer's
addresses and contact mechanisms, as the portal reads and writes them.

Every entry point takes the web user and the customer from the portal
context (the live session and the active party), never from an argument;
the customer's records are written only by its administrators.
"""
import datetime as dt
from secrets import token_hex
from urllib.parse import urlencode, urljoin

import trytond.config as config
from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.report import get_email
from trytond.rpc import RPC
from trytond.tools.email_ import set_from_header
from trytond.transaction import Transaction, without_check_access

from .exceptions import PortalArgumentError, PortalMemberError, PortalNotFoundError
from .model import MEMBER_ROLES, is_id, portal_entry_point
from .web_user import _check_text, _password_check, _unwrap_password

# A link to change the login e-mail is valid this long at most.
EMAIL_CHANGE_SECONDS = 60 * 60
# The e-mails of the change: to the new address, and the notice to the old.
EMAIL_CHANGE_REPORTS = {
    'email_change': 'web.user.email_change',
    'email_changed': 'web.user.email_changed',
    }
# The contact mechanisms a customer keeps from the portal
CONTACT_TYPES = ('email', 'phone', 'mobile')
PROFILE_FIELDS = {'name': 120, 'phone': 40}
ADDRESS_FIELDS = {
    'party_name': 120, 'street': 400, 'postal_code': 20, 'city': 80}


def _text(method, name, value, size):
    "Return value stripped, checked to be a text of at most size characters"
    if value is None:
        value = ''
    if not isinstance(value, str) or len(value) > size or '\x00' in value:
        raise PortalArgumentError(gettext(
                'portal.msg_portal_invalid_argument',
                name=name, method=method))
    return value.strip()


def _values(method, values):
    if not isinstance(values, dict):
        raise PortalArgumentError(gettext(
                'portal.msg_portal_invalid_argument',
                name='values', method=method))
    return values


def email_change_url(token):
    """The portal page confirming a change of e-mail, with token

    [web] email_change_url, else the page beside the reset page of
    [web] reset_password_url (.../accounts/password/reset/key/ ->
    .../accounts/email/confirm/).
    """
    url = config.get('web', 'email_change_url')
    if not url:
        reset = config.get('web', 'reset_password_url') or ''
        url = urljoin(reset, '../../../email/confirm/')
    return f'{url}?{urlencode({"token": token})}'


class WebUser(metaclass=PoolMeta):
    __name__ = 'web.user'

    portal_name = fields.Char(
        "Name", help="The name of the person behind the web user.")
    portal_phone = fields.Char("Phone")
    portal_language = fields.Many2One(
        'ir.lang', "Language", ondelete='SET NULL',
        domain=[('translatable', '=', True)],
        help="The language of the portal and of the e-mails to the web user; "
        "empty for the party's.")
    portal_email_new = fields.Char("New E-mail", readonly=True)
    portal_email_token = fields.Char("E-mail Change Token", readonly=True,
        strip=False)
    portal_email_token_expire = fields.Timestamp(
        "E-mail Change Token Expire", readonly=True)
    portal_email_old = fields.Char("Previous E-mail", readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__rpc__.update({
                'portal_profile': RPC(),
                'portal_profile_write': RPC(readonly=False),
                'portal_email_change_request': RPC(readonly=False),
                'portal_email_change_confirm': RPC(readonly=False),
                })

    @classmethod
    def copy(cls, users, default=None):
        default = default.copy() if default is not None else {}
        for name in ['portal_email_new', 'portal_email_token',
                'portal_email_token_expire', 'portal_email_old']:
            default.setdefault(name)
        return super().copy(users, default=default)

    @property
    def languages(self):
        if self.portal_language:
            return [self.portal_language]
        return super().languages

    @classmethod
    def _portal_context_web_user(cls):
        "The web user of the portal context; refused as missing without one"
        user_id = cls.get_portal_context_user()
        if user_id is None:
            raise PortalNotFoundError(gettext(
                    'portal.msg_portal_record_not_found', **cls.__names__()))
        with without_check_access():
            return cls(user_id)

    def get_portal_values(self):
        """The USER dictionary with the language the member chose for the
        portal ('' for the browser's), which the portal takes at sign-in"""
        values = super().get_portal_values()
        values['language'] = (
            self.portal_language.code if self.portal_language else '')
        return values

    def get_portal_profile_values(self):
        "Return the PROFILE dictionary of docs/contracts.md"
        return {
            'email': self.email,
            'name': self.portal_name or '',
            'phone': self.portal_phone or '',
            'language': (
                self.portal_language.code if self.portal_language else ''),
            'email_pending': self.portal_email_new or '',
            }

    @classmethod
    @portal_entry_point
    def portal_profile(cls):
        "Return the PROFILE of the web user of the portal context"
        user = cls._portal_context_web_user()
        with without_check_access():
            return user.get_portal_profile_values()

    @classmethod
    @portal_entry_point
    def portal_profile_write(cls, values):
        """Change the name, phone and language (an ir.lang code, '' for the
        party's) of the web user of the portal context; return its PROFILE.
        """
        pool = Pool()
        Lang = pool.get('ir.lang')
        method = 'web.user.portal_profile_write'
        values = _values(method, values)
        user = cls._portal_context_web_user()
        to_write = {}
        for name, size in PROFILE_FIELDS.items():
            if name in values:
                to_write[f'portal_{name}'] = (
                    _text(method, name, values[name], size) or None)
        if 'language' in values:
            code = _text(method, 'language', values['language'], 10)
            language = None
            if code:
                with without_check_access():
                    languages = Lang.search([
                            ('code', '=', code),
                            ('translatable', '=', True),
                            ], limit=1)
                if not languages:
                    raise PortalArgumentError(gettext(
                            'portal.msg_portal_invalid_language',
                            language=code[:10]))
                language, = languages
            to_write['portal_language'] = language.id if language else None
        with without_check_access():
            if to_write:
                cls.write([user], to_write)
            return cls(user.id).get_portal_profile_values()

    @classmethod
    @portal_entry_point
    def portal_email_change_request(cls, password, email):
        """Ask to change the login e-mail of the portal context's web user.

        password ({'password': str} or the bare string) must be the web
        user's: False otherwise and nothing changes. An e-mail with a link
        valid EMAIL_CHANGE_SECONDS goes to the new address (an earlier link
        stops working); the e-mail changes when it is followed
        (portal_email_change_confirm). Refused when the address is the login
        of another web user. Return True when the e-mail is queued.
        """
        method = 'portal_email_change_request'
        password = _unwrap_password(password)
        _check_text(method, password=password, email=email)
        email = email.strip().lower()
        if len(email) > 254 or '\x00' in email:
            raise PortalArgumentError(gettext(
                    'portal.msg_portal_invalid_argument',
                    name='email', method=f'web.user.{method}'))
        user = cls._portal_context_web_user()
        with without_check_access():
            valid, _ = _password_check(password, user.password_hash)
            if not valid:
                return False
            if email == user.email:
                raise PortalMemberError(gettext(
                        'portal.msg_portal_email_unchanged'))
            with Transaction().set_context(active_test=False):
                if cls.search([('email', '=', email), ('id', '!=', user.id)],
                        limit=1):
                    raise PortalMemberError(gettext(
                            'portal.msg_portal_member_email_taken',
                            email=email))
            user.portal_email_new = email
            user.portal_email_token = token_hex(32)
            user.portal_email_token_expire = (
                dt.datetime.now() + dt.timedelta(seconds=EMAIL_CHANGE_SECONDS))
            cls.save([user])
        # As portal_reset_request: the task renders the e-mail as the system.
        with Transaction().set_user(0), without_check_access():
            cls.queue_email([user], 'send_portal_email_change', 'email_change')
        return True

    @classmethod
    @portal_entry_point
    def portal_email_change_confirm(cls, token):
        """Change the login e-mail of the web user whose change link carries
        token; return {'id': web user id, 'email': the new e-mail}, or None
        when the link is wrong, used or expired. The old address is sent a
        notice. Any caller with the link may follow it: the token is the
        proof, used once.
        """
        _check_text('portal_email_change_confirm', token=token)
        if not token:
            return None
        with without_check_access():
            users = cls.search([('portal_email_token', '=', token)], limit=1)
            if not users:
                return None
            user, = users
            expire = user.portal_email_token_expire
            new_email = user.portal_email_new
            old_email = user.email
            cls.write([user], {
                    'portal_email_token': None,
                    'portal_email_token_expire': None,
                    'portal_email_new': None,
                    })
            if not expire or expire <= dt.datetime.now() or not new_email:
                return None
            with Transaction().set_context(active_test=False):
                if cls.search([('email', '=', new_email)], limit=1):
                    return None
            cls.write([user], {
                    'email': new_email,
                    'email_valid': True,
                    'portal_email_old': old_email,
                    })
        with Transaction().set_user(0), without_check_access():
            cls.queue_email([user], 'send_portal_email_change', 'email_changed')
        return {'id': user.id, 'email': new_email}

    def get_email_change_url(self):
        return email_change_url(self.portal_email_token)

    @classmethod
    def send_portal_email_change(cls, users, kind):
        """Send the e-mail of kind: the link to the new address, or the notice
        to the previous one."""
        pool = Pool()
        Email = pool.get('ir.email')

        def message(user):
            msg, title = get_email(
                EMAIL_CHANGE_REPORTS[kind], user, user.languages)
            from_ = config.get('email', 'from')
            set_from_header(msg, from_, from_)
            msg['To'] = (user.portal_email_new if kind == 'email_change'
                else user.portal_email_old)
            msg['Subject'] = f'{title} · {user.portal_company_name()}'
            return msg

        users = [u for u in users if (u.portal_email_new
                if kind == 'email_change' else u.portal_email_old)]
        for user, msg in cls.send_recorded(users, message):
            Email.from_message(msg, resource=user).save()


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__rpc__.update({
                'portal_account': RPC(),
                'portal_address_create': RPC(readonly=False),
                'portal_address_write': RPC(readonly=False),
                'portal_address_deactivate': RPC(readonly=False),
                'portal_contact_create': RPC(readonly=False),
                'portal_contact_write': RPC(readonly=False),
                'portal_contact_delete': RPC(readonly=False),
                })

    @classmethod
    def _portal_account_party(cls):
        "The customer of the portal context; refused as missing without one"
        pool = Pool()
        WebUser = pool.get('web.user')
        party_id = WebUser.get_portal_context_party()
        if party_id is None:
            raise PortalNotFoundError(gettext(
                    'portal.msg_portal_record_not_found', **cls.__names__()))
        with without_check_access():
            return cls(party_id)

    def get_portal_account_values(self):
        "Return the ACCOUNT dictionary of docs/contracts.md"
        pool = Pool()
        Invoice = pool.get('account.invoice')
        with without_check_access(), \
                Transaction().set_context(active_test=True):
            addresses = [{
                    'id': a.id,
                    'party_name': a.party_name or '',
                    'street': a.street or '',
                    'postal_code': a.postal_code or '',
                    'city': a.city or '',
                    'country': a.country.code if a.country else '',
                    'country_name': a.country.name if a.country else '',
                    } for a in self.addresses]
            contacts = [{
                    'id': c.id,
                    'type': c.type,
                    'value': c.value or '',
                    'name': c.name or '',
                    } for c in self.contact_mechanisms
                if c.type in CONTACT_TYPES]
            posted = bool(Invoice.search([
                        ('party', '=', self.id),
                        ('state', 'in', ['posted', 'paid']),
                        ], limit=1))
        return {
            'id': self.id,
            'name': self.name or '',
            'tax_identifier': (
                self.tax_identifier.code if self.tax_identifier else ''),
            'has_posted_invoices': posted,
            'addresses': addresses,
            'contacts': contacts,
            }

    @classmethod
    @portal_entry_point
    def portal_account(cls):
        """Return the ACCOUNT of the active customer: name, tax identifier,
        active addresses and e-mail/phone contact mechanisms. Every role
        reads it."""
        return cls._portal_account_party().get_portal_account_values()

    @classmethod
    def _portal_address_values(cls, method, values):
        pool = Pool()
        Country = pool.get('country.country')
        values = _values(f'party.party.{method}', values)
        result = {}
        for name, size in ADDRESS_FIELDS.items():
            if name in values:
                value = _text(method, name, values[name], size) or None
                result['street_unstructured' if name == 'street' else name] = (
                    value)
        if 'country' in values:
            code = _text(method, 'country', values['country'], 2).upper()
            country = None
            if code:
                with without_check_access():
                    countries = Country.search([('code', '=', code)], limit=1)
                if not countries:
                    raise PortalArgumentError(gettext(
                            'portal.msg_portal_invalid_country',
                            country=code))
                country, = countries
            result['country'] = country.id if country else None
        return result

    @classmethod
    def _portal_record(cls, Model, record_id, party):
        """Return the active record_id of Model of party; refused as missing
        for another party's or an inactive one"""
        if is_id(record_id):
            with without_check_access():
                records = Model.search([
                        ('id', '=', record_id),
                        ('party', '=', party.id),
                        ], limit=1)
            if records:
                return records[0]
        raise PortalNotFoundError(gettext(
                'portal.msg_portal_record_not_found', **Model.__names__()))

    @classmethod
    @portal_entry_point(roles=MEMBER_ROLES)
    def portal_address_create(cls, values):
        "Add an address to the active customer; return its ACCOUNT"
        pool = Pool()
        Address = pool.get('party.address')
        party = cls._portal_account_party()
        values = cls._portal_address_values('portal_address_create', values)
        with without_check_access():
            Address.create([{**values, 'party': party.id}])
        return cls(party.id).get_portal_account_values()

    @classmethod
    @portal_entry_point(roles=MEMBER_ROLES)
    def portal_address_write(cls, address_id, values):
        "Change an address of the active customer; return its ACCOUNT"
        pool = Pool()
        Address = pool.get('party.address')
        party = cls._portal_account_party()
        address = cls._portal_record(Address, address_id, party)
        values = cls._portal_address_values('portal_address_write', values)
        with without_check_access():
            Address.write([address], values)
        return cls(party.id).get_portal_account_values()

    @classmethod
    @portal_entry_point(roles=MEMBER_ROLES)
    def portal_address_deactivate(cls, address_id):
        """Deactivate an address of the active customer (its documents keep
        it); refused for its last one. Return its ACCOUNT."""
        pool = Pool()
        Address = pool.get('party.address')
        party = cls._portal_account_party()
        address = cls._portal_record(Address, address_id, party)
        with without_check_access():
            if len(party.addresses) <= 1:
                raise PortalMemberError(gettext(
                        'portal.msg_portal_address_last'))
            Address.write([address], {'active': False})
        return cls(party.id).get_portal_account_values()

    @classmethod
    def _portal_contact_values(cls, method, values, type_=None):
        values = _values(f'party.party.{method}', values)
        result = {}
        if type_ is None:
            type_ = values.get('type')
            if type_ not in CONTACT_TYPES:
                raise PortalArgumentError(gettext(
                        'portal.msg_portal_invalid_argument',
                        name='type', method=f'party.party.{method}'))
            result['type'] = type_
        if 'value' in values or 'type' in result:
            value = _text(method, 'value', values.get('value'), 254)
            if not value:
                raise PortalArgumentError(gettext(
                        'portal.msg_portal_invalid_argument',
                        name='value', method=f'party.party.{method}'))
            result['value'] = value
        if 'name' in values:
            result['name'] = _text(method, 'name', values['name'], 120) or None
        return result

    @classmethod
    @portal_entry_point(roles=MEMBER_ROLES)
    def portal_contact_create(cls, values):
        """Add an e-mail, phone or mobile (values type, value, name) to the
        active customer; return its ACCOUNT"""
        pool = Pool()
        Contact = pool.get('party.contact_mechanism')
        party = cls._portal_account_party()
        values = cls._portal_contact_values('portal_contact_create', values)
        with without_check_access():
            Contact.create([{**values, 'party': party.id}])
        return cls(party.id).get_portal_account_values()

    @classmethod
    def _portal_contact(cls, contact_id, party):
        pool = Pool()
        Contact = pool.get('party.contact_mechanism')
        contact = cls._portal_record(Contact, contact_id, party)
        if contact.type not in CONTACT_TYPES:
            raise PortalNotFoundError(gettext(
                    'portal.msg_portal_record_not_found',
                    **Contact.__names__()))
        return contact

    @classmethod
    @portal_entry_point(roles=MEMBER_ROLES)
    def portal_contact_write(cls, contact_id, values):
        "Change the value or name of a contact mechanism; return the ACCOUNT"
        pool = Pool()
        Contact = pool.get('party.contact_mechanism')
        party = cls._portal_account_party()
        contact = cls._portal_contact(contact_id, party)
        values = cls._portal_contact_values(
            'portal_contact_write', values, type_=contact.type)
        with without_check_access():
            Contact.write([contact], values)
        return cls(party.id).get_portal_account_values()

    @classmethod
    @portal_entry_point(roles=MEMBER_ROLES)
    def portal_contact_delete(cls, contact_id):
        """Remove a contact mechanism of the active customer (deactivated:
        the e-mails sent to it keep their record); return the ACCOUNT"""
        pool = Pool()
        Contact = pool.get('party.contact_mechanism')
        party = cls._portal_account_party()
        contact = cls._portal_contact(contact_id, party)
        with without_check_access():
            Contact.write([contact], {'active': False})
        return cls(party.id).get_portal_account_values()

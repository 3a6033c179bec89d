import ipaddress
from collections.abc import Mapping

import trytond.config as config
from trytond.exceptions import RateLimitException
from trytond.i18n import gettext
from trytond.pool import Pool, PoolMeta
from trytond.rpc import RPC
from trytond.transaction import Transaction, without_check_access

from .exceptions import PortalArgumentError, PortalRateLimitError, PortalServiceAccessError


def _check_portal_service(method):
    "Refuse the call unless the current user belongs to Portal Service"
    pool = Pool()
    ModelData = pool.get('ir.model.data')
    User = pool.get('res.user')
    # Root (user 0) is trusted server-side code (scripts, cron), never an RPC
    # caller: the dispatcher always runs a call as the authenticated user.
    if Transaction().user == 0:
        return
    group_id = ModelData.get_id('portal', 'group_portal_service')
    if group_id not in User.get_groups():
        raise PortalServiceAccessError(gettext(
                'portal.msg_portal_service_only',
                method=f'web.user.{method}'))


def _check_text(method, **values):
    for name, value in values.items():
        if not isinstance(value, str):
            raise PortalArgumentError(gettext(
                    'portal.msg_portal_invalid_argument',
                    name=name, method=f'web.user.{method}'))


class User(metaclass=PoolMeta):
    __name__ = 'web.user'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # Thin entry points for the portal; authenticate, new_session and
        # get_user stay out of __rpc__ so no Tryton user can call them.
        cls.__rpc__.update({
                'portal_login': RPC(readonly=False),
                'portal_session': RPC(),
                'portal_logout': RPC(readonly=False),
                })

    @classmethod
    def portal_login(cls, email, password, remote_address):
        """Authenticate a web user for the portal.

        password is {'password': str} (kept out of Tryton's logs) or the bare
        string. remote_address is the customer's IP as the portal saw it: it
        feeds the per-IP-network throttling of authenticate (the per-e-mail
        one applies too); when either trips, PortalRateLimitError (HTTP 429).
        Return {'session': key, 'user': USER}, or None when the credentials
        are wrong.
        """
        _check_portal_service('portal_login')
        # The RPC dispatcher logs the arguments of calls, redacting only the
        # values of mappings under a key like "password" (as common.db.login
        # receives it), so callers should send {'password': ...}.
        if isinstance(password, Mapping):
            password = password.get('password')
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
            try:
                user = cls.authenticate(email, password)
            except RateLimitException:
                raise PortalRateLimitError(
                    retry_after=config.getint('session', 'timeout'))
            if not user:
                return None
            return {
                'session': user.new_session(),
                'user': user.get_portal_values(),
                }

    @classmethod
    def portal_session(cls, session):
        "Return USER of the session or None if it is unknown or expired"
        _check_portal_service('portal_session')
        _check_text('portal_session', session=session)
        with without_check_access():
            user = cls.get_user(session)
            # A web user disabled by the back office loses its open sessions.
            if not user or not user.active:
                return None
            return user.get_portal_values()

    @classmethod
    def portal_logout(cls, session):
        "Delete the session"
        pool = Pool()
        Session = pool.get('web.user.session')
        _check_portal_service('portal_logout')
        _check_text('portal_logout', session=session)
        with without_check_access():
            Session.remove(session)

    def get_portal_values(self):
        "Return the USER dictionary of docs/contracts.md"
        def party_values(party):
            return {'id': party.id, 'name': party.rec_name}

        parties = [self.party] if self.party else []
        parties.extend(
            p for p in self.secondary_parties if p not in parties)
        return {
            'id': self.id,
            'email': self.email,
            'party': party_values(self.party) if self.party else None,
            'parties': [party_values(p) for p in parties],
            }

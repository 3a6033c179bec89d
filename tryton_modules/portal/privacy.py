# This file is part of the portal module. The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""What a web user may ask about itself: its personal data, the closing of its
account.

Both are portal entry points answering for the web user of the portal
context's session only (web.user get_portal_context_user), never for a web
user named by an argument. The closure requests are records the back office
handles (Portal Administration); the portal's service user has no access to
them at all: it files one only through portal_closure_request.
"""
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Workflow, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.rpc import RPC
from trytond.transaction import without_check_access

from .exceptions import PortalArgumentError, PortalNotFoundError
from .model import PORTAL_ROLES, portal_entry_point
from .web_user import _check_text, _password_check, _unwrap_password

ALL_ROLES = frozenset(dict(PORTAL_ROLES))
# The longest reason kept: a closure request is not a letter.
REASON_SIZE = 2000
CLOSURE_STATES = [
    ('requested', "Requested"),
    ('done', "Done"),
    ('refused', "Refused"),
    ]


class ClosureRequest(Workflow, ModelSQL, ModelView):
    "Web User Closure Request"
    __name__ = 'web.user.closure_request'

    web_user = fields.Many2One(
        'web.user', "Web User", required=True, readonly=True,
        ondelete='CASCADE',
        context={'active_test': False})
    # As they were when the request was filed: the web user may change since.
    email = fields.Char("E-mail", readonly=True)
    party = fields.Many2One(
        'party.party', "Party", readonly=True, ondelete='SET NULL')
    reason = fields.Text("Reason", readonly=True)
    state = fields.Selection(
        CLOSURE_STATES, "State", readonly=True, required=True, sort=False)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order = [('create_date', 'DESC'), ('id', 'DESC')]
        cls._transitions |= {
            ('requested', 'done'),
            ('requested', 'refused'),
            ('refused', 'requested'),
            }
        cls._buttons.update({
                'close_account': {
                    'invisible': Eval('state') != 'requested',
                    'depends': ['state'],
                    },
                'refuse': {
                    'invisible': Eval('state') != 'requested',
                    'depends': ['state'],
                    },
                })

    @classmethod
    def default_state(cls):
        return 'requested'

    def get_rec_name(self, name):
        return self.email or (self.web_user.rec_name if self.web_user else '')

    @classmethod
    @ModelView.button
    @Workflow.transition('done')
    def close_account(cls, requests):
        """Deactivate the web users: their portal sessions end at their next
        request (web.user on_modification)."""
        pool = Pool()
        WebUser = pool.get('web.user')
        WebUser.write(
            list({r.web_user for r in requests if r.web_user.active}),
            {'active': False})

    @classmethod
    @ModelView.button
    @Workflow.transition('refused')
    def refuse(cls, requests):
        pass

    def get_portal_values(self):
        "Return the CLOSURE_REQUEST dictionary of docs/contracts.md"
        return {
            'id': self.id,
            'state': self.state,
            'reason': self.reason or '',
            'requested_at': self.create_date,
            }


class WebUser(metaclass=PoolMeta):
    __name__ = 'web.user'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__rpc__.update({
                'portal_personal_data': RPC(),
                'portal_closure_status': RPC(),
                'portal_closure_request': RPC(readonly=False),
                })

    @classmethod
    def _portal_self(cls):
        "Return the web user of the portal context's session"
        user_id = cls.get_portal_context_user()
        if user_id is None:
            raise PortalNotFoundError(gettext(
                    'portal.msg_portal_record_not_found', **cls.__names__()))
        return cls(user_id)

    @classmethod
    @portal_entry_point(roles=ALL_ROLES)
    def portal_personal_data(cls):
        """Return the PERSONAL_DATA dictionary of docs/contracts.md: what
        Tryton holds about the caller's own web user.

        Its party's contact mechanisms that are the e-mail of another web
        user of that party are left out: they are that member's data.
        """
        with without_check_access():
            user = cls._portal_self()
            return user.get_portal_personal_data()

    def get_portal_personal_data(self):
        pool = Pool()
        ClosureRequest = pool.get('web.user.closure_request')
        parties = [self.party] if self.party else []
        parties.extend(p for p in self.secondary_parties if p not in parties)
        return {
            'web_user': {
                'id': self.id,
                'email': self.email,
                'email_valid': bool(self.email_valid),
                'created_at': self.create_date,
                },
            'party': (self._personal_party_values(self.party)
                if self.party else None),
            'roles': [{
                    'customer': {'id': p.id, 'name': p.rec_name},
                    'role': self.portal_role_for(p),
                    } for p in parties],
            'notifications': list(self.portal_notifications or ()),
            'closure_requests': [r.get_portal_values()
                for r in ClosureRequest.search([('web_user', '=', self.id)])],
            }

    def _personal_party_values(self, party):
        others = {
            (u.email or '').lower() for u in self._portal_members_of(party.id)
            if u.id != self.id}
        return {
            'id': party.id,
            'name': party.name,
            'code': party.code,
            'language': party.lang.code if party.lang else None,
            'contact_mechanisms': [{
                    'type': m.type,
                    'value': m.value,
                    'name': m.name or '',
                    } for m in party.contact_mechanisms
                if (m.value or '').lower() not in others],
            'addresses': [{
                    'name': a.party_name or '',
                    'street': a.street or '',
                    'postal_code': a.postal_code or '',
                    'city': a.city or '',
                    'country': a.country.code if a.country else None,
                    } for a in party.addresses],
            }

    @classmethod
    def _portal_pending_closure(cls, user):
        pool = Pool()
        ClosureRequest = pool.get('web.user.closure_request')
        requests = ClosureRequest.search([
                ('web_user', '=', user.id),
                ('state', '=', 'requested'),
                ], limit=1)
        return requests[0] if requests else None

    @classmethod
    @portal_entry_point(roles=ALL_ROLES)
    def portal_closure_status(cls):
        """Return the CLOSURE_REQUEST of the caller's own web user still
        waiting for the back office, or None."""
        with without_check_access():
            request = cls._portal_pending_closure(cls._portal_self())
            return request.get_portal_values() if request else None

    @classmethod
    @portal_entry_point(roles=ALL_ROLES)
    def portal_closure_request(cls, password, reason=None):
        """Ask the back office to close the caller's own web user account.

        password is {'password': str} or the bare string: the web user's
        password, checked again here. Return its CLOSURE_REQUEST, or None
        when the password is wrong. A request already waiting is returned
        as it is: one at a time.
        """
        pool = Pool()
        ClosureRequest = pool.get('web.user.closure_request')
        password = _unwrap_password(password)
        _check_text('portal_closure_request', password=password)
        if reason is not None:
            _check_text('portal_closure_request', reason=reason)
            reason = reason.strip()
            if len(reason) > REASON_SIZE:
                raise PortalArgumentError(gettext(
                        'portal.msg_portal_closure_reason_too_long',
                        size=REASON_SIZE))
        with without_check_access():
            user = cls._portal_self()
            valid, _ = _password_check(password, user.password_hash)
            if not valid:
                return None
            cls.lock([user])
            request = cls._portal_pending_closure(user)
            if not request:
                request, = ClosureRequest.create([{
                            'web_user': user.id,
                            'email': user.email,
                            'party': user.party.id if user.party else None,
                            'reason': reason or None,
                            }])
            return request.get_portal_values()


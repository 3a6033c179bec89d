from trytond.cache import Cache
from trytond.i18n import gettext
from trytond.model import ModelSQL, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction, without_check_access

from .exceptions import PortalServiceAccessError
from .model import BILLING_ROLES


class User(metaclass=PoolMeta):
    __name__ = 'res.user'

    portal_parties = fields.Many2Many(
        'portal.user-party.party', 'user', 'party', "Integrator Parties",
        context={
            'company': Eval('company', -1),
            },
        depends={'company'},
        help="The parties whose sales, invoices and shipments "
        "the user may read as a member of \"Portal Integrator\".")
    _get_portal_parties_cache = Cache(
        __name__ + '.get_portal_parties', context=False)

    @classmethod
    def is_portal_service(cls):
        "Tell whether the current user is a member of Portal Service"
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        # Without access checks: searching ir.model.data evaluates record
        # rules, which ask this again.
        try:
            with without_check_access():
                group_id = ModelData.get_id('portal', 'group_portal_service')
        except KeyError:
            # While the module is being activated
            return False
        return group_id in cls.get_groups()

    @classmethod
    def get_portal_parties(cls):
        """Return an ordered tuple of the party ids the current user acts for

        For a member of Portal Service, the active party of the portal
        context when its web user session may act for it, else nothing
        (see web.user.get_portal_context_party). For the other users, their
        integrator parties.
        """
        pool = Pool()
        UserParty = pool.get('portal.user-party.party')
        WebUser = pool.get('web.user')
        transaction = Transaction()
        user_id = transaction.user
        if cls.is_portal_service():
            party = WebUser.get_portal_context_party()
            return (party,) if party is not None else ()
        parties = cls._get_portal_parties_cache.get(user_id)
        if parties is not None:
            return parties
        # Plain SQL: it is called while evaluating record rules, where going
        # through the ORM would check access and rules again.
        table = UserParty.__table__()
        cursor = transaction.connection.cursor()
        cursor.execute(*table.select(
                table.party,
                where=table.user == user_id,
                order_by=table.party.asc))
        parties = tuple(party for party, in cursor)
        return cls._get_portal_parties_cache.set(user_id, parties)

    @classmethod
    def get_portal_billing_parties(cls):
        """Return the party ids of get_portal_parties whose billing the
        current user may read: for a member of Portal Service, the active
        party only when its web user's role there is one of BILLING_ROLES;
        integrators are not web users and read the billing of their parties.

        The one gate of billing documents: the "portal_billing_parties" rule
        context key (invoices, their lines, e-mails and attachments) and the
        billing entry points (check_portal_role(BILLING_ROLES)).
        """
        pool = Pool()
        WebUser = pool.get('web.user')
        parties = cls.get_portal_parties()
        if (cls.is_portal_service()
                and WebUser.get_portal_context_role() not in BILLING_ROLES):
            return ()
        return parties

    @classmethod
    def write(cls, *args):
        # The service user's password is a secret of the portal's settings:
        # a leaked password must not let its holder lock the portal out or
        # keep access after the administration changed it.
        if cls.is_portal_service():
            for values in args[1::2]:
                if any(f.startswith('password') for f in values):
                    raise PortalServiceAccessError(gettext(
                            'portal.msg_portal_service_password'))
        super().write(*args)

class UserParty(ModelSQL):
    __name__ = 'portal.user-party.party'

    user = fields.Many2One(
        'res.user', "User", required=True, ondelete='CASCADE')
    party = fields.Many2One(
        'party.party', "Party", required=True, ondelete='CASCADE')

    @classmethod
    def on_modification(cls, mode, records, field_names=None):
        pool = Pool()
        User = pool.get('res.user')
        super().on_modification(mode, records, field_names=field_names)
        User._get_portal_parties_cache.clear()

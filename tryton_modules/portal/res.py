from trytond.cache import Cache
from trytond.model import ModelSQL, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.transaction import Transaction


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
    def get_portal_parties(cls):
        "Return an ordered tuple of the integrator party ids of the user"
        pool = Pool()
        UserParty = pool.get('portal.user-party.party')
        transaction = Transaction()
        user_id = transaction.user
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

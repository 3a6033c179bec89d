from trytond.model import ModelSQL, ModelView, Unique, fields
from trytond.pool import Pool
from trytond.transaction import without_check_access

# The only groups Event Management may hand out: never res.group_admin.
ROLE_GROUPS = {
    'sales': 'group_event_sales',
    'support': 'group_event_support',
    'management': 'group_event_management',
    }


class UserRole(ModelSQL, ModelView):
    "Give a user one of the event roles (its group membership)"
    __name__ = 'event.user.role'

    user = fields.Many2One(
        'res.user', "User", required=True, ondelete='CASCADE')
    role = fields.Selection([
            ('sales', "Event Sales"),
            ('support', "Event Support"),
            ('management', "Event Management"),
            ], "Role", required=True)
    role_string = role.translated('role')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('user_role_unique', Unique(t, t.user, t.role),
                'event.msg_user_role_unique'),
            ]
        cls._order.insert(0, ('user', 'ASC'))

    def get_rec_name(self, name):
        return f'{self.user.rec_name}: {self.role_string}'

    @classmethod
    def _group(cls, role):
        ModelData = Pool().get('ir.model.data')
        return ModelData.get_id('event', ROLE_GROUPS[role])

    @classmethod
    def create(cls, vlist):
        roles = super().create(vlist)
        cls._grant(roles)
        return roles

    @classmethod
    def write(cls, *args):
        previous = [r for records in args[::2] for r in records]
        cls._revoke(previous)
        super().write(*args)
        cls._grant(previous)

    @classmethod
    def delete(cls, roles):
        cls._revoke(roles)
        super().delete(roles)

    @classmethod
    def _grant(cls, roles):
        pool = Pool()
        UserGroup = pool.get('res.user-res.group')
        # Management has no write access on users or groups: the role
        # record was checked against its own access, then the membership
        # is written on its behalf.
        with without_check_access():
            roles = cls.browse([r.id for r in roles])
            existing = {(m.user.id, m.group.id) for m in UserGroup.search([
                        ('user', 'in', [r.user.id for r in roles]),
                        ])}
            to_create = {(r.user.id, cls._group(r.role)) for r in roles}
            UserGroup.create([{'user': u, 'group': g}
                    for u, g in sorted(to_create - existing)])

    @classmethod
    def _revoke(cls, roles):
        pool = Pool()
        UserGroup = pool.get('res.user-res.group')
        with without_check_access():
            roles = cls.browse([r.id for r in roles])
            domain = ['OR'] + [[
                    ('user', '=', r.user.id),
                    ('group', '=', cls._group(r.role)),
                    ] for r in roles]
            if roles:
                UserGroup.delete(UserGroup.search(domain))

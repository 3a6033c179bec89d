from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Unique, fields
from trytond.pool import Pool
from trytond.transaction import without_check_access

from .exceptions import UserRoleError

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
    # The membership the role created; None when the user was already in
    # the group some other way, which taking the role back must not undo.
    membership = fields.Many2One(
        'res.user-res.group', "Membership", readonly=True,
        ondelete='SET NULL')

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
    def validate_fields(cls, roles, field_names):
        super().validate_fields(roles, field_names)
        cls.check_employee(roles, field_names)

    @classmethod
    def check_employee(cls, roles, field_names=None):
        """Check that each user is an employee of the company, and no portal
        caller: the groups' rules would add to an integrator's or the portal
        service's reach."""
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        if field_names and 'user' not in field_names:
            return
        portal_groups = {
            ModelData.get_id('portal', 'group_portal_service'),
            ModelData.get_id('portal', 'group_portal_integrator'),
            }
        with without_check_access():
            for role in cls.browse([r.id for r in roles]):
                user = role.user
                if (not user.employees
                        or portal_groups & {g.id for g in user.groups}):
                    raise UserRoleError(gettext(
                            'event.msg_user_role_not_employee'))

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
        changed = [r for records, values in zip(args[::2], args[1::2], strict=True)
            if values.keys() & {'user', 'role'} for r in records]
        cls._revoke(changed)
        super().write(*args)
        cls._grant(changed)

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
            for role in cls.browse([r.id for r in roles]):
                group = cls._group(role.role)
                if UserGroup.search([
                            ('user', '=', role.user.id),
                            ('group', '=', group),
                            ]):
                    membership = None
                else:
                    membership, = UserGroup.create([{
                                'user': role.user.id, 'group': group}])
                cls.write([role], {'membership': membership})

    @classmethod
    def _revoke(cls, roles):
        pool = Pool()
        UserGroup = pool.get('res.user-res.group')
        with without_check_access():
            memberships = [r.membership for r in cls.browse(
                    [r.id for r in roles]) if r.membership]
            UserGroup.delete(memberships)

from trytond.model import fields
from trytond.pool import PoolMeta


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    # The supplier's own parties are no customer data: the portal shows their
    # contact details, and the service user's record rule reaches them
    # through this field (party.xml).
    companies = fields.One2Many(
        'company.company', 'party', "Companies", readonly=True)
    web_users = fields.One2Many(
        'web.user', 'party', "Portal Users",
        help="The customer's logins to the portal.")


class Replace(metaclass=PoolMeta):
    __name__ = 'party.replace'

    @classmethod
    def fields_to_replace(cls):
        return super().fields_to_replace() + [
            ('portal.user-party.party', 'party'),
            ]

# This file is part of the customer portal project.
from trytond.model import fields
from trytond.pool import PoolMeta
from trytond.pyson import Eval


class Carrier(metaclass=PoolMeta):
    __name__ = 'carrier'

    pickup_contact = fields.Many2One(
        'party.contact_mechanism', "Pickup Contact", ondelete='RESTRICT',
        domain=[
            ('party', '=', Eval('party', -1)),
            ('type', '=', 'email'),
            ],
        help="The e-mail address of the carrier that receives the pickup "
        "slips.\nWithout it, no slip is sent to the carrier.")

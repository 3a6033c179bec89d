from trytond.model import fields
from trytond.pool import PoolMeta


class Employee(metaclass=PoolMeta):
    __name__ = 'company.employee'

    # The portal shows a customer who supports its events: the record rule
    # of the portal service reaches those employees through this field.
    support_events = fields.One2Many(
        'event.event', 'support_contact', "Supported Events", readonly=True)

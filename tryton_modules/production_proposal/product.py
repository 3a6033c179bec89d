# This file is part of the customer portal project. See LICENSE at the
# top level of the repository for the full license terms.
from trytond.model import fields
from trytond.pool import PoolMeta
from trytond.pyson import Eval

from .planning import BatchRule

_states = {
    'invisible': ~Eval('producible', False),
    }


class Template(metaclass=PoolMeta):
    __name__ = 'product.template'
    production_batch_minimum = fields.Float(
        "Minimum Batch", states=_states,
        domain=['OR',
            ('production_batch_minimum', '=', None),
            ('production_batch_minimum', '>=', 0),
            ],
        help="The smallest quantity produced at once, in the default unit.")
    production_batch_multiple = fields.Float(
        "Batch Multiple", states=_states,
        domain=['OR',
            ('production_batch_multiple', '=', None),
            ('production_batch_multiple', '>=', 0),
            ],
        help="Produced quantities are rounded up to a multiple of it.")
    production_max_per_day = fields.Float(
        "Maximum per Day", states=_states,
        domain=['OR',
            ('production_max_per_day', '=', None),
            ('production_max_per_day', '>=', 0),
            ],
        help="Above it, a proposal is split over several days.")

    @property
    def production_batch_rule(self):
        return BatchRule(
            minimum=self.production_batch_minimum or 0,
            multiple=self.production_batch_multiple or 0,
            max_per_day=self.production_max_per_day or 0)

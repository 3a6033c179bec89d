# This file is part of the customer portal project. See LICENSE at the
# top level of the repository for the full license terms.
from trytond.model import ModelSQL, fields
from trytond.pool import PoolMeta


class Production(metaclass=PoolMeta):
    __name__ = 'production'
    sales = fields.Many2Many(
        'production-sale.sale', 'production', 'sale', "Sales",
        help="The sales this production serves.")


class ProductionSale(ModelSQL):
    __name__ = 'production-sale.sale'
    __string__ = "Production - Sale"
    production = fields.Many2One(
        'production', "Production", required=True,
        ondelete='CASCADE')
    sale = fields.Many2One(
        'sale.sale', "Sale", required=True, ondelete='CASCADE')


class Sale(metaclass=PoolMeta):
    __name__ = 'sale.sale'
    productions = fields.Many2Many(
        'production-sale.sale', 'sale', 'production',
        "Productions", readonly=True,
        help="The production orders made for this sale.")

    def _portal_timeline_productions(self):
        "The productions made for the sale, on the portal's line timeline"
        return [*super()._portal_timeline_productions(), *self.productions]

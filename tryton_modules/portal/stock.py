# This file is part of the customer portal project. See LICENSE at the
# top level of the repository for the full license terms.
from trytond.model import fields
from trytond.pool import PoolMeta


class Lot(metaclass=PoolMeta):
    __name__ = 'stock.lot'
    # What the portal service's record rule on lots goes through (stock.xml):
    # a lot is readable for the customer it was delivered to.
    moves = fields.One2Many('stock.move', 'lot', "Moves", readonly=True)

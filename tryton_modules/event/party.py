from trytond.model import fields
from trytond.pool import PoolMeta
from trytond.transaction import Transaction


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    sales_responsible = fields.Many2One(
        'res.user', "Sales Responsible", ondelete='SET NULL',
        help="The salesperson in charge of this customer.\n"
        "Members of Event Sales may only edit their own customers.")

    @classmethod
    def default_sales_responsible(cls):
        # The root user (0) runs imports and set-up, it is nobody's salesperson
        return Transaction().user or None

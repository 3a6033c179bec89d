from decimal import Decimal

from trytond.model import fields
from trytond.modules.portal.model import buttons_obey_write_rules
from trytond.pool import PoolMeta
from trytond.transaction import without_check_access

# A sale is a signed contract once the customer confirmed it.
SIGNED_STATES = ('confirmed', 'processing', 'done')
_PAID_INVOICE_STATES = ('posted', 'paid')


class Sale(metaclass=PoolMeta):
    __name__ = 'sale.sale'

    contract_signed = fields.Function(
        fields.Boolean("Contract Signed",
            help="The sale is confirmed, processing or done."),
        'get_contract_signed', searcher='search_contract_signed')
    amount_due = fields.Function(
        fields.Numeric("Amount Due", digits='currency',
            help="The total of the contract minus what its invoices "
            "have already received."),
        'get_amount_due')
    fully_paid = fields.Function(
        fields.Boolean("Fully Paid",
            help="The contract is signed and all its invoices are paid."),
        'get_fully_paid', searcher='search_fully_paid')
    sales_responsible = fields.Function(
        fields.Many2One('res.user', "Sales Responsible"),
        'get_sales_responsible', searcher='search_sales_responsible')

    @classmethod
    def __post_setup__(cls):
        super().__post_setup__()
        # Event Sales may edit the contracts of their own customers only:
        # quoting, confirming or cancelling another salesperson's is a write.
        buttons_obey_write_rules(cls)

    def get_contract_signed(self, name):
        return self.state in SIGNED_STATES

    @classmethod
    def search_contract_signed(cls, name, clause):
        _, operator, value = clause
        signed = bool(value) == (operator == '=')
        return [('state', 'in' if signed else 'not in', SIGNED_STATES)]

    @classmethod
    def get_amount_due(cls, sales, name):
        amounts = {}
        # Readers of a contract may not have access to accounting,
        # yet the amount left to pay belongs to the contract.
        with without_check_access():
            for sale in cls.browse([s.id for s in sales]):
                if sale.state == 'cancelled':
                    amounts[sale.id] = Decimal(0)
                    continue
                received = sum(
                    (i.total_amount - i.amount_to_pay
                        for i in sale.invoices
                        if i.state in _PAID_INVOICE_STATES),
                    Decimal(0))
                amounts[sale.id] = sale.currency.round(
                    (sale.total_amount or Decimal(0)) - received)
        return amounts

    def get_fully_paid(self, name):
        return self.contract_signed and self.invoice_state == 'paid'

    @classmethod
    def search_fully_paid(cls, name, clause):
        _, operator, value = clause
        paid = bool(value) == (operator == '=')
        domain = [
            ('state', 'in', SIGNED_STATES),
            ('invoice_state', '=', 'paid'),
            ]
        if paid:
            return domain
        return ['OR',
            ('state', 'not in', SIGNED_STATES),
            ('invoice_state', '!=', 'paid'),
            ]

    def get_sales_responsible(self, name):
        if self.party and self.party.sales_responsible:
            return self.party.sales_responsible.id

    @classmethod
    def search_sales_responsible(cls, name, clause):
        return [('party.' + clause[0],) + tuple(clause[1:])]

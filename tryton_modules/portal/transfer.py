# This file is part of the portal module. The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Paying several invoices by one bank transfer.

A customer selects open invoices in the portal; the entry point
account.invoice.portal_transfer_reference records a transfer request
(portal.transfer): the invoices, what is left to pay on them and an ISO 11649
structured creditor reference ("RF..."). The customer quotes the reference
on the transfer; the back office finds the request by that reference (on the
invoice, the party, or the requests' list) and reconciles the payment with
the invoices it names. Whether they are paid stays Tryton's: the invoices'
own state and amount to pay.
"""
from decimal import Decimal

from stdnum import iso11649
from stdnum.iso7064 import mod_97_10
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Unique, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.rpc import RPC
from trytond.transaction import without_check_access

from .exceptions import (
    PortalArgumentError,
    PortalNotFoundError,
    PortalTransferError,
)
from .model import BILLING_ROLES, is_id, portal_entry_point

# Invoices one transfer may pay: what a customer selects on a page, bounded.
MAX_TRANSFER_INVOICES = 50
# Digits of the reference's body: the request's id, zero-padded.
REFERENCE_BODY_DIGITS = 9


def creditor_reference(number):
    """Return the ISO 11649 creditor reference of number (compact: "RF18...").

    The body is number zero-padded to REFERENCE_BODY_DIGITS digits; the check
    digits are ISO 7064 MOD 97-10 of the body followed by "RF".
    """
    body = f'{number:0{REFERENCE_BODY_DIGITS}d}'
    check = mod_97_10.calc_check_digits(body + 'RF')
    return f'RF{check}{body}'


class Transfer(ModelSQL, ModelView):
    "Portal Transfer Request"
    __name__ = 'portal.transfer'

    company = fields.Many2One(
        'company.company', "Company", readonly=True, required=True)
    party = fields.Many2One(
        'party.party', "Party", readonly=True, required=True,
        context={
            'company': Eval('company', -1),
            },
        depends={'company'})
    reference = fields.Char(
        "Reference", readonly=True,
        help="The structured creditor reference (ISO 11649) "
        "the customer quotes on the bank transfer.")
    amount = fields.Numeric(
        "Amount", digits='currency', readonly=True, required=True,
        help="What was left to pay on the invoices when the customer "
        "asked to pay them.")
    currency = fields.Many2One(
        'currency.currency', "Currency", readonly=True, required=True)
    invoices = fields.Many2Many(
        'portal.transfer-account.invoice', 'transfer', 'invoice', "Invoices",
        readonly=True)
    state = fields.Function(fields.Selection([
                ('pending', "Pending"),
                ('paid', "Paid"),
                ], "State",
            help="Paid once every invoice of the request is paid."),
        'get_state')
    bank_details = fields.Function(
        fields.Text("Bank Details"), 'get_bank_details')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        table = cls.__table__()
        cls._sql_constraints += [
            ('reference_unique', Unique(table, table.reference),
                'portal.msg_portal_transfer_reference_unique'),
            ]
        cls._order.insert(0, ('create_date', 'DESC'))

    def get_rec_name(self, name):
        return iso11649.format(self.reference) if self.reference else ''

    @classmethod
    def search_rec_name(cls, name, clause):
        _, operator, value, *_ = clause
        if isinstance(value, str) and operator in {'=', '!='}:
            # As printed ("RF18 5390 0754 7") or as typed on a bank statement
            value = iso11649.compact(value)
        return [('reference', operator, value)]

    def get_state(self, name):
        if self.invoices and all(i.state == 'paid' for i in self.invoices):
            return 'paid'
        return 'pending'

    def get_bank_details(self, name):
        return self.company.report_bank_details if self.company else None

    @classmethod
    def create(cls, vlist):
        transfers = super().create(vlist)
        # The reference is the request's id: unique, and short to type.
        for transfer in transfers:
            transfer.reference = creditor_reference(transfer.id)
        cls.save(transfers)
        return transfers


class TransferInvoice(ModelSQL):
    "Portal Transfer Request - Invoice"
    __name__ = 'portal.transfer-account.invoice'

    transfer = fields.Many2One(
        'portal.transfer', "Transfer Request", required=True,
        ondelete='CASCADE')
    invoice = fields.Many2One(
        'account.invoice', "Invoice", required=True, ondelete='CASCADE')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('transfer')


class Invoice(metaclass=PoolMeta):
    __name__ = 'account.invoice'

    portal_transfers = fields.Many2Many(
        'portal.transfer-account.invoice', 'invoice', 'transfer',
        "Transfer Requests", readonly=True,
        help="The bank transfers the customer announced from the portal "
        "to pay this invoice.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__rpc__.update({
                'portal_transfer_reference': RPC(readonly=False),
                })

    @classmethod
    def copy(cls, invoices, default=None):
        # A request names the invoices it was made for, not their copies.
        default = default.copy() if default is not None else {}
        default.setdefault('portal_transfers')
        return super().copy(invoices, default=default)

    @classmethod
    @portal_entry_point(roles=BILLING_ROLES)
    def portal_transfer_reference(cls, invoice_ids):
        """Record that the customer of the portal context pays invoice_ids
        by one bank transfer; return what to tell them.

        The invoices must be the customer's (another party's and a missing
        one are refused alike, naming nothing), customer invoices posted and
        not yet paid, of one company and currency. The same invoices asked
        again, left to pay unchanged, give the same request. Return a dict:
        id, reference (ISO 11649, printed in groups of four), amount,
        currency (code), bank_details (the company's) and invoices (id,
        number, amount_to_pay).
        """
        pool = Pool()
        Transfer = pool.get('portal.transfer')
        invoices = cls._portal_transfer_invoices(invoice_ids)
        amount = sum((i.amount_to_pay for i in invoices), Decimal(0))
        with without_check_access():
            transfer = cls._portal_transfer_reuse(invoices, amount)
            if transfer is None:
                first = invoices[0]
                transfer, = Transfer.create([{
                            'company': first.company.id,
                            'party': first.party.id,
                            'amount': amount,
                            'currency': first.currency.id,
                            'invoices': [('add', [i.id for i in invoices])],
                            }])
            return {
                'id': transfer.id,
                'reference': transfer.rec_name,
                'amount': transfer.amount,
                'currency': transfer.currency.code,
                'bank_details': transfer.bank_details or '',
                'invoices': [{
                        'id': i.id,
                        'number': i.number,
                        'amount_to_pay': i.amount_to_pay,
                        } for i in invoices],
                }

    @classmethod
    def _portal_transfer_invoices(cls, invoice_ids):
        """Return the invoices of invoice_ids the customer may pay by transfer
        (see portal_transfer_reference), ordered by number, or raise."""
        pool = Pool()
        User = pool.get('res.user')
        if (not isinstance(invoice_ids, (list, tuple))
                or any(not isinstance(i, int) or isinstance(i, bool)
                    for i in invoice_ids)):
            raise PortalArgumentError(gettext(
                    'portal.msg_portal_invalid_ids', **cls.__names__()))
        ids = sorted(set(invoice_ids))
        if not ids:
            raise PortalTransferError(gettext(
                    'portal.msg_portal_transfer_empty'))
        if len(ids) > MAX_TRANSFER_INVOICES:
            raise PortalTransferError(gettext(
                    'portal.msg_portal_transfer_too_many',
                    max=MAX_TRANSFER_INVOICES))
        parties = list(User.get_portal_billing_parties())
        invoices = []
        if all(map(is_id, ids)) and len(parties) == 1:
            with without_check_access():
                invoices = cls.search([
                        ('id', 'in', ids),
                        ('party', 'in', parties),
                        ('type', '=', 'out'),
                        ], order=[('number', 'ASC'), ('id', 'ASC')])
        if len(invoices) != len(ids):
            # Another customer's invoice, a supplier's or none at all: the
            # same answer, naming nothing.
            raise PortalNotFoundError(gettext(
                    'portal.msg_portal_record_not_found', **cls.__names__()))
        with without_check_access():
            for invoice in invoices:
                if invoice.state != 'posted' or invoice.amount_to_pay <= 0:
                    raise PortalTransferError(gettext(
                            'portal.msg_portal_transfer_not_open',
                            invoice=invoice.number or invoice.rec_name))
            if len({(i.company, i.currency) for i in invoices}) > 1:
                raise PortalTransferError(gettext(
                        'portal.msg_portal_transfer_currency'))
        return invoices

    @classmethod
    def _portal_transfer_reuse(cls, invoices, amount):
        "Return the pending request of exactly invoices for amount, if any"
        pool = Pool()
        Transfer = pool.get('portal.transfer')
        ids = {i.id for i in invoices}
        for transfer in Transfer.search([
                    ('party', '=', invoices[0].party.id),
                    ('invoices', 'in', list(ids)),
                    ('amount', '=', amount),
                    ]):
            if {i.id for i in transfer.invoices} == ids:
                return transfer
        return None


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    portal_transfers = fields.One2Many(
        'portal.transfer', 'party', "Transfer Requests", readonly=True,
        help="The bank transfers the customer announced from the portal.")

    @classmethod
    def copy(cls, parties, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('portal_transfers')
        return super().copy(parties, default=default)

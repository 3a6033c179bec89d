# This file is part of the portal module. The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Where the customer stands: what they owe on their posted invoices, what of
it is overdue and when the rest falls due.

Invoice.amount_to_pay is computed record by record through the ORM, about a
millisecond per invoice here: several seconds for a customer with thousands
of unpaid invoices. The same sums are read here from the invoices' move lines
in a few queries, over the invoices a search run as the caller finds (so the
record rules keep them to the customer of the portal context).
"""
from collections import namedtuple
from decimal import Decimal

from sql import Null
from trytond.pool import Pool, PoolMeta
from trytond.rpc import RPC
from trytond.transaction import Transaction

from .model import BILLING_ROLES, portal_entry_point

# An invoice's amounts as Invoice.get_amount_to_pay computes them, and the
# first maturity after today of its unreconciled lines to pay (None if none).
AmountToPay = namedtuple(
    'AmountToPay', ['currency', 'amount', 'amount_today', 'next_maturity'])


def amounts_to_pay(invoices, today):
    """Return {invoice id: AmountToPay} of the posted invoices of the query
    invoices (a search with query=True).

    As Invoice.get_amount_to_pay: the unreconciled lines to pay (on the
    invoice's move and its additional moves) and payment lines; for today's
    amount, the lines to pay due by today and every payment line, never below
    zero. An invoice in another currency than its company's is left to
    get_amount_to_pay (its rates)."""
    pool = Pool()
    Invoice = pool.get('account.invoice')
    Company = pool.get('company.company')
    MoveLine = pool.get('account.move.line')
    AdditionalMove = pool.get('account.invoice-additional-account.move')
    PaymentLine = pool.get('account.invoice-account.move.line')
    invoice = Invoice.__table__()
    company = Company.__table__()
    line = MoveLine.__table__()
    additional_move = AdditionalMove.__table__()
    payment = PaymentLine.__table__()
    cursor = Transaction().connection.cursor()

    cursor.execute(*invoice.join(
            company, condition=invoice.company == company.id).select(
            invoice.id, invoice.type, invoice.currency, company.currency,
            where=invoice.id.in_(invoices) & (invoice.state == 'posted')))
    kinds, currencies, foreign = {}, {}, []
    for invoice_id, kind, currency, company_currency in cursor:
        if currency == company_currency:
            kinds[invoice_id], currencies[invoice_id] = kind, currency
        else:
            foreign.append(invoice_id)

    columns = [line.maturity_date, line.debit, line.credit,
        line.second_currency, line.amount_second_currency]
    unreconciled = line.reconciliation == Null
    to_pay = invoice.join(line, condition=(
            (invoice.move == line.move)
            & (invoice.account == line.account))).select(
        invoice.id, *columns,
        where=invoice.id.in_(invoices) & unreconciled)
    additional_to_pay = (invoice
        .join(additional_move,
            condition=additional_move.invoice == invoice.id)
        .join(line, condition=(
                (additional_move.move == line.move)
                & (invoice.account == line.account)))
        .select(
            invoice.id, *columns,
            where=invoice.id.in_(invoices) & unreconciled))
    paid = payment.join(line, condition=payment.line == line.id).select(
        payment.invoice, *columns,
        where=payment.invoice.in_(invoices) & unreconciled)

    amounts = {i: [Decimal(0), Decimal(0), None] for i in kinds}
    # One query each, not a UNION: SQLite reads a UNION's amounts as floats.
    for query, is_payment in [
            (to_pay, False), (additional_to_pay, False), (paid, True)]:
        cursor.execute(*query)
        for (invoice_id, maturity_date, debit, credit, second_currency,
                amount_second_currency) in cursor:
            if invoice_id not in amounts:
                continue
            if second_currency and second_currency == currencies[invoice_id]:
                amount = amount_second_currency
            else:
                amount = debit - credit
            total = amounts[invoice_id]
            total[0] += amount
            if is_payment or (maturity_date and maturity_date <= today):
                total[1] += amount
            if (not is_payment and maturity_date and maturity_date > today
                    and (total[2] is None or maturity_date < total[2])):
                total[2] = maturity_date

    result = {}
    for invoice_id, (amount, amount_today, next_maturity) in amounts.items():
        sign = -1 if kinds[invoice_id] == 'in' else 1
        result[invoice_id] = AmountToPay(
            currencies[invoice_id], sign * amount,
            max(Decimal(0), sign * amount_today), next_maturity)
    for record in Invoice.browse(foreign):
        next_maturity = min((
                line.maturity_date for line in record.lines_to_pay
                if not line.reconciliation and line.maturity_date
                and line.maturity_date > today), default=None)
        result[record.id] = AmountToPay(
            record.currency.id, record.amount_to_pay,
            record.amount_to_pay_today, next_maturity)
    return result


class Invoice(metaclass=PoolMeta):
    __name__ = 'account.invoice'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__rpc__['portal_balance'] = RPC()

    @classmethod
    @portal_entry_point(roles=BILLING_ROLES)
    def portal_balance(cls):
        """Return where the customer of the portal context stands on their
        posted invoices: {'amounts': [{'currency': code, 'amount_due',
        'amount_overdue'}] (by currency code), 'due_count' (invoices with an
        amount to pay), 'overdue_count' and 'overdue_ids' (those with an
        amount due by today), 'next_due_date' (the first maturity after today
        of an invoice not overdue)}."""
        pool = Pool()
        Currency = pool.get('currency.currency')
        Date = pool.get('ir.date')
        today = Date.today()
        posted = cls.search([
                ('type', '=', 'out'),
                ('state', '=', 'posted'),
                ], query=True)
        invoices = amounts_to_pay(posted, today)
        codes = {c.id: c.code for c in Currency.browse(
                list({i.currency for i in invoices.values()}))}
        amounts = {}
        for invoice in invoices.values():
            due, overdue = amounts.get(invoice.currency, (0, 0))
            amounts[invoice.currency] = (
                due + invoice.amount, overdue + invoice.amount_today)
        overdue_ids = sorted(
            i for i, invoice in invoices.items() if invoice.amount_today > 0)
        upcoming = [
            invoice.next_maturity for invoice in invoices.values()
            if invoice.amount > 0 and invoice.amount_today <= 0
            and invoice.next_maturity]
        return {
            'amounts': sorted(({
                        'currency': codes[currency],
                        'amount_due': Decimal(due),
                        'amount_overdue': Decimal(overdue),
                        } for currency, (due, overdue) in amounts.items()),
                key=lambda a: a['currency']),
            'due_count': sum(1 for i in invoices.values() if i.amount > 0),
            'overdue_count': len(overdue_ids),
            'overdue_ids': overdue_ids,
            'next_due_date': min(upcoming, default=None),
            }

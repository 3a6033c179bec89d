# This file is part of the portal module. The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The customer's home page in one call: what waits for them, what is under
way, their last invoices and what they spent month by month.

Every figure comes from searches run as the caller: for the portal's service
user the record rules keep them to the customer of the portal context (and
invoices to the roles that read billing), so nothing here filters by party.
The sums read the stored amounts of the records such a search finds, in SQL:
a customer with thousands of sales and invoices a year costs one query each,
not one computed field per record. Modules that add customer documents
(pickup, event) add their counters by extending _portal_dashboard.
"""
import datetime as dt
from collections import defaultdict
from decimal import Decimal

from trytond.pool import Pool, PoolMeta
from trytond.rpc import RPC
from trytond.transaction import Transaction

from .account import context_company
from .balance import amounts_to_pay
from .model import portal_entry_point

SPEND_MONTHS = 12
RECENT_INVOICES = 5
# The sales whose amount the customer has committed to.
SPENT_STATES = ['confirmed', 'processing', 'done']
IN_PROGRESS_STATES = ['confirmed', 'processing']


def spend_months(today, count=SPEND_MONTHS):
    "The first days of the count months up to today's, oldest first"
    year, month = today.year, today.month
    months = []
    for _ in range(count):
        months.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return months[::-1]


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__rpc__['portal_dashboard'] = RPC()

    @classmethod
    @portal_entry_point
    def portal_dashboard(cls):
        """Return the counters, recent invoices and monthly spend of the
        customer of the portal context (see _portal_dashboard)."""
        return cls._portal_dashboard()

    @classmethod
    def _portal_dashboard(cls):
        pool = Pool()
        Date = pool.get('ir.date')
        Sale = pool.get('sale.sale')
        today = Date.today()
        company = context_company()
        quotations = Sale.search([('state', '=', 'quotation')])
        return {
            'today': today,
            'currency': company.currency.code if company else '',
            'quotations_waiting': sum(
                1 for s in quotations
                if not s.quotation_expire or s.quotation_expire >= today),
            'orders_in_progress': Sale.search_count(
                [('state', 'in', IN_PROGRESS_STATES)]),
            'monthly_spend': cls._portal_monthly_spend(today),
            **cls._portal_dashboard_invoices(),
            }

    @classmethod
    def _portal_monthly_spend(cls, today):
        "[{'month': first day, 'amount': total}] of the last months, oldest first"
        Sale = Pool().get('sale.sale')
        sale = Sale.__table__()
        cursor = Transaction().connection.cursor()
        months = spend_months(today)
        spent_sales = Sale.search([
                ('state', 'in', SPENT_STATES),
                ('sale_date', '>=', months[0]),
                ('sale_date', '<=', today),
                ], query=True)
        # Confirmation stores a sale's total (store_cache); the rows fetched,
        # not summed in SQL: SQLite would sum the amounts as floats.
        cursor.execute(*sale.select(
                sale.id, sale.sale_date, sale.total_amount_cache,
                where=sale.id.in_(spent_sales)))
        spent = defaultdict(Decimal)
        uncached = []
        for sale_id, sale_date, total in cursor:
            if total is None:
                uncached.append(sale_id)
            else:
                spent[sale_date.replace(day=1)] += total
        for record in Sale.browse(uncached):
            spent[record.sale_date.replace(day=1)] += record.total_amount or 0
        return [{'month': m, 'amount': spent[m]} for m in months]

    @classmethod
    def _portal_dashboard_invoices(cls):
        "The invoices due and the last ones (none for roles without billing)"
        pool = Pool()
        Date = pool.get('ir.date')
        Invoice = pool.get('account.invoice')
        customer = [('type', '=', 'out')]
        posted = Invoice.search(
            customer + [('state', '=', 'posted')], query=True)
        recent = Invoice.search(
            customer + [('state', 'in', ['posted', 'paid'])],
            order=[('invoice_date', 'DESC'), ('id', 'DESC')],
            limit=RECENT_INVOICES)
        return {
            # Posted and not yet paid: a reconciled invoice stays posted until
            # the queue processes it. A credit note's negative amount is owed
            # to the customer, not by them.
            'invoices_due': sum(
                1 for i in amounts_to_pay(posted, Date.today()).values()
                if i.amount > 0),
            'recent_invoices': [{
                    'id': i.id,
                    'number': i.number,
                    'invoice_date': i.invoice_date,
                    'total_amount': i.total_amount,
                    'amount_to_pay': i.amount_to_pay,
                    'state': i.state,
                    } for i in recent],
            }

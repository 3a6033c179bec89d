# This file is part of the portal module. The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The customer's home page in one call: what waits for them, what is under
way, their last invoices and what they spent month by month.

Every figure comes from searches run as the caller: for the portal's service
user the record rules keep them to the customer of the portal context (and
invoices to the roles that read billing), so nothing here filters by party.
Modules that add customer documents (pickup, event) add their counters by
extending _portal_dashboard.
"""
import datetime as dt
from collections import defaultdict
from decimal import Decimal

from trytond.pool import Pool, PoolMeta
from trytond.rpc import RPC

from .account import context_company
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
        months = spend_months(today)
        sales = Sale.search([
                ('state', 'in', SPENT_STATES),
                ('sale_date', '>=', months[0]),
                ('sale_date', '<=', today),
                ])
        spent = defaultdict(Decimal)
        for sale in sales:
            spent[sale.sale_date.replace(day=1)] += sale.total_amount or 0
        return [{'month': m, 'amount': spent[m]} for m in months]

    @classmethod
    def _portal_dashboard_invoices(cls):
        "The invoices due and the last ones (none for roles without billing)"
        Invoice = Pool().get('account.invoice')
        customer = [('type', '=', 'out')]
        recent = Invoice.search(
            customer + [('state', 'in', ['posted', 'paid'])],
            order=[('invoice_date', 'DESC'), ('id', 'DESC')],
            limit=RECENT_INVOICES)
        return {
            # Posted and not yet paid: a reconciled invoice stays posted until
            # the queue processes it. A credit note's negative amount is owed
            # to the customer, not by them.
            'invoices_due': sum(
                1 for i in Invoice.search(customer + [('state', '=', 'posted')])
                if i.amount_to_pay > 0),
            'recent_invoices': [{
                    'id': i.id,
                    'number': i.number,
                    'invoice_date': i.invoice_date,
                    'total_amount': i.total_amount,
                    'amount_to_pay': i.amount_to_pay,
                    'state': i.state,
                    } for i in recent],
            }

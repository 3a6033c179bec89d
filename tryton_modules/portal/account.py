# This file is part of the portal module. The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""The customer's statement of account: their open receivable items, aged.

The ageing is computed here, once, for both readers of the statement: the
portal page (entry point account.move.line.portal_statement) and the PDF
(report party.portal_statement). Both see the same items, the same buckets
and the same "today" (the company's, ir.date).

The portal's service user has no access to account.move.line: the entry point
reads the lines of the parties of res.user.get_portal_parties() only, without
access checks, and returns plain values.
"""
from decimal import Decimal

from trytond.i18n import gettext
from trytond.modules.html_report.report import HTMLReportMixin
from trytond.pool import Pool, PoolMeta
from trytond.report import Report
from trytond.rpc import RPC
from trytond.transaction import Transaction, without_check_access

from .exceptions import PortalArgumentError, PortalNotFoundError
from .model import (
    BILLING_ROLES,
    check_portal_role,
    is_id,
    portal_entry_point,
    portal_records,
)

# Days overdue -> bucket: (key, first day, last day); None = no end.
AGEING_BUCKETS = (
    ('current', None, 0),
    ('overdue_1_30', 1, 30),
    ('overdue_31_60', 31, 60),
    ('overdue_61_90', 61, 90),
    ('overdue_over_90', 91, None),
    )


def ageing_bucket(days_overdue):
    "Return the key of the ageing bucket of an item days_overdue late"
    for key, first, last in AGEING_BUCKETS:
        if ((first is None or days_overdue >= first)
                and (last is None or days_overdue <= last)):
            return key


def statement(party, company, today):
    """Return the open receivable items of party in company, aged at today.

    party None (no customer in the context) has no item.
    Items are the posted, unreconciled lines of receivable accounts, oldest
    first, each with the running balance (debit - credit) so far and the
    level of its dunning, if any (dunning_level). An item
    without maturity date falls due on its date. Amounts are in the
    company's currency. Run it without access checks: the caller decides
    whose statement it may read.

    The lines are found by a domain, then read with their moves, invoices
    and dunnings in three queries: a customer may have thousands of open
    items, which the ORM would read record by record (minutes for 5,000).
    """
    pool = Pool()
    MoveLine = pool.get('account.move.line')
    Move = pool.get('account.move')
    Invoice = pool.get('account.invoice')
    line = MoveLine.__table__()
    move = Move.__table__()
    invoice = Invoice.__table__()
    cursor = Transaction().connection.cursor()
    if party is None:
        rows, invoices, levels = [], {}, {}
    else:
        open_lines = MoveLine.search([
                ('party', '=', party.id),
                ('move.company', '=', company.id),
                ('move.state', '=', 'posted'),
                ('account.type.receivable', '=', True),
                ('reconciliation', '=', None),
                ], query=True)
        cursor.execute(*line.join(move, condition=line.move == move.id).select(
                line.id, move.id, move.date, line.maturity_date, line.debit,
                line.credit, line.description, move.number, move.description,
                where=line.id.in_(open_lines),
                order_by=[move.date.asc, line.id.asc]))
        rows = cursor.fetchall()
        # Apart, not joined: SQLite has no index on the invoice's move.
        cursor.execute(*invoice.select(
                invoice.move, invoice.id, invoice.number, invoice.reference,
                invoice.description,
                where=invoice.move.in_(
                    line.select(line.move, where=line.id.in_(open_lines)))))
        invoices = {row[0]: row[1:] for row in cursor}
        levels = dunning_levels(open_lines)
    ageing = {key: Decimal(0) for key, _, _ in AGEING_BUCKETS}
    items = []
    balance = Decimal(0)
    for (line_id, move_id, date, maturity_date, debit, credit, description,
            move_number, move_description) in rows:
        invoice_id, invoice_number, invoice_reference, invoice_description = (
            invoices.get(move_id, (None, None, None, None)))
        amount = debit - credit
        if not amount:
            continue
        balance += amount
        days_overdue = (today - (maturity_date or date)).days
        bucket = ageing_bucket(days_overdue)
        ageing[bucket] += amount
        items.append({
                'id': line_id,
                'date': date,
                'document': invoice_number or move_number or '',
                'reference': invoice_reference or '',
                'description': (
                    description or move_description
                    or invoice_description or ''),
                'maturity_date': maturity_date,
                'debit': debit,
                'credit': credit,
                'balance': balance,
                'days_overdue': max(days_overdue, 0),
                'bucket': bucket,
                'invoice': invoice_id,
                'dunning_level': levels.get(line_id),
                })
    return {
        'as_of': today,
        'currency': company.currency.code,
        'items': items,
        'ageing': ageing,
        'balance': balance,
        'overdue': balance - ageing['current'],
        }


def dunning_levels(lines):
    """Return {line id: level} of the lines of the query lines with a dunning
    the back office processed (account_dunning), level 1 for the first of its
    procedure: a draft dunning is not sent yet, so the customer has no
    reminder."""
    pool = Pool()
    Dunning = pool.get('account.dunning')
    Level = pool.get('account.dunning.level')
    dunning = Dunning.__table__()
    cursor = Transaction().connection.cursor()
    cursor.execute(*dunning.select(
            dunning.line, dunning.level,
            where=dunning.line.in_(lines) & (dunning.state != 'draft')))
    rows = cursor.fetchall()
    numbers = {
        level.id: level.procedure.levels.index(level) + 1
        for level in Level.browse(list({level for _, level in rows}))}
    levels = {}
    for line_id, level_id in rows:
        levels[line_id] = max(levels.get(line_id, 0), numbers[level_id])
    return levels


def statement_today(company):
    "Today for company (its time zone)"
    pool = Pool()
    Date = pool.get('ir.date')
    with Transaction().set_context(company=company.id):
        return Date.today()


def context_company():
    "The company of the transaction's context, or None"
    pool = Pool()
    Company = pool.get('company.company')
    company_id = Transaction().context.get('company')
    return Company(company_id) if company_id else None


class MoveLine(metaclass=PoolMeta):
    __name__ = 'account.move.line'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__rpc__.update({
                'portal_statement': RPC(),
                })

    @classmethod
    @portal_entry_point(roles=BILLING_ROLES)
    def portal_statement(cls):
        """Return the statement of account of the customer of the portal
        context (see statement), in the company of the context.

        Without a live customer context the statement has no item; without
        company there is none (None). No argument names the customer: the context does.
        """
        pool = Pool()
        Party = pool.get('party.party')
        User = pool.get('res.user')
        company = context_company()
        # The parties whose billing the user reads (for the service user,
        # the customer of the context, if its web user's role allows it).
        parties = User.get_portal_billing_parties()
        if company is None:
            return None
        # The service user acts for one customer at a time.
        party = Party(parties[0]) if len(parties) == 1 else None
        with without_check_access():
            return statement(party, company, statement_today(company))


class StatementReport(HTMLReportMixin, Report):
    "The statement of account of parties, as a PDF"
    __name__ = 'party.portal_statement'

    @classmethod
    def execute(cls, ids, data):
        # Upstream turns any id into an int ("7", True): refuse them as
        # portal_records does, whoever calls.
        Party = Pool().get('party.party')
        if any(not isinstance(i, int) or isinstance(i, bool) for i in ids):
            raise PortalArgumentError(gettext(
                    'portal.msg_portal_invalid_ids', **Party.__names__()))
        if not all(map(is_id, ids)):
            raise PortalNotFoundError(gettext(
                    'portal.msg_portal_record_not_found', **Party.__names__()))
        return super().execute(ids, data)

    @classmethod
    def check_access(cls, action, model, ids):
        # After the report's groups and the party's read rules, which refuse
        # (AccessError) the parties the user cannot read at all.
        super().check_access(action, model, ids)
        cls.statement_parties(ids)

    @classmethod
    def statement_parties(cls, ids):
        """Return the parties of ids whose statement the user may print.

        The accountants print any party's; the others (the portal's service
        user, integrators) only those of res.user.get_portal_parties(), a
        missing party and another's refused alike, and the service user only
        for a web user whose role reads billing.
        """
        pool = Pool()
        Party = pool.get('party.party')
        User = pool.get('res.user')
        ModelData = pool.get('ir.model.data')
        if Transaction().user == 0 or (
                ModelData.get_id('account', 'group_account')
                in User.get_groups()):
            return Party.browse(ids)
        check_portal_role(BILLING_ROLES, cls.__name__)
        return portal_records(Party, ids, party='id')

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        company = context_company()
        with without_check_access():
            today = statement_today(company) if company else None
            context['statements'] = {
                p.id: statement(p, company, today) for p in records
                } if company else {}
        context['company'] = company
        context['ageing_buckets'] = [key for key, _, _ in AGEING_BUCKETS]
        context['statement_label'] = statement_label
        return context


def statement_label(name, **variables):
    "A label of the statement in the current (party's) language"
    return gettext(f'portal.msg_statement_{name}', **variables)

# This file is part of the portal module. The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from sql.aggregate import Count
from trytond.i18n import gettext
from trytond.model import Index, ModelView, Workflow, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.rpc import RPC
from trytond.transaction import Transaction, without_check_access

from .exceptions import PortalArgumentError, PortalQuotationError
from .model import ACTING_ROLES, portal_entry_point, portal_records

# Long enough for any reason a person types, short enough for a text field.
DECLINE_REASON_MAX = 2000


class Sale(metaclass=PoolMeta):
    __name__ = 'sale.sale'

    portal_decline_reason = fields.Text(
        "Decline Reason", readonly=True,
        states={
            'invisible': ~Eval('portal_decline_reason'),
            },
        help="Why the customer declined the quotation in the portal.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # quote() stores the amounts below and a quotation's lines are
        # read-only: read them as upstream does from confirmation on, instead
        # of computing the taxes of every line of every listed quotation.
        if 'quotation' not in cls._states_cached:
            cls._states_cached = [*cls._states_cached, 'quotation']
        t = cls.__table__()
        # A customer's sales newest first (the default order) is a range of
        # this index, not a sort of all the customer's sales; with the state
        # in it, counting the customer's sales but drafts reads only the index.
        cls._sql_indexes.add(Index(
                t,
                (t.party, Index.Equality()),
                (t.sale_date, Index.Range()),
                (t.id, Index.Range()),
                (t.state, Index.Equality(cardinality='low'))))
        cls.__rpc__.update({
                'portal_state_counts': RPC(),
                'portal_accept': RPC(readonly=False),
                'portal_decline': RPC(readonly=False),
                })

    @classmethod
    @ModelView.button
    @Workflow.transition('quotation')
    def quote(cls, sales):
        super().quote(sales)
        # Upstream stores the amounts only from confirmation on; a quotation is
        # fixed too, and the portal sorts customers' sales by their stored total.
        cls.store_cache(sales)

    @classmethod
    @portal_entry_point
    def portal_state_counts(cls, domain):
        """Return {state: number of sales} of the sales matching domain.

        The search obeys the caller's record rules (the customer of the
        portal context for the service user): one grouped count instead of
        one search_count per state.
        """
        if not isinstance(domain, list):
            raise PortalArgumentError(gettext(
                    'portal.msg_portal_invalid_argument',
                    name='domain', method=f'{cls.__name__}.portal_state_counts'))
        query = cls.search(domain, query=True)
        table = cls.__table__()
        cursor = Transaction().connection.cursor()
        cursor.execute(*table.select(
                table.state, Count(table.id),
                where=table.id.in_(query),
                group_by=[table.state]))
        return dict(cursor)

    @classmethod
    @portal_entry_point(roles=ACTING_ROLES)
    def portal_accept(cls, sale_id):
        """Confirm the quotation on behalf of the customer, as confirm does.

        Refused unless the sale is a quotation of the customer of the portal
        context (another party's sale is refused like a missing one) that has
        not expired. Return the new state.
        """
        sale = cls._portal_quotation(sale_id)
        with without_check_access():
            cls.confirm([sale])
        return cls(sale.id).state

    @classmethod
    @portal_entry_point(roles=ACTING_ROLES)
    def portal_decline(cls, sale_id, reason):
        """Cancel the quotation on behalf of the customer, keeping the reason.

        Refused as portal_accept is. Return the new state.
        """
        if (not isinstance(reason, str) or not reason.strip()
                or len(reason) > DECLINE_REASON_MAX):
            raise PortalArgumentError(gettext(
                    'portal.msg_portal_decline_reason',
                    max=DECLINE_REASON_MAX))
        sale = cls._portal_quotation(sale_id)
        with without_check_access():
            cls.write([sale], {'portal_decline_reason': reason.strip()})
            cls.cancel([sale])
        return cls(sale.id).state

    @classmethod
    def _portal_quotation(cls, sale_id):
        "Return the customer's sale of sale_id, locked, if it is a valid quotation"
        pool = Pool()
        Date = pool.get('ir.date')
        Lang = pool.get('ir.lang')
        sale, = portal_records(cls, [sale_id])
        # Two people of the customer answering at once: the second one waits
        # here and then finds the sale no longer a quotation.
        with without_check_access():
            cls.lock([sale])
        sale = cls(sale.id)
        if sale.state != 'quotation':
            raise PortalQuotationError(gettext(
                    'portal.msg_portal_quotation_closed',
                    sale=sale.rec_name, state=sale.state_string))
        with Transaction().set_context(company=sale.company.id):
            today = Date.today()
        if sale.quotation_expire and sale.quotation_expire < today:
            raise PortalQuotationError(gettext(
                    'portal.msg_portal_quotation_expired',
                    sale=sale.rec_name,
                    date=Lang.get().strftime(sale.quotation_expire)))
        return sale

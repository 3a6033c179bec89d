# This file is part of the portal module. The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.model import Index, ModelView, Workflow
from trytond.pool import PoolMeta


class Sale(metaclass=PoolMeta):
    __name__ = 'sale.sale'

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

    @classmethod
    @ModelView.button
    @Workflow.transition('quotation')
    def quote(cls, sales):
        super().quote(sales)
        # Upstream stores the amounts only from confirmation on; a quotation is
        # fixed too, and the portal sorts customers' sales by their stored total.
        cls.store_cache(sales)

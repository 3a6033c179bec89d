# This file is part of the pickup module. The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.pool import Pool, PoolMeta


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    @classmethod
    def _portal_dashboard(cls):
        "The customer's pickups still to come, on the portal's home page"
        pool = Pool()
        Date = pool.get('ir.date')
        Request = pool.get('pickup.request')
        return {
            **super()._portal_dashboard(),
            'pickups_coming': Request.search_count([
                    ('state', 'in', ['requested', 'confirmed']),
                    ('pickup_date', '>=', Date.today()),
                    ]),
            }

# This file is part of the event module. The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
import datetime as dt

from trytond.pool import Pool, PoolMeta


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    @classmethod
    def _portal_dashboard(cls):
        "The customer's events still to come, on the portal's home page"
        Event = Pool().get('event.event')
        return {
            **super()._portal_dashboard(),
            'events_coming': Event.search_count([
                    ('state', 'in', ['planned', 'in_progress']),
                    # Tryton keeps naive UTC date-times.
                    ('end', '>=', dt.datetime.now(dt.UTC).replace(tzinfo=None)),
                    ]),
            }

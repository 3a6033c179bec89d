# This file is part of the event module. The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.modules.portal.webhook import PortalWebhookMixin
from trytond.pool import PoolMeta


class Event(PortalWebhookMixin, metaclass=PoolMeta):
    "Tell the portal when an event of a customer is done or cancelled"
    __name__ = 'event.event'
    _portal_webhook_states = {
        'state': {
            'planned': 'planned',
            'in_progress': 'in_progress',
            'done': 'done',
            'cancelled': 'cancelled',
            },
        }

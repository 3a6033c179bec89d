# This file is part of the pickup module. The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
from trytond.modules.portal.webhook import PortalWebhookMixin
from trytond.pool import PoolMeta


class Request(PortalWebhookMixin, metaclass=PoolMeta):
    "Tell the portal when the back office moves a pickup on"
    __name__ = 'pickup.request'
    _portal_webhook_states = {
        'state': {
            'requested': 'requested',
            'confirmed': 'confirmed',
            'done': 'done',
            'cancelled': 'cancelled',
            },
        }

# This file is part of the portal module. The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Tracking of customer shipments: the carrier that delivers a shipment and
the carrier's reference for it, and the carrier's page that follows it.

The fields carry the names upstream gives them (carrier on the shipment as
sale_shipment_cost does, shipping_reference as stock_package_shipping does),
so the portal reads the same fields if those modules are activated one day.
"""
from urllib.parse import quote

from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import PoolMeta

from .exceptions import PortalTrackingURLError

REFERENCE_PLACEHOLDER = '{reference}'


class Carrier(metaclass=PoolMeta):
    __name__ = 'carrier'

    portal_tracking_url = fields.Char(
        "Tracking URL",
        help="The carrier's page following a shipment, with {reference} "
        "where its tracking reference goes.\n"
        "For example: https://carrier.example.com/track?ref={reference}")

    @classmethod
    def validate_fields(cls, carriers, field_names):
        super().validate_fields(carriers, field_names)
        if field_names and 'portal_tracking_url' not in field_names:
            return
        for carrier in carriers:
            url = carrier.portal_tracking_url
            if url and (not url.startswith('https://')
                    or url.count(REFERENCE_PLACEHOLDER) != 1):
                raise PortalTrackingURLError(gettext(
                        'portal.msg_portal_tracking_url',
                        carrier=carrier.rec_name,
                        placeholder=REFERENCE_PLACEHOLDER))

    def portal_tracking_link(self, reference):
        "The URL following reference, or None without a pattern"
        if not self.portal_tracking_url or not reference:
            return None
        return self.portal_tracking_url.replace(
            REFERENCE_PLACEHOLDER, quote(reference, safe=''))


class ShipmentOut(metaclass=PoolMeta):
    __name__ = 'stock.shipment.out'

    carrier = fields.Many2One(
        'carrier', "Carrier", ondelete='RESTRICT',
        help="The carrier that delivers the shipment.")
    shipping_reference = fields.Char(
        "Shipping Reference",
        help="The carrier's reference of the shipment, which the customer "
        "follows it by.")

    def portal_tracking(self):
        "What the customer is told about the delivery of the shipment"
        carrier = self.carrier
        reference = (self.shipping_reference or '').strip()
        return {
            'id': self.id,
            'number': self.number or '',
            'carrier': carrier.party.rec_name if carrier else '',
            'reference': reference,
            'url': carrier.portal_tracking_link(reference) if carrier else None,
            }

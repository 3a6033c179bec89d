"""Carriers and tracking references on the demo's shipped orders (module portal).

The carriers are those of the pickups (pickups.ensure_carriers); Sofripa has a tracking
page, Transports Bernard none. Recent done shipments carry a carrier and its reference.
"""

import datetime as dt

from proteus import Model

from .facts import BERNARD_EVERY, TRACKED_DAYS, TRACKING_URLS
from .pickups import ensure_carriers


def ensure_tracking(cfg, sales, today):
    """Set the carriers' tracking pages and, on the done shipments of ``sales`` (the
    [(plan, sale)] of the sales step) shipped in the last TRACKED_DAYS, a carrier and a
    tracking reference. Idempotent: a shipment with a reference is left as it is."""
    Shipment = Model.get("stock.shipment.out", config=cfg)
    carriers = ensure_carriers(cfg)
    for code, url in TRACKING_URLS.items():
        carrier = carriers[code]
        if carrier.portal_tracking_url != url:
            carrier.portal_tracking_url = url
            carrier.save()
    since = today - dt.timedelta(days=TRACKED_DAYS)
    ids = [s.id for _, sale in sales for s in sale.shipments]
    shipments = Shipment.find([
        ("id", "in", ids),
        ("state", "=", "done"),
        ("effective_date", ">=", since),
    ], order=[("effective_date", "ASC"), ("id", "ASC")])
    to_save = []
    for index, shipment in enumerate(shipments):
        if shipment.shipping_reference:
            continue
        if index % BERNARD_EVERY == BERNARD_EVERY - 1:
            shipment.carrier = carriers["T-BERNARD"]
            shipment.shipping_reference = f"TB{shipment.effective_date:%y%m%d}{shipment.id:04d}"
        else:
            shipment.carrier = carriers["T-SOFRIPA"]
            shipment.shipping_reference = f"SOF-{shipment.id:06d}"
        to_save.append(shipment)
    if to_save:
        Shipment.save(to_save)

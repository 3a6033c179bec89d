"""Pickup requests ("ramasses") of the demo customers, in every state, with their carriers.

The slips are e-mailed when a pickup is requested: build this step inside
``mail.mail_sink()`` so that no e-mail leaves the machine.
"""

import datetime as dt
import math

from proteus import Model

from .facts import CARRIERS, PICKUP_REPLY_TO, PICKUPS, PORTAL_CARRIER
from .parties import ensure_party

# Bottles or kegs per package and kilograms per unit, by format (the code's suffix).
_PACKING = {"33": (24, 0.6), "75": (12, 1.35), "F20": (1, 23.0)}
_MANUAL_LINES = [("KB-ORI-F20", 2), ("GB-ORI-33", 48)]  # for pickups without a sale


def ensure_configuration(cfg, carriers):
    Configuration = Model.get("pickup.configuration", config=cfg)
    configuration = Configuration(1)
    if configuration.email_reply_to != PICKUP_REPLY_TO or not configuration.portal_carrier:
        configuration.email_reply_to = PICKUP_REPLY_TO
        configuration.email_signature = "L'équipe logistique – Ferment Station"
        configuration.portal_carrier = carriers[PORTAL_CARRIER]
        configuration.save()


def ensure_carriers(cfg):
    """Return {code: carrier} for facts.CARRIERS: Tryton carriers (module carrier), each
    with its party and, when it has an e-mail address, that address as pickup contact."""
    Carrier = Model.get("carrier", config=cfg)
    carriers = {}
    for code, data in CARRIERS.items():
        party = ensure_party(cfg, code, data)
        found = Carrier.find([("party", "=", party.id)])
        if found:
            carriers[code] = found[0]
            continue
        carrier = Carrier(party=party, carrier_product=_carrier_product(cfg, data["name"]))
        emails = [m for m in party.contact_mechanisms if m.type == "email"]
        if emails:
            carrier.pickup_contact = emails[0]
        carrier.save()
        carriers[code] = carrier
    return carriers


def _carrier_product(cfg, name):
    """The service a carrier invoices (the carrier module requires one)."""
    Template = Model.get("product.template", config=cfg)
    Uom = Model.get("product.uom", config=cfg)
    ModelData = Model.get("ir.model.data", config=cfg)
    template = Template(
        name=f"Ramasse {name}", type="service",
        default_uom=Uom(ModelData.get_id("product", "uom_unit", cfg.context)))
    template.save()
    return template.products[0]


def _time(text):
    return dt.time(*map(int, text.split(":")))


def ensure_pickups(cfg, parties, products, sales, today):
    """Create facts.PICKUPS (looked up by customer and comment) and move each to its
    state; ``sales`` is the [(plan, sale)] of the sales step."""
    Request = Model.get("pickup.request", config=cfg)
    carriers = ensure_carriers(cfg)
    ensure_configuration(cfg, carriers)
    shipped = {}
    for plan, sale in sales:
        if plan.state in {"processing", "done"}:
            shipped.setdefault(plan.customer, []).append(sale)
    requests = []
    for data in PICKUPS:
        party = parties[data["customer"]]
        found = Request.find([("party", "=", party.id), ("comment", "=", data["comment"])])
        if found:
            requests.append((data, found[0]))
            continue
        request = Request()
        request.party = party
        request.pickup_date = today + dt.timedelta(days=data["days"])
        request.time_from, request.time_to = map(_time, data["window"])
        request.carrier = carriers[data["carrier"]]
        request.comment = data["comment"]
        if data["sale"] is not None:
            request.sale = shipped[data["customer"]][data["sale"]]
        else:
            for code, quantity in _MANUAL_LINES:
                line = request.lines.new()
                line.product = products[code]
                line.quantity = quantity
        request.save()
        if request.sale:
            request.click("fill_from_sale")
            request.reload()
        _pack(request)
        requests.append((data, request))
    _advance(Request, requests)


def _pack(request):
    """Packages and weights as the customer would type them."""
    for line in request.lines:
        per_package, kilograms = _PACKING[line.product.code.rsplit("-", 1)[1]]
        line.packages = math.ceil(line.quantity / per_package)
        line.weight = round(line.quantity * kilograms, 1)
    request.save()


def _advance(Request, requests):
    """Click the workflow buttons, all the requests of one step at once."""
    def click(button, state, targets):
        records = [request for data, request in requests
                   if request.state == state and data["state"] in targets]
        if records:
            Request.click(records, button)
            for record in records:
                record.reload()

    click("request", "draft", {"requested", "confirmed", "done", "cancelled"})
    click("confirm", "requested", {"confirmed", "done"})
    click("do", "confirmed", {"done"})
    click("cancel", "requested", {"cancelled"})
    for data, request in requests:
        if request.state != data["state"]:
            raise RuntimeError(f"pickup {request.rec_name}: {request.state}")

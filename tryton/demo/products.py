"""Products (fermented drinks and their raw materials) and the warehouse's opening stock."""

import datetime as dt

from proteus import Model

from .company import money
from .facts import COMPONENTS, PRODUCTS, SALE_LEAD_TIME_DAYS

OPENING_STOCK = 2000  # units of each finished good, enough for every demo shipment


def ensure_products(cfg, category):
    """Return {code: product.product} for finished goods and components."""
    Product = Model.get("product.product", config=cfg)
    Template = Model.get("product.template", config=cfg)
    ModelData = Model.get("ir.model.data", config=cfg)
    Uom = Model.get("product.uom", config=cfg)
    unit = Uom(ModelData.get_id("product", "uom_unit", cfg.context))
    products = {}
    vlist = []
    specs = [(code, name, unit, list_price, cost, True)
             for code, name, list_price, cost in PRODUCTS]
    specs += [(code, name, Uom(ModelData.get_id(*uom.split("."), cfg.context)), None, cost,
               False) for code, name, uom, cost in COMPONENTS]
    missing = []
    for code, name, uom, list_price, cost, salable in specs:
        found = Product.find([("code", "=", code)])
        if found:
            products[code] = found[0]
            continue
        missing.append(code)
        # One create call for all: proteus would run the on-changes of every field.
        vlist.append({
            "name": name,
            "type": "goods",
            "default_uom": uom.id,
            "account_category": category.id,
            "list_price": money(list_price or cost),
            "salable": salable,
            "sale_uom": uom.id if salable else None,
            "producible": salable and code.endswith("-33"),
            "products": [("create", [{"suffix_code": code, "cost_price": money(cost)}])],
            })
    if vlist:
        Template._proxy.create(vlist, cfg.context)
        for product in Product.find([("code", "in", missing)]):
            products[product.code] = product
    return products


def ensure_sale_lead_time(cfg):
    """The default lead time of product configuration: Tryton plans each sale's delivery
    that long after the sale date (without it, on the day the sale is processed)."""
    Configuration = Model.get("product.configuration", config=cfg)
    configuration = Configuration(1)
    lead_time = dt.timedelta(days=SALE_LEAD_TIME_DAYS)
    if configuration.default_lead_time != lead_time:
        configuration.default_lead_time = lead_time
        configuration.save()


def ensure_opening_stock(cfg, products, *, date):
    """One confirmed inventory in the storage location, dated before every demo move."""
    Inventory = Model.get("stock.inventory", config=cfg)
    Location = Model.get("stock.location", config=cfg)
    storage, = Location.find([("code", "=", "STO")])
    if Inventory.find([("location", "=", storage.id), ("state", "=", "done")]):
        return
    inventory = Inventory(location=storage, date=date - dt.timedelta(days=1))
    for code, product in products.items():
        line = inventory.lines.new()
        line.product = product
        line.quantity = OPENING_STOCK if code[:2] in {"KB", "KF", "GB"} else 5000
    inventory.click("confirm")
    assert inventory.state == "done", inventory.state

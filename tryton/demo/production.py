"""Bills of materials for two drinks and production orders in every state.

Orders made for a customer's sale carry the sale's number in ``reference`` so the portal
can show customers the production of their orders.
"""

import datetime as dt

from proteus import Model

from .facts import PRODUCTION_STATES

# Per batch of BATCH bottles of 33 cl: (component code, quantity in the component's unit).
BATCH = 100
BOMS = {
    "KB-ORI-33": [("MP-THE", 0.4), ("MP-SUCRE", 2.5), ("EMB-B33", BATCH), ("EMB-CAPS", BATCH)],
    "GB-ORI-33": [("MP-GINGEMBRE", 1.2), ("MP-SUCRE", 3), ("EMB-B33", BATCH),
                  ("EMB-CAPS", BATCH)],
}
# (product, quantity, target state, days from today of the planned date)
ORDERS = [
    ("KB-ORI-33", 480, "done", -40),
    ("GB-ORI-33", 240, "done", -12),
    ("KB-ORI-33", 960, "running", -1),
    ("GB-ORI-33", 480, "assigned", 2),
    ("KB-ORI-33", 720, "waiting", 6),
    ("GB-ORI-33", 240, "draft", 12),
]
assert {state for *_, state, _ in ORDERS} == set(PRODUCTION_STATES)


def ensure_boms(cfg, products):
    BOM = Model.get("production.bom", config=cfg)
    ProductBom = Model.get("product.product-production.bom", config=cfg)
    boms = {}
    for code, inputs in BOMS.items():
        product = products[code]
        found = BOM.find([("name", "=", product.name)])
        if found:
            boms[code] = found[0]
            continue
        bom = BOM(name=product.name)
        for component, quantity in inputs:
            line = bom.inputs.new()
            line.product = products[component]
            line.quantity = quantity
        output = bom.outputs.new()
        output.product = product
        output.quantity = BATCH
        bom.save()
        product.boms.append(ProductBom(bom=bom))
        product.save()
        boms[code] = bom
    return boms


def ensure_productions(cfg, products, boms, today, sales):
    """Create and advance the production orders of ORDERS, each made for a processing sale
    (its number in ``reference``, which is also the lookup key of a second run)."""
    Production = Model.get("production", config=cfg)
    sale_numbers = [sale.number for plan, sale in sales if plan.state == "processing"]
    for (code, quantity, state, days), sale_number in zip(ORDERS, sale_numbers, strict=False):
        found = Production.find([("reference", "=", sale_number)])
        if found:
            production = found[0]
        else:
            production = Production()
            production.planned_date = today + dt.timedelta(days=days)
            production.product = products[code]
            production.bom = boms[code]
            production.quantity = quantity
            production.reference = sale_number
            production.save()
        _advance(production, state, today + dt.timedelta(days=min(days, 0)))
        if production.state != state:
            raise RuntimeError(f"production {production.number}: {production.state}")


def _advance(production, state, date):
    if production.state == "draft" and state != "draft":
        production.click("wait")
    if production.state == "waiting" and state in {"assigned", "running", "done"}:
        production.click("assign_try")
    if production.state == "assigned" and state in {"running", "done"}:
        production.effective_start_date = date
        production.click("run")
    if production.state == "running" and state == "done":
        production.effective_date = date
        production.click("do")

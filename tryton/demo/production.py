"""Bills of materials for two drinks, batch rules and production orders in every state.

Orders made for a customer's sale are linked to it (``production.sales``, module
production_proposal) and carry the sale's number in ``reference`` too.
"""

import datetime as dt

from proteus import Model

from .facts import BATCH_RULES, PRODUCTION_STATES, PRODUCTIONS

# Per batch of BATCH bottles of 33 cl: (component code, quantity in the component's unit).
BATCH = 100
BOMS = {
    "KB-ORI-33": [("MP-THE", 0.4), ("MP-SUCRE", 2.5), ("EMB-B33", BATCH), ("EMB-CAPS", BATCH)],
    "GB-ORI-33": [("MP-GINGEMBRE", 1.2), ("MP-SUCRE", 3), ("EMB-B33", BATCH),
                  ("EMB-CAPS", BATCH)],
}
assert {state for _, _, state, _, _ in PRODUCTIONS} == set(PRODUCTION_STATES)


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
    """Create and advance the production orders of facts.PRODUCTIONS, each linked to the
    sale it serves, whose number is also in ``reference`` (the lookup key of a second run).
    """
    Production = Model.get("production", config=cfg)
    Sale = Model.get("sale.sale", config=cfg)
    for code, quantity, state, days, served in PRODUCTIONS:
        sale = _sale_served(sales, code, served)
        found = Production.find([("reference", "=", sale.number)])
        if found:
            production = found[0]
        else:
            production = Production()
            production.planned_date = today + dt.timedelta(days=days)
            production.product = products[code]
            production.bom = boms[code]
            production.quantity = quantity
            production.reference = sale.number
            production.save()
        # Also for a database whose orders predate production_proposal (reference only).
        if sale.id not in {linked.id for linked in production.sales}:
            production.sales.append(Sale(sale.id))
            production.save()
        _advance(production, state, today + dt.timedelta(days=min(days, 0)))
        if production.state != state:
            raise RuntimeError(f"production {production.number}: {production.state}")


def _sale_served(sales, code, served):
    """The sale a production is made for: its own made-to-order sale, or the first done
    demo sale holding the product."""
    if served:
        reference, _customer = served
        return next(sale for plan, sale in sales if plan.reference == reference)
    return next(
        sale for plan, sale in sales
        if plan.state == "done" and plan.reference.startswith("DEMO-")
        and any(line_code == code for line_code, _ in plan.lines))


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


def ensure_batch_rules(cfg, products):
    """The batch constraints of facts.BATCH_RULES on the products' templates."""
    Template = Model.get("product.template", config=cfg)
    to_save = []
    for code, (minimum, multiple, per_day) in BATCH_RULES.items():
        template = products[code].template
        if (template.production_batch_minimum, template.production_batch_multiple,
                template.production_max_per_day) != (minimum, multiple, per_day):
            template.production_batch_minimum = minimum
            template.production_batch_multiple = multiple
            template.production_max_per_day = per_day
            to_save.append(template)
    if to_save:
        Template.save(to_save)

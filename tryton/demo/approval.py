"""Approval inside the customer (facts.APPROVAL_THRESHOLDS, facts.AWAITING_APPROVAL):
a customer's threshold, and a buyer's order waiting for one of its administrators, as the
portal's checkout leaves it (a quotation held by the portal module)."""

from decimal import Decimal

from proteus import Model

from .facts import APPROVAL_THRESHOLDS, AWAITING_APPROVAL
from .sales import SalePlan, _create_sales


def ensure_approval(cfg, customers, products, tax):
    Party = Model.get("party.party", config=cfg)
    Sale = Model.get("sale.sale", config=cfg)
    for code, threshold in APPROVAL_THRESHOLDS.items():
        party = Party(customers[code].id)
        if party.portal_approval_threshold != Decimal(threshold):
            party.portal_approval_threshold = Decimal(threshold)
            party.save()
    if Sale.find([("reference", "=", AWAITING_APPROVAL["reference"])]):
        return
    plan = SalePlan(
        reference=AWAITING_APPROVAL["reference"], customer=AWAITING_APPROVAL["customer"],
        state="quotation", sale_date=None, lines=tuple(AWAITING_APPROVAL["lines"]))
    [sale] = _create_sales(cfg, [plan], customers, products, tax)
    sale.click("quote")
    _hold(cfg, sale)


def _hold(cfg, sale):
    """Hold the quotation for the customer's approval as the portal module does: a
    read-only field, written as server-side code (proteus leaves it out)."""
    from trytond.transaction import Transaction

    with Transaction().start(cfg.database_name, 0, context=cfg.context) as transaction:
        Sale = cfg.pool.get("sale.sale")
        Sale.write([Sale(sale.id)], {"portal_approval": "awaiting"})
        transaction.commit()

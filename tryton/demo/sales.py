"""40+ sales over the last 12 months in every state, with their shipments and invoices.

Each sale carries a reference ``DEMO-NNN`` so a second run finds it instead of creating
it again; every step looks at the current state before acting.
"""

import datetime as dt
import random
from contextlib import contextmanager
from dataclasses import dataclass

from proteus import Model

from .facts import CUSTOMERS, PRODUCTS, SALE_STATES
from .tools import click_accepting_warnings

# Days before today a sale of each state was made (older sales are further along).
_AGES = {
    "draft": (0, 20),
    "quotation": (2, 40),
    "confirmed": (1, 10),
    "processing": (5, 150),
    "done": (40, 360),
    "cancelled": (20, 300),
}
# How far a "processing" sale went, in the order the plans are dealt.
_PROCESSING = ["waiting", "shipped", "invoiced", "overdue", "packed"]
PAYMENT_TERM_DAYS = 30


@dataclass(frozen=True)
class SalePlan:
    reference: str
    customer: str
    state: str
    sale_date: dt.date
    lines: tuple  # ((product code, quantity), ...)
    stage: str = ""  # for processing sales: one of _PROCESSING

    @property
    def ship_date(self) -> dt.date:
        return self.sale_date + dt.timedelta(days=2)


def sale_plans(today: dt.date) -> list[SalePlan]:
    """The demo sales, the same on every run (seeded random)."""
    rng = random.Random(2026)
    customers = list(CUSTOMERS)
    codes = [code for code, *_ in PRODUCTS]
    plans = []
    number = 0
    for state, count in SALE_STATES.items():
        for i in range(count):
            number += 1
            stage = _PROCESSING[i % len(_PROCESSING)] if state == "processing" else ""
            low, high = _AGES[state]
            if stage == "overdue":
                low = PAYMENT_TERM_DAYS + 15
            elif stage in {"invoiced", "waiting", "packed"}:
                high = min(high, PAYMENT_TERM_DAYS - 5)
            sale_date = today - dt.timedelta(days=rng.randint(low, high))
            lines = tuple(
                (code, rng.choice([6, 12, 24, 48, 96]) if not code.endswith("F20")
                 else rng.randint(1, 4))
                for code in rng.sample(codes, rng.randint(1, 4)))
            plans.append(SalePlan(
                reference=f"DEMO-{number:03d}",
                # Every customer gets sales of several states.
                customer=customers[number % len(customers)],
                state=state, sale_date=sale_date, lines=lines, stage=stage))
    return plans


@contextmanager
def _queue_kept():
    """Keep queued tasks in the database instead of running them (as if a trytond-worker
    were late): the only way to leave a sale in the 'confirmed' state."""
    from trytond import config

    previous = config.get("queue", "worker", default="False")
    config.set("queue", "worker", "True")
    try:
        yield
    finally:
        config.set("queue", "worker", previous)


def ensure_sales(cfg, parties, products, today):
    """Create and advance every planned sale; return [(plan, sale)]."""
    Sale = Model.get("sale.sale", config=cfg)
    result = []
    for plan in sale_plans(today):
        found = Sale.find([("reference", "=", plan.reference)])
        sale = found[0] if found else _create_sale(cfg, plan, parties, products)
        _advance(sale, plan)
        result.append((plan, sale))
    return result


def _create_sale(cfg, plan, parties, products):
    Sale = Model.get("sale.sale", config=cfg)
    sale = Sale()
    sale.party = parties[plan.customer]
    sale.reference = plan.reference
    sale.sale_date = plan.sale_date
    sale.description = f"Commande {CUSTOMERS[plan.customer]['kind']}"
    for code, quantity in plan.lines:
        line = sale.lines.new()
        line.product = products[code]
        line.quantity = quantity
    sale.save()
    return sale


def _advance(sale, plan):
    if plan.state == "draft":
        return
    if plan.state == "cancelled":
        if sale.state == "draft" and plan.sale_date.toordinal() % 2:
            sale.click("quote")  # half the cancelled sales were quotations first
        if sale.state in {"draft", "quotation"}:
            sale.click("cancel")
        return
    if sale.state == "draft":
        sale.click("quote")
    if plan.state == "quotation":
        return
    if sale.state == "quotation":
        if plan.state == "confirmed":
            with _queue_kept():
                sale.click("confirm")
        else:
            sale.click("confirm")
    sale.reload()
    if plan.state != "confirmed" and sale.state not in {"processing", "done"}:
        raise RuntimeError(f"{plan.reference}: sale not processed ({sale.state})")


def ensure_shipments(cfg, sales):
    """Move each processed sale's customer shipment as far as its plan says."""
    for plan, sale in sales:
        if plan.state not in {"processing", "done"}:
            continue
        target = "done" if plan.state == "done" or plan.stage not in {"waiting", "packed"} \
            else plan.stage
        for shipment in sale.shipments:
            _advance_shipment(shipment, target, plan.ship_date)


def _advance_shipment(shipment, target, date):
    if target == "waiting" or shipment.state in {"done", "cancelled"}:
        return
    if shipment.state == "waiting":
        shipment.click("assign_try")
        if shipment.state != "assigned":
            raise RuntimeError(f"{shipment.rec_name}: not enough stock ({shipment.state})")
    if shipment.state == "assigned":
        shipment.click("pick")
    if shipment.state == "picked":
        shipment.click("pack")
    if target == "done" and shipment.state == "packed":
        shipment.effective_date = date
        shipment.save()
        shipment.click("do")
        if shipment.state != "done":
            raise RuntimeError(f"{shipment.rec_name}: not done ({shipment.state})")


def ensure_invoices(cfg, sales, payment_method, today):
    """Post (in date order, as the strict invoice sequence requires) and pay invoices."""
    to_post = []
    to_pay = []
    for plan, sale in sales:
        if plan.state == "done" or plan.stage in {"invoiced", "overdue"}:
            for invoice in sale.invoices:
                to_post.append((plan.ship_date, invoice))
                if plan.state == "done":
                    paid_on = min(today, plan.ship_date + dt.timedelta(
                        days=5 + plan.sale_date.toordinal() % 35))
                    to_pay.append((paid_on, invoice))
    # Due dates in the past are intended (overdue invoices): accept Tryton's warning.
    for date, invoice in sorted(to_post, key=lambda item: (item[0], item[1].id)):
        if invoice.state == "draft":
            invoice.invoice_date = date
            invoice.save()
            click_accepting_warnings(invoice, "post")
    for date, invoice in sorted(to_pay, key=lambda item: (item[0], item[1].id)):
        invoice.reload()
        if invoice.state == "posted":
            pay = invoice.click("pay")
            pay.form.payment_method = payment_method
            pay.form.date = date
            pay.execute("choice")
            invoice.reload()
            if invoice.state != "paid":
                raise RuntimeError(f"{invoice.rec_name}: not paid ({invoice.state})")


def check_sale_states(sales):
    """Fail loudly when a sale did not reach its planned state (see TRYTON_NOTES.md:
    a swallowed queued task leaves a sale half processed)."""
    wrong = []
    for plan, sale in sales:
        sale.reload()
        if sale.state != plan.state:
            wrong.append(f"{plan.reference}: {sale.state} instead of {plan.state}")
    if wrong:
        raise RuntimeError("demo sales in the wrong state: " + "; ".join(wrong))

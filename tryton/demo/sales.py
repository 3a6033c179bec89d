"""40+ sales over the last 12 months in every state, with their shipments and invoices.

Each sale carries a reference ``DEMO-NNN`` so a second run finds it instead of creating
it again; every step looks at the current state before acting.
"""

import datetime as dt
import random
from contextlib import contextmanager
from dataclasses import dataclass

from proteus import Model

from . import lots
from .facts import (
    CUSTOMERS,
    OPEN_QUOTATIONS,
    PRODUCTION_DELIVERY_DAYS,
    PRODUCTIONS,
    PRODUCTS,
    QUOTATION_VALIDITY_DAYS,
    REGULAR_ORDERS,
    SALE_LEAD_TIME_DAYS,
    SALE_STATES,
)
from .tools import accept_warnings, click_accepting_warnings, warning_key

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
    sale_date: dt.date | None  # None: a quotation, dated when accepted
    lines: tuple  # ((product code, quantity), ...)
    stage: str = ""  # for processing sales: one of _PROCESSING
    quotation_date: dt.date | None = None
    validity_days: int | None = None

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
    # After the plans above, so that "the n-th sale of a customer" keeps naming the same one.
    return (plans + _regular_plans(today) + _open_quotation_plans(today)
            + _made_to_order_plans(today))


def _regular_plans(today: dt.date) -> list[SalePlan]:
    rng = random.Random(2027)
    regular = REGULAR_ORDERS
    return [
        SalePlan(
            reference=f"REGULAR-{i + 1:03d}", customer=regular["customer"], state="done",
            sale_date=today - dt.timedelta(
                days=regular["first_days_ago"] + i * regular["every_days"]),
            lines=tuple((code, 1 if code.endswith("F20") else rng.choice([12, 24]))
                        for code in regular["products"][:rng.randint(2, 4)]))
        for i in range(regular["count"])]


def _made_to_order_plans(today: dt.date) -> list[SalePlan]:
    """The sales a production of facts.PRODUCTIONS is made for: ordered so that Tryton plans
    their delivery (sale date + lead time) PRODUCTION_DELIVERY_DAYS after the production."""
    lead = SALE_LEAD_TIME_DAYS - PRODUCTION_DELIVERY_DAYS
    return [
        SalePlan(
            reference=sale[0], customer=sale[1], state="processing",
            sale_date=today + dt.timedelta(days=days - lead), lines=((code, quantity),),
            stage="waiting")
        for code, quantity, _state, days, sale in PRODUCTIONS if sale]


def _open_quotation_plans(today: dt.date) -> list[SalePlan]:
    return [
        SalePlan(
            reference=quotation["reference"], customer=quotation["customer"],
            state="quotation", sale_date=None, lines=tuple(quotation["lines"]),
            quotation_date=today - dt.timedelta(days=quotation["quoted_days_ago"]),
            validity_days=QUOTATION_VALIDITY_DAYS)
        for quotation in OPEN_QUOTATIONS]


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


def ensure_sales(cfg, parties, products, tax, today):
    """Create and advance every planned sale; return [(plan, sale)].

    Buttons are clicked on all the sales of a step at once: one transaction instead of one
    per sale keeps the demo fast on SQLite."""
    Sale = Model.get("sale.sale", config=cfg)
    plans = sale_plans(today)
    existing = {sale.reference: sale for sale in Sale.find(
        [("reference", "in", [plan.reference for plan in plans])])}
    created = iter(_create_sales(
        cfg, [plan for plan in plans if plan.reference not in existing],
        parties, products, tax))
    sales = [(plan, existing.get(plan.reference) or next(created)) for plan in plans]

    def click(button, wanted, **kwargs):
        records = [sale for plan, sale in sales if wanted(plan, sale)]
        if records:
            Sale.click(records, button, **kwargs)

    click("quote", lambda plan, sale: sale.state == "draft" and plan.state != "draft" and (
        # Half the cancelled sales were quotations first (numbered), by their plan's
        # number: the sale dates move with today, so their parity would change daily.
        plan.state != "cancelled" or int(plan.reference.rsplit("-", 1)[1]) % 2))
    click("cancel", lambda plan, sale: plan.state == "cancelled"
          and sale.state in {"draft", "quotation"})
    with _queue_kept():
        click("confirm", lambda plan, sale: plan.state == "confirmed"
              and sale.state == "quotation")
    click("confirm", lambda plan, sale: plan.state in {"processing", "done"}
          and sale.state == "quotation")
    Sale.reload([sale for _, sale in sales])
    for plan, sale in sales:
        if plan.state in {"processing", "done"} and sale.state not in {"processing", "done"}:
            raise RuntimeError(f"{plan.reference}: sale not processed ({sale.state})")
    return sales


def _create_sales(cfg, plans, parties, products, tax):
    """Create the sales in one call with the values the client's on-changes would set
    (list price, customer tax, the party's address and payment term): through proteus each
    line assignment recomputes the whole sale, 40 times slower."""
    Sale = Model.get("sale.sale", config=cfg)
    values = []
    for plan in plans:
        party = parties[plan.customer]
        address = party.addresses[0].id
        values.append({
            "party": party.id,
            "invoice_address": address,
            "shipment_address": address,
            "payment_term": party.customer_payment_term.id,
            "reference": plan.reference,
            "sale_date": plan.sale_date,
            "quotation_date": plan.quotation_date,
            "quotation_validity": (dt.timedelta(days=plan.validity_days)
                                   if plan.validity_days is not None else None),
            "description": f"Commande {CUSTOMERS[plan.customer]['kind']}",
            "lines": [("create", [{
                "type": "line",
                "product": products[code].id,
                "unit": products[code].default_uom.id,
                "quantity": quantity,
                "unit_price": products[code].template.list_price,
                "taxes": [("add", [tax.id])],
                } for code, quantity in plan.lines])],
            })
    return [Sale(id_) for id_ in Sale._proxy.create(values, cfg.context)] if values else []


def ensure_shipments(cfg, sales):
    """Move each processed sale's customer shipment as far as its plan says."""
    Shipment = Model.get("stock.shipment.out", config=cfg)
    targets = {}
    for plan, sale in sales:
        if plan.state in {"processing", "done"} and plan.stage != "waiting":
            target = "packed" if plan.stage == "packed" else "done"
            for shipment in sale.shipments:
                targets[shipment.id] = (target, plan.ship_date)
    shipments = Shipment.find([("id", "in", list(targets))])

    def click(button, state):
        records = [shipment for shipment in shipments if shipment.state == state]
        if records:
            Shipment.click(records, button)

    click("assign_try", "waiting")
    if any(shipment.state == "waiting" for shipment in shipments):
        raise RuntimeError("demo shipments: not enough stock")
    lots.ensure_lots(cfg, [shipment for shipment in shipments if shipment.state == "assigned"],
                     {shipment_id: date for shipment_id, (_, date) in targets.items()})
    click("pick", "assigned")
    click("pack", "picked")
    to_do = [shipment for shipment in shipments
             if shipment.state == "packed" and targets[shipment.id][0] == "done"]
    for shipment in to_do:
        shipment.effective_date = targets[shipment.id][1]
        shipment.save()
    if to_do:
        Shipment.click(to_do, "do")
    for shipment in shipments:
        if shipment.state != targets[shipment.id][0]:
            raise RuntimeError(f"{shipment.rec_name}: {shipment.state}")


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
    drafts = []
    for date, invoice in sorted(to_post, key=lambda item: (item[0], item[1].id)):
        if invoice.state == "draft":
            invoice.invoice_date = date
            invoice.save()
            drafts.append(invoice)
    if drafts:
        # Due dates in the past are intended (overdue invoices): accept Tryton's warnings.
        accept_warnings(cfg, [
            warning_key("invoice_payment_term", invoice) for invoice in drafts
            if invoice.invoice_date + dt.timedelta(days=PAYMENT_TERM_DAYS) < today])
        click_accepting_warnings(drafts, "post")
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

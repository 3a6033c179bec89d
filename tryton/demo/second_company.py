"""Quotations issued by the second company, so the portal shows each document under the
name and logo of the company that issued it.

The second company is a production site run as its own entity (facts.COMPANIES): it quotes
without accounts of its own, so its sales stop at quotation (no taxes, prices set on the
line). Each quotation carries a reference ``SAVOIE-NNN`` so a second run finds it.
"""

import datetime as dt

from proteus import Model

from .facts import SECOND_COMPANY_NAME, SECOND_COMPANY_QUOTATIONS


def ensure_second_company_quotations(cfg, parties, products, today: dt.date) -> list:
    """The quotations of facts.SECOND_COMPANY_QUOTATIONS; returns them."""
    Company = Model.get("company.company", config=cfg)
    Sale = Model.get("sale.sale", config=cfg)
    company, = Company.find([("party.name", "=", SECOND_COMPANY_NAME)])
    references = [quotation["reference"] for quotation in SECOND_COMPANY_QUOTATIONS]
    # Tryton's global rule shows a user the sales of its companies only: look in all of them.
    with _working_in(cfg, company):
        existing = {s.reference: s for s in Sale.find([("reference", "in", references)])}
        missing = [q for q in SECOND_COMPANY_QUOTATIONS if q["reference"] not in existing]
        if missing:
            created = Sale._proxy.create(
                [_values(company, parties, products, quotation, today) for quotation in missing],
                cfg.context,
            )
            Sale.click([Sale(id_) for id_ in created], "quote")
        quotations = Sale.find([("reference", "in", references)])
    _see_every_company(cfg)
    return quotations


def _see_every_company(cfg) -> None:
    """The administrator oversees both entities: the Tryton client lists every company's
    documents (company filter "all") while new ones still default to the first company."""
    User = Model.get("res.user", config=cfg)
    user = User(cfg.user)
    if user.company_filter != "all":
        user.company_filter = "all"
        user.save()
        cfg._context = User.get_preferences(True, {})


def _values(company, parties, products, quotation, today) -> dict:
    party = parties[quotation["customer"]]
    address = party.addresses[0].id
    return {
        "company": company.id,
        "currency": company.currency.id,
        "party": party.id,
        "invoice_address": address,
        "shipment_address": address,
        "payment_term": party.customer_payment_term.id,
        "reference": quotation["reference"],
        "description": quotation["description"],
        "quotation_date": today - dt.timedelta(days=quotation["days_ago"]),
        "lines": [("create", [{
            "type": "line",
            "product": products[code].id,
            "unit": products[code].default_uom.id,
            "quantity": quantity,
            "unit_price": price,
            } for code, quantity, price in quotation["lines"]])],
    }


class _working_in:
    """Make ``company`` the administrator's current company for the block, then go back."""

    def __init__(self, cfg, company):
        self.cfg, self.company_id = cfg, company.id

    def _switch(self, company_id: int) -> None:
        User = Model.get("res.user", config=self.cfg)
        Company = Model.get("company.company", config=self.cfg)
        user = User(self.cfg.user)
        if company_id not in [c.id for c in user.companies]:
            user.companies.append(Company(company_id))
        user.company = Company(company_id)
        user.save()
        self.cfg._context = User.get_preferences(True, {})

    def __enter__(self):
        User = Model.get("res.user", config=self.cfg)
        self.previous_id = User(self.cfg.user).company.id
        self._switch(self.company_id)

    def __exit__(self, *exc):
        self._switch(self.previous_id)
        return False

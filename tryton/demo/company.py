"""The companies (the supplier and its second entity), the French chart of accounts, fiscal
years, payment terms and taxes."""

import datetime as dt
from decimal import Decimal

from proteus import Model

from .facts import (
    COMPANIES,
    COMPANY_BANK_DETAILS,
    COMPANY_IDENTIFIERS,
    COMPANY_LEGAL_MENTIONS,
    COMPANY_NAME,
    CURRENCY,
    DATE_FORMATS,
)
from .logos import logo_png


def get_or_create_company(cfg):
    """Ferment Station with the account_fr chart; returns the company record."""
    from trytond.modules.account_fr.tests.tools import create_chart
    from trytond.modules.company.tests.tools import create_company

    Company = Model.get("company.company", config=cfg)
    User = Model.get("res.user", config=cfg)
    companies = Company.find([("party.name", "=", COMPANY_NAME)])
    if companies:
        company, = companies
    else:
        # The wizard also makes it the administrator's company, which the demo works in.
        create_company(_company_party(cfg, COMPANY_NAME), CURRENCY, config=cfg)
        company, = Company.find([("party.name", "=", COMPANY_NAME)])
    cfg._context = User.get_preferences(True, {})
    Account = Model.get("account.account", config=cfg)
    if not Account.find([("company", "=", company.id)], limit=1):
        create_chart(company, config=cfg)
    return company


def ensure_other_companies(cfg):
    """The companies of facts.COMPANIES besides the first (created without the wizard, so
    no user switches to them), and every company's logo."""
    Company = Model.get("company.company", config=cfg)
    Currency = Model.get("currency.currency", config=cfg)
    for name, data in COMPANIES.items():
        companies = Company.find([("party.name", "=", name)])
        if companies:
            company, = companies
        else:
            currency, = Currency.find([("code", "=", CURRENCY)])
            company = Company(party=_company_party(cfg, name), currency=currency)
        # Tryton stores the logo re-encoded: a second run only fills an empty one.
        if company.id < 0 or not company.logo:
            company.logo = company.logo or logo_png(**data["logo"])
            company.save()


def _company_party(cfg, name):
    """A new party for company ``name`` with the address and contact of facts.COMPANIES."""
    data = COMPANIES[name]
    Party = Model.get("party.party", config=cfg)
    party = Party(name=name)
    address, = party.addresses
    address.street = data["street"]
    address.postal_code = data["postal_code"]
    address.city = data["city"]
    address.country = get_france(cfg)
    party.contact_mechanisms.new(type="email", value=data["email"])
    party.contact_mechanisms.new(type="phone", value=data["phone"])
    party.save()
    return party


def get_france(cfg):
    # The country list is not loaded by default (trytond_import_countries); France suffices.
    Country = Model.get("country.country", config=cfg)
    countries = Country.find([("code", "=", "FR")])
    if countries:
        return countries[0]
    country = Country(name="France", code="FR", code3="FRA", code_numeric="250")
    country.save()
    return country


def ensure_fiscal_years(cfg, company, years):
    """A fiscal year per calendar year, with monthly periods and invoice sequences."""
    from trytond.modules.account.tests.tools import create_fiscalyear
    from trytond.modules.account_invoice.tests.tools import set_fiscalyear_invoice_sequences

    FiscalYear = Model.get("account.fiscalyear", config=cfg)
    for year in years:
        if FiscalYear.find([("name", "=", str(year)), ("company", "=", company.id)]):
            continue
        fiscalyear = set_fiscalyear_invoice_sequences(create_fiscalyear(
            company, today=(dt.date(year, 1, 1), dt.date(year, 12, 31)), config=cfg),
            config=cfg)
        fiscalyear.click("create_period")


def accounts(cfg, company):
    from trytond.modules.account_fr.tests.tools import get_accounts

    return get_accounts(company, config=cfg)


def ensure_payment_terms(cfg):
    """'30 jours' (the customers' default) and 'Comptant'; returns the 30-day term."""
    Term = Model.get("account.invoice.payment_term", config=cfg)
    terms = Term.find([("name", "=", "30 jours")])
    if terms:
        return terms[0]
    cash = Term(name="Comptant")
    cash.lines.new(type="remainder")
    cash.save()
    term = Term(name="30 jours")
    line = term.lines.new(type="remainder")
    line.relativedeltas.new(days=30)
    term.save()
    return term


def sale_tax(cfg):
    """French VAT at 5.5 %: the rate of non-alcoholic drinks."""
    Tax = Model.get("account.tax", config=cfg)
    ModelData = Model.get("ir.model.data", config=cfg)
    template_id = ModelData.get_id("account_fr", "tva_vente_biens_5_5", cfg.context)
    tax, = Tax.find([("template", "=", template_id)])
    return tax


def ensure_payment_method(cfg, company):
    """The bank transfer method used to register customer payments."""
    Method = Model.get("account.invoice.payment.method", config=cfg)
    methods = Method.find([("name", "=", "Virement")])
    if methods:
        return methods[0]
    Journal = Model.get("account.journal", config=cfg)
    journal, = Journal.find([("type", "=", "cash")], limit=1)
    cash = accounts(cfg, company)["cash"]
    method = Method(name="Virement", journal=journal, credit_account=cash, debit_account=cash)
    method.save()
    return method


def ensure_account_category(cfg, company):
    """Accounts and VAT of everything the company sells or buys."""
    Category = Model.get("product.category", config=cfg)
    categories = Category.find([("name", "=", "Boissons fermentées")])
    if categories:
        return categories[0]
    chart = accounts(cfg, company)
    category = Category(name="Boissons fermentées", accounting=True)
    category.account_revenue = chart["revenue"]
    category.account_expense = chart["expense"]
    category.customer_taxes.append(sale_tax(cfg))
    category.save()
    return category


def money(value) -> Decimal:
    return Decimal(value).quantize(Decimal("0.01"))


def ensure_bank_details(cfg, company):
    """The bank details customers pay to (facts.COMPANY_BANK_DETAILS) and the legal
    mentions of the documents, unless the back office set others."""
    if not company.report_bank_details:
        company.report_bank_details = COMPANY_BANK_DETAILS
        company.save()
    _ensure_legal_mentions(cfg, company)
    _ensure_identifiers(cfg, company)
    _ensure_date_formats(cfg)


def _ensure_date_formats(cfg):
    """facts.DATE_FORMATS on Tryton's languages, before any document is printed."""
    Lang = Model.get("ir.lang", config=cfg)
    for code, date_format in DATE_FORMATS.items():
        lang, = Lang.find([("code", "=", code)])
        if lang.date != date_format:
            lang.date = date_format
            lang.save()


def _ensure_legal_mentions(cfg, company):
    """facts.COMPANY_LEGAL_MENTIONS; the penalty rate is translated, one text a language."""
    if company.report_legal_form:
        return
    mentions = COMPANY_LEGAL_MENTIONS
    company.report_legal_form = mentions["legal_form"]
    company.report_share_capital = mentions["share_capital"]
    company.report_recovery_indemnity = mentions["recovery_indemnity"]
    company.report_late_payment_penalty = mentions["late_payment_penalty"]["en"]
    company.save()
    Company = Model.get("company.company", config=cfg)
    with cfg.set_context(language="fr"):
        company_fr = Company(company.id)
        company_fr.report_late_payment_penalty = mentions["late_payment_penalty"]["fr"]
        company_fr.save()


def _ensure_identifiers(cfg, company):
    """facts.COMPANY_IDENTIFIERS on the company party, the SIRET on its address."""
    Identifier = Model.get("party.identifier", config=cfg)
    party = company.party
    for type_, code in COMPANY_IDENTIFIERS.items():
        if Identifier.find([("party", "=", party.id), ("type", "=", type_)]):
            continue
        identifier = Identifier(party=party, type=type_, code=code)
        if type_ == "fr_siret":
            identifier.address = party.addresses[0]
        identifier.save()

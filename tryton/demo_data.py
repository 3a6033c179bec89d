"""Load the portal's demo data into a Tryton database (idempotent, deterministic).

    python -m tryton.demo_data --config tryton/trytond.conf --database portal

Usually run by ``tryton/setup_db.py --demo``. The facts the demo promises (logins,
customers, counts) live in ``tryton/demo/facts.py`` and are re-exported here.
"""

import argparse
import datetime as dt
import sys
import time

from tryton.demo.facts import (
    BACKOFFICE_PASSWORD,
    BACKOFFICE_USERS,
    COMPANY_NAME,
    CUSTOMERS,
    DEMO_PASSWORD,
    INTEGRATOR_LOGIN,
    INTEGRATOR_PARTIES,
    INTEGRATOR_PASSWORD,
    PRODUCTS,
    SALE_STATES,
    WEB_USERS,
)

__all__ = [
    "COMPANY_NAME", "CUSTOMERS", "DEMO_PASSWORD", "PRODUCTS", "SALE_STATES", "WEB_USERS",
    "load_demo_data", "print_logins",
]


def load_demo_data(cfg, *, today: dt.date | None = None) -> dict:
    """Build the demo data with the proteus config ``cfg``; return {email: party name}."""
    from tryton.demo import (
        approval,
        backoffice,
        company,
        complaints,
        dunning,
        events,
        mail,
        parties,
        pickups,
        production,
        products,
        sales,
        second_company,
        shop,
        tracking,
    )

    today = today or dt.date.today()
    steps = _Steps()
    first_sale = today - dt.timedelta(days=366)
    the_company = company.get_or_create_company(cfg)
    # Before any invoice is posted: Tryton keeps each one's first rendering.
    company.ensure_bank_details(cfg, the_company)
    company.ensure_fiscal_years(cfg, the_company, range(first_sale.year, today.year + 1))
    steps("company")
    term = company.ensure_payment_terms(cfg)
    method = company.ensure_payment_method(cfg, the_company)
    category = company.ensure_account_category(cfg, the_company)

    steps("accounting")
    customers = parties.ensure_customers(cfg, term)
    parties.ensure_web_users(cfg, customers)

    steps("customers")
    goods = products.ensure_products(cfg, category)
    products.ensure_opening_stock(cfg, goods, date=first_sale)
    products.ensure_sale_lead_time(cfg)

    steps("products")
    demo_sales = sales.ensure_sales(cfg, customers, goods, company.sale_tax(cfg), today)
    steps("sales")
    sales.ensure_shipments(cfg, demo_sales)
    steps("shipments")
    sales.ensure_invoices(cfg, demo_sales, method, today)
    sales.check_sale_states(demo_sales)

    steps("invoices")
    dunning.ensure_dunnings(cfg, customers, today)
    steps("reminders")
    boms = production.ensure_boms(cfg, goods)
    production.ensure_batch_rules(cfg, goods)
    production.ensure_productions(cfg, goods, boms, today, demo_sales)
    steps("production")
    users = backoffice.ensure_backoffice_users(cfg, the_company)
    backoffice.ensure_sales_responsibles(cfg, users, customers)
    backoffice.ensure_integrator(cfg, the_company, customers)
    steps("users")
    # Slips to carriers and support assignments to customers are e-mailed: to a local
    # sink, so the demo's e-mails are recorded as sent and never leave the machine.
    with mail.mail_sink() as sink:
        pickups.ensure_pickups(cfg, customers, goods, demo_sales, today)
        steps("pickups")
        tracking.ensure_tracking(cfg, demo_sales, today)
        steps("carriers and tracking references")
        events.ensure_events(cfg, customers, demo_sales, users, today)
        steps(f"events ({sink.count} e-mails to the local sink)")
    complaints.ensure_complaints(cfg, customers, demo_sales)
    steps("complaints")
    # Last: a second company must not change which company the steps above work in.
    company.ensure_other_companies(cfg)
    second_company.ensure_second_company_quotations(cfg, customers, goods, today)
    steps("other companies, their logos and quotations")
    # After the demo sales: they keep the list prices they were made at.
    shop.ensure_catalog_categories(cfg, goods)
    shop.ensure_customer_price_lists(cfg, customers, the_company)
    steps("catalog categories and price lists")
    approval.ensure_approval(cfg, customers, goods, company.sale_tax(cfg))
    steps("approval of a buyer's orders")
    return logins()


class _Steps:
    """Prints how long each step took (the demo must stay fast enough for tests)."""

    def __init__(self):
        self.start = time.monotonic()

    def __call__(self, name):
        now = time.monotonic()
        print(f"  demo {name}: {now - self.start:.1f} s", flush=True)
        self.start = now


def logins() -> dict:
    """{web user e-mail: main party name} of the demo."""
    return {email: CUSTOMERS[data["party"]]["name"] for email, data in WEB_USERS.items()}


def print_logins() -> None:
    print(f"  Portal demo logins (password '{DEMO_PASSWORD}'):")
    for email, data in WEB_USERS.items():
        names = [CUSTOMERS[code]["name"] for code in [data["party"], *data["secondary"]]]
        print(f"    {email:42} {' + '.join(names)} ({data['role']})")
    print(f"  Tryton back-office logins (password '{BACKOFFICE_PASSWORD}'):")
    for login, data in BACKOFFICE_USERS.items():
        print(f"    {login:42} {data['name']}, {data['role']}")
    names = " + ".join(CUSTOMERS[code]["name"] for code in INTEGRATOR_PARTIES)
    print(f"  Tryton integrator login (JSON-RPC): {INTEGRATOR_LOGIN} / {INTEGRATOR_PASSWORD}"
          f"  ({names})")


def main(argv=None) -> int:
    from proteus import config

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--config", default="tryton/trytond.conf")
    parser.add_argument("--database", default="portal")
    args = parser.parse_args(argv)
    start = time.monotonic()
    load_demo_data(config.set_trytond(args.database, config_file=args.config))
    print(f"Demo data loaded in {time.monotonic() - start:.1f} s")
    print_logins()
    return 0


if __name__ == "__main__":
    sys.exit(main())

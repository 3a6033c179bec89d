"""Customers big enough to measure: one with 10,000 sales and 5,000 posted invoices, one
with 100 sales and 50 invoices, added to a copy of the demo database.

    PYTHONPATH=portal:. .venv/bin/python -m benchmarks.large_customer [--force]

prints where the database is and how long it took. ``make bench`` calls
``ensure_database`` itself: running this by hand only builds the data ahead of time.

The database is built once and reused, keyed like the test template (our Tryton modules,
the demo scripts, the trytond version, today's date) plus this file: SQLite under
``var/bench/large_<key>.sqlite``, or the PostgreSQL database ``bench_large_<key>`` when
``TEST_POSTGRES_URL`` is set. The log of the last build is ``var/bench/large-customer.log``.

How it stays fast (Tryton's ORM needs about 35 ms to quote a sale and 200 ms to post an
invoice, 30 minutes for these volumes): trytond runs in this process, and upstream's own
methods build a few sales per customer (``Sale.quote`` numbers them and stores their
amounts, ``Sale.create_invoice`` and ``Invoice.post`` make posted invoices with their
moves). Every other sale is a copy of one of these prototypes made in SQL, row by row
(sale, lines, their taxes; and for an invoiced sale its invoice, lines, taxes, move and
move lines, each pointing at the copies), with its own date, number, reference and state.
A copy carries its prototype's stored amounts, which are right as the lines are the same.
The invoice PDFs are not rendered: posting queues that, the queue is emptied here, and the
first download renders each one.
"""

import argparse
import datetime as dt
import hashlib
import random
import re
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from portal.tests.fixtures import tryton_harness as harness
from tryton.demo.facts import DEMO_PASSWORD

ROOT = harness.ROOT
BENCH_DIR = ROOT / "var" / "bench"
# Sales per customer built through Tryton's ORM; the others are copies of them.
PROTOTYPES = 20


@dataclass(frozen=True)
class BenchCustomer:
    code: str
    name: str
    email: str
    sales: int
    invoices: int
    invoice_prefix: str


LARGE = BenchCustomer(
    code="C-BENCH-10K", name="Brasserie du Grand Volume", email="achats@grand-volume.example.fr",
    sales=10_000, invoices=5_000, invoice_prefix="FGV")
SMALL = BenchCustomer(
    code="C-BENCH-100", name="Buvette du Petit Volume", email="achats@petit-volume.example.fr",
    sales=100, invoices=50, invoice_prefix="FPV")
CUSTOMERS = (LARGE, SMALL)
PASSWORD = DEMO_PASSWORD

# The state of a sale by its age, as a customer's history looks: the last two weeks still
# quoted or under way, older ones done. The first page of a 10,000-sale customer is a
# day of sales, with its quotations; a 100-sale customer's spans two months.
# (days younger than, {state: weight})
STATE_MIX = (
    (14, {"draft": 1, "quotation": 4, "confirmed": 2, "processing": 3}),
    (60, {"quotation": 1, "processing": 4, "done": 4, "cancelled": 1}),
    (None, {"done": 9, "cancelled": 1}),
)
# (invoice state, shipment state) of a sale in each state after the quotation.
LATER_STATES = {
    "draft": ("none", "none"),
    "quotation": ("none", "none"),
    "cancelled": ("none", "none"),
    "confirmed": ("none", "none"),
    "processing": ("pending", "waiting"),
    "done": ("paid", "sent"),
}
# Sales spread over the last year (the demo's fiscal years); invoices two days later.
DAYS = 360
INVOICE_DELAY = dt.timedelta(days=2)


@dataclass(frozen=True)
class Plan:
    reference: str
    sale_date: dt.date
    state: str
    invoiced: bool


def database_key() -> str:
    """The template's key and this generator's: a change to either builds anew."""
    digest = hashlib.sha256(harness.source_hash().encode())
    digest.update(Path(__file__).read_bytes())
    return digest.hexdigest()[:12]


def ensure_database(*, force: bool = False) -> tuple[str, float]:
    """The benchmark database (SQLite: file path; PostgreSQL: name), built when missing,
    and how long building took (0 when reused)."""
    template, _ = harness.build_template()
    key = database_key()
    if harness.postgres_url():
        return _ensure_postgres(template, f"bench_large_{key}", force=force)
    target = BENCH_DIR / f"large_{key}.sqlite"
    with harness._lock("bench-large"):
        if target.exists() and not force:
            return str(target), 0.0
        BENCH_DIR.mkdir(parents=True, exist_ok=True)
        scratch = harness.scratch_dir("portal-bench-large-")
        try:
            name = f"large_{key}"
            shutil.copyfile(template, scratch / f"{name}.sqlite")
            took = _generate_in_subprocess(name, sqlite_dir=scratch)
            partial = target.with_name(target.name + ".part")
            _sqlite_backup(scratch / f"{name}.sqlite", partial)
            partial.rename(target)  # atomic: a database file here is always complete
        finally:
            shutil.rmtree(scratch, ignore_errors=True)
        for old in BENCH_DIR.glob("large_*.sqlite"):
            if old != target:
                old.unlink()
    return str(target), took


def _ensure_postgres(template: str, name: str, *, force: bool) -> tuple[str, float]:
    from psycopg import sql

    def drop(database):
        harness._pg_execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
            sql.Identifier(database)))

    with harness._lock("bench-large-postgresql"):
        if name in harness._pg_databases(name) and not force:
            return name, 0.0
        building = f"{name}_build"
        drop(building)
        drop(name)
        harness._pg_execute(sql.SQL("CREATE DATABASE {} TEMPLATE {}").format(
            sql.Identifier(building), sql.Identifier(template)))
        took = _generate_in_subprocess(building, sqlite_dir=None)
        harness._pg_execute(sql.SQL("ALTER DATABASE {} RENAME TO {}").format(
            sql.Identifier(building), sql.Identifier(name)))
        for old in harness._pg_databases("bench_large_") - {name}:
            drop(old)
    return name, took


def _sqlite_backup(source: Path, target: Path) -> None:
    # trytond keeps SQLite in WAL mode: the backup API copies a consistent state.
    import sqlite3

    src, dst = sqlite3.connect(source), sqlite3.connect(target)
    try:
        src.backup(dst)
    finally:
        src.close()
        dst.close()


def _generate_in_subprocess(database: str, *, sqlite_dir: Path | None) -> float:
    """Run ``generate`` in a fresh interpreter, without asserts (-O): trytond's record
    constructor checks every id of a batch for every record, quadratic in the batch."""
    BENCH_DIR.mkdir(parents=True, exist_ok=True)
    log = BENCH_DIR / "large-customer.log"
    command = [sys.executable, "-O", "-m", "benchmarks.large_customer", "--generate", database]
    if sqlite_dir:
        command += ["--sqlite-dir", str(sqlite_dir)]
    start = time.monotonic()
    with open(log, "w") as out:
        result = subprocess.run(
            command, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, check=False)
    if result.returncode:
        raise RuntimeError(
            f"generating the large customers failed, see {log}:\n" + log.read_text()[-3000:])
    return time.monotonic() - start


def generate(database: str, *, sqlite_dir: Path | None, today: dt.date | None = None) -> None:
    """Add CUSTOMERS, their web users, sales and invoices to ``database`` (in-process)."""
    from trytond import config

    config.update_etc(str(harness.base_config()))
    if sqlite_dir:
        config.set("database", "path", str(sqlite_dir))
    else:
        config.set("database", "uri", harness.postgres_url())
    from trytond.pool import Pool
    from trytond.transaction import Transaction

    Pool.start()
    pool = Pool(database)
    pool.init()
    today = today or dt.date.today()
    with Transaction().start(database, 0, readonly=True):
        User = pool.get("res.user")
        admin, = User.search([("login", "=", "admin")])
        with Transaction().set_user(admin.id):
            context = dict(User.get_preferences(context_only=True), _skip_warnings=True)

    # Posting invoices locks these (strict sequences, journal periods): declared up
    # front, the transaction is not run again to learn them one by one.
    extras = {"_lock_tables": ["account_journal_period", "ir_sequence_strict"]}

    def step(name, function, *args):
        start = time.monotonic()
        result = _in_transaction(database, admin.id, context, extras, function, pool, *args)
        print(f"  {name}: {time.monotonic() - start:.1f} s", flush=True)
        return result

    start = time.monotonic()
    queued = step("queue", _last_queue_id)
    parties = step("parties and web users", _parties)
    for customer in CUSTOMERS:
        plans = _plans(customer, today)
        prototypes = step(
            f"{customer.code}: {PROTOTYPES} sales quoted by Tryton", _prototype_sales,
            parties[customer.code], plans[:PROTOTYPES])
        invoices = step(
            f"{customer.code}: their invoices posted by Tryton", _prototype_invoices,
            prototypes, plans[:PROTOTYPES], customer)
        step(f"{customer.code}: {len(plans) - PROTOTYPES} sales copied in SQL",
             _copy_sales, customer, plans, prototypes, invoices, today)
    step("queued tasks dropped", _forget_queued_tasks, queued)
    print(f"  total: {time.monotonic() - start:.1f} s", flush=True)


def _in_transaction(database: str, user: int, context: dict, extras: dict, function, *args):
    """``function(*args)`` in one committed transaction, retried with the tables and
    records Tryton asks to lock (added to ``extras``), as its RPC dispatcher does."""
    from trytond.transaction import Transaction, TransactionError

    while True:
        with Transaction().start(database, user, context=context, **extras) as transaction:
            try:
                result = function(*args)
            except TransactionError as error:
                transaction.rollback()
                error.fix(extras)
                continue
            transaction.commit()
            return result


def _plans(customer: BenchCustomer, today: dt.date) -> list[Plan]:
    """The customer's sales from the oldest to the newest; the same on every run. The
    oldest ``customer.invoices`` processing or done sales are invoiced; the prototypes
    (the oldest PROTOTYPES) are all done and invoiced, so that every copy has an invoice
    to copy."""
    rng = random.Random(customer.code)
    plans = []
    invoiced = 0
    for index in range(customer.sales):  # 0 = the oldest
        age = DAYS * (customer.sales - 1 - index) // customer.sales
        weights = next(mix for days, mix in STATE_MIX if days is None or age < days)
        state = rng.choices(list(weights), list(weights.values()))[0]
        if index < PROTOTYPES:
            state = "done"
        is_invoiced = state in {"processing", "done"} and invoiced < customer.invoices
        invoiced += is_invoiced
        plans.append(Plan(
            reference=f"{customer.code}-{index + 1:05d}",
            sale_date=today - dt.timedelta(days=age), state=state, invoiced=is_invoiced))
    return plans


def _parties(pool) -> dict[str, int]:
    Party = pool.get("party.party")
    Country = pool.get("country.country")
    Term = pool.get("account.invoice.payment_term")
    WebUser = pool.get("web.user")
    france, = Country.search([("code", "=", "FR")])
    term, = Term.search([("name", "=", "30 jours")])
    parties = Party.create([{
        "code": customer.code,
        "name": customer.name,
        "customer_payment_term": term.id,
        "addresses": [("create", [{
            "street": "1 quai du Commerce", "postal_code": "69009", "city": "Lyon",
            "country": france.id}])],
        "contact_mechanisms": [("create", [{"type": "email", "value": customer.email}])],
        } for customer in CUSTOMERS])
    WebUser.create([{
        "email": customer.email, "email_valid": True, "party": party.id,
        "portal_role": "admin", "password": PASSWORD,
        } for customer, party in zip(CUSTOMERS, parties, strict=True)])
    return {party.code: party.id for party in parties}


def _prototype_sales(pool, party_id: int, plans: list[Plan]) -> list[int]:
    """Create and quote the prototypes with 1 to 4 lines of random products."""
    Sale = pool.get("sale.sale")
    Party = pool.get("party.party")
    Product = pool.get("product.product")
    Tax = pool.get("account.tax")
    ModelData = pool.get("ir.model.data")
    party = Party(party_id)
    products = Product.search([("salable", "=", True)], order=[("code", "ASC")])
    taxes = Tax.search([("template", "=", ModelData.get_id("account_fr", "tva_vente_biens_5_5"))])
    # The same products for every customer's n-th prototype: pages of the same
    # ranks hold the same lines.
    rng = random.Random(2026)
    address = party.addresses[0].id
    sales = Sale.create([{
        "party": party.id,
        "invoice_address": address,
        "shipment_address": address,
        "payment_term": party.customer_payment_term.id,
        "sale_date": plan.sale_date,
        "reference": plan.reference,
        "lines": [("create", [{
            "type": "line",
            "product": product.id,
            "unit": product.default_uom.id,
            "quantity": rng.choice([6, 12, 24, 48]),
            "unit_price": product.template.list_price,
            "taxes": [("add", [tax.id for tax in taxes])],
            } for product in rng.sample(products, rng.randint(1, 4))])],
        } for plan in plans])
    Sale.quote(sales)
    return [sale.id for sale in sales]


def _prototype_invoices(pool, sale_ids: list[int], plans: list[Plan], customer) -> dict:
    """Invoice and post each prototype; return {sale id: invoice id}.

    Numbers are given here: Tryton's strict invoice sequence refuses to number an invoice
    dated before the demo's last one."""
    Sale = pool.get("sale.sale")
    Invoice = pool.get("account.invoice")
    invoices = []
    for sale, plan in zip(Sale.browse(sale_ids), plans, strict=True):
        invoice = sale.create_invoice()
        invoice.invoice_date = plan.sale_date + INVOICE_DELAY
        invoice.number = _invoice_number(customer, plan)
        invoices.append(invoice)
    Invoice.save(invoices)
    Invoice.update_taxes(invoices)
    Invoice.post(invoices)
    return {sale_id: invoice.id for sale_id, invoice in zip(sale_ids, invoices, strict=True)}


def _invoice_number(customer: BenchCustomer, plan: Plan) -> str:
    return f"{customer.invoice_prefix}-{plan.reference.rsplit('-', 1)[1]}"


def _copy_sales(pool, customer, plans, prototype_ids, invoice_ids, today) -> None:
    """Copy the prototypes into the other planned sales, then set every sale's state."""
    from trytond.transaction import Transaction

    transaction = Transaction()
    Config = pool.get("sale.configuration")
    Period = pool.get("account.period")
    Sale = pool.get("sale.sale")
    sale_sequence = Config(1).get_multivalue(
        "sale_sequence", company=transaction.context["company"])
    copies = plans[PROTOTYPES:]
    numbers = iter(sale_sequence.get_many(len([p for p in copies if p.state != "draft"])))
    copier = _RowCopier(transaction)
    sources = [_SaleSource.read(copier, sale_id, invoice_ids[sale_id])
               for sale_id in prototype_ids]
    company = transaction.context["company"]
    periods = {}
    for index, plan in enumerate(copies, start=PROTOTYPES):
        # By rank from the newest: the newest sales of every customer copy the same ones.
        source = sources[(len(plans) - 1 - index) % len(sources)]
        number = next(numbers) if plan.state != "draft" else None
        sale_id, line_map = source.copy_sale(copier, plan, number)
        if plan.invoiced:
            date = plan.sale_date + INVOICE_DELAY
            if date not in periods:
                periods[date] = Period.find(company, date=date).id
            source.copy_invoice(
                copier, line_map, date=date, period=periods[date],
                number=_invoice_number(customer, plan), post_date=today)
    by_state = {}
    for plan in plans:
        by_state.setdefault(plan.state, []).append(plan.reference)
    table = Sale.__table__()
    cursor = transaction.connection.cursor()
    for state, references in by_state.items():
        invoice_state, shipment_state = LATER_STATES[state]
        columns = [table.state, table.invoice_state, table.shipment_state]
        values = [state, invoice_state, shipment_state]
        if state == "draft":
            # A draft has no number and no stored amounts (upstream's Sale.draft).
            columns += [table.number, table.quotation_date, table.untaxed_amount_cache,
                        table.tax_amount_cache, table.total_amount_cache]
            values += [None] * 5
        for start in range(0, len(references), 500):
            cursor.execute(*table.update(columns, values, where=(
                table.party == sources[0].party)
                & table.reference.in_(references[start:start + 500])))


class _RowCopier:
    """INSERT ... SELECT of one row with some columns replaced; returns the new id."""

    def __init__(self, transaction):
        from sql import Flavor

        self.cursor = transaction.connection.cursor()
        self.returning = transaction.database.has_returning()
        self.param = Flavor.get().param
        self._columns = {}
        self._statements = {}

    def columns(self, table: str) -> list[str]:
        if table not in self._columns:
            self.cursor.execute(f'SELECT * FROM "{table}" WHERE 1 = 0')
            self._columns[table] = [d[0] for d in self.cursor.description if d[0] != "id"]
            self.cursor.fetchall()
        return self._columns[table]

    def select(self, query: str, *params) -> list[tuple]:
        self.cursor.execute(query.replace("?", self.param), params)
        return self.cursor.fetchall()

    def copy(self, table: str, source_id: int, **values) -> int:
        """Copy row ``source_id`` of ``table`` with ``values`` instead; return its id."""
        key = (table, tuple(values))
        if key not in self._statements:
            columns = self.columns(table)
            selected = ", ".join(
                self.param if column in values else f'"{column}"' for column in columns)
            self._statements[key] = (
                f'INSERT INTO "{table}" ({_quoted(columns)})'
                f' SELECT {selected} FROM "{table}" WHERE id = {self.param}'
                + (" RETURNING id" if self.returning else ""))
            self._statements[key + ("order",)] = [c for c in columns if c in values]
        params = [values[c] for c in self._statements[key + ("order",)]] + [source_id]
        self.cursor.execute(self._statements[key], params)
        return self.cursor.fetchone()[0] if self.returning else self.cursor.lastrowid

    def copy_links(self, table: str, column: str, source_id: int, target_id: int) -> None:
        """Copy the rows of a link table whose ``column`` is ``source_id`` to ``target_id``."""
        columns = self.columns(table)
        selected = ", ".join(self.param if c == column else f'"{c}"' for c in columns)
        self.cursor.execute(
            f'INSERT INTO "{table}" ({_quoted(columns)})'
            f' SELECT {selected} FROM "{table}" WHERE "{column}" = {self.param}',
            (target_id, source_id))


@dataclass
class _SaleSource:
    """A prototype sale and its invoice, as the ids the copies repeat."""

    sale: int
    party: int
    lines: list[int]
    invoice: int
    invoice_date: dt.date
    invoice_lines: list[tuple[int, int]]  # (invoice line, sale line)
    invoice_taxes: list[int]
    move: int
    move_lines: list[tuple[int, str | None, dt.date | None]]  # (id, origin, maturity)

    @classmethod
    def read(cls, copier: _RowCopier, sale: int, invoice: int) -> "_SaleSource":
        (party,), = copier.select('SELECT party FROM sale_sale WHERE id = ?', sale)
        lines = [row[0] for row in copier.select(
            'SELECT id FROM sale_line WHERE sale = ? ORDER BY id', sale)]
        (move, invoice_date), = copier.select(
            'SELECT move, invoice_date FROM account_invoice WHERE id = ?', invoice)
        invoice_lines = [(row[0], int(row[1].split(",")[1])) for row in copier.select(
            'SELECT id, origin FROM account_invoice_line WHERE invoice = ? ORDER BY id',
            invoice)]
        taxes = [row[0] for row in copier.select(
            'SELECT id FROM account_invoice_tax WHERE invoice = ? ORDER BY id', invoice)]
        move_lines = [(row[0], row[1], _date(row[2])) for row in copier.select(
            'SELECT id, origin, maturity_date FROM account_move_line WHERE move = ?'
            ' ORDER BY id', move)]
        return cls(sale, party, lines, invoice, _date(invoice_date), invoice_lines, taxes,
                   move, move_lines)

    def copy_sale(self, copier: _RowCopier, plan: Plan, number: str | None):
        """Copy the sale and its lines; return (sale id, {prototype line: its copy})."""
        sale = copier.copy(
            "sale_sale", self.sale, number=number, reference=plan.reference,
            sale_date=plan.sale_date, quotation_date=plan.sale_date)
        line_map = {}
        for line in self.lines:
            line_map[line] = copier.copy("sale_line", line, sale=sale)
            copier.copy_links("sale_line-account_tax", "line", line, line_map[line])
        return sale, line_map

    def copy_invoice(self, copier: _RowCopier, line_map: dict[int, int], *, date: dt.date,
                     period: int, number: str, post_date: dt.date) -> int:
        """Copy the invoice and its move for a copy of the sale whose lines are
        ``line_map``."""
        invoice = copier.copy(
            "account_invoice", self.invoice, number=number,
            number_alnum=re.sub(r"[\W_]", "", number),
            number_digit=int(re.sub(r"\D", "", number)[-18:]),
            invoice_date=date, payment_term_date=date, move=None)
        origins = {}
        for line, sale_line in self.invoice_lines:
            new = copier.copy("account_invoice_line", line, invoice=invoice,
                              origin=f"sale.line,{line_map[sale_line]}")
            copier.copy_links("account_invoice_line-account_tax", "line", line, new)
            origins[f"account.invoice.line,{line}"] = f"account.invoice.line,{new}"
        for tax in self.invoice_taxes:
            new = copier.copy("account_invoice_tax", tax, invoice=invoice)
            origins[f"account.invoice.tax,{tax}"] = f"account.invoice.tax,{new}"
        move = copier.copy(
            "account_move", self.move, number=f"M-{number}", date=date, period=period,
            post_date=post_date, origin=f"account.invoice,{invoice}")
        shift = date - self.invoice_date
        for line, origin, maturity in self.move_lines:
            copier.copy("account_move_line", line, move=move, origin=origins.get(origin),
                        maturity_date=maturity + shift if maturity else None)
        copier.cursor.execute(
            f"UPDATE account_invoice SET move = {copier.param} WHERE id = {copier.param}",
            (move, invoice))
        return invoice


def _quoted(columns: list[str]) -> str:
    return ", ".join(f'"{column}"' for column in columns)


def _date(value) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(value)


def _last_queue_id(pool) -> int:
    Queue = pool.get("ir.queue")
    last = Queue.search([], order=[("id", "DESC")], limit=1)
    return last[0].id if last else 0


def _forget_queued_tasks(pool, after: int) -> None:
    """Drop the tasks the prototypes queued (their PDFs, sale processing): no worker runs
    here, and the benchmark times a PDF's first rendering as its first download."""
    Queue = pool.get("ir.queue")
    Queue.delete(Queue.search([("id", ">", after)]))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--force", action="store_true", help="build again even if present")
    parser.add_argument("--generate", metavar="DATABASE", help=argparse.SUPPRESS)
    parser.add_argument("--sqlite-dir", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.generate:
        generate(args.generate, sqlite_dir=args.sqlite_dir)
        return 0
    database, took = ensure_database(force=args.force)
    print(f"{database}: " + (f"built in {took:.0f} s" if took else "reused"))
    return 0


if __name__ == "__main__":
    sys.exit(main())

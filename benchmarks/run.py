"""Speed of the portal against a real trytond, each figure with its target (issue 7).

    make bench    (PYTHONPATH=portal:. .venv/bin/python -m benchmarks.run [options])

Serves a copy of the demo database plus two generated customers
(benchmarks/large_customer.py: 10,000 sales and 5,000 invoices; 100 sales) with trytond
under gunicorn (2 workers, as docker-compose.yml runs it), the portal under gunicorn
(2 workers) on a private Redis, then measures the gateway in this process, whole pages
over HTTP, throughput, PDFs, logins, and Tryton stopped. Prints a table and saves it as
JSON in var/bench/latest.json (and var/bench/runs/<time>.json); the servers' logs of the
last run are in var/bench/logs/. docs/performance.md keeps the latest figures and what
limits the targets not met. Figures are from this machine: compare runs, not machines.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

from portal.tests.fixtures import tryton_harness as harness
from tryton.demo import facts

from . import gateway, large_customer, pages, pdfs, servers
from .report import Report
from .tryton_rpc import RawTryton

BENCH_DIR = large_customer.BENCH_DIR
WORKERS = 2
CLIENTS = 8


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=60, help="runs per timing")
    parser.add_argument("--seconds", type=float, default=8, help="length of a throughput run")
    parser.add_argument(
        "--upstream-sales", action="store_true",
        help="serve sale.sale as upstream reads it (see benchmarks/upstream_sales.py)")
    parser.add_argument(
        "--quiet", type=float, metavar="LOAD",
        help="once the data is ready, wait for the 1-minute load average to fall below LOAD")
    parser.add_argument("--quiet-wait", type=float, default=1800, metavar="SECONDS",
                        help="how long --quiet waits at most (default: %(default)s)")
    args = parser.parse_args(argv)

    report = Report()
    start = time.monotonic()
    _template, template_built = harness.build_template()
    database, built = large_customer.ensure_database()
    report.context["database"] = {
        "backend": "postgresql" if harness.postgres_url() else "sqlite",
        "source": database, "template_build_s": round(template_built, 1),
        "generation_s": round(built, 1), "upstream_sales": args.upstream_sales}
    print(f"demo template: {f'built in {template_built:.0f} s' if template_built else 'reused'}"
          f"; large customers: {f'generated in {built:.0f} s' if built else 'reused'}"
          f" ({database})")
    if args.quiet is not None:
        report.context["quiet"] = _wait_for_quiet(args.quiet, args.quiet_wait)
    # The load once the data is ready: what the measurements share the machine with.
    report.context.update(_machine())
    logs = BENCH_DIR / "logs"
    shutil.rmtree(logs, ignore_errors=True)
    logs.mkdir(parents=True)
    scratch = harness.scratch_dir("portal-bench-")
    try:
        with servers.redis_server(logs) as redis_url, \
                servers.trytond_copy(database, scratch) as copy:
            report.context["redis"] = bool(redis_url)
            if args.upstream_sales:
                _drop_sale_index(copy, scratch)
            tryton = servers.start_trytond(
                copy, scratch, logs, workers=WORKERS,
                app=("benchmarks.upstream_sales:app" if args.upstream_sales
                     else "trytond.application:app"))
            try:
                _run(report, args, tryton, copy, scratch, logs, redis_url)
            finally:
                tryton.stop()
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    report.context["load_after"] = os.getloadavg()
    report.context["duration_s"] = round(time.monotonic() - start, 1)
    print()
    print(_header(report.context))
    print(report.table())
    paths = report.save(BENCH_DIR)
    print(f"\nsaved: {', '.join(str(path.relative_to(harness.ROOT)) for path in paths)}")
    return 0


def _run(report, args, tryton, database, scratch, logs, redis_url) -> None:
    env = _portal_environment(tryton.url, database, scratch, redis_url)
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command

    from erp import CustomerScope, bump_customer_version, identity

    call_command("migrate", verbosity=0)
    raw = RawTryton(tryton.url, database, facts.SERVICE_LOGIN, facts.SERVICE_PASSWORD_DEFAULT)
    def customer(label: str, email: str, password: str) -> gateway.Customer:
        login = identity.web_user_login(
            email=email, password=password, remote_address="127.0.0.1")
        key, party = raw.web_user_login(email, password)
        return gateway.Customer(
            label=label, email=email,
            scope=CustomerScope(party_id=login.user.party.id, web_session=login.session),
            context={"portal_session": key, "portal_party": party})

    large = customer("10,000-sale customer", large_customer.LARGE.email,
                     large_customer.PASSWORD)
    small = customer("100-sale customer", large_customer.SMALL.email, large_customer.PASSWORD)
    # The first comparison: a demo customer with a handful of sales.
    demo_email = next(iter(facts.WEB_USERS))
    demo = customer(f"demo customer {facts.WEB_USERS[demo_email]['party']}", demo_email,
                    facts.DEMO_PASSWORD)

    print("\n" + gateway.SECTION)
    calls = gateway.measure_order_list(report, raw, large, small, demo, repeat=args.repeat)
    rate, latency = pages.throughput(
        [_raw_client(tryton.url, database, large, calls) for _ in range(CLIENTS)],
        seconds=args.seconds)
    report.add(gateway.SECTION, f"B with {CLIENTS} clients (trytond, {WORKERS} workers)",
               f"{rate:.0f} req/s, {latency.text()}", req_per_s=round(rate, 1),
               **latency.as_json())
    gateway.measure_login(report, large.email, large_customer.PASSWORD,
                          repeat=max(10, args.repeat // 4))

    print("\n" + pdfs.SECTION)
    pdfs.measure_pdfs(report, raw, large.scope.party_id, large.context, documents=3)

    print("\n" + pages.SECTION)
    portal = servers.start_portal(env, logs, workers=WORKERS)
    try:
        http = pages.logged_in(portal.url, large.email, large_customer.PASSWORD)
        pages.measure_pages(
            report, portal.url, http,
            lambda: bump_customer_version(large.scope.party_id), repeat=args.repeat // 2)
        pages.measure_invoice_pdfs(report, portal.url, http, documents=5)
        # Twenty invoices the PDF figures above did not download (the list's first seven).
        pages.measure_invoice_zip(
            report, portal.url, http, pages.listed_invoices(http, portal.url, 27)[7:],
            lambda: bump_customer_version(large.scope.party_id))
        # The order documents on the demo data (Le Comptoir des Pentes, as its buyer).
        buyer = next(email for email, user in facts.WEB_USERS.items()
                     if user["party"] == "C-PENTES" and user["role"] == "buyer")
        pages.measure_order_pdfs(report, portal.url,
                                 pages.logged_in(portal.url, buyer, facts.DEMO_PASSWORD),
                                 documents=2)
        sessions = [pages.logged_in(portal.url, large.email, large_customer.PASSWORD)
                    for _ in range(CLIENTS)]
        orders = f"{portal.url}orders/"
        for session in sessions:
            pages.get(session, orders)
        rate, latency = pages.throughput(
            [lambda session=session: pages.get(session, orders) for session in sessions],
            seconds=args.seconds)
        report.add(pages.SECTION, f"orders warm, {CLIENTS} clients",
                   f"{rate:.0f} req/s, {latency.text()}", req_per_s=round(rate, 1),
                   **latency.as_json())
        report.add("memory", "portal gunicorn (master + workers)", f"{portal.rss_mib():.0f} MiB",
                   rss_mib=round(portal.rss_mib()))
        report.add("memory", "trytond gunicorn (master + workers)",
                   f"{tryton.rss_mib():.0f} MiB", rss_mib=round(tryton.rss_mib()))
    finally:
        portal.stop()

    print("\nTryton stopped")
    tryton.stop()
    gateway.measure_outage(report, large, repeat=args.repeat)


def _raw_client(url, database, customer, calls):
    """A function sending B from its own connection (one per thread)."""
    raw = RawTryton(url, database, facts.SERVICE_LOGIN, facts.SERVICE_PASSWORD_DEFAULT)
    call = next(c for c in calls[customer.label] if c[1] == "search_read")
    return lambda: raw.execute(call[0], call[1], *call[2], context=customer.context)


def _portal_environment(tryton_url: str, database: str, scratch: Path, redis_url: str) -> dict:
    """The portal's settings for this run, for gunicorn and for this process alike (one
    cache: a version bumped here is the portal's)."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DJANGO_DEBUG": "False",
        "DJANGO_LOG_LEVEL": "ERROR",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{scratch / 'portal.sqlite3'}",
        "REDIS_URL": redis_url,
        "PORTAL_CACHE_KEY_PREFIX": f"bench-{uuid.uuid4().hex[:8]}",
        "TRYTON_URL": tryton_url,
        "TRYTON_DATABASE": database,
        "TRYTON_SERVICE_USER": facts.SERVICE_LOGIN,
        "TRYTON_SERVICE_PASSWORD": facts.SERVICE_PASSWORD_DEFAULT,
        # The generated customers' logins are administrators, whom the portal sends to set
        # up a second factor before any page: the pages, not MFA, are measured here.
        "PORTAL_MFA_REQUIRED_ROLES": "",
    }


def _drop_sale_index(database: str, directory: Path) -> None:
    """Drop the portal module's (party, sale_date, id) index from the run's copy."""
    condition = {
        "sqlite": ("SELECT name FROM sqlite_master WHERE type = 'index'"
                   " AND tbl_name = 'sale_sale'"
                   " AND replace(sql, ' ', '') LIKE '%(\"party\",\"sale_date\",\"id\"%'"),
        "postgresql": ("SELECT indexname FROM pg_indexes WHERE tablename = 'sale_sale'"
                       " AND indexdef LIKE '%(party, sale_date, id%'"),
    }
    if harness.postgres_url():
        import psycopg

        with psycopg.connect(f"{harness.postgres_url().rstrip('/')}/{database}",
                             autocommit=True) as connection:
            for (name,) in connection.execute(condition["postgresql"]).fetchall():
                connection.execute(f'DROP INDEX "{name}"')
        return
    import sqlite3

    connection = sqlite3.connect(directory / f"{database}.sqlite")
    try:
        for (name,) in connection.execute(condition["sqlite"]).fetchall():
            connection.execute(f'DROP INDEX "{name}"')
        connection.commit()
    finally:
        connection.close()


def _wait_for_quiet(load: float, seconds: float) -> dict:
    """Wait until the 1-minute load average is below ``load`` (the machine is shared)."""
    start = time.monotonic()
    while (current := os.getloadavg()[0]) >= load and time.monotonic() - start < seconds:
        print(f"\rwaiting for a load below {load} (now {current:.2f})", end="", flush=True)
        time.sleep(10)
    print()
    return {"below": load, "reached": current < load,
            "waited_s": round(time.monotonic() - start)}


def _machine() -> dict:
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=harness.ROOT,
                            capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=harness.ROOT,
                           capture_output=True, text=True).stdout.strip()
    return {
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "commit": commit + ("+changes" if dirty else ""),
        "cpus": os.cpu_count(),
        "load_before": os.getloadavg(),
        "python": platform.python_version(),
        "trytond_workers": WORKERS,
        "portal_workers": WORKERS,
    }


def _header(context: dict) -> str:
    load = " / ".join(f"{value:.2f}" for value in context["load_before"])
    after = " / ".join(f"{value:.2f}" for value in context["load_after"])
    database = context["database"]
    quiet = context.get("quiet")
    if quiet:
        load += (f" (waited {quiet['waited_s']} s for < {quiet['below']}"
                 f"{'' if quiet['reached'] else ', not reached'})")
    return (f"run {context['date']} at {context['commit']}, {context['cpus']} CPUs, load "
            f"(1/5/15 min) {load} before, {after} after; {database['backend']}"
            f"{', upstream sale.sale' if database['upstream_sales'] else ''}; "
            f"Redis {'yes' if context.get('redis') else 'no'}; {context['duration_s']} s")


if __name__ == "__main__":
    sys.exit(main())

"""Soak: mixed customer traffic against the production stack while trytond restarts.

    make soak    (SOAK_MINUTES=30 by default; runs python -m benchmarks.soak)

Runs docker-compose.yml's stack on this machine as portal/tests/deploy/production_stack.py
does (trytond under gunicorn on PostgreSQL with trytond-cron and trytond-worker, Redis, the
portal under gunicorn with production settings), on a copy of the portal tests' demo
template. Demo customers of several parties browse lists and details, download invoice
PDFs, request pickups and order (a product in the cart, then checkout), each in a thread of
its own, while trytond is stopped and started again twice (at a quarter and at 60 % of the
run). Then Tryton's pickup requests and sales are checked against what the customers
submitted (benchmarks/soak_check.py): nothing lost, nothing doubled; and every answer
against the rule: no 5xx but 503, and a 503 only while trytond is down or recovering
(SOAK_RECOVERY_SECONDS after it is back). Prints a summary (requests, errors by status,
p50/p95 per kind) and saves it as var/soak/latest.json; the services' logs stay in
var/soak/run/. Exit status 1 on any failure.

Environment: SOAK_MINUTES (30), SOAK_DOWN_SECONDS (how long trytond stays down, 10),
SOAK_RECOVERY_SECONDS (60: the portal's breaker keeps answering 503 for its cooldown,
TRYTON_BREAKER_COOLDOWN = 30 s, after trytond is back; 7 to 18 s measured),
TEST_POSTGRES_URL (required).
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from portal.tests.deploy.production_stack import CustomerBrowser, production_stack
from portal.tests.fixtures import tryton_harness as harness

from .report import Timing
from .soak_check import (
    ACCEPTED,
    CHECKOUT,
    FAILED,
    PENDING,
    PICKUP,
    REFUSED,
    Ledger,
    OutboxHook,
    Submission,
    check,
)

SOAK_DIR = harness.ROOT / "var" / "soak"
# Administrators of four parties, two of the first: every page is theirs to open.
CUSTOMERS = [
    "sophie@comptoir-des-pentes.example.fr",
    "claire@maison-garnier.example.fr",
    "chef@table-du-marche.example.fr",
    "commandes@saveurs-et-bulles.example.fr",
    "achats@comptoir-des-pentes.example.fr",
]
LISTS = {"orders": "/orders/", "invoices": "/invoices/", "pickups": "/pickups/",
         "events": "/events/", "production": "/production/", "home": "/",
         "notifications": "/notifications/"}
# What a customer does next, and how often (pickup requests render a slip in the worker).
ACTIONS = {"list": 45, "detail": 35, "pdf": 12, "pickup": 8, "checkout": 4}
# Where the portal sends a customer once a submission is filed in Tryton, or kept in the
# outbox while Tryton is down (the list, where it shows as pending).
FILED = {PICKUP: r"/pickups/\d+/", CHECKOUT: r"/orders/\d+/"}
KEPT = {PICKUP: "/pickups/", CHECKOUT: "/orders/"}
RESTART_AT = (0.25, 0.6)  # fractions of the run


@dataclass
class Traffic:
    """Every answer of the run: (kind, status or None, seconds, at) and trytond's downtimes."""

    started: float = field(default_factory=time.monotonic)
    answers: list[tuple[str, int | None, float, float]] = field(default_factory=list)
    # (stopped at, serving again at), seconds since the start
    downtimes: list[list[float]] = field(default_factory=list)
    signed_out: int = 0  # times a customer found herself signed out
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def now(self) -> float:
        return time.monotonic() - self.started

    def record(self, kind: str, status: int | None, seconds: float, at: float) -> None:
        with self._lock:
            self.answers.append((kind, status, seconds, at))


def _timed(traffic: Traffic, kind: str, call):
    at = traffic.now()
    start = time.monotonic()
    try:
        response = call()
    except Exception:  # no answer at all (connection refused, timeout): the worst outcome
        traffic.record(kind, None, time.monotonic() - start, at)
        return None
    traffic.record(kind, response.status_code, time.monotonic() - start, at)
    return response


class Customer(threading.Thread):
    """One signed-in customer clicking through the portal until told to stop."""

    def __init__(self, email: str, number: int, stack, traffic: Traffic, ledger: Ledger,
                 outbox: OutboxHook, stop: threading.Event):
        super().__init__(name=email, daemon=True)
        self.email, self.stack, self.traffic, self.ledger = email, stack, traffic, ledger
        self.outbox, self.stop_event = outbox, stop
        self.browser = CustomerBrowser(stack.portal_url, timeout=30,
                                       address=f"203.0.113.{10 + number}")
        self.random = random.Random(number)
        self.known: dict[str, list[int]] = defaultdict(list)

    def run(self):
        self.sign_in()
        while not self.stop_event.is_set():
            action = self.random.choices(list(ACTIONS), weights=list(ACTIONS.values()))[0]
            getattr(self, action)()
            self.stop_event.wait(self.random.uniform(0.2, 1.0))

    def sign_in(self):
        self.browser.cookies.clear()
        while not self.stop_event.is_set():
            signed_in = _timed(self.traffic, "login", lambda: self.browser.login(self.email))
            if signed_in is not None and signed_in.status_code == 302:
                return
            self.stop_event.wait(1)

    def get(self, kind: str, path: str):
        """GET as the customer; signed out (the portal re-checks her Tryton session), she
        signs in again, as a person would."""
        page = _timed(self.traffic, kind, lambda: self.browser.get(path))
        if page is not None and page.status_code == 302 and page.headers.get(
                "Location", "").startswith("/accounts/login/"):
            self.traffic.signed_out += 1
            self.sign_in()
        return page

    def list(self):
        name = self.random.choice(list(LISTS))
        page = self.get(f"list {name}", LISTS[name])
        if page is not None and page.status_code == 200 and name in ("orders", "invoices",
                                                                      "pickups"):
            ids = {int(i) for i in re.findall(rf'href="{LISTS[name]}(\d+)/"', page.text)}
            self.known[name] = sorted(ids)

    def detail(self):
        name = self.random.choice(["orders", "invoices", "pickups"])
        if not self.known[name]:
            return self.list()
        path = f"{LISTS[name]}{self.random.choice(self.known[name])}/"
        self.get(f"detail {name}", path)

    def pdf(self):
        if not self.known["invoices"]:
            return self.list()
        path = f"/invoices/{self.random.choice(self.known['invoices'])}/pdf/"
        self.get("invoice pdf", path)

    def pickup(self):
        form = self.get("pickup form", "/pickups/new/")
        if form is None or form.status_code != 200:
            return
        product = re.search(r'name="lines-0-product"[^>]*>.*?<option value="(\d+)"',
                            form.text, re.S)
        if not product:  # a customer with nothing to pick up: browse instead
            return
        marker = self.ledger.new_marker()
        tomorrow = time.strftime("%Y-%m-%d", time.localtime(time.time() + 86400))
        at = self.traffic.now()
        answer = _timed(self.traffic, PICKUP, lambda: self.browser.post_form(
            "/pickups/new/", form.text, date=tomorrow, time_from="08:00", time_to="10:00",
            comment=marker, **{"lines-0-product": product.group(1), "lines-0-quantity": "2"}))
        self.ledger.add(Submission(PICKUP, marker, self.email, self._outcome(PICKUP, answer),
                                   _status(answer), at))

    def checkout(self):
        """A product of the catalog in the cart, then the checkout form, sent with the
        submission's marker as its idempotency key (Tryton stores it on the sale)."""
        catalog = self.get("catalog", "/shop/")
        if catalog is None or catalog.status_code != 200:
            return
        products = re.findall(r'name="product" value="(\d+)"', catalog.text)
        if not products:
            return
        added = _timed(self.traffic, "cart add", lambda: self.browser.post_form(
            "/shop/cart/add/", catalog.text, product=self.random.choice(products),
            quantity="2", next="/shop/"))
        if added is None or added.status_code != 302:
            return
        form = self.get("checkout form", "/shop/checkout/")
        if form is None or form.status_code != 200:
            return
        marker = self.ledger.new_marker()
        at = self.traffic.now()
        answer = _timed(self.traffic, CHECKOUT, lambda: self.browser.post_form(
            "/shop/checkout/", form.text, key=marker))
        self.ledger.add(Submission(CHECKOUT, marker, self.email,
                                   self._outcome(CHECKOUT, answer), _status(answer), at))

    def _outcome(self, kind: str, answer) -> str:
        if answer is None:
            return FAILED
        if answer.status_code == 302 and re.fullmatch(FILED[kind],
                                                      answer.headers.get("Location", "")):
            return ACCEPTED
        if self.outbox.is_pending(kind, answer):
            return PENDING
        return REFUSED if answer.status_code == 503 else FAILED


def _status(answer) -> int | None:
    return None if answer is None else answer.status_code


def _restart_trytond(stack, traffic: Traffic, down_seconds: float) -> None:
    stopped = traffic.now()
    stack.stop_trytond()
    time.sleep(down_seconds)
    stack.start_trytond()
    traffic.downtimes.append([stopped, traffic.now()])


def _during(at: float, seconds: float, down: float, up: float) -> bool:
    # A request that began before trytond stopped may meet it stopping: the request's whole
    # time counts, not only its start.
    return at <= up and at + seconds >= down


def _bad_answers(traffic: Traffic, recovery: float) -> Counter:
    """Answers that break the rule: no answer, a 5xx but 503, a 503 outside a downtime."""
    bad = Counter()
    for kind, status, seconds, at in traffic.answers:
        if status is None:
            bad[f"no answer ({kind})"] += 1
        elif status == 503:
            if not any(_during(at, seconds, down, up + recovery)
                       for down, up in traffic.downtimes):
                bad["503 while trytond served"] += 1
        elif status >= 500:
            bad[str(status)] += 1
    return bad


def _recoveries(traffic: Traffic, recovery: float) -> list[float]:
    """Seconds from trytond serving again to the portal's last 503 of that downtime."""
    result = []
    starts = [down for down, _ in traffic.downtimes][1:] + [float("inf")]
    for (down, up), next_down in zip(traffic.downtimes, starts, strict=True):
        # Up to the next downtime at most: its 503s are its own.
        ends = [at + seconds for _, status, seconds, at in traffic.answers
                if status == 503 and _during(at, seconds, down, up + recovery)
                and at < next_down]
        result.append(round(max(0.0, max(ends, default=up) - up), 1))
    return result


def summary(traffic: Traffic, ledger: Ledger, verdict, recovery: float, minutes: float) -> dict:
    by_kind = defaultdict(list)
    for kind, status, seconds, _ in traffic.answers:
        if status is not None and status < 500:
            by_kind[kind].append(seconds)
    all_ok = [s for samples in by_kind.values() for s in samples]
    return {
        "minutes": minutes,
        "requests": len(traffic.answers),
        "statuses": dict(sorted(Counter(str(s) for _, s, _, _ in traffic.answers).items())),
        "bad_answers": dict(_bad_answers(traffic, recovery)),
        "timings": {"all": Timing(tuple(all_ok)).as_json() if all_ok else {},
                    **{k: Timing(tuple(v)).as_json() for k, v in sorted(by_kind.items())}},
        "trytond_downtimes_s": [[round(a, 1), round(b, 1)] for a, b in traffic.downtimes],
        "recovered_after_s": _recoveries(traffic, recovery),
        "customers_signed_out": traffic.signed_out,
        "submissions": verdict.outcomes,
        "lost": verdict.lost,
        "doubled": verdict.doubled,
        "created_though_refused": verdict.created_though_refused,
        "unknown_in_tryton": verdict.unknown_in_tryton,
    }


def _print(result: dict) -> None:
    print(f"\n== Soak: {result['minutes']} min, {result['requests']} requests, "
          f"trytond down {result['trytond_downtimes_s']} (s since start), "
          f"portal serving again {result['recovered_after_s']} s after trytond")
    print(f"   statuses: {result['statuses']}")
    print(f"   bad answers: {result['bad_answers'] or 'none'}")
    print(f"   customers signed out on the way (and back in): {result['customers_signed_out']}")
    print(f"   {'kind':<22}{'n':>6}{'p50 ms':>10}{'p95 ms':>10}")
    for kind, timing in result["timings"].items():
        if timing:
            print(f"   {kind:<22}{timing['n']:>6}{timing['p50_ms']:>10}{timing['p95_ms']:>10}")
    print(f"   submissions: {result['submissions']}; lost {len(result['lost'])}, "
          f"doubled {len(result['doubled'])}, created though refused "
          f"{len(result['created_though_refused'])}, unknown {len(result['unknown_in_tryton'])}")


def tryton_markers(stack, markers_like: str, markers: list[str] | None = None) -> list[str]:
    """The markers Tryton holds, one per record: pickup requests' comments and sales'
    idempotency keys matching ``markers_like`` (and among ``markers`` when given)."""
    held = []
    for model, field_name in (("pickup.request", "comment"),
                              ("sale.sale", "portal_idempotency_key")):
        domain = [[field_name, "like", markers_like]]
        if markers is not None:
            domain.append([field_name, "in", markers])
        records = stack.admin(model, "search_read", domain, 0, None, None, [field_name])
        held += [record[field_name] for record in records]
    return held


class PortalOutbox(OutboxHook):
    """The portal's outbox (portal/outbox/): a pickup request or a checkout made while
    Tryton is down is kept and answered with its list (pickups, orders), where it shows as
    pending; the compose service portal-outbox (manage.py outbox_replay --loop) files it
    once trytond is back, with the customer's session and its idempotency key."""

    def __init__(self, ledger: Ledger):
        self.ledger = ledger

    def is_pending(self, kind: str, response) -> bool:
        return response.status_code == 302 and response.headers.get("Location") == KEPT[kind]

    def wait_until_replayed(self, stack, timeout: float) -> None:
        markers = [s.marker for s in self.ledger.submissions if s.outcome == PENDING]
        deadline = time.monotonic() + timeout
        while markers and time.monotonic() < deadline:
            filed = tryton_markers(stack, f"soak-{self.ledger.run}-%", markers)
            if len(set(filed)) >= len(markers):
                return
            time.sleep(5)


def main() -> int:
    minutes = float(os.environ.get("SOAK_MINUTES", "30"))
    down_seconds = float(os.environ.get("SOAK_DOWN_SECONDS", "10"))
    recovery = float(os.environ.get("SOAK_RECOVERY_SECONDS", "60"))
    if not harness.postgres_url():
        print("make soak runs the production stack on PostgreSQL: set TEST_POSTGRES_URL "
              "(e.g. postgresql://postgres@127.0.0.1:5432/)", file=sys.stderr)
        return 2
    template, _ = harness.build_template()
    logs = SOAK_DIR / "run"
    shutil.rmtree(logs, ignore_errors=True)
    logs.mkdir(parents=True)
    ledger = Ledger(run=uuid.uuid4().hex[:8])
    outbox = PortalOutbox(ledger)
    with production_stack(template, logs) as stack:
        traffic, stop = Traffic(), threading.Event()
        customers = [Customer(email, n, stack, traffic, ledger, outbox, stop)
                     for n, email in enumerate(CUSTOMERS)]
        for customer in customers:
            customer.start()
        length = minutes * 60
        for fraction in RESTART_AT:
            time.sleep(max(0.0, fraction * length - traffic.now()))
            _restart_trytond(stack, traffic, down_seconds)
        time.sleep(max(0.0, length - traffic.now()))
        stop.set()
        for customer in customers:
            customer.join(60)
        outbox.wait_until_replayed(stack, timeout=300)
        stack.assert_alive()
        verdict = check(ledger, tryton_markers(stack, f"soak-{ledger.run}-%"))
        result = summary(traffic, ledger, verdict, recovery, minutes)
    SOAK_DIR.mkdir(parents=True, exist_ok=True)
    (SOAK_DIR / "latest.json").write_text(json.dumps(result, indent=2) + "\n")
    _print(result)
    # Each kind must have gone through at least once, or the run proved nothing about it.
    failed = not verdict.ok or result["bad_answers"] or not all(
        result["submissions"].get(kind, {}).get(ACCEPTED) for kind in (PICKUP, CHECKOUT))
    print("== Soak " + ("FAILED" if failed else "passed") + f" (details: {SOAK_DIR}/latest.json)")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

"""The gateway (portal/erp) measured in this process against the running trytond: the
raw floor B, the order list cold and warm, scale, login, and Tryton stopped."""

from __future__ import annotations

from dataclasses import dataclass

from .report import Report, interleaved, ms, timed
from .tryton_rpc import RawTryton

SECTION = "gateway (in process, JSON-RPC to trytond)"


@dataclass
class Customer:
    """A benchmark customer seen by the gateway (``scope``) and by raw RPC (``context``)."""

    label: str
    email: str
    scope: object  # erp.CustomerScope
    context: dict


class _Recorder:
    """A transport that records what the gateway sends, then sends it."""

    def __init__(self, transport):
        self.transport = transport
        self.calls = []

    def execute(self, model, method, *args, context=None, **kwargs):
        self.calls.append((model, method, args))
        return self.transport.execute(model, method, *args, context=context, **kwargs)


def order_list_calls(customer: Customer) -> list[tuple]:
    """The (model, method, args) calls of one cold first page of the order list."""
    from erp import CustomerScope, bump_customer_version, get_client, sales

    recorder = _Recorder(get_client())
    scope = CustomerScope(party_id=customer.scope.party_id,
                          web_session=customer.scope.web_session, transport=recorder)
    bump_customer_version(scope.party_id)
    sales.order_list(scope)
    return recorder.calls


def measure_order_list(report: Report, raw: RawTryton, large: Customer, small: Customer,
                       demo: Customer, *, repeat: int) -> dict[str, list[tuple]]:
    """B, the order list cold and warm, the scale figures; return the gateway's calls by
    customer label."""
    from erp import bump_customer_version, sales
    from erp.testing import count_rpc_calls

    customers = (large, small, demo)
    calls = {customer.label: order_list_calls(customer) for customer in customers}

    def floor(customer: Customer):
        """Only the gateway's search_read, sent raw."""
        model, method, args = next(c for c in calls[customer.label] if c[1] == "search_read")
        return raw.execute(model, method, *args, context=customer.context)

    def same_calls():
        for model, method, args in calls[large.label]:
            raw.execute(model, method, *args, context=large.context)

    def cold(customer: Customer):
        bump_customer_version(customer.scope.party_id)
        return lambda: sales.order_list(customer.scope)

    timed(lambda: floor(large), 5)  # warm-up: connections, trytond's caches
    floors = interleaved({c.label: lambda c=c: floor(c) for c in (large, small)}, repeat)
    b = floors[large.label]
    report.timing(SECTION, f"B: raw search_read, 1 page, {large.label}", b,
                  rows=len(floor(large)))
    report.timing(SECTION, f"B for the {small.label} (information)", floors[small.label])
    pair = timed(same_calls, repeat)
    report.timing(SECTION, "raw " + " + ".join(c[1] for c in calls[large.label])
                  + " (the gateway's calls)", pair)

    timed(lambda: sales.order_list(large.scope), 3, before=lambda: cold(large))
    cold_timing = timed(lambda: sales.order_list(large.scope), repeat,
                        before=lambda: cold(large))
    cold(large)
    with count_rpc_calls() as counted:
        sales.order_list(large.scope)
    report.timing(SECTION, "order list, cold cache", cold_timing, calls=len(counted),
                  target=f"p50 <= 1.10 x B p50 ({ms(1.1 * b.p50)})",
                  met=cold_timing.p50 <= 1.1 * b.p50)
    names = ", ".join(call.rsplit(".", 1)[-1] for call in counted.calls)
    report.add(SECTION, "  its RPC calls", f"{len(counted)} ({names})",
               target="<= 2 (DESIGN.md budget)", met=len(counted) <= 2, calls=len(counted))
    report.add(SECTION, "  gateway's own overhead", f"{cold_timing.p50 / pair.p50:.2f} x raw "
               "same calls (p50)", ratio=round(cold_timing.p50 / pair.p50, 3))

    sales.order_list(large.scope)
    warm = timed(lambda: sales.order_list(large.scope), repeat * 4)
    with count_rpc_calls() as counted:
        sales.order_list(large.scope)
    report.timing(SECTION, "order list, warm cache", warm, calls=len(counted),
                  target=f"p95 <= 0.5 x B p95 ({ms(0.5 * b.p95)}), 0 calls",
                  met=warm.p95 <= 0.5 * b.p95 and len(counted) == 0)

    # Twice the runs: a p95 against a p95, on a machine shared with others.
    scale = interleaved(
        {c.label: lambda c=c: sales.order_list(c.scope) for c in customers}, repeat * 2,
        before=lambda label: cold(next(c for c in customers if c.label == label)))
    small_p95, large_p95 = scale[small.label].p95, scale[large.label].p95
    report.timing(SECTION, f"order list cold, {small.label}", scale[small.label])
    report.timing(SECTION, f"order list cold, {large.label}", scale[large.label],
                  target=f"p95 <= 1.5 x {small.label} ({ms(1.5 * small_p95)})",
                  met=large_p95 <= 1.5 * small_p95, ratio=round(large_p95 / small_p95, 3))
    report.timing(SECTION, f"order list cold, {demo.label} (information)",
                  scale[demo.label],
                  ratio=round(scale[large.label].p50 / scale[demo.label].p50, 3))
    report.add(SECTION, f"  ratio {large.label} / {demo.label} (p50)",
               f"{scale[large.label].p50 / scale[demo.label].p50:.2f} x")
    return calls


def measure_login(report: Report, email: str, password: str, *, repeat: int) -> None:
    """Web-user login through the gateway: argon2 runs only for a known e-mail."""
    from erp import identity

    counter = iter(range(10**6))

    def known():
        assert identity.web_user_login(
            email=email, password=password, remote_address="203.0.113.10")

    def unknown():
        # A new address each time: Tryton throttles failures per e-mail, sleeping
        # 2**n - 1 s, which would be measured instead of the lookup.
        n = next(counter)
        assert identity.web_user_login(
            email=f"nobody-{n}@bench.example.fr", password=password,
            remote_address=f"198.51.100.{n % 250 + 1}") is None

    known_timing = timed(known, repeat)
    unknown_timing = timed(unknown, repeat)
    report.timing(SECTION, "login, known e-mail", known_timing)
    report.timing(SECTION, "login, unknown e-mail", unknown_timing,
                  ratio=round(known_timing.p50 / unknown_timing.p50, 1))


def measure_outage(report: Report, customer: Customer, *, repeat: int) -> None:
    """With trytond stopped: the cached list served stale, and a write refused."""
    from django.conf import settings

    from erp import TrytonUnavailable, get_client, sales

    section = "Tryton stopped (gateway)"
    breaker = get_client().breaker
    ttl = settings.PORTAL_CACHE_TTL

    def read(fresh_for: int):
        # An entry older than the TTL is what a read falls back to: a TTL of 0
        # makes every entry old, so the read tries Tryton and serves it stale.
        settings.PORTAL_CACHE_TTL = fresh_for
        return sales.order_list(customer.scope)

    try:
        first = timed(lambda: read(0), 1)
        report.timing(section, "first stale list (breaker closed: retries)", first)
        for _ in range(10):
            if breaker.state == "open":
                break
            read(0)
        # Ten times the runs: both take under a millisecond, where one preemption by
        # another process is a p95 of its own.
        timings = interleaved(
            {"warm": lambda: read(ttl), "stale": lambda: _stale(read(0))}, repeat * 10)
    finally:
        settings.PORTAL_CACHE_TTL = ttl
    warm, stale = timings["warm"], timings["stale"]
    report.timing(section, "order list, warm cache (taken in turns with the next)", warm)
    report.timing(section, "stale order list, breaker open", stale,
                  target=f"p95 <= 1.2 x warm p95 ({ms(1.2 * warm.p95)})",
                  met=stale.p95 <= 1.2 * warm.p95, breaker=breaker.state)

    def write():
        try:
            customer.scope.call("pickup.request", "portal_cancel", [])
        except TrytonUnavailable:
            return
        raise AssertionError("a write reached a stopped Tryton")

    refused = timed(write, repeat)
    report.timing(section, "refused write, breaker open", refused,
                  target="max <= 50 ms", met=max(refused.samples) <= 0.05,
                  breaker=breaker.state)


def _stale(page) -> None:
    if page.as_of is None:
        raise AssertionError("the order list was not served stale")

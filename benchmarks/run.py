"""Speed and memory of the portal against a real trytond: prints figures, asserts nothing.

Starts a trytond on a copy of the demo template (the test harness builds or reuses it),
then measures the gateway and whole pages rendered by Django:

    make bench    (PYTHONPATH=portal:. .venv/bin/python -m benchmarks.run [--repeat N])

Figures are medians over N runs on this machine; compare runs, not machines.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path


def median_ms(samples: list[float]) -> str:
    return f"{statistics.median(samples) * 1000:7.1f} ms"


def timed(function, repeat: int, *, before=None) -> list[float]:
    samples = []
    for _ in range(repeat):
        if before:
            before()
        start = time.perf_counter()
        function()
        samples.append(time.perf_counter() - start)
    return samples


def rss_mib() -> float:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    from portal.tests.fixtures.tryton_harness import build_template, running_server

    start = time.perf_counter()
    template, built = build_template()
    state = f"built in {built:.1f} s" if built else "reused"
    print(f"template database: {state} ({time.perf_counter() - start:.1f} s)")

    with tempfile.TemporaryDirectory() as directory:
        start = time.perf_counter()
        with running_server(template, Path(directory)) as server:
            print(f"trytond copy + start:        {time.perf_counter() - start:7.2f} s")
            run_benchmarks(server, Path(directory), args.repeat)
    return 0


def run_benchmarks(server, directory: Path, repeat: int) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="config.settings.test",
        TRYTON_URL=server.url,
        TRYTON_DATABASE=server.database,
        TRYTON_SERVICE_USER=server.service_login,
        TRYTON_SERVICE_PASSWORD=server.service_password,
    )
    import django
    from django.conf import settings

    django.setup()
    settings.DATABASES["default"]["NAME"] = str(directory / "portal.sqlite3")
    settings.ALLOWED_HOSTS = ["*"]
    from django.core.cache import cache
    from django.core.management import call_command
    from django.test import Client

    from erp import CustomerScope, identity, reset_client, sales
    from erp.testing import count_rpc_calls

    call_command("migrate", verbosity=0)
    reset_client()

    email = next(iter(server.web_users))
    start = time.perf_counter()
    login = identity.web_user_login(
        email=email, password=server.demo_password, remote_address="127.0.0.1")
    print(f"first call (service login + web-user login): {time.perf_counter() - start:5.2f} s")
    party_id = login.user.party.id
    customer = CustomerScope(party_id=party_id, web_session=login.session)

    print(f"\ngateway, {repeat} runs each (median)")
    samples = timed(
        lambda: identity.web_user_login(
            email=email, password=server.demo_password, remote_address="127.0.0.1"),
        max(3, repeat // 4))
    print(f"  web-user login (argon2 in Tryton): {median_ms(samples)}")
    samples = timed(lambda: sales.order_list(customer), repeat, before=cache.clear)
    with count_rpc_calls() as calls:
        cache.clear()
        page = sales.order_list(customer)
    print(f"  order list, cold cache:            {median_ms(samples)}  ({len(calls)} RPC calls)")
    samples = timed(lambda: sales.order_list(customer), repeat)
    print(f"  order list, warm cache:            {median_ms(samples)}")
    order_id = page.items[0].id
    samples = timed(
        lambda: sales.order_get(customer, order_id=order_id), repeat, before=cache.clear
    )
    print(f"  order detail, cold cache:          {median_ms(samples)}")
    samples = timed(lambda: sales.order_get(customer, order_id=order_id), repeat)
    print(f"  order detail, warm cache:          {median_ms(samples)}")

    client = Client()
    response = client.post(
        "/accounts/login/", {"login": email, "password": server.demo_password})
    assert response.status_code == 302, f"login failed: {response.status_code}"
    print(f"\nwhole pages through Django, {repeat} runs each (median)")
    for label, url in (("home", "/"), ("order list", "/orders/"),
                       (f"order {order_id}", f"/orders/{order_id}/")):
        samples = timed(lambda url=url: client.get(url), repeat, before=_clear_data(cache))
        cold = median_ms(samples)
        samples = timed(lambda url=url: client.get(url), repeat)
        print(f"  {label:<18} cold {cold}   warm {median_ms(samples)}")

    tracemalloc.start()
    _clear_data(cache)()
    client.get("/orders/")
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"\nmemory: peak {peak / 1024:.0f} KiB allocated to render /orders/ (cold);"
          f" process RSS {rss_mib():.0f} MiB")


def _clear_data(cache):
    """Clear cached Tryton data but keep the Django session (the cache holds both only
    when sessions are cache-backed; the test settings keep sessions in the database)."""
    return cache.clear


if __name__ == "__main__":
    sys.exit(main())

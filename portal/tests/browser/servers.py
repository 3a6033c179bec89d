"""The portal as ``make run`` serves it (tryton/run.sh), in a subprocess for the journeys.

Same command and settings as ``make run``: ``manage.py runserver --insecure`` with the
local settings and DEBUG off, so the journeys see the error pages customers see. Only
what belongs to the test run differs: the trytond it talks to, its own SQLite file and an
in-process cache (a shared Redis would mix runs).
"""

import base64
import datetime as dt
import json
import os
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from portal.tests.fixtures.tryton_harness import TrytonServer, free_port, stop

ROOT = Path(__file__).resolve().parents[3]
START_TIMEOUT = 60


@dataclass(frozen=True)
class PortalServer:
    url: str
    log: Path


def _environment(tryton: TrytonServer, var: Path) -> dict:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("DJANGO_", "TRYTON", "PORTAL_", "REDIS_URL", "DATABASE_URL"))}
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.local",
        DJANGO_DEBUG="False",
        TRYTON_URL=tryton.url,
        TRYTON_DATABASE=tryton.database,
        TRYTON_SERVICE_USER=tryton.service_login,
        TRYTON_SERVICE_PASSWORD=tryton.service_password,
        PORTAL_VAR_DIR=str(var),
        DATABASE_URL=f"sqlite:///{var / 'portal.sqlite3'}",
        # Every journey signs in from 127.0.0.1 within a minute or two.
        PORTAL_RATE_LIMIT_LOGIN="1000/m/ip",
        PORTAL_RATE_LIMIT_LOGIN_FAILED="1000/m/ip,1000/5m/key",
        # The demo members the journeys sign in as are administrators: MFA is theirs to
        # turn on (test_mfa.py), not a setup every journey would go through first.
        PORTAL_MFA_REQUIRED_ROLES="",
        PYTHONUNBUFFERED="1",
    )
    return env


@contextmanager
def running_portal(tryton: TrytonServer, var: Path):
    """Migrate a fresh portal database, serve it on a free port, stop it afterwards."""
    var.mkdir(parents=True, exist_ok=True)
    env = _environment(tryton, var)
    manage = [sys.executable, str(ROOT / "portal" / "manage.py")]
    subprocess.run([*manage, "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
    port = free_port()
    log = var / f"portal-{port}.log"
    with open(log, "w") as out:
        # --noreload: one process to stop (the autoreloader would fork a child).
        process = subprocess.Popen(
            [*manage, "runserver", "--insecure", "--noreload", f"127.0.0.1:{port}"],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_ready(process, f"{url}/health/", log)
        yield PortalServer(url=url, log=log)
    finally:
        stop(process)


def _wait_ready(process, url: str, log: Path) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the portal exited ({process.returncode}):\n"
                               + log.read_text()[-3000:])
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.1)
    process.kill()
    raise RuntimeError(f"the portal did not answer within {START_TIMEOUT} s:\n"
                       + log.read_text()[-3000:])


def give_more_orders(tryton: TrytonServer, *, party_code: str, count: int) -> None:
    """Give the party ``count`` more quotations, dated over the year before the demo's
    first sale, in the journeys' own database: the demo gives each customer a few orders,
    customers with a history have pages of them. Copies of the party's own sales, quoted."""
    from portal.tests.fixtures.tryton_harness import rpc

    url = tryton.rpc_url
    login = rpc(url, "common.db.login", [tryton.admin_login, {"password": tryton.admin_password},
                                          "en"])["result"]
    token = base64.b64encode(f"{tryton.admin_login}:{login[0]}:{login[1]}".encode()).decode()
    headers = {"Content-Type": "application/json", "Authorization": f"Session {token}"}

    def call(method: str, *params):
        body = json.dumps({"id": 0, "method": method, "params": list(params)}).encode()
        request = urllib.request.Request(url, body, headers)
        with urllib.request.urlopen(request, timeout=60) as response:
            payload = json.load(response)
        if payload.get("error"):
            raise RuntimeError(f"{method}: {payload['error']}")
        return payload["result"]

    context = call("model.res.user.get_preferences", True, {})
    sale_ids = call("model.sale.sale.search",
                    [["party.code", "=", party_code], ["state", "!=", "draft"]],
                    0, None, None, context)
    assert sale_ids, f"the demo gives {party_code} no sale to copy"
    oldest = dt.date.today() - dt.timedelta(days=400)
    copies = []
    for i in range(count):
        day = oldest - dt.timedelta(days=11 * i)
        date = {"__class__": "date", "year": day.year, "month": day.month, "day": day.day}
        copies += call("model.sale.sale.copy", [sale_ids[i % len(sale_ids)]],
                       {"sale_date": date}, context)
    call("model.sale.sale.quote", copies, context)

"""The production stack proven by running it: every service of docker-compose.yml started by
its own command (production_stack.py), then a customer's visit through the portal's gunicorn.

It proves what the fake-Tryton test of the image (test_production_image.py) cannot: trytond
under gunicorn on PostgreSQL with its production configuration, the portal's production
settings against it (service password, Redis, manifest static files), trytond-worker
running the tasks trytond queues (the pickup slip's e-mail, the signed webhook through
Traefik to the portal) and trytond-cron running due jobs, and both compose health checks.
"""

import datetime as dt
import re
import subprocess
import time

import pytest

from portal.tests.deploy.production_stack import (
    COMPOSE,
    HOST,
    CustomerBrowser,
    production_stack,
)
from portal.tests.fixtures import tryton_harness as harness

pytestmark = [
    pytest.mark.tryton,
    pytest.mark.skipif(
        not harness.postgres_url(),
        reason="the production stack runs on PostgreSQL (trytond-worker waits on its "
        "notifications, SQLite has none): set TEST_POSTGRES_URL",
    ),
]

CUSTOMER = "sophie@comptoir-des-pentes.example.fr"  # an administrator: every page is hers


def _make_a_cron_due(stack) -> None:
    """trytond-cron runs due jobs as it starts: make one due, so its run is seen at once."""
    import psycopg

    url = harness.postgres_url().rstrip("/")
    with psycopg.connect(f"{url}/{stack.database}", autocommit=True) as connection:
        [cron_id] = connection.execute(
            "SELECT min(id) FROM ir_cron WHERE active").fetchone()
        connection.execute(
            "UPDATE ir_cron SET next_call = %s WHERE id = %s",
            (dt.datetime.now() - dt.timedelta(hours=1), cron_id))
    stack.due_cron = cron_id


@pytest.fixture(scope="module")
def stack(tryton_template, tmp_path_factory):
    with production_stack(
        tryton_template, tmp_path_factory.mktemp("stack"), before_cron=_make_a_cron_due
    ) as running:
        yield running
        running.assert_alive()


@pytest.fixture(scope="module")
def customer(stack) -> CustomerBrowser:
    browser = CustomerBrowser(stack.portal_url)
    signed_in = browser.login(CUSTOMER)
    assert signed_in.status_code == 302, signed_in.text[:2000] + stack.logs()
    assert "sessionid" in browser.cookies
    return browser


def _first_link(page: str, prefix: str) -> str:
    found = re.search(rf'href="({re.escape(prefix)}\d+/)"', page)
    assert found, f"no {prefix}<id>/ link in the page"
    return found.group(1)


def _until(condition, *, timeout: float, what: str, stack):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.3)
    pytest.fail(f"{what} within {timeout:.0f} s\n{stack.logs()}")


def test_customer_opens_every_page_of_the_navigation(stack, customer):
    lists = ["/", "/orders/", "/invoices/", "/billing/statement/", "/pickups/", "/events/",
             "/production/", "/notifications/", "/accounts/members/"]
    pages = {path: customer.get(path) for path in lists}
    details = [_first_link(pages["/orders/"].text, "/orders/"),
               _first_link(pages["/invoices/"].text, "/invoices/"),
               _first_link(pages["/pickups/"].text, "/pickups/")]
    pages |= {path: customer.get(path) for path in details}
    pdf = customer.get(details[1] + "pdf/")

    failed = {path: page.status_code for path, page in pages.items() if page.status_code != 200}
    assert not failed, f"{failed}\n{stack.logs()}"
    for path, page in pages.items():
        # Served to this customer under the production settings: her layout, hashed static
        # files, private.
        assert "Sign out" in page.text or "Se déconnecter" in page.text, path
        assert re.search(r"/static/css/portal\.[0-9a-f]{12}\.css", page.text), path
        assert "no-store" in page.headers["Cache-Control"], path
    assert pdf.status_code == 200, pdf.text[:1000]
    assert pdf.headers["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")


def test_worker_sends_the_pickup_slip_and_the_webhook_reaches_the_portal(stack, customer):
    form = customer.get("/pickups/new/")
    assert form.status_code == 200
    product = re.search(r'name="lines-0-product"[^>]*>.*?<option value="(\d+)"', form.text, re.S)
    tomorrow = (dt.date.today() + dt.timedelta(days=1)).isoformat()

    sent = customer.post_form(
        "/pickups/new/", form.text, date=tomorrow, time_from="09:00", time_to="11:00",
        **{"lines-0-product": product.group(1), "lines-0-quantity": "6"})

    assert sent.status_code == 302, sent.text[:3000]
    pickup_id = int(re.fullmatch(r"/pickups/(\d+)/", sent.headers["Location"]).group(1))

    def slip_sent():
        [pickup] = stack.admin("pickup.request", "read", [pickup_id], ["email_state", "reference"])
        return pickup if pickup["email_state"] == "sent" else None

    # trytond queued the slip's e-mail (TRYTOND_QUEUE__WORKER): only the worker sends it.
    pickup = _until(slip_sent, timeout=60, what="the worker did not send the slip", stack=stack)
    assert any(pickup["reference"] in str(m["Subject"]) + m.get_body().get_content()
               for m in stack.mail.messages), [str(m["Subject"]) for m in stack.mail.messages]

    # Cancelled by the customer: Tryton's signed webhook of the change, sent by the worker
    # through Traefik, becomes her notification in the portal.
    confirm = customer.get(f"/pickups/{pickup_id}/cancel/")
    cancelled = customer.post_form(f"/pickups/{pickup_id}/cancel/", confirm.text)
    assert cancelled.status_code == 302, cancelled.text[:3000]
    _until(lambda: f"Pickup {pickup['reference']} was cancelled"
           in customer.get("/notifications/").text,
           timeout=60, what="the webhook of the cancelled pickup did not reach the portal",
           stack=stack)


def test_cron_runs_due_jobs(stack):
    def ran():
        return stack.admin("ir.cron.log", "search", [["cron", "=", stack.due_cron]])

    _until(ran, timeout=60, what="trytond-cron did not run the due job", stack=stack)
    [cron] = stack.admin("ir.cron", "read", [stack.due_cron], ["next_call"])
    assert cron["next_call"] is not None


def _compose_healthcheck(service: str, port_of_service: str, port: int, env: dict):
    """A compose health check, run as Docker runs it (``CMD``, the container's environment)."""
    test = COMPOSE["services"][service]["healthcheck"]["test"]
    assert test[0] == "CMD"
    command = [part.replace(f":{port_of_service}/", f":{port}/") for part in test[1:]]
    return subprocess.run(command, env=env, capture_output=True, text=True, timeout=30)


def test_compose_health_checks_pass(stack):
    portal, trytond = stack.services["portal"], stack.services["trytond"]
    portal_port = int(stack.portal_url.rsplit(":", 1)[1].strip("/"))
    trytond_port = int(stack.trytond_url.rsplit(":", 1)[1].strip("/"))

    assert portal.env["DJANGO_ALLOWED_HOSTS"] == HOST
    for service, inside, port, env in [("portal", "8080", portal_port, portal.env),
                                       ("trytond", "8000", trytond_port, trytond.env)]:
        check = _compose_healthcheck(service, inside, port, env)
        assert check.returncode == 0, f"{service}: {check.stderr}"

"""The test harness itself: the trytond it starts answers, and the demo data is as promised.

Plain JSON-RPC with requests on purpose: this checks the harness and the demo, not the
gateway (portal/erp/ has its own tests).
"""

import base64
import datetime as dt
from decimal import Decimal

import pytest
import requests

from tryton.demo.facts import (
    BACKOFFICE_PASSWORD,
    BACKOFFICE_USERS,
    BATCH_RULES,
    CUSTOMERS,
    DEMO_PASSWORD,
    EVENT_STATES,
    EVENTS,
    INTEGRATOR_LOGIN,
    INTEGRATOR_PARTIES,
    INTEGRATOR_PASSWORD,
    PICKUP_STATES,
    PICKUPS,
    PRODUCTION_STATES,
    PRODUCTS,
    SALE_STATES,
    SALES_RESPONSIBLE,
    SECOND_COMPANY_NAME,
    SECOND_COMPANY_QUOTATIONS,
    WEB_USERS,
)

pytestmark = pytest.mark.tryton


def _decode(value):
    # Tryton sends dates and decimals as {"__class__": ...} objects.
    if isinstance(value, dict) and value.get("__class__") == "date":
        return dt.date(value["year"], value["month"], value["day"])
    if isinstance(value, dict) and value.get("__class__") == "datetime":
        return dt.datetime(*(value[key] for key in (
            "year", "month", "day", "hour", "minute", "second")))
    if isinstance(value, dict) and value.get("__class__") == "bytes":
        return base64.b64decode(value["base64"])
    if isinstance(value, dict):
        return {key: _decode(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_decode(item) for item in value]
    return value


class Rpc:
    def __init__(self, server, login, password):
        self.url = server.rpc_url
        user_id, session, _ = self.call(
            "common.db.login", login, {"password": password}, "en")
        token = base64.b64encode(f"{login}:{user_id}:{session}".encode()).decode()
        self.headers = {"Authorization": f"Session {token}"}
        self.context = self.call("model.res.user.get_preferences", True, {})

    def call(self, method, *params):
        response = requests.post(
            self.url, json={"id": 1, "method": method, "params": list(params)},
            headers=getattr(self, "headers", {}), timeout=30)
        response.raise_for_status()
        body = response.json()
        assert "error" not in body, body
        return _decode(body["result"])

    def search_read(self, model, domain, fields):
        return self.call(
            f"model.{model}.search_read", domain, 0, None, None, fields, self.context)

    def count(self, model, domain):
        return self.call(f"model.{model}.search_count", domain, self.context)


@pytest.fixture(scope="module")
def admin(tryton_server):
    return Rpc(tryton_server, tryton_server.admin_login, tryton_server.admin_password)


def test_service_user_logs_in_with_the_configured_password(tryton_server):
    service = Rpc(tryton_server, tryton_server.service_login, tryton_server.service_password)

    assert service.context["company"]  # the set-up gave it the company


def test_wrong_service_password_is_refused(tryton_server):
    response = requests.post(tryton_server.rpc_url, json={
        "id": 1, "method": "common.db.login",
        "params": [tryton_server.service_login, {"password": "wrong"}, "en"]}, timeout=30)

    assert response.status_code == 401


def test_demo_customers_have_addresses_email_and_phone(admin):
    parties = admin.search_read(
        "party.party", [("code", "in", list(CUSTOMERS))],
        ["code", "name", "addresses", "contact_mechanisms"])

    assert len(CUSTOMERS) >= 4
    assert {party["code"]: party["name"] for party in parties} == {
        code: data["name"] for code, data in CUSTOMERS.items()}
    mechanisms = admin.search_read(
        "party.contact_mechanism", [("party.code", "in", list(CUSTOMERS))], ["party", "type"])
    for party in parties:
        assert party["addresses"]
        assert {m["type"] for m in mechanisms if m["party"] == party["id"]} >= {
            "email", "phone"}


def test_demo_products_are_priced_goods(admin):
    products = admin.search_read(
        "product.product", [("code", "in", [code for code, *_ in PRODUCTS])],
        ["code", "list_price_used", "cost_price", "type", "default_uom", "salable"])

    assert len(products) == len(PRODUCTS) >= 20
    for product in products:
        assert product["type"] == "goods" and product["salable"] and product["default_uom"]
        # A variant's own list price is empty: it uses its template's (list_price_used).
        assert (Decimal(product["list_price_used"]["decimal"])
                > Decimal(product["cost_price"]["decimal"]) > 0)


def test_the_second_company_issues_quotations_of_its_own(admin):
    sales = admin.search_read(
        "sale.sale", [("reference", "like", "SAVOIE-%")],
        ["reference", "state", "company.rec_name", "party.name", "total_amount"])

    assert sorted(s["reference"] for s in sales) == sorted(
        q["reference"] for q in SECOND_COMPANY_QUOTATIONS)
    for sale in sales:
        assert sale["state"] == "quotation"
        assert sale["company."]["rec_name"] == SECOND_COMPANY_NAME
        assert Decimal(sale["total_amount"]["decimal"]) > 0


def test_demo_sales_cover_every_state_over_the_last_year(admin):
    sales = admin.search_read(
        "sale.sale", [("reference", "like", "DEMO-%")], ["state", "sale_date", "party"])
    today = dt.date.today()

    assert len(sales) == sum(SALE_STATES.values()) >= 40
    for state, count in SALE_STATES.items():
        assert sum(sale["state"] == state for sale in sales) == count, state
    dates = [sale["sale_date"] for sale in sales]
    assert all(today - dt.timedelta(days=366) <= date <= today for date in dates)
    assert max(dates) - min(dates) > dt.timedelta(days=300)
    assert len({sale["party"] for sale in sales}) == len(CUSTOMERS)


def test_shipped_sales_have_done_shipments(admin):
    assert admin.count("stock.shipment.out", [("state", "=", "done")]) >= 10
    assert admin.count("stock.shipment.out", [("state", "!=", "done")]) >= 1


def test_demo_invoices_are_draft_posted_paid_and_some_overdue(admin):
    invoices = admin.search_read(
        "account.invoice", [("type", "=", "out")], ["state", "number"])
    states = {invoice["state"] for invoice in invoices}
    overdue = admin.count("account.move.line", [
        ("move.origin", "like", "account.invoice,%"),
        ("account.type.receivable", "=", True),
        ("reconciliation", "=", None),
        ("maturity_date", "<", dt.date.today().isoformat()),
    ])

    assert states >= {"draft", "posted", "paid"}
    assert overdue >= 1


def test_demo_production_orders_in_several_states(admin):
    productions = admin.search_read("production", [], ["state", "reference", "bom"])

    assert {production["state"] for production in productions} == set(PRODUCTION_STATES)
    assert all(production["bom"] and production["reference"] for production in productions)


def test_demo_web_users_belong_to_their_parties(admin):
    users = admin.search_read(
        "web.user", [],
        ["email", "party.code", "secondary_parties.code", "email_valid", "portal_role",
         "secondary_party_roles.portal_role"])
    by_email = {user["email"]: user for user in users}

    assert set(WEB_USERS) <= set(by_email)
    for email, data in WEB_USERS.items():
        user = by_email[email]
        assert user["email_valid"]
        assert user["party."]["code"] == data["party"]
        assert [party["code"] for party in user["secondary_parties."]] == data["secondary"]
        assert user["portal_role"] == data["role"]
        assert all(
            link["portal_role"] == data["role"] for link in user["secondary_party_roles."])
    owners = [data["party"] for data in WEB_USERS.values()]
    assert any(owners.count(code) >= 2 for code in owners)  # a customer with two logins
    assert any(data["secondary"] for data in WEB_USERS.values())
    # One customer has a member in each role, to try them with `make run`.
    roles_by_party = {}
    for data in WEB_USERS.values():
        roles_by_party.setdefault(data["party"], set()).add(data["role"])
    assert {"admin", "buyer", "accountant", "viewer"} in roles_by_party.values()


def test_demo_web_user_password_is_the_demo_one(admin, tryton_server):
    # Checked inside Tryton by the same hash the portal login relies on.
    email = next(iter(WEB_USERS))
    service = Rpc(tryton_server, tryton_server.service_login, tryton_server.service_password)

    user = service.call("model.web.user.portal_login", email, DEMO_PASSWORD, "127.0.0.1",
                        service.context)
    wrong = service.call("model.web.user.portal_login", email, "not-it", "127.0.0.1",
                         service.context)

    assert user["user"]["email"] == email
    assert wrong is None


def _group_id(admin, xml_id):
    module, fs_id = xml_id.split(".")
    return admin.call("model.ir.model.data.get_id", module, fs_id, admin.context)


def test_demo_pickups_exist_in_every_state_for_several_customers(admin):
    pickups = admin.search_read(
        "pickup.request", [],
        ["state", "party.code", "sale", "carrier", "lines", "email_state", "reference"])

    assert len(pickups) == len(PICKUPS)
    assert {pickup["state"] for pickup in pickups} == set(PICKUP_STATES)
    assert len({pickup["party."]["code"] for pickup in pickups}) >= 4
    assert all(pickup["lines"] and pickup["carrier"] for pickup in pickups)
    assert sum(bool(pickup["sale"]) for pickup in pickups) >= 3
    sent = [pickup for pickup in pickups if pickup["state"] != "draft"]
    # Requested pickups have a number and their slip e-mail went out (to the demo's local
    # sink), except for the carrier without an e-mail address.
    assert all(pickup["reference"] for pickup in sent)
    assert {pickup["email_state"] for pickup in sent} == {"sent", "failed"}


def test_demo_pickup_lines_come_from_their_sale(admin):
    lines = admin.search_read(
        "pickup.request.line", [("request.sale", "!=", None)],
        ["sale_line.sale", "request.sale", "packages", "weight"])

    assert lines
    for line in lines:
        assert line["sale_line."]["sale"] == line["request."]["sale"]
        assert line["packages"] > 0 and line["weight"] > 0


def test_demo_events_on_signed_sales_with_and_without_support(admin):
    events = admin.search_read(
        "event.event", [],
        ["state", "sale.state", "sale.party", "party", "contact", "location", "attendees",
         "notes", "support_contact", "customer_cutoff"])
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)  # Tryton stores UTC

    assert len(events) == len(EVENTS) >= 4
    assert {event["state"] for event in events} == set(EVENT_STATES)
    assert any(event["support_contact"] for event in events)
    assert any(not event["support_contact"] for event in events)
    for event in events:
        assert event["sale."]["state"] in {"confirmed", "processing", "done"}
        assert event["sale."]["party"] == event["party"]
        assert event["contact"] and event["location"] and event["notes"]
        assert event["attendees"] > 0
    cutoffs = [event["customer_cutoff"] for event in events if event["customer_cutoff"]]
    assert min(cutoffs) < now < max(cutoffs)


def test_demo_backoffice_users_are_in_their_groups_and_log_in(admin, tryton_server):
    users = {user["login"]: user for user in admin.search_read(
        "res.user", [("login", "in", list(BACKOFFICE_USERS))], ["login", "groups", "employees"])}

    assert set(users) == set(BACKOFFICE_USERS)
    for login, data in BACKOFFICE_USERS.items():
        expected = {_group_id(admin, xml_id) for xml_id in data["groups"]}
        assert expected <= set(users[login]["groups"]), login
        assert users[login]["employees"]
    kate = Rpc(tryton_server, "kate.hastroff", BACKOFFICE_PASSWORD)
    assert kate.count("event.event", [("support_contact", "=", kate.context["employee"])])


def test_demo_events_salesperson_is_responsible_for_customers(admin):
    for login, codes in SALES_RESPONSIBLE.items():
        parties = admin.search_read(
            "party.party", [("sales_responsible.login", "=", login)], ["code"])
        assert {party["code"] for party in parties} == set(codes)


def test_demo_integrator_reads_only_its_parties_sales(admin, tryton_server):
    user, = admin.search_read(
        "res.user", [("login", "=", INTEGRATOR_LOGIN)],
        ["login", "groups", "portal_parties.code"])
    integrator = Rpc(tryton_server, INTEGRATOR_LOGIN, INTEGRATOR_PASSWORD)
    sales = integrator.search_read("sale.sale", [], ["party.code"])

    assert _group_id(admin, "portal.group_portal_integrator") in user["groups"]
    assert [party["code"] for party in user["portal_parties."]] == INTEGRATOR_PARTIES
    assert sales
    assert {sale["party."]["code"] for sale in sales} == set(INTEGRATOR_PARTIES)


def test_demo_productions_are_linked_to_their_sales(admin):
    productions = admin.search_read("production", [], ["reference", "sales.number"])

    assert productions
    for production in productions:
        assert [sale["number"] for sale in production["sales."]] == [
            production["reference"]]


def test_demo_products_have_batch_rules(admin):
    products = admin.search_read(
        "product.product", [("code", "in", list(BATCH_RULES))],
        ["code", "template.production_batch_minimum", "template.production_batch_multiple",
         "template.production_max_per_day"])

    assert {product["code"]: (
        product["template."]["production_batch_minimum"],
        product["template."]["production_batch_multiple"],
        product["template."]["production_max_per_day"]) for product in products} == {
            code: tuple(float(value) for value in rule) for code, rule in BATCH_RULES.items()}


def test_posted_demo_invoice_report_is_a_pdf(admin):
    # Posted invoices keep their first rendering: html_report was active before posting.
    invoices = admin.search_read(
        "account.invoice", [("type", "=", "out"), ("state", "=", "posted")], ["id"])

    extension, content, *_ = admin.call(
        "report.account.invoice.execute", [invoices[0]["id"]], {}, admin.context)

    assert extension == "pdf"
    assert content.startswith(b"%PDF")

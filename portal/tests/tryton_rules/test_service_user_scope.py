"""The portal's service user over raw JSON-RPC, as whoever holds its leaked password would
use it: Tryton shows it no customer record unless the call carries that customer's live
web-user session, and it changes customer data only through the ``portal_*`` entry
points, for that customer only (docs/contracts.md, "Trust model on the Tryton side").

The calls carry the session and the active party in the context (``portal_session``,
``portal_party``). Customer A and customer B are demo web users of two parties; Tryton's
administrator, whom no portal rule restricts, is the reference every result is compared
with.
"""

import base64
import datetime as dt

import pytest
import requests

from tryton.demo.facts import CUSTOMERS, DEMO_PASSWORD, WEB_USERS

pytestmark = pytest.mark.tryton

CUSTOMER_A = "sophie@comptoir-des-pentes.example.fr"
CUSTOMER_A_COLLEAGUE = "achats@comptoir-des-pentes.example.fr"
CUSTOMER_B = "chef@table-du-marche.example.fr"
# Every model holding customer data -> the path from it to the customer (and, after a
# reference field, the model it points to), as a domain on one party's records.
CUSTOMER_DATA = {
    "party.party": ("id",),
    "party.address": ("party",),
    "party.contact_mechanism": ("party",),
    "sale.sale": ("party",),
    "sale.line": ("sale.party",),
    "account.invoice": ("party",),
    "account.invoice.line": ("invoice.party",),
    "account.invoice.tax": ("invoice.party",),
    "stock.shipment.out": ("customer",),
    "stock.move": ("shipment.customer", "stock.shipment.out"),
    "pickup.request": ("party",),
    "pickup.request.line": ("request.party",),
    "event.event": ("party",),
    "production": ("sales.party",),
    # the support contacts of the customer's events: the only staff it sees
    "company.employee": ("support_events.party",),
}
# The supplier's own records, no customer data, which the service user reads whatever the
# context (the portal shows the companies' contact details): their parties and these
# parties' addresses and contact mechanisms.
SUPPLIER = {
    "party.party": [["companies", "where", []]],
    "party.address": [["party.companies", "where", []]],
    "party.contact_mechanism": [["party.companies", "where", []]],
}
# Models the portal reaches only through a customer's document (ir.email, ir.attachment
# need one in every search): the document models whose e-mails the demo holds.
RESOURCE_MODELS = ("pickup.request", "event.event")
NOT_FOUND = 'The "{model}" record does not exist.'
# How Tryton words an access refusal (model, record rule or button groups)
REFUSED = ("You are not allowed to", "Calling button")
MISSING_ID = 10**9


class Fault(Exception):
    def __init__(self, status: int, kind: str, message: str):
        super().__init__(f"HTTP {status} {kind}: {message}")
        self.status, self.kind, self.message = status, kind, message


def _encode(value):
    if isinstance(value, dt.datetime):
        return {"__class__": "datetime", "year": value.year, "month": value.month,
                "day": value.day, "hour": value.hour, "minute": value.minute,
                "second": value.second, "microsecond": value.microsecond}
    if isinstance(value, dict):
        return {key: _encode(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_encode(item) for item in value]
    return value


class JsonRpc:
    """A bare JSON-RPC client, nothing of the portal's gateway: what an attacker holding a
    Tryton login would write."""

    def __init__(self, server, login: str, password: str):
        self.url = server.rpc_url
        self.http = requests.Session()
        self.context: dict = {}
        user_id, session = self.call("common.db.login", login, {"password": password}, "en")[:2]
        token = base64.b64encode(f"{login}:{user_id}:{session}".encode()).decode()
        self.http.headers["Authorization"] = f"Session {token}"
        self.user_id = user_id
        self.context = self.call("model.res.user.get_preferences", True)

    def raw(self, method: str, *params, context: dict | None = None) -> requests.Response:
        if method.startswith(("model.", "report.")):
            params = (*params, {**self.context, **(context or {})})
        return self.http.post(
            self.url, json={"id": 1, "method": method, "params": _encode(list(params))},
            timeout=60)

    def call(self, method: str, *params, context: dict | None = None):
        response = self.raw(method, *params, context=context)
        if response.status_code != 200:
            raise Fault(response.status_code, "HTTP", response.text[:200])
        body = response.json()
        if "error" in body:
            kind, args = body["error"][0], body["error"][1]
            message = args[0] if isinstance(args, list) and args else str(args)
            raise Fault(response.status_code, kind, message)
        return body["result"]

    def refusal(self, method: str, *params, context: dict | None = None) -> Fault:
        """The fault of a call that must be refused (fails the test if it is not)."""
        with pytest.raises(Fault) as refused:
            self.call(method, *params, context=context)
        return refused.value


def customer_domain(model: str, party_id: int) -> list:
    path, *reference = CUSTOMER_DATA[model]
    return [[path, "=", party_id, *reference]]


@pytest.fixture(scope="module")
def admin(tryton_server) -> JsonRpc:
    return JsonRpc(tryton_server, tryton_server.admin_login, tryton_server.admin_password)


@pytest.fixture(scope="module")
def service(tryton_server) -> JsonRpc:
    """The service user logged in with its (leaked) password, and nothing else."""
    return JsonRpc(tryton_server, tryton_server.service_login, tryton_server.service_password)


@pytest.fixture(scope="module")
def parties(admin) -> dict[str, int]:
    ids = {}
    for key, email in {"a": CUSTOMER_A, "b": CUSTOMER_B}.items():
        name = CUSTOMERS[WEB_USERS[email]["party"]]["name"]
        [ids[key]] = admin.call("model.party.party.search", [["name", "=", name]], 0, None, None)
    return ids


@pytest.fixture(scope="module")
def reference(admin, parties) -> dict[str, dict[str, list[int]]]:
    """The ids of A's, of B's and of the supplier's records of each model, as the
    administrator finds them."""
    found = {}
    for model in CUSTOMER_DATA:
        found[model] = {
            key: sorted(admin.call(
                f"model.{model}.search", customer_domain(model, party_id), 0, None, None))
            for key, party_id in parties.items()}
        found[model]["supplier"] = sorted(admin.call(
            f"model.{model}.search", SUPPLIER[model], 0, None, None)
            if model in SUPPLIER else [])
    # Else a test finding nothing would pass for the wrong reason.
    assert all(found[model]["a"] for model in CUSTOMER_DATA), found
    assert all(found[model]["supplier"] for model in SUPPLIER), found
    return found


def supplier_only(reference) -> dict[str, int]:
    """What a search_count of each model finds when no customer's record is visible."""
    return {model: len(reference.get(model, {}).get("supplier", []))
            for model in (*CUSTOMER_DATA, "res.user")}


def portal_login(service: JsonRpc, email: str) -> str:
    result = service.call("model.web.user.portal_login", email, {"password": DEMO_PASSWORD},
                          "127.0.0.1")
    assert result, f"demo web user {email} cannot log in"
    return result["session"]


@pytest.fixture
def session_a(service):
    session = portal_login(service, CUSTOMER_A)
    yield session
    service.call("model.web.user.portal_logout", session)


def as_customer(session: str, party_id: int) -> dict:
    return {"portal_session": session, "portal_party": party_id}


def counts(service: JsonRpc, context: dict) -> dict[str, int]:
    """What the service user counts of every customer-data model (and users)."""
    return {model: service.call(f"model.{model}.search_count", [], context=context)
            for model in (*CUSTOMER_DATA, "res.user")}


def assert_read_refused(service: JsonRpc, model: str, record_id: int, context: dict):
    refused = service.refusal(f"model.{model}.read", [record_id], ["id"], context=context)
    assert (refused.status, refused.kind) == (200, "UserError")
    assert refused.message.startswith("You are not allowed to read records"), refused.message


NO_SESSION_CONTEXTS = {
    "no portal context": lambda session, parties: {},
    "a party without session": lambda session, parties: {"portal_party": parties["a"]},
    "a session without party": lambda session, parties: {"portal_session": session},
    "a guessed session": lambda session, parties: as_customer("0" * 64, parties["a"]),
    "the party as text": lambda session, parties: as_customer(session, str(parties["a"])),
    "a party beyond ids": lambda session, parties: as_customer(session, 2**64),
}


@pytest.mark.parametrize("label", NO_SESSION_CONTEXTS)
def test_without_a_live_session_the_service_user_finds_nothing(
        label, service, parties, reference, session_a):
    context = NO_SESSION_CONTEXTS[label](session_a, parties)

    assert counts(service, context) == supplier_only(reference)
    for model in CUSTOMER_DATA:
        found = service.call(f"model.{model}.search", [], 0, None, None, context=context)
        assert sorted(found) == reference[model]["supplier"], model


@pytest.mark.parametrize("model", CUSTOMER_DATA)
def test_without_a_session_a_read_by_id_is_refused(model, service, reference):
    assert_read_refused(service, model, reference[model]["a"][0], context={})


def test_the_service_user_keeps_its_preferences_without_a_session(service):
    preferences = service.call("model.res.user.get_preferences", False)

    assert preferences["company"] == service.context["company"]
    assert service.call("model.res.user.search_count", []) == 0


def test_the_service_user_reads_the_supplier_without_a_session(admin, service):
    fields = ["rec_name", "party.email", "party.phone", "party.addresses.full_address"]
    companies = admin.call("model.company.company.search_read", [], 0, None, None, fields)

    assert companies
    assert service.call(
        "model.company.company.search_read", [], 0, None, None, fields) == companies


@pytest.mark.parametrize("model", CUSTOMER_DATA)
def test_with_a_session_the_service_user_finds_exactly_the_customers_records(
        model, service, parties, reference, session_a):
    context = as_customer(session_a, parties["a"])

    found = service.call(f"model.{model}.search", [], 0, None, None, context=context)

    assert sorted(found) == sorted({*reference[model]["a"], *reference[model]["supplier"]})
    assert service.call(f"model.{model}.search_count", [], context=context) == len(found)
    assert len(service.call(f"model.{model}.read", found, ["id"], context=context)) == len(found)
    for record_id in reference[model]["b"][:1]:
        assert_read_refused(service, model, record_id, context)


def test_the_service_user_reads_no_staff_user_even_with_a_session(
        admin, service, parties, session_a):
    context = as_customer(session_a, parties["a"])
    [clerk] = admin.call("model.res.user.search", [["login", "!=", "admin"]], 0, 1, None)

    assert service.call("model.res.user.search_count", [], context=context) == 0
    assert_read_refused(service, "res.user", clerk, context)


def test_another_party_than_the_sessions_finds_nothing(service, parties, reference, session_a):
    context = as_customer(session_a, parties["b"])

    assert counts(service, context) == supplier_only(reference)
    for model in CUSTOMER_DATA:
        for key in ("a", "b"):
            for record_id in reference[model][key][:1]:
                assert_read_refused(service, model, record_id, context)


def test_a_logged_out_session_finds_nothing(service, parties, reference):
    session = portal_login(service, CUSTOMER_A)
    context = as_customer(session, parties["a"])
    assert counts(service, context)["sale.sale"] == len(reference["sale.sale"]["a"])

    service.call("model.web.user.portal_logout", session)

    assert counts(service, context) == supplier_only(reference)
    assert_read_refused(service, "sale.sale", reference["sale.sale"]["a"][0], context)


def test_the_session_of_a_disabled_web_user_finds_nothing(admin, service, parties, reference):
    session = portal_login(service, CUSTOMER_A_COLLEAGUE)
    context = as_customer(session, parties["a"])
    assert counts(service, context)["sale.sale"] == len(reference["sale.sale"]["a"])
    [web_user] = admin.call(
        "model.web.user.search", [["email", "=", CUSTOMER_A_COLLEAGUE]], 0, None, None)

    admin.call("model.web.user.write", [web_user], {"active": False})
    try:
        assert counts(service, context) == supplier_only(reference)
    finally:
        admin.call("model.web.user.write", [web_user], {"active": True})


def resources(admin, party_id) -> list[str]:
    """References to the documents of a party that may have e-mails (and attachments)."""
    return [f"{model},{record_id}" for model in RESOURCE_MODELS
            for record_id in admin.call(
                f"model.{model}.search", customer_domain(model, party_id), 0, None, None)]


def test_emails_and_attachments_follow_their_document(admin, service, parties, session_a):
    of_own = [["resource", "in", resources(admin, parties["a"])]]
    emails = sorted(admin.call("model.ir.email.search", of_own, 0, None, None))
    attachments = sorted(admin.call(
        "model.ir.attachment.search", [["resource", "in", [f"ir.email,{i}" for i in emails]]],
        0, None, None))
    assert emails and attachments, "the demo e-mails customer A about its event and pickups"
    # B's carrier has no e-mail address and B's events no support: another customer's
    [other_email] = admin.call(
        "model.ir.email.search",
        [["id", "not in", emails], ["resource", "like", "pickup.request,%"]], 0, 1, None)
    [other_attachment] = admin.call(
        "model.ir.attachment.search", [["resource", "=", f"ir.email,{other_email}"]],
        0, 1, None)
    context = as_customer(session_a, parties["a"])

    assert sorted(service.call(
        "model.ir.email.search", of_own, 0, None, None, context=context)) == emails
    assert sorted(service.call(
        "model.ir.attachment.search", [["resource", "in", [f"ir.email,{i}" for i in emails]]],
        0, None, None, context=context)) == attachments
    for model, record_id in [("ir.email", other_email), ("ir.attachment", other_attachment)]:
        assert_read_refused(service, model, record_id, context)
    # Without a session, not even the customer's own
    for model, record_id in [("ir.email", emails[0]), ("ir.attachment", attachments[0])]:
        assert_read_refused(service, model, record_id, context={})
    refused = service.refusal("model.ir.email.search", of_own, 0, None, None)
    assert refused.message.startswith("You are not allowed to read records"), refused.message


@pytest.fixture(scope="module")
def events(admin, parties) -> dict[str, int]:
    """A planned event in three weeks for A and for B, each on a signed sale of its party."""
    start = dt.datetime.now().replace(microsecond=0) + dt.timedelta(days=21)
    ids = {}
    for key, party_id in parties.items():
        [sale] = admin.call(
            "model.sale.sale.search",
            [["party", "=", party_id], ["state", "in", ["confirmed", "processing", "done"]]],
            0, 1, None)
        [ids[key]] = admin.call("model.event.event.create", [{
            "name": f"Portal scope check {key.upper()}", "party": party_id, "sale": sale,
            "start": start, "end": start + dt.timedelta(hours=3), "attendees": 40,
            "location_text": "On site"}])
    return ids


def pickup_of(admin, party_id, states) -> int:
    [pickup] = admin.call(
        "model.pickup.request.search",
        [["party", "=", party_id], ["state", "in", states]], 0, 1, None)
    return pickup


def read_one(admin, model, record_id, fields) -> dict:
    [record] = admin.call(f"model.{model}.read", [record_id], fields)
    return record


def test_portal_cancel_refuses_another_customers_pickup_like_a_missing_one(
        admin, service, parties, session_a):
    others = pickup_of(admin, parties["b"], ["draft", "requested"])
    # A's own draft, which the test may cancel (other tests use the demo's)
    [own] = admin.call("model.pickup.request.copy",
                       [pickup_of(admin, parties["a"], ["draft"])], {})
    not_found = NOT_FOUND.format(model="Pickup Request")
    calls = {
        "B's pickup": (as_customer(session_a, parties["a"]), others),
        "a missing pickup": (as_customer(session_a, parties["a"]), MISSING_ID),
        "an id beyond the database's": (as_customer(session_a, parties["a"]), 2**63),
        "B's pickup with B as party": (as_customer(session_a, parties["b"]), others),
        "A's pickup without session": ({}, own),
    }
    for label, (context, pickup) in calls.items():
        refused = service.refusal(
            "model.pickup.request.portal_cancel", [pickup], context=context)
        assert (refused.status, refused.kind, refused.message) == (
            200, "UserError", not_found), label
    assert read_one(admin, "pickup.request", others, ["state"])["state"] in {
        "draft", "requested"}
    assert read_one(admin, "pickup.request", own, ["state"])["state"] in {"draft", "requested"}

    # The refusals were about ownership: the customer cancels its own pickup
    service.call("model.pickup.request.portal_cancel", [own],
                 context=as_customer(session_a, parties["a"]))
    assert read_one(admin, "pickup.request", own, ["state"])["state"] == "cancelled"


def test_portal_update_refuses_another_customers_event_like_a_missing_one(
        admin, service, parties, events, session_a):
    not_found = NOT_FOUND.format(model="Event")
    calls = {
        "B's event": (as_customer(session_a, parties["a"]), events["b"]),
        "a missing event": (as_customer(session_a, parties["a"]), MISSING_ID),
        "B's event with B as party": (as_customer(session_a, parties["b"]), events["b"]),
        "A's event without session": ({}, events["a"]),
    }
    for label, (context, event) in calls.items():
        refused = service.refusal(
            "model.event.event.portal_update", event, 99, "pwned", context=context)
        assert (refused.status, refused.kind, refused.message) == (
            200, "UserError", not_found), label
    for key in ("a", "b"):
        assert read_one(admin, "event.event", events[key], ["attendees", "notes"]) == {
            "id": events[key], "attendees": 40, "notes": None}

    # The refusals were about ownership: the customer updates its own event
    result = service.call("model.event.event.portal_update", events["a"], 12, "Vegan",
                          context=as_customer(session_a, parties["a"]))
    assert result == events["a"]
    assert read_one(admin, "event.event", events["a"], ["attendees", "notes"]) == {
        "id": events["a"], "attendees": 12, "notes": "Vegan"}


@pytest.fixture(scope="module")
def targets(admin, parties, events) -> dict[str, int]:
    """Customer A's records the service user tries to change directly."""
    def one(model, domain):
        [record_id] = admin.call(f"model.{model}.search", domain, 0, 1, None)
        return record_id

    party = parties["a"]
    sale = one("sale.sale", [["party", "=", party], ["state", "=", "draft"]])
    return {
        "party": party,
        "sale": sale,
        "sale_line": one("sale.line", [["sale", "=", sale]]),
        "quotation": one("sale.sale", [["party", "=", party], ["state", "=", "quotation"]]),
        "address": one("party.address", [["party", "=", party]]),
        "contact": one("party.contact_mechanism", [["party", "=", party]]),
        "pickup": pickup_of(admin, party, ["draft"]),
        "event": events["a"],
    }


# label -> (method, its parameters given the targets)
DIRECT_CHANGES = {
    "sale write": ("model.sale.sale.write", lambda t: [[t["sale"]], {"comment": "pwned"}]),
    "sale create": ("model.sale.sale.create", lambda t: [[{"party": t["party"]}]]),
    "sale delete": ("model.sale.sale.delete", lambda t: [[t["sale"]]]),
    "sale line write": (
        "model.sale.line.write", lambda t: [[t["sale_line"]], {"quantity": 999}]),
    "sale quote": ("model.sale.sale.quote", lambda t: [[t["sale"]]]),
    "sale confirm": ("model.sale.sale.confirm", lambda t: [[t["quotation"]]]),
    "party write": ("model.party.party.write", lambda t: [[t["party"]], {"name": "pwned"}]),
    "party create": ("model.party.party.create", lambda t: [[{"name": "pwned"}]]),
    "address write": (
        "model.party.address.write", lambda t: [[t["address"]], {"street": "pwned"}]),
    "address create": (
        "model.party.address.create", lambda t: [[{"party": t["party"], "street": "pwned"}]]),
    "contact write": (
        "model.party.contact_mechanism.write",
        lambda t: [[t["contact"]], {"value": "pwned@example.com"}]),
    "pickup write": (
        "model.pickup.request.write", lambda t: [[t["pickup"]], {"comment": "pwned"}]),
    "pickup create": (
        "model.pickup.request.create", lambda t: [[{"party": t["party"], "comment": "pwned"}]]),
    "pickup request": ("model.pickup.request.request", lambda t: [[t["pickup"]]]),
    "pickup cancel": ("model.pickup.request.cancel", lambda t: [[t["pickup"]]]),
    "event write": ("model.event.event.write", lambda t: [[t["event"]], {"notes": "pwned"}]),
    "event create": (
        "model.event.event.create", lambda t: [[{"name": "pwned", "party": t["party"]}]]),
    "event cancel": ("model.event.event.cancel", lambda t: [[t["event"]]]),
}


def snapshot(admin, targets) -> dict:
    """What a direct change could have touched, read by the administrator."""
    fields = {
        "sale.sale": (targets["sale"], ["state", "comment"]),
        "sale.line": (targets["sale_line"], ["quantity"]),
        "party.party": (targets["party"], ["name"]),
        "party.address": (targets["address"], ["street"]),
        "party.contact_mechanism": (targets["contact"], ["value"]),
        "pickup.request": (targets["pickup"], ["state", "comment"]),
        "event.event": (targets["event"], ["state", "notes"]),
    }
    state = {model: read_one(admin, model, record_id, names)
             for model, (record_id, names) in fields.items()}
    state["quotation"] = read_one(admin, "sale.sale", targets["quotation"], ["state"])
    for model in fields:
        state[f"{model} count"] = admin.call(f"model.{model}.search_count", [])
    return state


@pytest.mark.parametrize("label", DIRECT_CHANGES)
def test_the_service_user_changes_nothing_directly_even_with_a_session(
        label, admin, service, parties, targets, session_a):
    method, params = DIRECT_CHANGES[label]
    before = snapshot(admin, targets)

    refused = service.refusal(method, *params(targets),
                              context=as_customer(session_a, parties["a"]))

    assert (refused.status, refused.kind) == (200, "UserError")
    assert refused.message.startswith(REFUSED), refused.message
    assert snapshot(admin, targets) == before


def test_the_service_user_cannot_change_its_password(tryton_server):
    # A client of its own: set_preferences wants a session younger than [session] timeout.
    service = JsonRpc(tryton_server, tryton_server.service_login, tryton_server.service_password)
    stolen = "stolen-password-2026"

    for method, params in [
        ("model.res.user.set_preferences", [{"password": stolen}]),
        ("model.res.user.write", [[service.user_id], {"password": stolen}]),
    ]:
        refused = service.refusal(method, *params)
        assert (refused.status, refused.kind) == (200, "UserError"), method
        assert refused.message.startswith("The password of the portal service user"), method

    with pytest.raises(Fault) as wrong:
        JsonRpc(tryton_server, tryton_server.service_login, stolen)
    assert wrong.value.status == 401
    JsonRpc(tryton_server, tryton_server.service_login, tryton_server.service_password)

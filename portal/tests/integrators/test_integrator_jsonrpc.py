"""Integrators over JSON-RPC: docs/tryton-api.md runs as written, and an integrator of
party A reaches A's documents and nothing of party B.

The documentation's ```python blocks are executed for real: the first two (the client and
``create_integrator``) also drive every other test here, so the documented client is the
one under test. The administrator creates the integrators and the events over
JSON-RPC; the rest (customers, sales, invoices, shipments) is the demo data.
"""

import base64
import datetime as dt
import io
import re
from pathlib import Path

import pypdf
import pytest
import requests

from tryton.demo.facts import CUSTOMERS

pytestmark = pytest.mark.tryton

DOC = Path(__file__).resolve().parents[3] / "docs" / "tryton-api.md"
PARTY_A = CUSTOMERS["C-PENTES"]["name"]
PARTY_B = CUSTOMERS["C-MARCHE"]["name"]
# Logins of our own: the demo data may bring an integrator of its own.
INTEGRATOR_LOGIN = "pytest_integrator_a"
DOC_INTEGRATOR_LOGIN = "pytest_doc_integrator"
INTEGRATOR_PASSWORD = "integrator-secret-2026"
# Models an integrator reads, with the field holding the customer.
READABLE = {
    "sale.sale": "party",
    "account.invoice": "party",
    "stock.shipment.out": "customer",
    "pickup.request": "party",
    "event.event": "party",
}
# Models that come from our own modules rather than the portal module's dependencies.
MODULE_OF = {"pickup.request": "pickup", "event.event": "event"}
# The demo has no pickups or events: these fixtures give A and B one each.
RECORDS_FIXTURE = {"pickup.request": "pickups", "event.event": "events"}


def doc_blocks() -> list[str]:
    return re.findall(r"^```python\n(.*?)^```", DOC.read_text(), re.S | re.M)


@pytest.fixture(scope="module")
def doc() -> dict:
    """The documentation's client and create_integrator (its first two Python blocks)."""
    namespace: dict = {}
    for block in doc_blocks()[:2]:
        exec(compile(block, str(DOC), "exec"), namespace)
    assert {"Tryton", "TrytonError", "create_integrator"} <= namespace.keys(), (
        "docs/tryton-api.md must open with the client block and the create_integrator block"
    )
    return namespace


@pytest.fixture(scope="module")
def admin(doc, tryton_server):
    return doc["Tryton"](
        tryton_server.url,
        tryton_server.database,
        tryton_server.admin_login,
        tryton_server.admin_password,
    )


def require_models(admin, *models):
    """Fail, never skip, when a model the integrators are promised is missing."""
    rows = admin.call(
        "model.ir.model.search_read", [["name", "in", list(models)]], 0, None, None, ["name"]
    )
    found = {row["name"] for row in rows}
    missing = [model for model in models if model not in found]
    if missing:
        pytest.fail(
            f"model(s) {missing} missing from the demo database: activate module(s) "
            f"{sorted({MODULE_OF.get(m, m) for m in missing})} in tryton/setup_db.py MODULES"
        )


@pytest.fixture(scope="module")
def parties(admin) -> dict[str, int]:
    rows = admin.call(
        "model.party.party.search_read",
        [["name", "in", [PARTY_A, PARTY_B]]],
        0,
        None,
        None,
        ["name"],
    )
    ids = {row["name"]: row["id"] for row in rows}
    return {"a": ids[PARTY_A], "b": ids[PARTY_B]}


@pytest.fixture(scope="module")
def carrier(admin) -> int:
    """A demo carrier whose slips go to its pickup contact."""
    [carrier_id] = admin.call("model.carrier.search", [["pickup_contact", "!=", None]], 0, 1, None)
    return carrier_id


@pytest.fixture(scope="module")
def events(admin, parties) -> dict[str, int]:
    """One event for A and one for B, each on a signed sale of its party."""
    require_models(admin, "event.event")
    start = dt.datetime.now().replace(microsecond=0) + dt.timedelta(days=12)
    ids = {}
    for key, party_id in parties.items():
        [sale] = admin.call(
            "model.sale.sale.search_read",
            [["party", "=", party_id], ["state", "in", ["confirmed", "processing", "done"]]],
            0,
            1,
            None,
            ["id"],
        )
        [ids[key]] = admin.call(
            "model.event.event.create",
            [
                {
                    "name": f"Tasting evening {key.upper()}",
                    "party": party_id,
                    "sale": sale["id"],
                    "start": start,
                    "end": start + dt.timedelta(hours=3),
                    "attendees": 40,
                    "location_text": "On site",
                }
            ],
        )
    return ids


def pickup_values(admin, party_id, carrier_id, *, address_of=None) -> dict:
    [address] = admin.call(
        "model.party.address.search", [["party", "=", address_of or party_id]], 0, 1, None
    )
    [product] = admin.call(
        "model.product.product.search_read",
        [["salable", "=", True]],
        0,
        1,
        [["code", "ASC"]],
        ["default_uom"],
    )
    return {
        "party": party_id,
        "pickup_address": address,
        "pickup_date": dt.date.today() + dt.timedelta(days=2),
        "time_from": dt.time(8, 30),
        "time_to": dt.time(10, 0),
        "carrier": carrier_id,
        "lines": [
            ["create", [{"product": product["id"], "quantity": 6, "unit": product["default_uom"]}]]
        ],
    }


@pytest.fixture(scope="module")
def pickups(admin, parties, carrier) -> dict[str, int]:
    """A draft pickup for A and one for B, filed by the back office."""
    require_models(admin, "pickup.request")
    ids = admin.call(
        "model.pickup.request.create",
        [pickup_values(admin, parties[key], carrier) for key in ("a", "b")],
    )
    return dict(zip(("a", "b"), ids, strict=True))


def given_records(model, request) -> None:
    if model in RECORDS_FIXTURE:
        request.getfixturevalue(RECORDS_FIXTURE[model])


@pytest.fixture(scope="module")
def integrator(doc, admin, parties, tryton_server):
    """A logged-in client of the integrator of party A (created as the doc says)."""
    doc["create_integrator"](
        admin,
        login=INTEGRATOR_LOGIN,
        password=INTEGRATOR_PASSWORD,
        name="Comptoir des Pentes ERP",
        party_ids=[parties["a"]],
    )
    return doc["Tryton"](
        tryton_server.url, tryton_server.database, INTEGRATOR_LOGIN, INTEGRATOR_PASSWORD
    )


def test_documentation_examples_run_as_written(
    doc, admin, parties, carrier, events, tryton_server, monkeypatch, tmp_path
):
    require_models(admin, "pickup.request", "event.event")
    doc["create_integrator"](
        admin,
        login=DOC_INTEGRATOR_LOGIN,
        password=INTEGRATOR_PASSWORD,
        name="Doc integrator",
        party_ids=[parties["a"]],
    )
    monkeypatch.setenv("TRYTON_URL", tryton_server.url)
    monkeypatch.setenv("TRYTON_DATABASE", tryton_server.database)
    monkeypatch.setenv("TRYTON_LOGIN", DOC_INTEGRATOR_LOGIN)
    monkeypatch.setenv("TRYTON_PASSWORD", INTEGRATOR_PASSWORD)
    monkeypatch.chdir(tmp_path)  # the invoice example writes its PDF to the current folder

    namespace: dict = {}
    for block in doc_blocks():
        exec(compile(block, str(DOC), "exec"), namespace)

    assert [p["name"] for p in namespace["my_parties"]] == [PARTY_A]
    assert namespace["orders"]
    assert {o["party."]["rec_name"] for o in namespace["orders"]} == {PARTY_A}
    pdf = namespace["pdf_path"].read_bytes()
    assert pdf.startswith(b"%PDF"), pdf[:20]
    assert namespace["invoice"]["number"] in pdf_text(pdf)
    assert namespace["pickup"]["state"] == "requested"
    assert namespace["pickup"]["reference"]
    listed = [e["id"] for e in namespace["events"]]
    assert events["a"] in listed
    parties_listed = admin.call("model.event.event.read", listed, ["party"])
    assert {e["party"] for e in parties_listed} == {parties["a"]}


@pytest.mark.parametrize("model", READABLE)
def test_integrator_searches_only_its_parties_records(model, admin, integrator, parties, request):
    require_models(admin, model)
    given_records(model, request)
    field = READABLE[model]
    assert admin.call(f"model.{model}.search_count", [[field, "=", parties["b"]]]), (
        f"the test needs records of {model} for party B"
    )

    records = integrator.call(f"model.{model}.search_read", [], 0, None, None, [field])
    others = integrator.call(
        f"model.{model}.search_read", [[field, "=", parties["b"]]], 0, None, None, [field]
    )

    assert records, f"the integrator of A sees none of A's {model}"
    assert {r[field] for r in records} == {parties["a"]}
    assert others == []


@pytest.mark.parametrize("model", [*READABLE, "party.party"])
def test_reading_another_partys_record_by_id_is_refused(
    model, admin, integrator, parties, doc, request
):
    require_models(admin, model)
    given_records(model, request)
    domain = (
        [["id", "=", parties["b"]]]
        if model == "party.party"
        else [[READABLE[model], "=", parties["b"]]]
    )
    [record_id] = admin.call(f"model.{model}.search", domain, 0, 1, None)

    with pytest.raises(doc["TrytonError"]) as refused:
        integrator.call(f"model.{model}.read", [record_id], ["id"])

    assert refused.value.kind == "UserError"
    assert refused.value.message.startswith("You are not allowed to read records")


def test_access_error_travels_as_a_json_rpc_user_error(admin, integrator, parties):
    [sale_id] = admin.call("model.sale.sale.search", [["party", "=", parties["b"]]], 0, 1, None)

    response = integrator.http.post(
        integrator.url,
        json={
            "id": 7,
            "method": "model.sale.sale.read",
            "params": [[sale_id], ["number"], {"company": integrator.context["company"]}],
        },
    )

    assert response.status_code == 200
    reply = response.json()
    assert reply["id"] == 7 and "result" not in reply
    kind, (message, description, domain) = reply["error"]
    assert kind == "UserError"
    assert f'"{sale_id}"' in message and "Sales of integrator parties" in message


def test_integrator_creates_and_requests_a_pickup_for_its_party(
    admin, integrator, parties, carrier
):
    require_models(admin, "pickup.request")
    [pickup_id] = integrator.call(
        "model.pickup.request.create", [pickup_values(admin, parties["a"], carrier)]
    )
    integrator.call("model.pickup.request.request", [pickup_id])

    [pickup] = integrator.call(
        "model.pickup.request.read", [pickup_id], ["party", "state", "reference", "total_packages"]
    )
    assert (pickup["party"], pickup["state"]) == (parties["a"], "requested")
    assert pickup["reference"]


def test_integrator_cannot_create_a_pickup_for_another_party(
    admin, integrator, parties, carrier, doc
):
    require_models(admin, "pickup.request")
    before = admin.call("model.pickup.request.search_count", [["party", "=", parties["b"]]])

    with pytest.raises(doc["TrytonError"]) as refused:
        integrator.call(
            "model.pickup.request.create", [pickup_values(admin, parties["b"], carrier)]
        )

    assert refused.value.message.startswith("You are not allowed to create records")
    after = admin.call("model.pickup.request.search_count", [["party", "=", parties["b"]]])
    assert after == before


def test_integrator_cannot_request_another_partys_pickup(admin, integrator, pickups, doc):
    with pytest.raises(doc["TrytonError"]) as refused:
        integrator.call("model.pickup.request.request", [pickups["b"]])

    assert refused.value.message.startswith("You are not allowed to read records")
    [pickup] = admin.call("model.pickup.request.read", [pickups["b"]], ["state"])
    assert pickup["state"] == "draft"


def test_integrator_cannot_change_a_pickup_but_may_cancel_it(
    admin, integrator, parties, carrier, doc
):
    require_models(admin, "pickup.request")
    [pickup_id] = integrator.call(
        "model.pickup.request.create", [pickup_values(admin, parties["a"], carrier)]
    )

    with pytest.raises(doc["TrytonError"]) as refused:
        integrator.call("model.pickup.request.write", [pickup_id], {"comment": "changed"})
    integrator.call("model.pickup.request.portal_cancel", [pickup_id])

    assert refused.value.message == 'You are not allowed to access "Pickup Request".'
    [pickup] = admin.call("model.pickup.request.read", [pickup_id], ["state", "comment"])
    assert (pickup["state"], pickup["comment"]) == ("cancelled", None)


def test_another_partys_address_in_a_pickup_reveals_nothing(
    admin, integrator, parties, carrier, doc
):
    require_models(admin, "pickup.request")
    values = pickup_values(admin, parties["a"], carrier, address_of=parties["b"])

    with pytest.raises(doc["TrytonError"]) as refused:
        integrator.call("model.pickup.request.create", [values])

    # Refused by the pickup module's own check, not by a domain error quoting the address
    assert refused.value.message == "The pickup address must be one of the customer's addresses."
    assert PARTY_B not in refused.value.message
    assert CUSTOMERS["C-MARCHE"]["street"] not in refused.value.message


def posted_invoice(admin, party_id) -> dict:
    invoices = admin.call(
        "model.account.invoice.search_read",
        [["party", "=", party_id], ["type", "=", "out"], ["state", "in", ["posted", "paid"]]],
        0,
        1,
        None,
        ["number"],
    )
    assert invoices, "the demo has posted invoices for both customers"
    return invoices[0]


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def test_integrator_downloads_its_partys_invoice_pdf(admin, integrator, parties):
    invoice = posted_invoice(admin, parties["a"])

    extension, content, _, name = integrator.call(
        "report.account.invoice.execute", [invoice["id"]], {}
    )

    assert extension == "pdf", f"invoice report renders {extension!r}, not a PDF"
    assert invoice["number"] in pdf_text(content)


def test_integrator_cannot_download_another_partys_invoice(admin, integrator, parties, doc):
    invoice = posted_invoice(admin, parties["b"])

    with pytest.raises(doc["TrytonError"]) as refused:
        integrator.call("report.account.invoice.execute", [invoice["id"]], {})

    assert refused.value.message.startswith("You are not allowed to read records")


def test_integrator_writes_no_sale_and_cannot_widen_its_parties(admin, integrator, parties, doc):
    [sale_id] = integrator.call("model.sale.sale.search", [], 0, 1, None)
    [user_id] = admin.call("model.res.user.search", [["login", "=", INTEGRATOR_LOGIN]], 0, 1, None)
    attempts = [
        ("model.sale.sale.write", [sale_id], {"comment": "changed"}),
        ("model.sale.sale.create", [{"party": parties["a"]}]),
        ("model.sale.sale.quote", [sale_id]),
        ("model.res.user.write", [user_id], {"portal_parties": [["add", [parties["b"]]]]}),
    ]
    for method, *params in attempts:
        with pytest.raises(doc["TrytonError"]) as refused:
            integrator.call(method, *params)
        assert refused.value.message.startswith("You are not allowed to access"), method

    [user] = admin.call("model.res.user.read", [user_id], ["portal_parties"])
    assert user["portal_parties"] == [parties["a"]]


def test_wrong_password_and_uncallable_method_are_http_errors(integrator, tryton_server, doc):
    with pytest.raises(requests.HTTPError) as wrong:
        doc["Tryton"](tryton_server.url, tryton_server.database, INTEGRATOR_LOGIN, "wrong")
    with pytest.raises(requests.HTTPError) as uncallable:
        integrator.call("model.res.user.get_portal_parties")

    assert wrong.value.response.status_code == 401
    assert uncallable.value.response.status_code == 403


def test_client_logs_in_again_when_the_session_is_gone(integrator, tryton_server):
    login, user_id, _ = (
        base64.b64decode(integrator.http.headers["Authorization"].split()[1]).decode().split(":")
    )
    stale = base64.b64encode(f"{login}:{user_id}:expired".encode()).decode()
    integrator.http.headers["Authorization"] = f"Session {stale}"

    sales = integrator.call("model.sale.sale.search", [], 0, 1, None)

    assert sales
    assert integrator.http.headers["Authorization"] != f"Session {stale}"

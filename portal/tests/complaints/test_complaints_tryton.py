"""Complaints against the real trytond and its demo data: list, detail, photos, filing a
complaint from an order line, and the credit note the back office makes of it.

Customer A (Le Comptoir des Pentes) has a complaint in each state, one resolved by a
credit note; customer B (La Table du Marché) has one with a photo.
"""

import pytest
from django.core.cache import cache

from erp import complaints, identity
from erp.errors import TrytonRoleForbidden
from erp.scope import CustomerScope
from erp.testing import count_rpc_calls
from tryton.demo.facts import COMPLAINT_STATES, DEMO_PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 200
VIEWER = "accueil@comptoir-des-pentes.example.fr"


def _upload(name: str, content: bytes, content_type: str = "image/png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type=content_type)


def _free_done_line(tryton_admin, party_id: int) -> int:
    """A line of one of the party's done orders that no complaint is about yet (a second
    complaint on the same order asks the back office to confirm: not what is tried here)."""
    taken = {
        row["origin"] for row in tryton_admin.execute(
            "sale.complaint", "search_read", [], 0, None, None, ["origin"])
    }
    lines = tryton_admin.execute(
        "sale.line", "search_read",
        [["sale.party", "=", party_id], ["sale.state", "=", "done"], ["type", "=", "line"]],
        0, None, [["id", "ASC"]], ["sale"],
    )
    taken_sales = {
        row["sale"] for row in tryton_admin.execute(
            "sale.line", "search_read",
            [["id", "in", [int(o.split(",")[1]) for o in taken if o.startswith("sale.line,")]]],
            0, None, None, ["sale"])
    }
    return next(row["id"] for row in lines if row["sale"] not in taken_sales)


def _types(tryton_admin) -> dict[str, int]:
    return {row["name"]: row["id"] for row in tryton_admin.execute(
        "sale.complaint.type", "search_read", [], 0, None, None, ["name"])}


def _form(type_id: int, **values) -> dict:
    return {"type": type_id, "quantity": "1", "description": "Deux bouteilles fêlées.",
            **values}


def test_customer_lists_their_complaints_in_every_state(customer_a_client, demo_scopes):
    cache.clear()
    with count_rpc_calls() as cold:
        response = customer_a_client.get("/complaints/")
    with count_rpc_calls() as warm:
        customer_a_client.get("/complaints/")

    assert response.status_code == 200
    page = response.context["page"]
    assert {c.state for c in page.items} == set(COMPLAINT_STATES)
    theirs = complaints.complaint_list(demo_scopes["b"]).items
    assert not {c.id for c in page.items} & {c.id for c in theirs}
    body = response.content.decode()
    for complaint in page.items:
        assert f'href="/complaints/{complaint.id}/"' in body
    assert len(cold) == 2  # search_read + search_count
    assert len(warm) == 0


def test_detail_shows_the_credit_note_of_a_resolved_complaint(customer_a_client):
    page = customer_a_client.get("/complaints/").context["page"]
    [done] = [c for c in page.items if c.state == "done"]

    response = customer_a_client.get(f"/complaints/{done.id}/")

    assert response.status_code == 200
    complaint = response.context["complaint"]
    assert complaint.credit_note_id
    assert len(complaint.photos) == 2
    body = response.content.decode()
    assert f'href="/invoices/{complaint.credit_note_id}/"' in body
    assert customer_a_client.get(f"/invoices/{complaint.credit_note_id}/").status_code == 200
    photo = customer_a_client.get(f"/complaints/{done.id}/photos/{complaint.photos[0].id}/")
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/png"
    assert photo.content.startswith(b"\x89PNG")


def test_detail_costs_one_call_cold(customer_a_client):
    [complaint] = customer_a_client.get("/complaints/").context["page"].items[:1]
    cache.clear()
    with count_rpc_calls() as cold:
        assert customer_a_client.get(f"/complaints/{complaint.id}/").status_code == 200
    assert len(cold) == 1  # the complaint with its line, photos and credit note


def test_customer_files_a_complaint_with_a_photo_found_in_tryton(
    customer_a_client, demo_customers, tryton_admin
):
    party_id = demo_customers["a"].party_id
    line_id = _free_done_line(tryton_admin, party_id)
    type_id = _types(tryton_admin)["Bouteilles cassées"]

    form = customer_a_client.get(f"/complaints/new/{line_id}/")
    response = customer_a_client.post(
        f"/complaints/new/{line_id}/",
        _form(type_id, photos=[_upload("carton.png", PNG)]),
    )

    assert form.status_code == 200
    assert response.status_code == 302, response.content.decode()[:3000]
    complaint_id = int(response["Location"].rstrip("/").rsplit("/", 1)[1])
    [row] = tryton_admin.execute(
        "sale.complaint", "read", [complaint_id],
        ["customer", "origin", "type", "portal_quantity", "state", "description"],
    )
    assert (row["customer"], row["origin"], row["type"], row["portal_quantity"]) == (
        party_id, f"sale.line,{line_id}", type_id, 1.0)
    assert row["state"] == "draft"
    [photo] = tryton_admin.execute(
        "ir.attachment", "search_read",
        [["resource", "=", f"sale.complaint,{complaint_id}"]], 0, None, None, ["name", "data"],
    )
    assert photo["name"] == "carton.png"
    assert bytes(photo["data"]) == PNG
    detail = customer_a_client.get(response["Location"])
    assert detail.status_code == 200
    assert f"/complaints/{complaint_id}/photos/{photo['id']}/" in detail.content.decode()


def test_another_customers_line_complaint_and_photo_are_404(
    customer_a_client, demo_scopes, tryton_admin
):
    [theirs] = complaints.complaint_list(demo_scopes["b"], limit=1).items
    theirs = complaints.complaint_get(demo_scopes["b"], complaint_id=theirs.id)
    [mine] = complaints.complaint_list(demo_scopes["a"], limit=1).items
    [line_b] = demo_scopes["b"].search_read(
        "sale.line", [["sale.state", "=", "done"], ["type", "=", "line"]], fields=["id"], limit=1
    )
    type_id = next(iter(_types(tryton_admin).values()))
    before = tryton_admin.execute("sale.complaint", "search_count", [])

    assert customer_a_client.get(f"/complaints/{theirs.id}/").status_code == 404
    assert customer_a_client.get(
        f"/complaints/{theirs.id}/photos/{theirs.photos[0].id}/").status_code == 404
    # B's photo through A's own complaint: the photo is searched on that complaint only
    assert customer_a_client.get(
        f"/complaints/{mine.id}/photos/{theirs.photos[0].id}/").status_code == 404
    assert customer_a_client.get(f"/complaints/new/{line_b['id']}/").status_code == 404
    assert customer_a_client.post(
        f"/complaints/new/{line_b['id']}/", _form(type_id)).status_code == 404
    assert tryton_admin.execute("sale.complaint", "search_count", []) == before


def test_viewer_is_refused_in_tryton_not_only_hidden(client, demo_customers, tryton_admin):
    line_id = _free_done_line(tryton_admin, demo_customers["a"].party_id)
    type_id = next(iter(_types(tryton_admin).values()))
    login = identity.web_user_login(email=VIEWER, password=DEMO_PASSWORD,
                                    remote_address="127.0.0.1")
    viewer = CustomerScope(party_id=demo_customers["a"].party_id, web_session=login.session)
    try:
        with pytest.raises(TrytonRoleForbidden):
            complaints.complaint_file(
                viewer, line_id=line_id, type_id=type_id, quantity=1, description="Cassé",
                photos=[])
        assert complaints.complaint_list(viewer).items, "a viewer reads the complaints"
    finally:
        identity.web_user_logout(session=login.session)
    assert client.post("/accounts/login/", {"login": VIEWER, "password": DEMO_PASSWORD}
                       ).status_code == 302
    assert client.get(f"/complaints/new/{line_id}/").status_code == 403


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"photos": [_upload("photo.png", b"%PDF-1.7 not a picture")]},
         "is not a JPEG or PNG photo"),
        ({"photos": [_upload("huge.png", PNG + b"\x00" * (5 * 1024 * 1024))]},
         "is larger than 5 MB"),
        ({"photos": [_upload(f"p{n}.png", PNG) for n in range(4)]}, "Send at most 3 photos"),
        ({"quantity": "100000"}, "the quantity of the order line"),
        ({"quantity": "-1"}, "greater than or equal to"),
        ({"type": "999999"}, "Select a valid choice"),
        ({"description": "   "}, "This field is required"),
    ],
)
def test_malformed_complaints_get_a_clear_error_and_keep_what_was_typed(
    customer_a_client, demo_customers, tryton_admin, values, message
):
    line_id = _free_done_line(tryton_admin, demo_customers["a"].party_id)
    type_id = next(iter(_types(tryton_admin).values()))
    before = tryton_admin.execute("sale.complaint", "search_count", [])
    data = {**_form(type_id, description="Le carton était trempé."), **values}

    response = customer_a_client.post(f"/complaints/new/{line_id}/", data)

    assert response.status_code == 200
    body = response.content.decode()
    assert message in body
    if values.get("description") is None:
        assert "Le carton était trempé." in body
    assert tryton_admin.execute("sale.complaint", "search_count", []) == before


def test_tryton_refusal_is_shown_on_the_form(customer_a_client, tryton_admin):
    """A line of an order being processed but neither shipped nor invoiced yet (the demo's
    DEMO-018, waiting for its shipment): Tryton refuses it, the form says why."""
    [line] = tryton_admin.execute(
        "sale.line", "search_read",
        [["sale.reference", "=", "DEMO-018"], ["type", "=", "line"]], 0, 1, None, ["id"])
    type_id = next(iter(_types(tryton_admin).values()))

    response = customer_a_client.post(
        f"/complaints/new/{line['id']}/", _form(type_id, description="Rien reçu."))

    assert response.status_code == 200
    body = response.content.decode()
    assert "neither delivered nor invoiced" in body
    assert "Rien reçu." in body


def test_credit_note_appears_once_the_back_office_processes_the_complaint(
    customer_a_client, demo_customers, tryton_admin
):
    line_id = _free_done_line(tryton_admin, demo_customers["a"].party_id)
    type_id = _types(tryton_admin)["Produit non conforme"]
    filed = customer_a_client.post(f"/complaints/new/{line_id}/", _form(type_id))
    assert filed.status_code == 302
    complaint_id = int(filed["Location"].rstrip("/").rsplit("/", 1)[1])
    pending = customer_a_client.get(f"/complaints/{complaint_id}/")
    assert pending.context["complaint"].credit_note_id is None

    # The back office, in the Tryton client: a credit note of one unit, approved.
    tryton_admin.execute("sale.complaint", "write", [complaint_id], {
        "actions": [["create", [{"action": "credit_note", "quantity": 1.0}]]]})
    tryton_admin.execute("sale.complaint", "wait", [complaint_id])
    tryton_admin.execute("sale.complaint", "approve", [complaint_id])
    [row] = tryton_admin.execute(
        "sale.complaint", "read", [complaint_id], ["state", "portal_credit_note"])
    assert row["state"] == "done"
    tryton_admin.execute("account.invoice", "post", [row["portal_credit_note"]])
    # Tryton's change notification is what tells the portal; here the cache is cleared.
    cache.clear()

    response = customer_a_client.get(f"/complaints/{complaint_id}/")

    assert response.status_code == 200
    assert response.context["complaint"].state == "done"
    assert f'href="/invoices/{row["portal_credit_note"]}/"' in response.content.decode()
    invoice = customer_a_client.get(f"/invoices/{row['portal_credit_note']}/")
    assert invoice.status_code == 200


def test_order_detail_offers_to_report_a_problem_on_each_line(
    customer_a_client, demo_customers, tryton_admin
):
    from django.test import Client

    [sale] = tryton_admin.execute(
        "sale.sale", "search_read",
        [["party", "=", demo_customers["a"].party_id], ["state", "=", "done"]],
        0, 1, None, ["lines"])

    body = customer_a_client.get(f"/orders/{sale['id']}/").content.decode()

    for line_id in sale["lines"]:
        assert f'href="/complaints/new/{line_id}/"' in body
    viewer = Client()
    assert viewer.post("/accounts/login/", {"login": VIEWER, "password": DEMO_PASSWORD}
                       ).status_code == 302
    viewer_page = viewer.get(f"/orders/{sale['id']}/")
    assert viewer_page.status_code == 200
    assert "/complaints/new/" not in viewer_page.content.decode()

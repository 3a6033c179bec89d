"""Account → Organisation: the customer's addresses and contacts, read by every member and
changed by its administrators, against the real trytond and its demo data.

Le Comptoir des Pentes (customer A): Sophie administers, Lucas buys; La Table du Marché
(customer B) is the other customer whose records A must never reach.
"""

import pytest

from erp import profile as erp_profile
from erp.errors import TrytonRoleForbidden, TrytonValidationError
from erp.testing import count_rpc_calls
from portal.tests.fixtures.real_tryton import member_client, member_scope

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]

SOPHIE = "sophie@comptoir-des-pentes.example.fr"
LUCAS = "lucas@comptoir-des-pentes.example.fr"
CHEF = "chef@table-du-marche.example.fr"


@pytest.fixture
def account_b(tryton_settings):
    with member_scope(CHEF) as scope:
        return erp_profile.account_get(scope)


def _addresses(tryton_admin, party_id, active=True):
    return tryton_admin.execute(
        "party.address", "search_read",
        [["party", "=", party_id], ["active", "=", active]], 0, None, None,
        ["city", "street", "postal_code", "country.code"],
        context={"active_test": False},
    )


def test_every_member_reads_the_organisation_in_one_call(tryton_settings):
    lucas = member_client(LUCAS)

    with count_rpc_calls() as cold:
        page = lucas.get("/accounts/organisation/")
    with count_rpc_calls() as warm:
        lucas.get("/accounts/organisation/")

    assert page.status_code == 200
    assert "model.party.party.portal_account" in cold.calls
    assert len(cold.calls) <= 3, cold.calls
    assert warm.calls == []
    account = page.context["account"]
    assert account.name == "Le Comptoir des Pentes"
    assert account.addresses and account.contacts
    body = page.content.decode()
    assert "Add an address" not in body  # a buyer only reads
    assert "administrators change these details" in body


def test_admin_adds_changes_and_removes_an_address(tryton_settings, tryton_admin):
    sophie = member_client(SOPHIE)
    party_id = sophie.get("/accounts/organisation/").context["account"].id

    added = sophie.post(
        "/accounts/organisation/addresses/add/",
        {"street": "12 quai Saint-Antoine", "postal_code": "69002", "city": "Lyon Quai",
         "country": "fr", "party_name": ""},
    )

    assert added.status_code == 302
    [row] = [a for a in _addresses(tryton_admin, party_id) if a["city"] == "Lyon Quai"]
    assert row["street"] == "12 quai Saint-Antoine" and row["country."]["code"] == "FR"
    page = sophie.get("/accounts/organisation/")
    assert "12 quai Saint-Antoine" in page.content.decode()  # the cache was forgotten

    changed = sophie.post(
        f"/accounts/organisation/addresses/{row['id']}/",
        {"street": "14 quai Saint-Antoine", "postal_code": "69002", "city": "Lyon Quai",
         "country": "FR", "party_name": ""},
    )
    assert changed.status_code == 302
    [row] = [a for a in _addresses(tryton_admin, party_id) if a["id"] == row["id"]]
    assert row["street"] == "14 quai Saint-Antoine"

    removed = sophie.post(f"/accounts/organisation/addresses/{row['id']}/remove/")
    assert removed.status_code == 302
    assert row["id"] in {a["id"] for a in _addresses(tryton_admin, party_id, active=False)}


def test_admin_adds_changes_and_removes_a_contact(tryton_settings, tryton_admin):
    sophie = member_client(SOPHIE)

    added = sophie.post(
        "/accounts/organisation/contacts/add/",
        {"type": "email", "value": "Livraisons@Comptoir-des-pentes.example.fr", "name": "Quai"},
    )

    assert added.status_code == 302
    account = sophie.get("/accounts/organisation/").context["account"]
    [contact] = [c for c in account.contacts if c.name == "Quai"]
    assert contact.value == "livraisons@comptoir-des-pentes.example.fr"
    assert sophie.post(
        f"/accounts/organisation/contacts/{contact.id}/", {"value": "+33 4 78 11 22 33",
                                                           "name": "Quai"}
    ).status_code == 400  # an e-mail stays an e-mail
    assert sophie.post(
        f"/accounts/organisation/contacts/{contact.id}/",
        {"value": "quai@comptoir-des-pentes.example.fr", "name": "Quai"},
    ).status_code == 302
    rows = tryton_admin.execute(
        "party.contact_mechanism", "read", [contact.id], ["value", "active"])
    assert rows[0]["value"] == "quai@comptoir-des-pentes.example.fr"
    assert sophie.post(f"/accounts/organisation/contacts/{contact.id}/remove/").status_code == 302
    rows = tryton_admin.execute(
        "party.contact_mechanism", "read", [contact.id], ["active"],
        context={"active_test": False})
    assert not rows[0]["active"]


@pytest.mark.parametrize(
    "data",
    [
        {"street": "", "postal_code": "", "city": "", "country": ""},  # no city
        {"street": "", "postal_code": "", "city": "Lyon", "country": "France"},
        {"street": "x" * 401, "postal_code": "", "city": "Lyon", "country": ""},
        {"street": "", "postal_code": "", "city": "Ly\x00on", "country": ""},
    ],
)
def test_malformed_address_is_refused_clearly(tryton_settings, tryton_admin, data):
    sophie = member_client(SOPHIE)
    party_id = sophie.get("/accounts/organisation/").context["account"].id
    before = _addresses(tryton_admin, party_id)

    response = sophie.post("/accounts/organisation/addresses/add/", data)

    assert response.status_code == 400
    assert _addresses(tryton_admin, party_id) == before


def test_unknown_country_is_refused_by_tryton_with_its_words(tryton_settings):
    sophie = member_client(SOPHIE)

    response = sophie.post(
        "/accounts/organisation/addresses/add/",
        {"street": "", "postal_code": "", "city": "Nowhere", "country": "ZZ"},
    )

    assert response.status_code == 400
    assert "ZZ" in response.content.decode() and "unknown" in response.content.decode()


def test_admin_never_reaches_another_customers_records(tryton_settings, account_b, tryton_admin):
    sophie = member_client(SOPHIE)
    address, contact = account_b.addresses[0], account_b.contacts[0]

    for url in [
        f"/accounts/organisation/addresses/{address.id}/",
        f"/accounts/organisation/addresses/{address.id}/remove/",
        f"/accounts/organisation/contacts/{contact.id}/",
        f"/accounts/organisation/contacts/{contact.id}/remove/",
    ]:
        assert sophie.post(url, {"city": "X", "value": "x@x.example.com"}).status_code == 404

    # Tryton refuses them too, as missing records, even past the portal's own check.
    with member_scope(SOPHIE) as scope:
        with pytest.raises(TrytonValidationError, match="does not exist"):
            erp_profile.address_update(scope, address_id=address.id, values={"city": "X"})
        with pytest.raises(TrytonValidationError, match="does not exist"):
            erp_profile.contact_remove(scope, contact_id=contact.id)
    rows = tryton_admin.execute("party.address", "read", [address.id], ["city", "active"])
    assert rows[0]["city"] == address.city and rows[0]["active"]


def test_other_roles_are_refused_in_the_portal_and_in_tryton(tryton_settings):
    lucas = member_client(LUCAS)
    account = lucas.get("/accounts/organisation/").context["account"]
    address = account.addresses[0]

    assert lucas.get("/accounts/organisation/addresses/add/").status_code == 403
    assert lucas.post(
        f"/accounts/organisation/addresses/{address.id}/remove/").status_code == 403

    with member_scope(LUCAS) as scope:
        with pytest.raises(TrytonRoleForbidden):
            erp_profile.address_create(scope, values={"city": "Lyon"})
        with pytest.raises(TrytonRoleForbidden):
            erp_profile.address_deactivate(scope, address_id=address.id)
        with pytest.raises(TrytonRoleForbidden):
            erp_profile.contact_create(scope, type="phone", value="0102030405", name="")

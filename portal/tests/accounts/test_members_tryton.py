"""Account → Members: a customer's administrator manages its members, against the real
trytond and its demo data (tryton/demo/facts.py WEB_USERS).

Le Comptoir des Pentes (customer A) has two administrators (Sophie, Achats), a buyer
(Lucas), an accountant and a viewer; La Table du Marché (customer B) has one administrator
(its chef). The server is this module's own copy of the demo database.
"""

import pytest
from django.test import Client

from erp import CustomerScope, identity
from erp import members as erp_members
from erp.errors import TrytonRoleForbidden, TrytonValidationError
from erp.testing import count_rpc_calls
from tryton.demo.facts import DEMO_PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]

SOPHIE = "sophie@comptoir-des-pentes.example.fr"
LUCAS = "lucas@comptoir-des-pentes.example.fr"
CHEF = "chef@table-du-marche.example.fr"


def _client(email: str, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    response = client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


@pytest.fixture
def sophie(tryton_settings):
    return _client(SOPHIE)


def _web_user(tryton_admin, email):
    rows = tryton_admin.execute(
        "web.user", "search_read", [["email", "=", email]], 0, 1, None,
        ["active", "party", "portal_role", "email_kind", "email_valid"],
        context={"active_test": False},
    )
    return rows[0] if rows else None


@pytest.fixture
def scope_of(tryton_settings):
    """The customer of ``email``'s main party as the gateway reaches it with its session."""
    sessions = []

    def scope(email):
        login = identity.web_user_login(
            email=email, password=DEMO_PASSWORD, remote_address="127.0.0.1"
        )
        sessions.append(login.session)
        return CustomerScope(party_id=login.user.party.id, web_session=login.session)

    yield scope
    for session in sessions:
        identity.web_user_logout(session=session)


def test_admin_sees_the_members_with_their_roles_in_one_call(sophie):
    with count_rpc_calls() as calls:
        response = sophie.get("/accounts/members/")
    body = response.content.decode()

    assert response.status_code == 200
    assert calls.calls == ["model.web.user.portal_members"]
    rows = {row["member"].email: row for row in response.context["rows"]}
    roles = {email: row["member"].role for email, row in rows.items()}
    assert roles.items() >= {
        SOPHIE: "admin", LUCAS: "buyer",
        "compta@comptoir-des-pentes.example.fr": "accountant",
        "accueil@comptoir-des-pentes.example.fr": "viewer",
    }.items()
    assert rows[SOPHIE]["member"].is_caller and not rows[LUCAS]["member"].is_caller
    assert CHEF not in body  # another customer's
    assert "Invite a colleague" in body


def test_members_page_in_french(tryton_settings):
    body = _client(SOPHIE, "fr").get("/accounts/members/").content.decode()
    assert "Membres" in body and "Inviter un collègue" in body and "Acheteur" in body


def test_only_admins_open_the_members_page_and_tryton_agrees(tryton_settings, scope_of):
    lucas = _client(LUCAS)
    with count_rpc_calls() as calls:
        assert lucas.get("/accounts/members/").status_code == 403
        invite = {"email": "intruder@example.com", "role": "admin"}
        assert lucas.post("/accounts/members/invite/", invite).status_code == 403
    assert calls.calls == []
    with pytest.raises(TrytonRoleForbidden):
        erp_members.member_list(scope_of(LUCAS))
    with pytest.raises(TrytonRoleForbidden):
        erp_members.member_invite(scope_of(LUCAS), email="intruder@example.com", role="admin")


def test_admin_invites_a_colleague_who_gets_the_invitation(sophie, tryton_admin):
    response = sophie.post(
        "/accounts/members/invite/", {"email": " Nina@Comptoir-des-Pentes.example.fr ",
                                      "role": "accountant"}, follow=True)

    assert response.status_code == 200
    body = response.content.decode()
    assert "nina@comptoir-des-pentes.example.fr is invited as “Accountant”" in body
    nina = _web_user(tryton_admin, "nina@comptoir-des-pentes.example.fr")
    sophie_user = _web_user(tryton_admin, SOPHIE)
    assert (nina["party"], nina["portal_role"], nina["email_kind"], nina["email_valid"]) == (
        sophie_user["party"], "accountant", "invitation", False)
    assert "Invitation sent" in body


@pytest.mark.parametrize("email", ["", "not-an-email", "a" * 250 + "@x.fr"])
def test_invitation_with_a_bad_email_is_a_form_error(sophie, email):
    with count_rpc_calls() as calls:
        response = sophie.post("/accounts/members/invite/", {"email": email, "role": "buyer"})
    assert response.status_code == 400
    assert calls.calls == ["model.web.user.portal_members"]  # the page, no invitation
    assert response.context["invite_form"].errors["email"]


def test_invitation_with_an_unknown_role_is_a_form_error(sophie, tryton_admin):
    response = sophie.post(
        "/accounts/members/invite/", {"email": "owner@example.com", "role": "owner"})
    assert response.status_code == 400
    assert response.context["invite_form"].errors["role"]
    assert _web_user(tryton_admin, "owner@example.com") is None


def test_invitation_of_an_email_with_an_account_is_refused_clearly(sophie):
    response = sophie.post("/accounts/members/invite/", {"email": CHEF, "role": "viewer"})
    assert response.status_code == 400
    assert "already has a portal account" in response.content.decode()


def test_admin_changes_a_role(sophie, tryton_admin):
    members = {r["member"].email: r["member"] for r in
               sophie.get("/accounts/members/").context["rows"]}
    compta = members["compta@comptoir-des-pentes.example.fr"]

    response = sophie.post(
        f"/accounts/members/{compta.id}/role/", {f"m{compta.id}-role": "viewer"}, follow=True)

    assert response.status_code == 200
    assert "is now “Viewer”" in response.content.decode()
    assert _web_user(tryton_admin, compta.email)["portal_role"] == "viewer"
    sophie.post(f"/accounts/members/{compta.id}/role/", {f"m{compta.id}-role": "accountant"})
    assert _web_user(tryton_admin, compta.email)["portal_role"] == "accountant"


def test_admin_removes_a_member_after_confirming(sophie, tryton_admin):
    sophie.post("/accounts/members/invite/", {"email": "temp@example.com", "role": "viewer"})
    temp = _web_user(tryton_admin, "temp@example.com")
    url = f"/accounts/members/{temp['id']}/remove/"

    confirm = sophie.get(url)
    assert confirm.status_code == 200
    assert "Yes, remove temp@example.com" in confirm.content.decode()
    assert _web_user(tryton_admin, "temp@example.com")["active"]  # a GET changes nothing

    response = sophie.post(url, follow=True)
    assert "temp@example.com no longer acts for" in response.content.decode()
    removed = _web_user(tryton_admin, "temp@example.com")
    assert (removed["active"], removed["party"]) == (False, None)


def test_last_admin_is_neither_demoted_nor_removed(tryton_settings, tryton_admin, scope_of):
    chef = _client(CHEF)
    [me] = [r["member"] for r in chef.get("/accounts/members/").context["rows"]]
    assert me.is_caller and me.role == "admin"

    demoted = chef.post(
        f"/accounts/members/{me.id}/role/", {f"m{me.id}-role": "buyer"}, follow=True)
    assert "must keep at least one administrator" in demoted.content.decode()
    assert "must keep at least one administrator" in chef.get(
        f"/accounts/members/{me.id}/remove/").content.decode()
    removed = chef.post(f"/accounts/members/{me.id}/remove/", follow=True)
    assert "must keep at least one administrator" in removed.content.decode()
    # Tryton refuses it too, whatever the portal shows
    with pytest.raises(TrytonValidationError):
        erp_members.member_role_change(scope_of(CHEF), member_id=me.id, role="viewer")
    with pytest.raises(TrytonValidationError):
        erp_members.member_remove(scope_of(CHEF), member_id=me.id)
    chef_user = _web_user(tryton_admin, CHEF)
    assert (chef_user["active"], chef_user["portal_role"]) == (True, "admin")


def test_admin_never_touches_another_customers_members(sophie, tryton_admin, scope_of):
    chef = _web_user(tryton_admin, CHEF)
    with count_rpc_calls() as calls:
        role = sophie.post(
            f"/accounts/members/{chef['id']}/role/", {f"m{chef['id']}-role": "viewer"})
        remove = sophie.post(f"/accounts/members/{chef['id']}/remove/")
    assert (role.status_code, remove.status_code) == (404, 404)
    assert calls.calls == ["model.web.user.portal_members"] * 2  # no change attempted
    with pytest.raises(TrytonValidationError, match="does not exist"):
        erp_members.member_role_change(scope_of(SOPHIE), member_id=chef["id"], role="viewer")
    with pytest.raises(TrytonValidationError, match="does not exist"):
        erp_members.member_remove(scope_of(SOPHIE), member_id=chef["id"])
    after = _web_user(tryton_admin, CHEF)
    assert (after["active"], after["portal_role"]) == (True, "admin")


def test_malformed_role_change_is_refused_without_a_change(sophie, tryton_admin):
    lucas = _web_user(tryton_admin, LUCAS)
    response = sophie.post(
        f"/accounts/members/{lucas['id']}/role/", {f"m{lucas['id']}-role": "owner"},
        follow=True)
    assert response.status_code == 200
    assert "Choose one of the roles." in response.content.decode()
    assert _web_user(tryton_admin, LUCAS)["portal_role"] == "buyer"
    assert sophie.post("/accounts/members/99999999999999999999/role/").status_code == 404

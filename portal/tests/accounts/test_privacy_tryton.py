"""Account → Privacy: a member downloads their personal data and asks to close their
account, against the real trytond and its demo data (tryton/demo/facts.py WEB_USERS).

Le Comptoir des Pentes (customer A) has several members; La Table du Marché (customer B)
has its chef; Claire acts for two shops. The server is this module's own copy.
"""

import json

import pytest
from django.test import Client

from audit.models import Action, AuditEvent
from erp import CustomerScope, identity
from erp import privacy as erp_privacy
from erp.errors import TrytonValidationError
from erp.testing import count_rpc_calls
from tryton.demo.facts import DEMO_PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]

SOPHIE = "sophie@comptoir-des-pentes.example.fr"
LUCAS = "lucas@comptoir-des-pentes.example.fr"
COMPTA = "compta@comptoir-des-pentes.example.fr"
ACCUEIL = "accueil@comptoir-des-pentes.example.fr"
ACHATS = "achats@comptoir-des-pentes.example.fr"
CLAIRE = "claire@maison-garnier.example.fr"
CHEF = "chef@table-du-marche.example.fr"


def _client(email: str, language: str = "en") -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    response = client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


def _download(client) -> dict:
    response = client.get("/accounts/privacy/data/")
    assert response.status_code == 200, response.content.decode()[:2000]
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="personal-data-')
    return json.loads(response.content)


def _closure_requests(tryton_admin, email=None):
    domain = [["email", "=", email]] if email else []
    return tryton_admin.execute(
        "web.user.closure_request", "search_read", domain, 0, None, None,
        ["web_user", "email", "reason", "state"],
    )


def test_privacy_page_is_in_the_account_menu(tryton_settings):
    viewer = _client(ACCUEIL)

    home = viewer.get("/")
    page = viewer.get("/accounts/privacy/")

    assert home.status_code == 200
    assert 'href="/accounts/privacy/"' in home.content.decode()
    assert page.status_code == 200
    body = page.content.decode()
    assert 'href="/accounts/privacy/data/"' in body
    assert 'action="/accounts/privacy/close/"' in body


def test_download_holds_the_members_own_data_only(tryton_settings, demo_customers):
    # Colleagues and another customer leave traces too: none may be in Sophie's file.
    for email in (LUCAS, CHEF):
        _client(email)
    sophie = _client(SOPHIE)

    with count_rpc_calls() as calls:
        data = _download(sophie)

    assert calls.calls == ["model.web.user.portal_personal_data"]
    tryton, portal = data["tryton"], data["portal"]
    assert tryton["web_user"]["email"] == SOPHIE
    assert tryton["party"]["name"] == demo_customers["a"].party_name
    assert "language" in tryton["party"]
    assert tryton["party"]["addresses"]
    assert [(r["customer"]["name"], r["role"]) for r in tryton["roles"]] == [
        (demo_customers["a"].party_name, "admin")
    ]
    assert tryton["notifications"]
    assert portal["account"]["email"] == SOPHIE
    assert portal["two_factor_authentication"]["enabled"] is False
    assert any(s["current"] for s in portal["sessions"])
    assert {e["action"] for e in portal["activity"]} >= {"login"}
    text = json.dumps(data)
    for other in (LUCAS, CHEF, ACHATS, COMPTA, ACCUEIL, demo_customers["b"].party_name):
        assert other not in text
    for secret in ("password", "token", "secret", "session_key"):
        assert secret not in text
    download = AuditEvent.objects.get(action=Action.PERSONAL_DATA_DOWNLOADED)
    assert download.email == SOPHIE
    assert download.party_id == demo_customers["a"].party_id


def test_a_member_of_two_customers_gets_both_roles(tryton_settings):
    data = _download(_client(CLAIRE))

    roles = data["tryton"]["roles"]
    assert len(roles) == 2
    assert all(r["role"] for r in roles)
    assert data["tryton"]["web_user"]["email"] == CLAIRE


def test_download_needs_a_signed_in_member(client, tryton_settings):
    response = client.get("/accounts/privacy/data/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_closure_request_with_a_wrong_password_files_nothing(tryton_settings, tryton_admin):
    lucas = _client(LUCAS)

    response = lucas.post("/accounts/privacy/close/", {"reason": "Bye", "password": "wrong"})

    assert response.status_code == 400
    assert "Your password is not correct." in response.content.decode()
    assert _closure_requests(tryton_admin, LUCAS) == []
    assert not AuditEvent.objects.filter(action=Action.CLOSURE_REQUESTED).exists()


def test_closure_request_is_filed_for_the_member_and_shown_pending(
    tryton_settings, tryton_admin
):
    compta = _client(COMPTA)

    # A field naming another web user is no part of the form: the request is the caller's.
    other_id = tryton_admin.execute("web.user", "search", [["email", "=", ACCUEIL]], 0, 1)[0]
    response = compta.post(
        "/accounts/privacy/close/",
        {"reason": "  We stop buying drinks. ", "password": DEMO_PASSWORD,
         "web_user": other_id},
    )

    assert response.status_code == 302
    assert response["Location"] == "/accounts/privacy/"
    request, = _closure_requests(tryton_admin, COMPTA)
    assert request["state"] == "requested"
    assert request["reason"] == "We stop buying drinks."
    assert request["web_user"] != other_id
    assert _closure_requests(tryton_admin, ACCUEIL) == []
    page = compta.get("/accounts/privacy/")
    assert page.status_code == 200
    assert page.context["pending"].id == request["id"]
    assert 'action="/accounts/privacy/close/"' not in page.content.decode()
    event = AuditEvent.objects.get(action=Action.CLOSURE_REQUESTED)
    assert event.email == COMPTA
    # Filed once: asking again gives the same request.
    compta.post("/accounts/privacy/close/", {"password": DEMO_PASSWORD})
    assert len(_closure_requests(tryton_admin, COMPTA)) == 1
    # The account goes on working until the back office closes it.
    assert compta.get("/orders/").status_code == 200


def test_closure_request_refuses_malformed_input(tryton_settings, tryton_admin):
    viewer = _client(ACCUEIL)

    too_long = viewer.post(
        "/accounts/privacy/close/", {"reason": "x" * 2001, "password": DEMO_PASSWORD}
    )
    no_password = viewer.post("/accounts/privacy/close/", {"reason": "Bye"})
    nul = viewer.post(
        "/accounts/privacy/close/", {"reason": "B\x00ye", "password": DEMO_PASSWORD}
    )
    get = viewer.get("/accounts/privacy/close/")

    assert too_long.status_code == 400
    assert no_password.status_code == 400
    assert nul.status_code == 400
    assert get.status_code == 405
    assert _closure_requests(tryton_admin, ACCUEIL) == []


def test_a_session_cannot_file_for_another_customer(tryton_settings, tryton_admin,
                                                     demo_customers):
    """Lucas's session with customer B as its party: Tryton knows nobody to file for."""
    login = identity.web_user_login(email=LUCAS, password=DEMO_PASSWORD,
                                    remote_address="127.0.0.1")
    scope = CustomerScope(party_id=demo_customers["b"].party_id, web_session=login.session)
    try:
        with pytest.raises(TrytonValidationError, match="does not exist"):
            erp_privacy.closure_request(scope, password=DEMO_PASSWORD, reason="Hijack")
        with pytest.raises(TrytonValidationError, match="does not exist"):
            erp_privacy.personal_data_get(scope)
    finally:
        identity.web_user_logout(session=login.session)
    assert _closure_requests(tryton_admin, LUCAS) == []
    assert _closure_requests(tryton_admin, CHEF) == []

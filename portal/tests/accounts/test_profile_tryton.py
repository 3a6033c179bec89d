"""Account → Profile and the change of the sign-in e-mail, end to end against the real
trytond: the profile lives on the Tryton web user; the e-mail change link is read from the
SMTP sink Tryton sends to, followed as the customer would, and the new address signs in.
"""

import html
import re
from urllib.parse import urlsplit

import pytest
from django.test import Client

from audit.models import Action, AuditEvent
from erp.testing import count_rpc_calls
from portal.tests.fixtures.real_tryton import member_client
from portal.tests.fixtures.smtp_sink import mailing_tryton
from tryton.demo.facts import DEMO_PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]

# Demo web users that only this module's server sees change.
LUCAS = "lucas@comptoir-des-pentes.example.fr"
BULLES = "commandes@saveurs-et-bulles.example.fr"
CHEF = "chef@table-du-marche.example.fr"
NEW_EMAIL = "direction@saveurs-et-bulles.example.fr"
LINK = re.compile(r'href="([^"]*/accounts/email/confirm/\?[^"]*)"')


# Its e-mail change links land beside the reset page of the portal, as in production.
mail, tryton_server = mailing_tryton(
    web={"reset_password_url": "http://testserver/accounts/password/reset/key/"})


def _web_user(tryton_admin, email):
    rows = tryton_admin.execute(
        "web.user", "search_read", [["email", "=", email]], 0, 1, None,
        ["portal_name", "portal_phone", "portal_language.code", "email_valid"],
    )
    return rows[0] if rows else None


def test_profile_page_costs_one_call_cold_and_none_warm(tryton_settings):
    lucas = member_client(LUCAS)

    with count_rpc_calls() as cold:
        page = lucas.get("/accounts/profile/")
    with count_rpc_calls() as warm:
        again = lucas.get("/accounts/profile/")

    assert page.status_code == 200 and again.status_code == 200
    assert "model.web.user.portal_profile" in cold.calls
    assert len(cold.calls) <= 3, cold.calls
    assert warm.calls == []
    body = page.content.decode()
    assert LUCAS in body and 'href="/accounts/email/"' in body
    assert 'href="/accounts/profile/"' in body  # the account menu links it


def test_member_saves_name_phone_and_language_in_tryton(tryton_settings, tryton_admin):
    lucas = member_client(LUCAS)

    response = lucas.post(
        "/accounts/profile/",
        {"name": "Lucas Bernard", "phone": "+33 4 78 00 00 01", "language": "fr"},
    )

    assert response.status_code == 302
    assert response.cookies["django_language"].value == "fr"
    stored = _web_user(tryton_admin, LUCAS)
    assert stored["portal_name"] == "Lucas Bernard"
    assert stored["portal_phone"] == "+33 4 78 00 00 01"
    assert stored["portal_language."]["code"] == "fr"
    page = lucas.get(response["Location"])
    assert '<html lang="fr">' in page.content.decode()
    assert page.context["form"].initial["name"] == "Lucas Bernard"
    assert AuditEvent.objects.filter(action=Action.PROFILE_CHANGED, email=LUCAS).exists()
    # On another browser, signing in brings the language chosen here.
    elsewhere = Client()
    signed_in = elsewhere.post("/accounts/login/", {"login": LUCAS, "password": DEMO_PASSWORD})
    assert signed_in.status_code == 302
    assert signed_in.cookies["django_language"].value == "fr"
    assert '<html lang="fr">' in elsewhere.get(signed_in["Location"]).content.decode()


@pytest.mark.parametrize(
    "data",
    [
        {"name": "x" * 121, "phone": "", "language": ""},
        {"name": "", "phone": "", "language": "xx"},
        {"name": "nul\x00", "phone": "", "language": ""},
    ],
)
def test_malformed_profile_is_refused_clearly(tryton_settings, tryton_admin, data):
    lucas = member_client(LUCAS)
    before = _web_user(tryton_admin, LUCAS)

    response = lucas.post("/accounts/profile/", data)

    assert response.status_code == 400
    assert _web_user(tryton_admin, LUCAS) == before


def _request_change(client, mail, *, password=DEMO_PASSWORD, email=NEW_EMAIL):
    return client.post("/accounts/email/", {"email": email, "password": password})


def _link(mail, email) -> str:
    body = mail.sent_to(email)[-1].get_body(("html",)).get_content()
    url = urlsplit(html.unescape(LINK.search(body).group(1)))
    return f"{url.path}?{url.query}"


def test_e_mail_change_by_a_link_to_the_new_address(tryton_settings, tryton_admin, mail):
    client = member_client(BULLES)
    wrong = _request_change(client, mail, password="not my password at all")
    assert wrong.status_code == 400 and "not correct" in wrong.content.decode()
    assert mail.sent_to(NEW_EMAIL) == []

    response = _request_change(client, mail)

    assert response.status_code == 302 and response["Location"] == "/accounts/profile/"
    [message] = mail.sent_to(NEW_EMAIL)
    link = _link(mail, NEW_EMAIL)
    # Nothing changes before the link is followed.
    assert _web_user(tryton_admin, BULLES) is not None
    assert Client().post(
        "/accounts/login/", {"login": BULLES, "password": DEMO_PASSWORD}
    ).status_code == 302

    # The token leaves the address bar at once; a GET changes nothing.
    landing = client.get(link)
    assert landing.status_code == 302 and landing["Location"] == "/accounts/email/confirm/"
    assert client.get("/accounts/email/confirm/").status_code == 200
    assert _web_user(tryton_admin, NEW_EMAIL) is None
    notices_before = len(mail.sent_to(BULLES))
    done = client.post("/accounts/email/confirm/")

    assert done.status_code == 302 and done["Location"] == "/accounts/profile/"
    assert _web_user(tryton_admin, NEW_EMAIL)["email_valid"]  # 1 on SQLite
    assert _web_user(tryton_admin, BULLES) is None
    assert len(mail.sent_to(BULLES)) == notices_before + 1  # the old address is told
    assert client.get("/accounts/profile/").context["user"].email == NEW_EMAIL
    fresh = Client()
    signed_in = fresh.post("/accounts/login/", {"login": NEW_EMAIL, "password": DEMO_PASSWORD})
    assert signed_in.status_code == 302
    old = Client().post("/accounts/login/", {"login": BULLES, "password": DEMO_PASSWORD})
    assert old.status_code == 200
    # The link works once.
    other = Client()
    assert other.get(link).status_code == 302
    again = other.post("/accounts/email/confirm/")
    assert again.status_code == 200 and "not valid any more" in again.content.decode()
    assert AuditEvent.objects.filter(action=Action.EMAIL_CHANGE_REQUESTED).exists()
    assert AuditEvent.objects.filter(action=Action.EMAIL_CHANGED, email=NEW_EMAIL).exists()


def test_e_mail_of_another_account_is_refused(tryton_settings, tryton_admin, mail):
    lucas = member_client(LUCAS)
    count = len(mail.messages)

    response = _request_change(lucas, mail, email=CHEF.upper())

    assert response.status_code == 400
    assert "already has a portal account" in response.content.decode()
    assert len(mail.messages) == count


def test_a_made_up_link_is_refused_clearly(client, tryton_settings):
    assert client.get("/accounts/email/confirm/?token=" + "0" * 64).status_code == 302

    response = client.post("/accounts/email/confirm/")

    assert response.status_code == 200
    assert "not valid any more" in response.content.decode()

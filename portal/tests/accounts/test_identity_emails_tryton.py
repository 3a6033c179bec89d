"""The e-mails about a member's identity, as the customer receives them from the real
trytond: HTML with a text part, in the language of the member's party, naming the
supplier. Tryton sends them to an SMTP sink of the test.
"""

import html
import re
from urllib.parse import urlsplit

import pytest
from django.test import Client

from portal.tests.fixtures.real_tryton import sign_in
from portal.tests.fixtures.smtp_sink import mailing_tryton
from tryton.demo.facts import COMPANY_NAME, DEMO_PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]

FRENCH = "commandes@saveurs-et-bulles.example.fr"  # C-BULLES, set to French below
ENGLISH = "chef@table-du-marche.example.fr"  # C-MARCHE, set to English below
SOPHIE = "sophie@comptoir-des-pentes.example.fr"  # C-PENTES, set to French below
INVITEE = "nouvelle@comptoir-des-pentes.example.fr"
NEW_PASSWORD = "seven green bottles on the wall"
LINK = re.compile(r'href="([^"]*/accounts/password/reset/key/\?[^"]*)"')


mail, tryton_server = mailing_tryton(
    web={
        "reset_password_url": "http://testserver/accounts/password/reset/key/",
        "email_validation_url": "http://testserver/accounts/email/validate/",
    }
)


@pytest.fixture(scope="module")
def languages(tryton_server, tryton_admin):
    """The parties of the module's web users speak French or English."""
    lang_ids = {
        code: tryton_admin.execute("ir.lang", "search", [["code", "=", code]], 0, 1)[0]
        for code in ("fr", "en")
    }
    for email, code in ((FRENCH, "fr"), (ENGLISH, "en"), (SOPHIE, "fr")):
        user, = tryton_admin.execute(
            "web.user", "search_read", [["email", "=", email]], 0, 1, None, ["party"]
        )
        tryton_admin.execute("party.party", "write", [user["party"]], {"lang": lang_ids[code]})
    return lang_ids


def _web_user_id(tryton_admin, email):
    return tryton_admin.execute("web.user", "search", [["email", "=", email]], 0, 1)[0]


def _parts(message):
    """(subject, text, HTML) of an e-mail that must be multipart/alternative."""
    assert message.get_content_type() == "multipart/alternative"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    # The text part is wrapped at 78 columns: compare words, not lines.
    return (
        str(message["Subject"]),
        " ".join(message.get_body(("plain",)).get_content().split()),
        message.get_body(("html",)).get_content(),
    )


def _last(mail, email, before):
    messages = mail.sent_to(email)
    assert len(messages) == before + 1, [str(m["Subject"]) for m in messages]
    return messages[-1]


def test_reset_email_is_in_french_for_a_french_customer(
    client, tryton_settings, mail, languages
):
    before = len(mail.sent_to(FRENCH))

    assert client.post("/accounts/password/reset/", {"email": FRENCH}).status_code == 302
    message = _last(mail, FRENCH, before)

    subject, text, body = _parts(message)
    assert subject.startswith("Réinitialiser le mot de passe · ")
    assert COMPANY_NAME in subject
    assert message["Content-Language"] == "fr"
    for part in (text, body):
        assert "Choisir un nouveau mot de passe" in part
        assert COMPANY_NAME in part
        assert FRENCH in part
    assert "Choose" not in body
    assert LINK.search(body)
    assert "/accounts/password/reset/key/?" in text


def test_reset_email_is_in_english_for_an_english_customer(
    client, tryton_settings, mail, languages
):
    before = len(mail.sent_to(ENGLISH))

    assert client.post("/accounts/password/reset/", {"email": ENGLISH}).status_code == 302
    subject, text, body = _parts(_last(mail, ENGLISH, before))

    assert subject == f"Reset Password · {subject.split(' · ', 1)[1]}"
    assert COMPANY_NAME in subject
    for part in (text, body):
        assert "Choose a new password" in part


def test_validation_email_from_the_back_office_is_in_french(
    tryton_settings, tryton_admin, mail, languages
):
    web_user_id = _web_user_id(tryton_admin, FRENCH)
    # The button is for an address not yet proved.
    tryton_admin.execute("web.user", "write", [web_user_id], {"email_valid": False})
    before = len(mail.sent_to(FRENCH))

    tryton_admin.execute("web.user", "validate_email", [web_user_id])
    message = _last(mail, FRENCH, before)

    subject, text, body = _parts(message)
    assert COMPANY_NAME in subject
    for part in (text, body):
        assert "Confirmer mon adresse" in part
        assert COMPANY_NAME in part
    assert "http://testserver/accounts/email/validate/?" in html.unescape(body)
    tryton_admin.execute("web.user", "write", [web_user_id], {"email_valid": True})


def test_invitation_is_in_french_and_its_first_password_sends_no_notice(
    tryton_settings, mail, languages
):
    sophie = Client()
    assert sign_in(sophie, type("A", (), {"email": SOPHIE, "password": DEMO_PASSWORD})) \
        .status_code == 302

    response = sophie.post("/accounts/members/invite/", {"email": INVITEE, "role": "viewer"})
    assert response.status_code == 302
    message = _last(mail, INVITEE, 0)

    subject, text, body = _parts(message)
    assert subject.startswith("Invitation au portail client · ")
    for part in (text, body):
        assert "Choisir mon mot de passe" in part
        assert f"Bienvenue sur le portail client de {COMPANY_NAME}" in part
    url = urlsplit(html.unescape(LINK.search(body).group(1)))
    invitee = Client()
    key = invitee.get(f"{url.path}?{url.query}")
    assert key.status_code == 302
    chosen = invitee.post(key["Location"], {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert chosen.status_code == 302
    # Choosing the first password changes none: no "password changed" notice.
    assert len(mail.sent_to(INVITEE)) == 1


def test_password_change_sends_a_french_notice(tryton_settings, mail, languages):
    client = Client()
    account = type("A", (), {"email": FRENCH, "password": DEMO_PASSWORD})
    assert sign_in(client, account).status_code == 302
    before = len(mail.sent_to(FRENCH))

    response = client.post(
        "/accounts/password/change/",
        {"old_password": DEMO_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    subject, text, body = _parts(_last(mail, FRENCH, before))
    assert subject.startswith("Mot de passe modifié · ")
    for part in (text, body):
        assert "vient d'être modifié" in part
        assert COMPANY_NAME in part


def test_e_mail_change_link_and_notice_are_in_french(tryton_settings, mail, languages):
    """The link to the new address and the notice to the old one, both in the member's
    language. Last in this file: Sophie signs in with her new address afterwards."""
    new_address = "sophie.martin@comptoir-des-pentes.example.fr"
    client = Client()
    account = type("A", (), {"email": SOPHIE, "password": DEMO_PASSWORD})
    assert sign_in(client, account).status_code == 302

    asked = client.post("/accounts/email/", {"email": new_address, "password": DEMO_PASSWORD})

    assert asked.status_code == 302
    subject, text, body = _parts(_last(mail, new_address, 0))
    assert subject.endswith(f" · {COMPANY_NAME}")
    for part in (text, body):
        assert "Confirmer ma nouvelle adresse" in part
        assert new_address in part.replace(" ", "")
        assert COMPANY_NAME in part
    assert "Confirm my" not in body
    link = urlsplit(html.unescape(
        re.search(r'href="([^"]*/accounts/email/confirm/\?[^"]*)"', body).group(1)))
    notices_before = len(mail.sent_to(SOPHIE))
    assert client.get(f"{link.path}?{link.query}").status_code == 302
    assert client.post("/accounts/email/confirm/").status_code == 302

    subject, text, body = _parts(_last(mail, SOPHIE, notices_before))
    assert subject.endswith(f" · {COMPANY_NAME}")
    for part in (text, body):
        assert "se connecte désormais avec" in part
        # The text part is wrapped, an address possibly at one of its hyphens.
        assert new_address in part.replace(" ", "")

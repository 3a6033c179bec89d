"""manage.py portal_invite against the real trytond: a company switching to the portal
invites its customers' contacts in bulk, as a back-office user of Portal Administration.
"""

import time
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from portal.tests.accounts import test_password_reset_tryton as password_reset
from portal.tests.accounts.test_members_tryton import _web_user as web_user

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]

# The reset tests' trytond, whose e-mails reach an SMTP sink.
mail = password_reset.mail
tryton_server = password_reset.tryton_server

# C-PENTES's contact e-mail (tryton/demo/facts.py), which has no web user; its web
# users (Sophie and others) are contacts only as web users.
PARTY = "C-PENTES"
CONTACT = "contact@comptoir-des-pentes.example.fr"
BACKOFFICE_PASSWORD = "back office portal admin 2026"


@pytest.fixture
def lea(tryton_admin, tryton_settings, monkeypatch):
    """A back-office user of Portal Administration, as the command runs."""
    [group] = tryton_admin.execute(
        "res.group", "search", [["name", "=", "Portal Administration"]], 0, 1, None)
    if not tryton_admin.execute("res.user", "search", [["login", "=", "lea"]], 0, 1, None):
        tryton_admin.execute("res.user", "create", [{
            "login": "lea", "name": "Léa Marchand", "password": BACKOFFICE_PASSWORD,
            "groups": [["add", [group]]],
        }])
    monkeypatch.setenv("PORTAL_BACKOFFICE_PASSWORD", BACKOFFICE_PASSWORD)
    return "lea"


def invite(*args) -> str:
    out = StringIO()
    call_command("portal_invite", *args, stdout=out)
    return out.getvalue()


def wait_for_mail(mail, address, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if mail.sent_to(address):
            return mail.sent_to(address)
        time.sleep(0.1)
    return []


def test_dry_run_prints_what_it_would_do_and_changes_nothing(lea, tryton_admin, mail):
    output = invite("--party", PARTY, "--dry-run", "--tryton-login", lea)

    assert f"{PARTY} Le Comptoir des Pentes: {CONTACT}: would invite as viewer" in output
    assert "1 contact(s) would be invited (dry run: nothing changed)." in output
    assert web_user(tryton_admin, CONTACT) is None
    time.sleep(1)  # an e-mail would be sent at the commit
    assert mail.sent_to(CONTACT) == []


def test_contacts_are_invited_through_tryton_once(lea, tryton_admin, mail):
    output = invite("--party", PARTY, "--tryton-login", lea)

    assert f"{CONTACT}: invited as viewer" in output
    created = web_user(tryton_admin, CONTACT)
    assert created["portal_role"] == "viewer" and created["email_kind"] == "invitation"
    [message] = wait_for_mail(mail, CONTACT)
    assert "/accounts/password/reset/key/?" in message.get_body(("html",)).get_content()
    again = invite("--party", PARTY, "--tryton-login", lea)
    assert f"{CONTACT}: skipped, has a portal account" in again
    assert "0 contact(s) invited." in again


def test_a_party_without_portal_user_gets_an_administrator_first(lea, tryton_admin):
    # L'Alambic Vert has no web user in the demo (tryton/demo/facts.py WEB_USERS).
    output = invite("--party", "C-ALAMBIC", "--tryton-login", lea)

    assert "hello@alambic-vert.example.fr: invited as admin" in output
    assert web_user(tryton_admin, "hello@alambic-vert.example.fr")["portal_role"] == "admin"


def test_an_unknown_party_is_a_clear_error(lea):
    with pytest.raises(CommandError, match='No party has the id or code "C-NOWHERE"'):
        invite("--party", "C-NOWHERE", "--dry-run", "--tryton-login", lea)


def test_the_portal_service_user_may_not_invite(tryton_settings, tryton_server, monkeypatch):
    monkeypatch.setenv("PORTAL_BACKOFFICE_PASSWORD", tryton_server.service_password)

    with pytest.raises(CommandError):
        invite("--party", PARTY, "--dry-run", "--tryton-login", tryton_server.service_login)

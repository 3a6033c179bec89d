"""Notifications → E-mail settings: a member reads and changes their own e-mail switches,
against the real trytond and its demo data (tryton/demo/facts.py WEB_USERS).

Le Comptoir des Pentes (customer A): Sophie administers it, Lucas is its buyer. This
module's trytond is its own copy of the demo database.
"""

import pytest

from erp import CustomerScope, identity
from erp import notifications as erp_notifications
from erp.errors import TrytonValidationError
from erp.testing import count_rpc_calls
from notifications.email_kinds import EMAIL_KINDS
from tryton.demo.facts import DEMO_PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]

SOPHIE = "sophie@comptoir-des-pentes.example.fr"
LUCAS = "lucas@comptoir-des-pentes.example.fr"
URL = "/notifications/settings/"
BILLING_KINDS = {"invoice_posted", "invoice_overdue"}



def _stored(tryton_admin, email) -> set[str]:
    """The web user's switches as Tryton's administrator reads them: the reference."""
    row, = tryton_admin.execute(
        "web.user", "search_read", [["email", "=", email]], 0, 1, None,
        ["portal_notifications"],
    )
    return set(row["portal_notifications"])


def _checked(response) -> set[str]:
    return set(response.context["form"]["kinds"].value())


def test_member_reads_their_switches_in_one_call(member_client, tryton_admin):
    sophie = member_client(SOPHIE)
    with count_rpc_calls() as calls:
        response = sophie.get(URL)

    assert response.status_code == 200
    assert calls.calls == ["model.web.user.portal_notification_settings"]
    assert _checked(response) == _stored(tryton_admin, SOPHIE) == set(EMAIL_KINDS)
    body = response.content.decode()
    assert str(EMAIL_KINDS["invoice_overdue"]) in body
    assert 'type="checkbox"' in body


def test_buyer_is_not_offered_the_invoice_emails(member_client):
    response = member_client(LUCAS).get(URL)

    assert response.status_code == 200
    offered = {value for value, _ in response.context["form"].fields["kinds"].choices}
    assert offered == set(EMAIL_KINDS) - BILLING_KINDS
    assert str(EMAIL_KINDS["invoice_posted"]) not in response.content.decode()


def test_member_changes_their_own_switches_only(member_client, tryton_admin):
    sophie = member_client(SOPHIE)
    lucas_before = _stored(tryton_admin, LUCAS)

    with count_rpc_calls() as calls:
        response = sophie.post(URL, {"kinds": ["quotation", "invoice_overdue"]})

    assert response.status_code == 302
    assert response.url == URL
    assert calls.calls == [
        "model.web.user.portal_notification_settings",
        "model.web.user.portal_notification_settings_set",
    ]
    assert _stored(tryton_admin, SOPHIE) == {"quotation", "invoice_overdue"}
    assert _stored(tryton_admin, LUCAS) == lucas_before
    reread = sophie.get(URL)
    assert _checked(reread) == {"quotation", "invoice_overdue"}
    assert "Your e-mail settings are saved." in reread.content.decode()

    sophie.post(URL, {"kinds": list(EMAIL_KINDS)})
    assert _stored(tryton_admin, SOPHIE) == set(EMAIL_KINDS)


def test_unticking_everything_switches_every_email_off(member_client, tryton_admin):
    lucas = member_client(LUCAS)

    assert lucas.post(URL, {}).status_code == 302
    # The invoice e-mails, not the buyer's to change, keep their value.
    assert _stored(tryton_admin, LUCAS) == BILLING_KINDS

    lucas.post(URL, {"kinds": sorted(set(EMAIL_KINDS) - BILLING_KINDS)})
    assert _stored(tryton_admin, LUCAS) == set(EMAIL_KINDS)


@pytest.mark.parametrize("data", [
    {"kinds": ["no-such-kind"]},
    {"kinds": ["quotation", "x" * 5000]},
    {"kinds": ["invoice_posted"]},  # a kind the buyer is not offered
])
def test_malformed_post_is_a_clear_error_and_changes_nothing(
        member_client, tryton_admin, data):
    lucas = member_client(LUCAS)
    before = _stored(tryton_admin, LUCAS)

    with count_rpc_calls() as calls:
        response = lucas.post(URL, data)

    assert response.status_code == 400
    assert calls.calls == ["model.web.user.portal_notification_settings"]
    assert "is not one of the available choices" in response.content.decode()
    assert _stored(tryton_admin, LUCAS) == before


def test_tryton_refuses_a_buyer_the_invoice_switches(tryton_settings, tryton_admin):
    """The page hides them; Tryton refuses them too, whoever calls."""
    login = identity.web_user_login(
        email=LUCAS, password=DEMO_PASSWORD, remote_address="127.0.0.1")
    scope = CustomerScope(party_id=login.user.party.id, web_session=login.session)
    before = _stored(tryton_admin, LUCAS)
    try:
        with pytest.raises(TrytonValidationError):
            erp_notifications.notification_settings_set(scope, kinds=["invoice_posted"])
    finally:
        identity.web_user_logout(session=login.session)
    assert _stored(tryton_admin, LUCAS) == before


def test_settings_page_in_french(member_client):
    body = member_client(SOPHIE, "fr").get(URL).content.decode()
    assert "Réglages des e-mails" in body and "Un devis est prêt pour vous" in body


def test_notification_list_links_to_the_settings(member_client):
    body = member_client(SOPHIE).get("/notifications/").content.decode()
    assert f'href="{URL}"' in body

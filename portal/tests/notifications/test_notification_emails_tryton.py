"""End to end: the back office quotes a sale in Tryton and the customer's members are
e-mailed, but for the member who switched quotations off in the portal.

This module's trytond e-mails to an SMTP sink of the test, with links to the portal
(``[portal] url``). Without a worker, trytond sends the queued e-mails as soon as the back
office's call is committed, before it answers.
"""

import html
import re
from urllib.parse import urlsplit

import pytest

from portal.tests.fixtures.smtp_sink import mailing_tryton

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]

PORTAL_URL = "http://testserver"
SOPHIE = "sophie@comptoir-des-pentes.example.fr"
LUCAS = "lucas@comptoir-des-pentes.example.fr"
ORDER_LINK = re.compile(r'href="(http://testserver/orders/\d+/)"')
# The quotation e-mail's subject, in each demo customer's language (facts.CUSTOMERS).
QUOTATION_READY = {"fr": "est prêt pour vous", "en": "is ready for you"}


# Its e-mails link to the portal.
mail, tryton_server = mailing_tryton(portal={"url": PORTAL_URL})



def _members(tryton_admin, party_id) -> set[str]:
    """The active web users acting for the party, as Tryton's administrator reads them."""
    rows = tryton_admin.execute(
        "web.user", "search_read",
        ["OR", ["party", "=", party_id], ["secondary_parties", "=", party_id]],
        0, None, None, ["email"],
    )
    return {row["email"] for row in rows}


def _language(tryton_admin, party_id) -> str:
    """The party's language code, which its e-mails are written in."""
    party, = tryton_admin.execute("party.party", "read", [party_id], ["lang.code"])
    return party["lang."]["code"]


def test_quotation_emailed_to_the_members_who_want_it(
        member_client, tryton_admin, demo_customers, mail):
    party_a = demo_customers["a"].party_id
    lucas = member_client(LUCAS)
    kinds = lucas.get("/notifications/settings/").context["form"]["kinds"].value()
    assert lucas.post(
        "/notifications/settings/", {"kinds": [k for k in kinds if k != "quotation"]}
    ).status_code == 302
    draft, = tryton_admin.execute(
        "sale.sale", "search_read",
        [["party", "=", party_a], ["state", "=", "draft"], ["lines", "!=", None]],
        0, 1, [["id", "ASC"]], ["number"],
    )
    mail.messages.clear()

    tryton_admin.execute("sale.sale", "quote", [draft["id"]])

    recipients = {str(m["To"]) for m in mail.messages}
    assert recipients == _members(tryton_admin, party_a) - {LUCAS}
    assert demo_customers["b"].email not in recipients
    message, = mail.sent_to(SOPHIE)
    assert QUOTATION_READY[_language(tryton_admin, party_a)] in message["Subject"]
    link = html.unescape(ORDER_LINK.search(message.get_body(("html",)).get_content()).group(1))
    assert urlsplit(link).path == f"/orders/{draft['id']}/"
    assert f"{PORTAL_URL}/notifications/settings/" in message.get_body(("plain",)).get_content()

    response = member_client(SOPHIE).get(urlsplit(link).path)
    assert response.status_code == 200

"""Forgotten and changed passwords, end to end against the real trytond.

Tryton sends the reset e-mail to an SMTP sink of the test; its link is followed as the
customer would, and the new password is checked by signing in.
"""

import datetime as dt
import html
import re
from urllib.parse import urlsplit

import pytest
from django.test import Client

from portal.tests.fixtures.real_tryton import sign_in
from portal.tests.fixtures.smtp_sink import mailing_tryton
from tryton.demo.facts import DEMO_PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]

# Demo web users that only this module's server sees change their password.
RESET_EMAIL = "commandes@saveurs-et-bulles.example.fr"
CHANGE_EMAIL = "claire@maison-garnier.example.fr"
EXPIRED_EMAIL = "achats@comptoir-des-pentes.example.fr"
NEW_PASSWORD = "seven green bottles on the wall"
LINK = re.compile(r'href="([^"]*/accounts/password/reset/key/\?[^"]*)"')


# Its links land on the portal's reset page.
mail, tryton_server = mailing_tryton(
    web={"reset_password_url": "http://testserver/accounts/password/reset/key/"})


class Account:
    def __init__(self, email, password=DEMO_PASSWORD):
        self.email, self.password = email, password


def request_link(client, mail, email) -> str:
    """Ask for a reset e-mail on the portal's page; return the path of its link."""
    before = len(mail.sent_to(email))
    response = client.post("/accounts/password/reset/", {"email": email})
    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    messages = mail.sent_to(email)
    assert len(messages) == before + 1
    body = messages[-1].get_body(("html",)).get_content()
    url = urlsplit(html.unescape(LINK.search(body).group(1)))
    return f"{url.path}?{url.query}"


def choose_password(client, link, password=NEW_PASSWORD, again=None):
    response = client.get(link)
    assert response.status_code == 302
    # The token leaves the address bar (and any Referer) at once.
    assert response["Location"] == "/accounts/password/reset/key/"
    return client.post(
        response["Location"], {"password1": password, "password2": again or password}
    )


def test_login_page_offers_the_reset(client, tryton_settings):
    page = client.get("/accounts/login/")

    assert page.status_code == 200
    assert 'href="/accounts/password/reset/"' in page.content.decode()


def test_reset_by_e_mail_link_sets_the_password_and_ends_other_sessions(
    client, tryton_settings, mail
):
    elsewhere = Client()
    assert sign_in(elsewhere, Account(RESET_EMAIL)).status_code == 302
    assert elsewhere.get("/orders/").status_code == 200
    link = request_link(client, mail, RESET_EMAIL)

    response = choose_password(client, link)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"
    page = client.get(response["Location"])
    assert "Your password has been changed" in page.content.decode()
    assert sign_in(Client(), Account(RESET_EMAIL, NEW_PASSWORD)).status_code == 302
    old = sign_in(Client(), Account(RESET_EMAIL))
    assert old.status_code == 200 and "not correct" in old.content.decode()
    gone = elsewhere.get("/orders/")
    assert gone.status_code == 302 and gone["Location"].startswith("/accounts/login/")
    # The link works once.
    again = choose_password(client, link, "another long passphrase")
    assert again.status_code == 200
    assert "already been used" in again.content.decode()
    assert sign_in(Client(), Account(RESET_EMAIL, NEW_PASSWORD)).status_code == 302


def test_unknown_e_mail_gets_the_same_answer_and_no_e_mail(client, tryton_settings, mail):
    count = len(mail.messages)

    response = client.post("/accounts/password/reset/", {"email": "nobody@example.com"})

    assert response.status_code == 302
    assert response["Location"] == "/accounts/password/reset/done/"
    assert len(mail.messages) == count
    assert client.get(response["Location"]).status_code == 200


def test_expired_link_is_refused_clearly(client, tryton_settings, tryton_admin, mail):
    link = request_link(client, mail, EXPIRED_EMAIL)
    [web_user] = tryton_admin.execute("web.user", "search", [("email", "=", EXPIRED_EMAIL)])
    tryton_admin.execute(
        "web.user",
        "write",
        [web_user],
        # Tryton's datetimes are naive UTC (trytond sets TZ=UTC). This process's local
        # time is not: Django sets TZ to its TIME_ZONE, and a test overriding TIME_ZONE
        # sets it again on its way out, so now() here may be Paris time.
        {"reset_password_token_expire":
            dt.datetime.now(dt.UTC).replace(tzinfo=None) - dt.timedelta(minutes=1)},
    )

    response = choose_password(client, link)

    assert response.status_code == 200
    assert "has expired" in response.content.decode()
    assert sign_in(Client(), Account(EXPIRED_EMAIL)).status_code == 302


def test_wrong_token_is_refused_clearly(client, tryton_settings):
    response = choose_password(
        client, f"/accounts/password/reset/key/?email={EXPIRED_EMAIL}&token=guess"
    )

    assert response.status_code == 200
    assert "not valid any more" in response.content.decode()


@pytest.mark.parametrize(
    ("password", "again", "error"),
    [
        ("short pass", None, "at least 12 characters"),
        ("password1234", None, "too common"),
        (NEW_PASSWORD, "something else entirely", "not the same"),
    ],
)
def test_weak_or_mistyped_password_is_refused(
    client, tryton_settings, mail, password, again, error
):
    link = request_link(client, mail, EXPIRED_EMAIL)

    response = choose_password(client, link, password, again)

    assert response.status_code == 200
    assert error in response.content.decode()
    # Nothing reached Tryton: the link still works.
    assert choose_password(client, link, "a perfectly fine passphrase").status_code == 302
    change_back(EXPIRED_EMAIL, "a perfectly fine passphrase")


def change_back(email, password):
    client = Client()
    assert sign_in(client, Account(email, password)).status_code == 302
    response = client.post(
        "/accounts/password/change/",
        {"old_password": password, "password1": DEMO_PASSWORD, "password2": DEMO_PASSWORD},
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_reset_requests_are_throttled_per_e_mail(client, tryton_settings, settings):
    settings.ACCOUNT_RATE_LIMITS = {"reset_password": "20/m/ip,3/15m/key"}  # as in base.py
    statuses = [
        client.post("/accounts/password/reset/", {"email": "nobody@example.com"}).status_code
        for _ in range(4)
    ]

    assert statuses == [302, 302, 302, 429]


def test_change_password_keeps_this_session_and_ends_the_others(client, tryton_settings):
    account = Account(CHANGE_EMAIL)
    other = Client()
    assert sign_in(client, account).status_code == 302
    assert sign_in(other, account).status_code == 302
    assert other.get("/orders/").status_code == 200

    wrong = client.post(
        "/accounts/password/change/",
        {"old_password": "not it", "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 200
    assert "current password is not correct" in wrong.content.decode()

    response = client.post(
        "/accounts/password/change/",
        {"old_password": DEMO_PASSWORD, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert "Your password has been changed" in client.get("/").content.decode()
    # Even a page this customer's data fills from the cache.
    assert client.get("/orders/").status_code == 200
    gone = other.get("/orders/")
    assert gone.status_code == 302 and gone["Location"].startswith("/accounts/login/")
    assert sign_in(Client(), Account(CHANGE_EMAIL, NEW_PASSWORD)).status_code == 302
    assert sign_in(Client(), account).status_code == 200

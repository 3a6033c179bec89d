"""Two-factor authentication (TOTP, recovery codes) over Tryton's password, end to end.

Tryton checks the password; the portal then asks for the code of the authenticator app
(allauth.mfa). Codes are computed with allauth's own TOTP helpers from the secret the
activation page shows, as the customer's phone would.
"""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import (
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from django.test import Client

from accounts.adapter import SESSION_PENDING_TRYTON_KEY
from accounts.customer import SESSION_TRYTON_KEY
from erp import identity
from portal.tests.accounts import test_password_reset_tryton as password_reset
from portal.tests.accounts.test_password_reset_tryton import (
    Account,
    choose_password,
    request_link,
)
from portal.tests.fixtures.real_tryton import sign_in

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]

# The reset tests' trytond, whose e-mails (and their links) reach an SMTP sink.
mail = password_reset.mail
tryton_server = password_reset.tryton_server

BUYER = "lucas@comptoir-des-pentes.example.fr"  # MFA optional for a buyer
VIEWER = "accueil@comptoir-des-pentes.example.fr"
# Only the reset test changes its password (one trytond for the whole module).
ACCOUNTANT = "compta@comptoir-des-pentes.example.fr"
ADMIN = "sophie@comptoir-des-pentes.example.fr"
RESET_PASSWORD = "a quiet orchard after the rain"
LOGIN_CODE_PAGE = "/accounts/2fa/authenticate/"
ACTIVATE_PAGE = "/accounts/2fa/totp/activate/"


def totp_code(secret: str, *, step: int = 0) -> str:
    """The code an authenticator app shows now (step 0), or ``step`` periods later.

    Each code is accepted once: a later step (within MFA_TOTP_TOLERANCE) is a fresh one.
    """
    counter = next(yield_hotp_counters_from_time())
    return format_hotp_value(hotp_value(secret, counter + step))


def totp_activate(client) -> str:
    """Turn TOTP on for the signed-in member through the activation page; return its
    secret."""
    page = client.get(ACTIVATE_PAGE)
    assert page.status_code == 200, page.status_code
    secret = page.context["form"].secret
    response = client.post(ACTIVATE_PAGE, {"code": totp_code(secret)})
    assert response.status_code == 302, response.content.decode()[:2000]
    return secret


def signed_in_with_totp(email: str) -> tuple[Client, str]:
    client = Client()
    assert sign_in(client, Account(email)).status_code == 302
    return client, totp_activate(client)


def test_login_with_totp_asks_the_code_after_tryton_accepted_the_password(tryton_settings):
    first, secret = signed_in_with_totp(BUYER)
    assert Authenticator.objects.filter(
        user__email=BUYER, type=Authenticator.Type.TOTP).exists()
    client = Client()

    response = sign_in(client, Account(BUYER))

    assert response.status_code == 302
    assert response["Location"] == LOGIN_CODE_PAGE
    assert "_auth_user_id" not in client.session
    assert client.get("/orders/")["Location"].startswith("/accounts/login/")
    wrong = client.post(LOGIN_CODE_PAGE, {"code": "000000"})
    assert wrong.status_code == 200 and "_auth_user_id" not in client.session
    done = client.post(LOGIN_CODE_PAGE, {"code": totp_code(secret, step=1)})
    assert done.status_code == 302 and done["Location"] == "/"
    orders = client.get("/orders/")
    assert orders.status_code == 200
    # The Tryton session of the password step is the one the customer now acts with.
    session = client.session[SESSION_TRYTON_KEY]
    assert identity.web_user_session(session=session).email == BUYER


def test_a_recovery_code_signs_in_once(tryton_settings):
    first, _ = signed_in_with_totp(BUYER)
    codes = first.get("/accounts/2fa/recovery-codes/").context["unused_codes"]
    assert len(codes) == 10

    client = Client()
    sign_in(client, Account(BUYER))
    assert client.post(LOGIN_CODE_PAGE, {"code": codes[0]})["Location"] == "/"
    client.post("/accounts/logout/")
    again = Client()
    sign_in(again, Account(BUYER))
    reused = again.post(LOGIN_CODE_PAGE, {"code": codes[0]})

    assert reused.status_code == 200
    assert "_auth_user_id" not in again.session
    left = first.get("/accounts/2fa/recovery-codes/").context["unused_codes"]
    assert codes[0] not in left and len(left) == 9


def test_regenerated_recovery_codes_replace_the_old_ones(tryton_settings):
    client, _ = signed_in_with_totp(BUYER)
    old = client.get("/accounts/2fa/recovery-codes/").context["unused_codes"]

    response = client.post("/accounts/2fa/recovery-codes/generate/")

    assert response.status_code == 302
    new = client.get("/accounts/2fa/recovery-codes/").context["unused_codes"]
    assert len(new) == 10 and not set(new) & set(old)


def test_an_administrator_without_mfa_is_sent_to_set_it_up(tryton_settings, settings):
    settings.PORTAL_MFA_REQUIRED_ROLES = ["admin"]
    client = Client()
    assert sign_in(client, Account(ADMIN)).status_code == 302

    for page in ("/", "/orders/", "/accounts/members/"):
        response = client.get(page)
        assert response.status_code == 302, page
        assert response["Location"] == ACTIVATE_PAGE
    setup = client.get(ACTIVATE_PAGE)
    assert setup.status_code == 200
    assert "you must set up two-factor authentication" in setup.content.decode()

    totp_activate(client)

    assert client.get("/orders/").status_code == 200


def test_mfa_stays_optional_for_a_viewer(tryton_settings, settings):
    settings.PORTAL_MFA_REQUIRED_ROLES = ["admin"]
    client = Client()
    assert sign_in(client, Account(VIEWER)).status_code == 302

    assert client.get("/orders/").status_code == 200


def test_an_administrator_cannot_turn_mfa_off_and_go_on(tryton_settings, settings):
    settings.PORTAL_MFA_REQUIRED_ROLES = ["admin"]
    client, _ = signed_in_with_totp(ADMIN)

    response = client.post("/accounts/2fa/totp/deactivate/")

    assert response.status_code == 302
    assert not Authenticator.objects.filter(user__email=ADMIN).exists()
    assert client.get("/orders/")["Location"] == ACTIVATE_PAGE


def test_a_password_reset_does_not_bypass_mfa(tryton_settings, mail):
    _, secret = signed_in_with_totp(ACCOUNTANT)
    client = Client()
    link = request_link(client, mail, ACCOUNTANT)
    assert choose_password(client, link, RESET_PASSWORD)["Location"] == "/accounts/login/"

    response = sign_in(client, Account(ACCOUNTANT, RESET_PASSWORD))

    assert response.status_code == 302 and response["Location"] == LOGIN_CODE_PAGE
    assert "_auth_user_id" not in client.session
    assert client.post(LOGIN_CODE_PAGE, {"code": totp_code(secret, step=1)})["Location"] == "/"


def test_wrong_codes_are_limited_then_even_the_right_one_is_refused(tryton_settings, settings):
    _, secret = signed_in_with_totp(BUYER)
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS,
                                    "login_failed": "10000/m/ip,3/5m/key"}
    client = Client()
    sign_in(client, Account(BUYER))

    for _ in range(3):
        assert client.post(LOGIN_CODE_PAGE, {"code": "000000"}).status_code == 200
    refused = client.post(LOGIN_CODE_PAGE, {"code": totp_code(secret, step=1)})

    assert refused.status_code == 200
    assert "Too many failed login attempts" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_mfa_changes_ask_tryton_for_the_password_once_the_login_is_old(tryton_settings):
    client = Client()
    assert sign_in(client, Account(BUYER)).status_code == 302
    session = client.session
    for record in session["account_authentication_methods"]:
        record["at"] -= 3600  # signed in an hour ago
    session.save()

    response = client.get(ACTIVATE_PAGE)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/reauthenticate/")
    wrong = client.post(response["Location"], {"password": "not my password"})
    assert wrong.status_code == 200
    assert client.get(ACTIVATE_PAGE)["Location"].startswith("/accounts/reauthenticate/")
    right = client.post(response["Location"], {"password": Account(BUYER).password})
    assert right.status_code == 302
    assert client.get(ACTIVATE_PAGE).status_code == 200


def test_the_totp_secret_is_stored_encrypted(tryton_settings):
    _, secret = signed_in_with_totp(BUYER)

    stored = Authenticator.objects.get(user__email=BUYER, type=Authenticator.Type.TOTP)

    assert secret not in str(stored.data)
    assert stored.wrap().validate_code(totp_code(secret, step=1))




def test_cancel_at_the_code_ends_the_waiting_tryton_session(tryton_settings):
    signed_in_with_totp(BUYER)
    client = Client()
    sign_in(client, Account(BUYER))
    [_, waiting] = client.session[SESSION_PENDING_TRYTON_KEY]
    assert identity.web_user_session(session=waiting).email == BUYER
    # While the code is pending, the login page leads back to the code page.
    assert client.get("/accounts/login/")["Location"] == LOGIN_CODE_PAGE

    response = client.post("/accounts/logout/", {"next": "/accounts/login/"})  # "Cancel"

    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert identity.web_user_session(session=waiting) is None
    assert client.get("/accounts/login/").status_code == 200
    assert sign_in(client, Account(BUYER))["Location"] == LOGIN_CODE_PAGE

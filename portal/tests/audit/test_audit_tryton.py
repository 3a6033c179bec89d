"""The audit log end to end, against the real trytond and its demo data: each sensitive
action a customer takes is recorded for that customer, and only its administrators read it.
"""

import pytest
from django.test import Client

from audit.models import Action, AuditEvent
from erp.testing import count_rpc_calls
from tryton.demo.facts import DEMO_PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]

SOPHIE = "sophie@comptoir-des-pentes.example.fr"  # administrator of Le Comptoir des Pentes
LUCAS = "lucas@comptoir-des-pentes.example.fr"  # buyer of Le Comptoir des Pentes
CHEF = "chef@table-du-marche.example.fr"  # administrator of La Table du Marché


def _client(email: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    response = client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
    assert response.status_code == 302, response.content.decode()[:2000]
    return client


def _actions(email):
    return list(
        AuditEvent.objects.filter(email=email).order_by("at", "id").values_list("action", flat=True)
    )


def test_sign_in_download_and_failure_are_recorded_for_the_customer(tryton_settings):
    sophie = _client(SOPHIE)
    response = sophie.get("/billing/statement/pdf/")
    assert response.status_code == 200
    # Someone else mistyping Sophie's password: known since her first sign-in.
    failed = Client().post("/accounts/login/", {"login": SOPHIE, "password": "wrong-password"})
    assert failed.status_code == 200

    assert _actions(SOPHIE) == [
        Action.LOGIN, Action.DOCUMENT_DOWNLOADED, Action.LOGIN_FAILED
    ]
    party_ids = set(AuditEvent.objects.filter(email=SOPHIE).values_list("party_id", flat=True))
    assert len(party_ids) == 1 and None not in party_ids


def test_the_administrator_reads_the_customer_s_activity_without_calling_tryton(
    tryton_settings,
):
    _client(LUCAS).get("/orders/export.csv")
    _client(CHEF)
    sophie = _client(SOPHIE)

    with count_rpc_calls() as calls:
        response = sophie.get("/accounts/activity/")

    assert response.status_code == 200
    assert len(calls) == 0
    page = response.content.decode()
    assert LUCAS in page and "orders CSV" in page
    assert CHEF not in page  # another customer's activity


def test_a_buyer_cannot_read_the_activity(tryton_settings):
    assert _client(LUCAS).get("/accounts/activity/").status_code == 403

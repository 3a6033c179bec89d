import pytest
from django.test import Client

from tryton.demo.facts import DEMO_PASSWORD


@pytest.fixture
def member_client(tryton_settings):
    """sign_in(email, language="en"): a client signed in as the demo web user of email."""

    def sign_in(email: str, language: str = "en") -> Client:
        client = Client(HTTP_ACCEPT_LANGUAGE=language)
        response = client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
        assert response.status_code == 302, response.content.decode()[:2000]
        return client

    return sign_in

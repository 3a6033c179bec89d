import pytest
from django.contrib.auth.decorators import login_not_required
from django.test import override_settings
from django.urls import path

from config import urls as portal_urls
from erp.company import company_forget
from portal.tests.core.test_company import SEARCH, company_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def supplier(fake_tryton):
    fake_tryton.on(SEARCH, company_rows)
    company_forget()
    yield
    company_forget()


def test_layout_has_landmarks_skip_link_customer_and_post_forms(alice_client):
    body = alice_client.get("/").content.decode()

    assert '<a class="skip-link" href="#main">' in body
    assert '<main id="main"' in body
    assert '<nav class="main-nav" aria-label="Main">' in body
    assert "<footer" in body
    assert "for Alice&#x27;s Bistro" in body
    assert 'action="/accounts/logout/"' in body
    assert 'action="/i18n/setlang/"' in body


def test_every_page_names_the_supplier_with_its_logo_and_contact(client, supplier):
    body = client.get("/accounts/login/").content.decode()

    assert '<span class="brand-name">Ferment Station</span>' in body
    assert '<img class="brand-logo" src="/brand/1/logo-' in body
    assert '<link rel="icon" type="image/png" href="/brand/1/logo-' in body
    assert "<title>Sign in · Customer portal · Ferment Station</title>" in body
    assert '<a href="tel:+33478000000">+33 4 78 00 00 00</a>' in body
    assert '<a href="mailto:contact@ferment.example">contact@ferment.example</a>' in body
    assert "4 rue des Brasseurs, 69007 Lyon, France" in body
    assert "/health/" not in body  # the footer links to people, not to a JSON status


def test_without_the_companies_the_portal_names_itself(client, fake_tryton):
    fake_tryton.down = True
    company_forget()

    body = client.get("/accounts/login/").content.decode()

    assert '<span class="brand-name">Customer portal</span>' in body
    assert 'href="/static/img/favicon.svg"' in body


def test_the_language_is_one_button_per_language(client):
    body = client.get("/accounts/login/").content.decode()

    assert '<select' not in body
    assert (
        '<button type="submit" name="language" value="fr" lang="fr" aria-pressed="false">'
        '<span class="lang-long">Français</span><span class="lang-short">FR</span></button>'
    ) in body
    assert 'value="en" lang="en" aria-pressed="true"><span class="lang-long">English' in body


def test_no_inline_script_and_a_strict_csp(alice_client):
    response = alice_client.get("/")

    assert "<script" not in response.content.decode()
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp


def test_language_switch_to_french(alice_client):
    response = alice_client.post("/i18n/setlang/", {"language": "fr", "next": "/orders/"})

    assert response.status_code == 302
    body = alice_client.get("/orders/").content.decode()
    assert '<html lang="fr">' in body


def test_anonymous_visitor_can_switch_language_on_the_login_page(client):
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/accounts/login/"})

    assert response.status_code == 302
    assert '<html lang="fr">' in client.get("/accounts/login/").content.decode()


def test_unknown_page_is_a_404_in_the_layout(alice_client):
    response = alice_client.get("/no-such-page/")

    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@login_not_required
def _forbidden(request):
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied


@login_not_required
def _broken(request):
    raise RuntimeError("a bug")


# The portal's URLs (the layout links to them) plus two pages that fail.
urlpatterns = [*portal_urls.urlpatterns, path("forbidden/", _forbidden), path("broken/", _broken)]
handler500 = portal_urls.handler500


@override_settings(ROOT_URLCONF=__name__)
def test_forbidden_is_our_own_403(client, supplier):
    response = client.get("/forbidden/")

    assert response.status_code == 403
    body = response.content.decode()
    assert "Access denied" in body and "Ferment Station" in body


@override_settings(ROOT_URLCONF=__name__)
def test_a_server_error_is_our_own_500_in_the_layout(client, supplier):
    client.raise_request_exception = False

    response = client.get("/broken/")

    assert response.status_code == 500
    body = response.content.decode()
    assert "Something went wrong" in body
    assert "Ferment Station" in body and "contact@ferment.example" in body

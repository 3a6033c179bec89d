import pytest

pytestmark = pytest.mark.django_db


def test_layout_has_landmarks_skip_link_customer_and_post_forms(alice_client):
    body = alice_client.get("/").content.decode()

    assert '<a class="skip-link" href="#main">' in body
    assert '<main id="main"' in body
    assert '<nav class="main-nav" aria-label="Main">' in body
    assert "<footer" in body
    assert "for Alice&#x27;s Bistro" in body
    assert 'action="/accounts/logout/"' in body
    assert 'action="/i18n/setlang/"' in body


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

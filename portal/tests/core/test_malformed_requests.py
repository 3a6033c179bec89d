"""Malformed bodies, charsets and parameters get a 4xx answer, never a 5xx.

Django's own 400 page fails on a body it cannot decode (it reads the body again for its
CSRF token); core.views's error pages drop such a body first.
"""

import pytest
from django.test import Client

from portal.tests.fixtures.fake_tryton import login

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"
MULTIPART = "multipart/form-data"
FORMS = ["/accounts/login/", "/i18n/setlang/", "/accounts/logout/"]

# (Content-Type, body): encodings Django refuses or cannot know, broken multipart, odd bytes.
BODIES = [
    (f"{FORM}; charset=utf-16", "login=a&password=b&language=fr".encode("utf-16")),
    (f"{FORM}; charset=UTF-16LE", "language=fr".encode("utf-16-le")),
    (f"{FORM}; charset=utf-32", "language=fr".encode("utf-32")),
    (f"{FORM}; charset=latin-1", "login=caf\xe9".encode("latin-1")),
    (f"{FORM}; charset=no-such-charset", b"login=a&password=b"),
    (f"{FORM}; charset=", b"login=a"),
    (FORM, b"login=%ff%fe%00&password=\xff\xfe&language=%zz"),
    (FORM, b"\x00\x01\x02\xff" * 64),
    (FORM, b"&" * 5000),  # more fields than DATA_UPLOAD_MAX_NUMBER_FIELDS
    (FORM, b"next=" + b"%2F" * 3000 + b"&language=fr"),
    (f"{MULTIPART}; boundary=xyz", b"--xyz\r\nContent-Disposition: form-data\r\n\r\nx"),
    (f"{MULTIPART}; boundary=xyz; charset=utf-16", "--xyz\r\n".encode("utf-16")),
    (f"{MULTIPART}; charset=no-such-charset; boundary=b",
     b'--b\r\nContent-Disposition: form-data; name="login"\r\n\r\na\r\n--b--\r\n'),
    (MULTIPART, b"no boundary at all"),
    (f"{MULTIPART}; boundary=" + "b" * 300, b"--"),
    ("application/json; charset=utf-16", "{}".encode("utf-16")),
    ("text/plain; charset=utf-16", b"\xff\xfe\x00"),
]  # fmt: skip
BODY_IDS = [f"{i}:{content_type}" for i, (content_type, _) in enumerate(BODIES)]


def _assert_no_server_error(response, form, content_type):
    assert response.status_code < 500, (form, content_type, response.status_code)


@pytest.fixture
def csrf_client(fake_tryton):
    """A browser-like client: the CSRF check runs and reads the body for its token."""
    client = Client(enforce_csrf_checks=True)
    client.get("/accounts/login/")
    return client


@pytest.mark.parametrize("form", FORMS)
@pytest.mark.parametrize(("content_type", "body"), BODIES, ids=BODY_IDS)
def test_malformed_post_is_refused_without_server_error(csrf_client, form, content_type, body):
    response = csrf_client.generic("POST", form, data=body, content_type=content_type)

    _assert_no_server_error(response, form, content_type)


@pytest.mark.parametrize(("content_type", "body"), BODIES, ids=BODY_IDS)
def test_malformed_post_of_a_signed_in_customer(alice_client, content_type, body):
    for form in FORMS:
        response = alice_client.generic("POST", form, data=body, content_type=content_type)
        _assert_no_server_error(response, form, content_type)


def test_utf16_form_answers_our_400_page(csrf_client):
    response = csrf_client.generic(
        "POST", "/accounts/login/", data="login=a".encode("utf-16"),
        content_type=f"{FORM}; charset=utf-16",
    )  # fmt: skip

    assert response.status_code == 400
    assert 'class="error-code"' in response.content.decode()  # our layout, not Django's


def test_a_malformed_body_to_an_unknown_page_is_a_404(csrf_client):
    response = csrf_client.generic(
        "POST", "/no-such-page/", data=b"x", content_type=f"{FORM}; charset=utf-16"
    )

    assert response.status_code in (400, 403, 404)


@pytest.mark.parametrize(
    "query",
    [
        "next=%ff%fe",
        "next=%00",
        "next=//evil.example/",
        "next=" + "a" * 10000,
        "page=-1&sort=%ff",
        "language=%zz",
        "%ff=%ff",
    ],
)
@pytest.mark.parametrize("path", ["/accounts/login/", "/i18n/setlang/", "/orders/", "/"])
def test_odd_query_strings_never_answer_5xx(alice_client, path, query):
    response = alice_client.get(f"{path}?{query}")

    assert response.status_code < 500, (path, query, response.status_code)


def test_login_still_works_after_the_fuzz(client, fake_tryton):
    assert login(client).status_code == 302

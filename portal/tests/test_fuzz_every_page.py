"""Every page and every form, fed malformed parameters and bodies: never a 5xx.

Against a real trytond with the demo data, customer A (an administrator, so every page is
open) visits each page of the route matrix with its own real record ids. Each parameter
the page uses (found in its links and forms, plus the list parameters every list shares)
gets each malformed value below; each form is posted with every field malformed, and with
bodies Django cannot parse. A new page is fuzzed the day it enters the route matrix.
"""

from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, urlsplit

import pytest
from django.urls import reverse

from portal.tests.test_route_access_matrix import (
    PRIVATE,
    PUBLIC,
    ROUTES,
    _kwargs,
    all_url_patterns,
    customer_records,
)

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]

# Values no form or link would send: bytes that are not UTF-8, NUL, numbers out of every
# range, a huge string, dates that are not, markup and SQL.
MALFORMED = [
    "\x00",
    "-1",
    "9" * 40,
    "a" * 5000,
    "2026-13-45",
    "<script>' OR 1=1 --",
]
# The same in a query string, plus bytes that are no UTF-8 at all (sent as they are).
MALFORMED_QUERY_VALUES = [quote(value) for value in MALFORMED] + ["%ff%fe%00"]
# What the lists share (core/listing.py) and what pages read from the query string.
COMMON_PARAMETERS = {"page", "sort", "q", "state", "status", "from", "to", "order", "month"}
# Bodies the request parser itself refuses or cannot decode.
BROKEN_BODIES = [
    ("application/x-www-form-urlencoded; charset=utf-16", "a=b".encode("utf-16")),
    ("multipart/form-data; boundary=xyz", b"--xyz\r\nContent-Disposition: form-data\r\n\r\nx"),
    ("application/x-www-form-urlencoded", b"\x00\x01\x02\xff" * 64),
]
# Forms whose POST is the action itself (no field to get wrong): fuzzed with broken bodies
# only, which the parser refuses before the view. Signing out would end the walk.
ACTION_ONLY = {
    "account_logout",
    "account_member_remove",
    "pickups:cancel",
    "orders:accept",
    "account_address_remove",
    "account_contact_remove",
}


class _PageParser(HTMLParser):
    """The query parameter names of a page's links, and its POST forms with their fields."""

    def __init__(self):
        super().__init__()
        self.parameters: set[str] = set()
        self.forms: list[tuple[str, set[str]]] = []
        self._form: tuple[str, set[str]] | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "?" in (attrs.get("href") or ""):
            self.parameters |= {k for k, _ in parse_qsl(urlsplit(attrs["href"]).query)}
        elif tag == "form":
            fields: set[str] = set()
            if (attrs.get("method") or "get").lower() == "post":
                self._form = (attrs.get("action") or "", fields)
                self.forms.append(self._form)
            else:
                self._form = ("", self.parameters)  # a GET form's fields are parameters
        elif tag in ("input", "select", "textarea") and self._form and attrs.get("name"):
            if attrs["name"] != "csrfmiddlewaretoken":
                self._form[1].add(attrs["name"])

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None


def _parse(html: str) -> _PageParser:
    parser = _PageParser()
    parser.feed(html)
    return parser


@pytest.fixture
def own_records(demo_scopes):
    return customer_records(demo_scopes["a"])


def _pages(records):
    patterns = dict(all_url_patterns())
    for name in sorted(ROUTES):
        if ROUTES[name].access in (PUBLIC, PRIVATE):
            yield name, reverse(name, kwargs=_kwargs(patterns[name], records))


def test_no_page_answers_5xx_to_malformed_parameters(customer_a_client, own_records):
    """Each value once in every parameter of a page at the same time, then in its page
    number alone (a page past the last one is a 404 that would hide the others)."""
    failures = []
    asked = 0
    for name, url in _pages(own_records):
        page = customer_a_client.get(url)
        assert page.status_code < 500, (name, page.status_code)
        parameters = COMMON_PARAMETERS
        if page.status_code == 200 and "html" in page.get("Content-Type", ""):
            parameters = parameters | _parse(page.content.decode()).parameters
        parameters = sorted(parameters - {"page"})
        for value in MALFORMED_QUERY_VALUES:
            for query in ("&".join(f"{quote(p)}={value}" for p in parameters), f"page={value}"):
                response = customer_a_client.get(f"{url}?{query}")
                asked += 1
                if response.status_code >= 500:
                    failures.append((name, query[:60], response.status_code))
    assert asked > 300, "the walk reached the portal's pages"
    assert failures == []


def test_no_form_answers_5xx_to_malformed_fields_or_bodies(customer_a_client, own_records):
    failures = []
    posted = 0
    for name, url in _pages(own_records):
        page = customer_a_client.get(url)
        if page.status_code != 200 or "html" not in page.get("Content-Type", ""):
            continue
        for action, fields in _parse(page.content.decode()).forms:
            target = action or url
            if urlsplit(target).path in ("/accounts/logout/", "/i18n/setlang/"):
                continue  # signing out ends the walk; setlang is fuzzed in core/
            resolved = _route_of(target)
            if resolved not in ACTION_ONLY:
                for value in MALFORMED:
                    response = customer_a_client.post(target, dict.fromkeys(fields, value))
                    posted += 1
                    if response.status_code >= 500:
                        failures.append((name, target, value[:20], response.status_code))
            for content_type, body in BROKEN_BODIES:
                response = customer_a_client.generic(
                    "POST", target, data=body, content_type=content_type
                )
                posted += 1
                if response.status_code >= 500:
                    failures.append((name, target, content_type, response.status_code))
    assert posted > 50, "the walk found the portal's forms"
    assert failures == []


def _route_of(path: str) -> str | None:
    from django.urls import Resolver404, resolve

    try:
        match = resolve(urlsplit(path).path)
    except Resolver404:
        return None
    return match.view_name

"""One id per request: in the response, in every log line of the request, in its Tryton calls."""

import io
import json
import logging
import re

import pytest
from django.conf import settings as django_settings
from django.http import HttpResponse
from django.test import RequestFactory
from pythonjsonlogger.json import JsonFormatter

from core.request_id import RequestIdFilter, RequestIdMiddleware
from erp import get_client
from erp.transport import request_id

SEARCH = "model.party.party.search"


def _serve(view, **headers):
    request = RequestFactory().get("/", **headers)
    response = RequestIdMiddleware(view)(request)
    return request, response


def test_each_response_carries_a_new_id(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    first = _serve(lambda request: HttpResponse())[1]["X-Request-Id"]
    second = _serve(lambda request: HttpResponse())[1]["X-Request-Id"]

    assert re.fullmatch(r"[0-9a-f]{32}", first) and first != second


def test_the_trusted_proxy_s_id_is_kept_when_it_is_a_plain_token(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    request, response = _serve(lambda request: HttpResponse(), HTTP_X_REQUEST_ID="traefik-0042")
    assert request.request_id == response["X-Request-Id"] == "traefik-0042"

    _, response = _serve(
        lambda request: HttpResponse(), HTTP_X_REQUEST_ID="id with spaces\nand a new line"
    )
    assert re.fullmatch(r"[0-9a-f]{32}", response["X-Request-Id"])


def test_without_a_trusted_proxy_a_client_cannot_choose_the_id(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    _, response = _serve(lambda request: HttpResponse(), HTTP_X_REQUEST_ID="chosen-by-client")
    assert response["X-Request-Id"] != "chosen-by-client"


def test_every_log_line_of_the_request_carries_its_id_as_json():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    json_format = django_settings.LOGGING["formatters"]["json"]
    handler.setFormatter(
        JsonFormatter(fmt=json_format["fmt"], rename_fields=json_format["rename_fields"])
    )
    logger = logging.getLogger("tests.request_id")
    logger.addHandler(handler)
    logger.propagate = False

    def view(request):
        logger.warning("serving %s", "the page")
        return HttpResponse()

    try:
        _, response = _serve(view)
        logger.warning("after the request")
    finally:
        logger.removeHandler(handler)

    during, after = (json.loads(line) for line in stream.getvalue().splitlines())
    assert during["request_id"] == response["X-Request-Id"]
    assert (during["level"], during["message"]) == ("WARNING", "serving the page")
    assert after["request_id"] == ""


@pytest.fixture
def party_search(fake_tryton):
    fake_tryton.on(SEARCH, lambda domain, context: [1])
    return fake_tryton


def test_tryton_calls_carry_the_request_s_id(party_search):
    token = request_id.set("req-7f3a9c1e")
    try:
        get_client().execute("party.party", "search", [], context={"portal_party": 7})
    finally:
        request_id.reset(token)
    get_client().execute("party.party", "search", [], context={})

    traced, untraced = party_search.sent[-2], party_search.sent[-1]
    assert traced.headers["X-Request-Id"] == "req-7f3a9c1e"
    assert traced.params[-1]["portal_request_id"] == "req-7f3a9c1e"
    assert traced.params[-1]["portal_party"] == 7
    assert "X-Request-Id" not in untraced.headers
    assert "portal_request_id" not in untraced.params[-1]

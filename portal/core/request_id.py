"""One id per request, in every log line of that request and in its Tryton calls.

Behind the trusted proxy the id comes from its ``X-Request-Id`` header (Traefik's access
log and ours then agree); otherwise, or when the header is not a plain token, the portal
makes one. The response carries it back, so a customer's "reference" on an error page
leads to the log lines, the portal's and Tryton's (tryton_modules/portal logs it).
"""

import logging
import re
import uuid

from django.conf import settings

from erp.transport import REQUEST_ID_HEADER as HEADER
from erp.transport import request_id as _current

# What a proxy may pass on: letters, digits and - _ . : only, short (it lands in logs).
_ACCEPTED = re.compile(r"[A-Za-z0-9._:-]{8,64}")


def current() -> str:
    """The id of the request being served ('' outside one: commands, workers)."""
    return _current.get()


def _from_request(request) -> str:
    if settings.ALLAUTH_TRUSTED_PROXY_COUNT:
        candidate = request.headers.get(HEADER, "")
        if _ACCEPTED.fullmatch(candidate):
            return candidate
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Outermost: everything logged while serving the request carries its id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = _from_request(request)
        request.request_id = request_id
        token = _current.set(request_id)
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response[HEADER] = request_id
        return response


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` to every log record (empty outside a request)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = current()
        return True

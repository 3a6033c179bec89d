"""Turns an unreachable Tryton into a friendly 503 page instead of a 500."""

import logging

from django.template.response import TemplateResponse

from erp.errors import TrytonUnavailable

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 60


class TrytonUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, TrytonUnavailable):
            return None
        logger.warning("Tryton unavailable while serving %s", request.path)
        response = TemplateResponse(request, "503.html", status=503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        # Rendered here: process_exception responses skip the template-response phase.
        return response.render()

"""Error reports that never show a credential, not even on Django's debug page."""

import re

from django.views.debug import SafeExceptionReporterFilter


class CredentialSafeExceptionReporterFilter(SafeExceptionReporterFilter):
    """Django's filter, active whatever DEBUG says.

    Django masks ``@sensitive_variables`` frames, secret-looking settings and
    POST data only with DEBUG off; under ``make run`` (DEBUG on) its debug page
    would show the gateway's frames, and with them the service user's
    Authorization header and the customer's web-user session. The gateway marks
    those frames sensitive (erp/transport.py); this filter honours them always.
    """

    hidden_settings = re.compile(
        "API|AUTH|TOKEN|KEY|SECRET|PASS|SIGNATURE|HTTP_COOKIE|SESSION|DSN|URL", flags=re.I
    )

    def is_active(self, request) -> bool:
        return True

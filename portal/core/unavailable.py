"""What the portal says when a write cannot reach Tryton (issue 13: nothing lost).

Reads fall back to the last cached copy; pickup requests and checkouts wait in the outbox;
every other write is refused with these words, and a form comes back with what was typed
in it.
"""

from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _

from .middleware import RETRY_AFTER_SECONDS

# A button (accept a quotation, cancel a pickup, change a role): nothing to keep.
WRITE_REFUSED = _(
    "The supplier's system cannot be reached right now: nothing was changed. "
    "Please try again in a few minutes."
)
# A form: what the customer typed is on the page again, ready to be sent later.
FORM_REFUSED = _(
    "The supplier's system cannot be reached right now: nothing was saved. What you typed "
    "is kept below: send it again in a few minutes."
)


def unavailable(response: HttpResponse) -> HttpResponse:
    """``response`` (a form given back) as the 503 it is, with when to try again."""
    response.status_code = 503
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response

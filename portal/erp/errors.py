"""The errors the gateway raises: callers never see a Tryton fault shape.

Views map them to responses: unavailable -> 503 page (or stale data),
not found -> 404, validation -> the message shown in plain words,
rate limited -> 429, access and role refused -> 403, fault -> generic 500 (already logged).
"""


class TrytonError(Exception):
    """Base of every error raised by the gateway."""

    default_message = "The ERP could not complete the request."

    def __init__(self, message: str | None = None):
        super().__init__(message or self.default_message)
        self.message = message or self.default_message


class TrytonUnavailable(TrytonError):
    """Tryton is down, too slow, failing (5xx) or the circuit breaker is open."""

    default_message = "The ERP is temporarily unavailable."


class TrytonTimeout(TrytonUnavailable):
    """Tryton did not answer within the read timeout (it may have run the call)."""


class TrytonSessionEnded(TrytonError):
    """The customer's web-user session is over in Tryton (logged out, expired,
    ended by a password change, web user deactivated): sign the customer out."""

    default_message = "Your session has ended."


class RecordNotFound(TrytonError):
    """The record does not exist or does not belong to the customer.

    Both cases are deliberately the same error: a customer must not learn
    that another customer's record exists.
    """

    default_message = "Not found."


class TrytonValidationError(TrytonError):
    """Tryton refused the request with a message meant for the user."""

    def __init__(self, message: str, description: str = ""):
        super().__init__(message)
        self.description = description or ""


class TrytonRateLimited(TrytonError):
    """Tryton throttled the request (HTTP 429)."""

    default_message = "Too many attempts, please try again later."


class TrytonAccessError(TrytonError):
    """The service user is not allowed to call this method (HTTP 403)."""

    default_message = "The ERP refused access."


class TrytonRoleForbidden(TrytonError):
    """The customer's web user has no role for the call (our portal module's
    check_portal_role): the portal answers its 403 page."""

    default_message = "Your role for this customer does not allow this."


class TrytonFault(TrytonError):
    """Any other failure; the raw Tryton text is logged, never carried here."""

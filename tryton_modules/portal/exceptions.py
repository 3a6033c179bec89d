from trytond.exceptions import RateLimitException, UserError
from trytond.model.exceptions import AccessError, ValidationError
from werkzeug.exceptions import TooManyRequests


class PortalServiceAccessError(AccessError):
    pass


class PortalArgumentError(UserError):
    pass


class PortalPasswordError(UserError):
    "The new password of a web user is too weak"
    pass


class PortalNotFoundError(UserError):
    "The record does not exist or is not the customer's: the caller can't tell"
    pass


class PortalRateLimitError(RateLimitException, TooManyRequests):
    """Too many failed logins.

    Tryton's JSON-RPC answers an exception raised by a model method with
    HTTP 200 and its args ([] for RateLimitException); as a werkzeug HTTP
    exception it reaches the portal as HTTP 429 with Retry-After instead.
    """


class PortalSessionEndedError(UserError):
    """The customer's web user session is not live any more.

    Answered as {"error": ["PortalSessionEnded", [message, ...]]}, a kind of
    its own, so that the portal tells it from a refusal to show the user.
    """

    def __init__(self, message, description='', domain=None):
        super().__init__(message, description, domain)
        self.args = ('PortalSessionEnded', self.args[1])


class PortalQuotationError(UserError):
    "The quotation can no longer be accepted or declined from the portal"
    pass


class PortalRoleError(UserError):
    """The customer's web user has no role allowing the call.

    Answered as {"error": ["PortalRoleForbidden", [message, ...]]}, a kind of
    its own, so that the portal answers its 403 page.
    """

    def __init__(self, message, description='', domain=None):
        super().__init__(message, description, domain)
        self.args = ('PortalRoleForbidden', self.args[1])


class PortalMemberError(UserError):
    "A change of the customer's members that cannot be made"
    pass


class PortalComplaintError(UserError):
    "A complaint that cannot be filed or processed as asked"


class PortalCheckoutError(UserError):
    "The customer's order cannot be created from the portal as it stands"


class PortalTransferError(UserError):
    "The invoices cannot be paid by one transfer from the portal"
    pass


class PortalTrackingURLError(ValidationError):
    "A carrier's tracking URL the portal could not link to safely"


class PortalApprovalError(UserError):
    "The order waits for (or no longer waits for) the customer's own approval"

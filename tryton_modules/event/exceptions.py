from trytond.exceptions import UserError
from trytond.model.exceptions import AccessError, ValidationError


class EventValidationError(ValidationError):
    pass


class EventSaleNotSignedError(EventValidationError):
    pass


class EventCutoffError(UserError):
    pass


class EventNotFoundError(UserError):
    pass


class EventPortalAccessError(AccessError):
    pass

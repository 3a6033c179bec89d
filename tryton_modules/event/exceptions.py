from trytond.exceptions import UserError
from trytond.model.exceptions import ValidationError


class EventValidationError(ValidationError):
    pass


class EventSaleNotSignedError(EventValidationError):
    pass


class EventCutoffError(UserError):
    pass


class UserRoleError(ValidationError):
    pass

# This file is part of the customer portal project.
from trytond.exceptions import UserError
from trytond.model.exceptions import AccessError, ValidationError


class PickupValidationError(ValidationError):
    pass


class PickupWindowError(PickupValidationError):
    pass


class PickupPartyError(PickupValidationError):
    pass


class PickupRequestError(UserError):
    pass


class PickupPortalRequestError(UserError):
    pass


class PickupCancelError(AccessError):
    pass


class PickupDeleteError(AccessError):
    pass


class PickupEmailError(UserError):
    pass

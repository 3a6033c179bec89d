from trytond.exceptions import UserError
from trytond.model.exceptions import AccessError


class PortalServiceAccessError(AccessError):
    pass


class PortalArgumentError(UserError):
    pass

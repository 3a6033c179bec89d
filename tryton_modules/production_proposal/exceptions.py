# This file is part of the customer portal project. See LICENSE at the
# top level of the repository for the full license terms.
from trytond.exceptions import UserError


class ProposalError(UserError):
    pass

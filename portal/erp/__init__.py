"""The portal's gateway to Tryton: the only package that talks to the ERP.

Customer data: build a ``CustomerScope`` (scope.py) and pass it to a domain
module (``erp.sales``, ...). Portal accounts: ``erp.identity``. Each domain
module owns its fields, typed records and mapping; this package owns the
transport, errors, circuit breaker, cache and encoding.
"""

from .cache import bump_customer_version
from .client import get_client, ping, reset_client
from .errors import (
    RecordNotFound,
    TrytonAccessError,
    TrytonError,
    TrytonFault,
    TrytonRateLimited,
    TrytonRoleForbidden,
    TrytonSessionEnded,
    TrytonTimeout,
    TrytonUnavailable,
    TrytonValidationError,
)
from .records import Page, PartyRef
from .scope import CustomerScope

__all__ = [
    "CustomerScope",
    "Page",
    "PartyRef",
    "RecordNotFound",
    "TrytonAccessError",
    "TrytonError",
    "TrytonFault",
    "TrytonRateLimited",
    "TrytonRoleForbidden",
    "TrytonSessionEnded",
    "TrytonTimeout",
    "TrytonUnavailable",
    "TrytonValidationError",
    "bump_customer_version",
    "get_client",
    "ping",
    "reset_client",
]

"""The portal's gateway to Tryton: the only package that talks to the ERP."""

from .cache import bump_customer_version
from .client import get_client, reset_client
from .errors import (
    RecordNotFound,
    TrytonAccessError,
    TrytonError,
    TrytonFault,
    TrytonRateLimited,
    TrytonUnavailable,
    TrytonValidationError,
)
from .records import (
    CUSTOMER_ORDER_STATES,
    ORDER_STATES,
    Order,
    OrderLine,
    Page,
    PartyRef,
    WebUserIdentity,
    WebUserLogin,
)
from .service import CustomerService, TrytonService

__all__ = [
    "CUSTOMER_ORDER_STATES",
    "ORDER_STATES",
    "CustomerService",
    "Order",
    "OrderLine",
    "Page",
    "PartyRef",
    "RecordNotFound",
    "TrytonAccessError",
    "TrytonError",
    "TrytonFault",
    "TrytonRateLimited",
    "TrytonService",
    "TrytonUnavailable",
    "TrytonValidationError",
    "WebUserIdentity",
    "WebUserLogin",
    "bump_customer_version",
    "get_client",
    "reset_client",
]

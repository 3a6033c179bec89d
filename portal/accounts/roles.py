"""What a customer's member may do in the portal, by their role for the active customer.

The role comes from Tryton with the web user's parties (docs/contracts.md, USER) and
Tryton enforces it on every call (record rules for billing, entry points for actions);
the portal follows it so that nobody is shown a link or a button they may not use, and a
page they may not open answers 403 before any call.
"""

from functools import wraps

from django.core.exceptions import PermissionDenied

ADMIN = "admin"
BUYER = "buyer"
ACCOUNTANT = "accountant"
VIEWER = "viewer"
ROLES = (ADMIN, BUYER, ACCOUNTANT, VIEWER)

# The same sets as the portal module's (tryton_modules/portal/model.py).
BILLING_ROLES = frozenset({ADMIN, ACCOUNTANT})
ACTING_ROLES = frozenset({ADMIN, BUYER})
MEMBER_ROLES = frozenset({ADMIN})


def role_required(roles: frozenset[str]):
    """Decorate a view so that only a customer whose role is one of ``roles`` opens it;
    anyone else gets the 403 page, before any call to Tryton."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            customer = getattr(request, "customer", None)
            if not customer or customer.role not in roles:
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


billing_required = role_required(BILLING_ROLES)
acting_required = role_required(ACTING_ROLES)
members_required = role_required(MEMBER_ROLES)

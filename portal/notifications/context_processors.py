from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from . import selectors


def unread(request: HttpRequest) -> dict:
    """The header's unread count: one query on the portal's database, when shown."""
    customer = getattr(request, "customer", None)
    if not customer:
        return {"notifications_unread": 0}
    return {
        "notifications_unread": SimpleLazyObject(
            lambda: selectors.notification_unread_count(user=request.user, customer=customer)
        )
    }

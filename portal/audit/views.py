from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.roles import members_required
from core.listing import page_number

from .selectors import audit_event_list


@require_GET
@members_required
def activity_list(request):
    """Account → Activity: the customer's sign-ins, downloads, orders and member changes,
    for its administrators. 0 calls to Tryton."""
    number = page_number(request.GET.get("page"))
    page = audit_event_list(party_id=request.customer.party_id, page=number)
    if number > 1 and not page.items:
        raise Http404
    return render(request, "account/activity.html", {"page": page})

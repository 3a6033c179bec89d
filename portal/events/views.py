import datetime as dt

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from audit.models import Action
from audit.services import audit_record
from core.listing import page_number
from erp.errors import RecordNotFound, TrytonValidationError
from erp.events import WHEN

from . import selectors, services
from .calendar import month_weeks, weekday_names
from .forms import EventUpdateForm

# Months the calendar shows: far enough for any contract, and never a date Python refuses.
FIRST_YEAR, LAST_YEAR = 2000, 2100


@require_GET
def event_list(request):
    when = request.GET.get("when", "upcoming")
    if when not in WHEN:
        raise Http404
    number = page_number(request.GET.get("page"))
    page = selectors.event_list(customer=request.customer, when=when, page=number)
    if number > 1 and not page.items:
        raise Http404
    return render(
        request, "events/event_list.html", {"page": page, "when": when, "as_of": page.as_of}
    )


def _month(value: str | None) -> dt.date:
    """?month=YYYY-MM (the current month without it); a month that cannot be is a 404."""
    if not value:
        return timezone.localdate().replace(day=1)
    try:
        year, month = value.split("-")
        first = dt.date(int(year), int(month), 1)
    except ValueError:
        raise Http404
    if not FIRST_YEAR <= first.year <= LAST_YEAR or len(value) != 7:
        raise Http404
    return first


@require_GET
def event_calendar(request):
    month = _month(request.GET.get("month"))
    events = selectors.event_month(customer=request.customer, month=month)
    # Django counts weekdays from Sunday (0), Python's calendar from Monday (0).
    first_weekday = (int(get_format("FIRST_DAY_OF_WEEK")) - 1) % 7
    previous = (month - dt.timedelta(days=1)).replace(day=1)
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return render(
        request,
        "events/event_calendar.html",
        {
            "month": month,
            "weeks": month_weeks(month, events, first_weekday=first_weekday),
            "weekdays": [
                {"name": WEEKDAYS[d], "abbr": WEEKDAYS_ABBR[d]}
                for d in weekday_names(first_weekday)
            ],
            "events": events,
            "previous": previous if previous.year >= FIRST_YEAR else None,
            "following": following if following.year <= LAST_YEAR else None,
            "this_month": timezone.localdate().replace(day=1),
        },
    )


@require_http_methods(["GET", "POST"])
def event_detail(request, event_id: int):
    """The event; while Tryton allows it and for a role that acts, a form to change the
    attendees and the notes."""
    if request.method == "POST" and not request.customer.can_act:
        raise PermissionDenied
    try:
        event = selectors.event_get(customer=request.customer, event_id=event_id)
    except RecordNotFound:
        raise Http404
    if request.method == "POST":
        form = EventUpdateForm(request.POST)
        if form.is_valid():
            try:
                services.event_update(
                    customer=request.customer,
                    event_id=event.id,
                    attendees=form.cleaned_data["attendees"],
                    notes=form.cleaned_data["notes"],
                )
            except RecordNotFound:
                raise Http404
            except TrytonValidationError as refusal:
                form.add_error(None, refusal.message)
            else:
                audit_record(request, Action.EVENT_UPDATED, target=f"event {event.id}")
                messages.success(request, _("Your changes to the event are saved."))
                return redirect("events:detail", event_id=event.id)
    else:
        form = EventUpdateForm(initial={"attendees": event.attendees, "notes": event.notes})
    return render(
        request, "events/event_detail.html", {"event": event, "form": form, "as_of": event.as_of}
    )

"""The month view: a grid of weeks, each day with the events that touch it."""

import calendar
import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from erp.events import Event


@dataclass(frozen=True)
class Day:
    date: dt.date
    in_month: bool
    today: bool
    events: tuple[Event, ...]


def _local_days(event: Event) -> tuple[dt.date, dt.date]:
    """First and last day of the event in the portal's time zone (an end at midnight
    belongs to the day before)."""
    start = timezone.localtime(event.start)
    end = timezone.localtime(event.end or event.start)
    last = end.date()
    if end.time() == dt.time() and last > start.date():
        last -= dt.timedelta(days=1)
    return start.date(), max(last, start.date())


def month_weeks(
    month: dt.date, events: tuple[Event, ...], *, first_weekday: int
) -> list[list[Day]]:
    """Weeks (lists of 7 days, ``first_weekday`` 0 = Monday) covering ``month``."""
    today = timezone.localdate()
    spans = [(event, *_local_days(event)) for event in events if event.start]
    weeks = calendar.Calendar(first_weekday).monthdatescalendar(month.year, month.month)
    return [
        [
            Day(
                date=day,
                in_month=day.month == month.month,
                today=day == today,
                events=tuple(e for e, first, last in spans if first <= day <= last),
            )
            for day in week
        ]
        for week in weeks
    ]


def weekday_names(first_weekday: int) -> list[int]:
    """Weekday numbers (0 = Monday) in the order of the grid's columns."""
    return [(first_weekday + i) % 7 for i in range(7)]

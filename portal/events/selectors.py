"""Reads of the events app: thin over the gateway, always for one customer."""

import datetime as dt

from django.utils import timezone

from accounts.customer import Customer
from erp import Page
from erp import events as erp_events
from erp.events import Event

PAGE_SIZE = 20


def event_list(*, customer: Customer, when: str, page: int) -> Page[Event]:
    """Page ``page`` (from 1) of the customer's upcoming or past events."""
    return erp_events.event_list(
        customer.scope,
        when=when,
        now=timezone.now(),
        offset=(page - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
    )


def event_month(*, customer: Customer, month: dt.date) -> tuple[Event, ...]:
    """The customer's events during ``month`` (its first day), in the portal's time zone."""
    zone = timezone.get_current_timezone()
    start = dt.datetime.combine(month, dt.time(), tzinfo=zone)
    following = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    end = dt.datetime.combine(following, dt.time(), tzinfo=zone)
    return erp_events.event_month(customer.scope, start=start, end=end)


def event_get(*, customer: Customer, event_id: int) -> Event:
    return erp_events.event_get(customer.scope, event_id=event_id)

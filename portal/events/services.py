"""Writes of the events app: the event module's ``portal_update`` entry point.

Administrators and buyers of the customer update its events until the cut-off (Tryton
refuses the other roles; the view refuses them first).
"""

from accounts.customer import Customer
from erp import events as erp_events


def event_update(*, customer: Customer, event_id: int, attendees: int, notes: str) -> None:
    erp_events.event_update(customer.scope, event_id=event_id, attendees=attendees, notes=notes)

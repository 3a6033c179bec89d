"""Writes of the events app: the event module's ``portal_update`` entry point.

Customer roles (issue 9) do not exist yet: every signed-in user of the customer may
update its events until the cut-off.
"""

from accounts.customer import Customer
from erp import events as erp_events


def event_update(*, customer: Customer, event_id: int, attendees: int, notes: str) -> None:
    erp_events.event_update(customer.scope, event_id=event_id, attendees=attendees, notes=notes)

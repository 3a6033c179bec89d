"""Events delivered under signed demo sales, with and without a support contact.

Assigning a support contact e-mails the customer: build this step inside
``mail.mail_sink()``.
"""

import datetime as dt

from proteus import Model

from .backoffice import employee_of
from .facts import EVENTS

SIGNED = {"confirmed", "processing", "done"}


def _at(today, days_hour):
    days, hour = days_hour
    return dt.datetime.combine(today + dt.timedelta(days=days), dt.time(hour))


def ensure_events(cfg, parties, sales, users, today):
    """Create facts.EVENTS (looked up by customer and name) and move each to its state."""
    Event = Model.get("event.event", config=cfg)
    signed = {}
    for plan, sale in sales:
        if plan.state in SIGNED:
            signed.setdefault(plan.customer, []).append(sale)
    events = []
    for data in EVENTS:
        party = parties[data["customer"]]
        found = Event.find([("party", "=", party.id), ("name", "=", data["name"])])
        if found:
            events.append((data, found[0]))
            continue
        event = Event(name=data["name"])
        event.sale = signed[data["customer"]][data["sale"]]  # sets the party and contact
        event.start = _at(today, data["start"])
        event.end = _at(today, data["end"])
        if data["location"] == "customer":
            event.location_address = party.addresses[0]
        else:
            event.location_text = data["location"]
        event.attendees = data["attendees"]
        event.notes = data["notes"]
        if data["cutoff_days"] is not None:
            event.customer_cutoff = _at(today, (data["cutoff_days"], 18))
        if data["support"]:
            event.support_contact = employee_of(users[data["support"]])
        event.save()
        events.append((data, event))

    def click(button, state, targets):
        records = [event for data, event in events
                   if event.state == state and data["state"] in targets]
        if records:
            Event.click(records, button)
            for record in records:
                record.reload()

    click("run", "planned", {"in_progress", "done"})
    click("do", "in_progress", {"done"})
    for data, event in events:
        if event.state != data["state"]:
            raise RuntimeError(f"event {event.name}: {event.state}")

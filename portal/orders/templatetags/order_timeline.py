"""The line timeline and the delivery tracking of the order page (erp/order_timeline.py)."""

from django import template
from django.utils.translation import pgettext_lazy

from erp.order_timeline import NO_TIMELINE, LineTimeline, OrderTimeline, ShipmentTracking

register = template.Library()

STEP_LABELS = {
    "ordered": pgettext_lazy("line step", "Ordered"),
    "production": pgettext_lazy("line step", "In production"),
    "ready": pgettext_lazy("line step", "Ready"),
    "shipped": pgettext_lazy("line step", "Shipped"),
    "picked_up": pgettext_lazy("line step", "Picked up"),
    "invoiced": pgettext_lazy("line step", "Invoiced"),
    "paid": pgettext_lazy("line step", "Paid"),
}


@register.filter
def step_label(key: str) -> str:
    return STEP_LABELS.get(key, key)


@register.filter
def line_timeline(timeline: OrderTimeline | None, line_id: int) -> LineTimeline | None:
    return (timeline or NO_TIMELINE).for_line(line_id)


@register.filter
def shipment_tracking(timeline: OrderTimeline | None, shipment_id: int) -> ShipmentTracking | None:
    return (timeline or NO_TIMELINE).for_shipment(shipment_id)

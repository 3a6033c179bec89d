# This file is part of the customer portal project. See LICENSE at the
# top level of the repository for the full license terms.
"""Production proposal arithmetic, free of Tryton so it can be reasoned
about and tested on its own: quantities are floats in the product's
default unit."""
import datetime as dt
import math
from dataclasses import dataclass

# Float noise (e.g. 0.1 + 0.2) must not add a whole batch when rounding up.
EPSILON = 1e-9


@dataclass(frozen=True)
class BatchRule:
    "How a product may be produced; 0 means no constraint"
    minimum: float = 0
    multiple: float = 0
    max_per_day: float = 0


def _round_up(quantity, multiple):
    if not multiple:
        return quantity
    return math.ceil(quantity / multiple - EPSILON) * multiple


def _round_down(quantity, multiple):
    if not multiple:
        return quantity
    return math.floor(quantity / multiple + EPSILON) * multiple


def batch_quantities(need, rule):
    """Quantities to produce, one per day, that cover need.

    Each batch is at least the minimum and a multiple of the batch
    multiple; above the daily maximum the work is split over several days
    (a daily maximum below one multiple still allows one multiple a day).
    """
    if need <= EPSILON:
        return []
    total = _round_up(max(need, rule.minimum), rule.multiple)
    if not rule.max_per_day or total <= rule.max_per_day + EPSILON:
        return [total]
    per_day = _round_down(rule.max_per_day, rule.multiple) or rule.multiple
    quantities = []
    remaining = total
    while remaining > EPSILON:
        quantity = min(per_day, remaining)
        # The last day may be small: it still obeys the batch rules.
        quantity = _round_up(max(quantity, rule.minimum), rule.multiple)
        quantities.append(quantity)
        remaining -= quantity
    return quantities


@dataclass(frozen=True)
class Delivery:
    "A quantity to ship on a date, for a sale"
    date: dt.date
    quantity: float
    sale: object = None


@dataclass(frozen=True)
class Batch:
    """A production to plan: it finishes on date, at the latest on due, the
    earliest delivery it serves, and serves the deliveries of sales"""
    date: dt.date
    quantity: float
    due: dt.date
    sales: frozenset = frozenset()


def uncovered(deliveries, supply):
    """The deliveries, earliest first, reduced to what supply (stock and
    planned production, negative when already promised) leaves to make."""
    result = []
    balance = supply
    for delivery in sorted(deliveries, key=lambda d: d.date):
        balance -= delivery.quantity
        if balance < -EPSILON:
            result.append(Delivery(delivery.date, -balance, delivery.sale))
            balance = 0
    return result


def _served(missing, quantities):
    "The deliveries each quantity serves, taking them earliest first"
    served, index, left = [], 0, 0
    for quantity in quantities:
        deliveries = []
        while quantity > EPSILON and index < len(missing):
            if left <= EPSILON:
                left = missing[index].quantity
            deliveries.append(missing[index])
            taken = min(quantity, left)
            quantity -= taken
            left -= taken
            if left <= EPSILON:
                index += 1
        served.append(deliveries)
    return served


def schedule(deliveries, supply, rule, earliest):
    """The batches that make what supply leaves of the deliveries.

    Working back from the deliveries, each batch finishes on the earliest
    delivery it serves or the day before the next batch (one batch a day),
    and never before earliest: batches pushed to it follow day after day,
    even past their due date.
    """
    missing = uncovered(deliveries, supply)
    quantities = batch_quantities(sum(d.quantity for d in missing), rule)
    served = _served(missing, quantities)
    # Each batch starts below the need, but float noise could leave the
    # last one nothing to serve: it is then due with the last delivery.
    dues = [s[0].date if s else missing[-1].date for s in served]
    dates = []
    for due in reversed(dues):
        if dates:
            due = min(due, dates[-1] - dt.timedelta(days=1))
        dates.append(due)
    dates.reverse()
    for i, date in enumerate(dates):
        date = max(date, earliest)
        if i:
            date = max(date, dates[i - 1] + dt.timedelta(days=1))
        dates[i] = date
    return [
        Batch(date, quantity, due, frozenset(
                d.sale for d in s if d.sale is not None))
        for date, quantity, due, s in zip(
            dates, quantities, dues, served, strict=True)]


def component_shortages(requirements, available):
    """Missing components of each proposal, in order.

    requirements is a list (one per proposal) of {component: quantity};
    earlier proposals use the available components first. Returns a list
    of {component: missing quantity} with only the components that lack.
    """
    remaining = dict(available)
    result = []
    for needs in requirements:
        missing = {}
        for component, quantity in needs.items():
            stock = max(remaining.get(component, 0), 0)
            if quantity > stock + EPSILON:
                missing[component] = quantity - stock
            remaining[component] = stock - quantity
        result.append(missing)
    return result

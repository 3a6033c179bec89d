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


def shortage(demand, available, planned):
    "What the open demand lacks once stock and planned production are counted"
    return max(demand - (available + planned), 0)


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


def plan(demand, available, planned, rule, start_date):
    "The (planned date, quantity) of each proposal, one day after another"
    quantities = batch_quantities(shortage(demand, available, planned), rule)
    return [
        (start_date + dt.timedelta(days=i), quantity)
        for i, quantity in enumerate(quantities)]


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

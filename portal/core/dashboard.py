"""The home page's dashboard: its figures (one call to Tryton) and the monthly spend chart,
drawn here as plain SVG geometry (no chart library, nothing from a CDN, no script)."""

from dataclasses import dataclass
from decimal import Decimal

from accounts.customer import Customer
from erp import dashboard as erp_dashboard
from erp.dashboard import Dashboard

# The chart's drawing box (SVG user units; the SVG scales to its container).
CHART_WIDTH = 600
CHART_HEIGHT = 200
AXIS_HEIGHT = 24  # room under the bars for the month labels
BAR_GAP = 6


@dataclass(frozen=True)
class Bar:
    month: object  # a date: the month's first day
    amount: Decimal
    x: float
    y: float
    width: float
    height: float

    @property
    def label_x(self) -> float:
        return self.x + self.width / 2


def dashboard_get(*, customer: Customer) -> Dashboard:
    """The active customer's dashboard; invoices only for the roles that read billing."""
    return erp_dashboard.dashboard_get(customer.scope, billing=customer.can_read_billing)


def spend_bars(dashboard: Dashboard) -> list[Bar]:
    """One bar per month, scaled to the highest month (an empty year draws flat bars)."""
    months = dashboard.monthly_spend
    if not months:
        return []
    peak = dashboard.spend_peak
    drawable = CHART_HEIGHT - AXIS_HEIGHT
    width = CHART_WIDTH / len(months)
    bars = []
    for index, month in enumerate(months):
        height = float(month.amount / peak) * (drawable - 4) if peak > 0 else 0.0
        height = max(height, 1.0)  # a month with nothing still shows a line
        bars.append(
            Bar(
                month=month.month,
                amount=month.amount,
                x=round(index * width + BAR_GAP / 2, 2),
                y=round(drawable - height, 2),
                width=round(width - BAR_GAP, 2),
                height=round(height, 2),
            )
        )
    return bars

"""Traceability of delivered order lines: the lots (stock_lot) they were delivered from
and their best-before dates (stock_lot_sled).

Read nested in the order lines' own call (``LINE_LOT_FIELDS``), through the lines' moves:
Tryton's record rules give the portal only the moves of the customer's shipments, and only
the lots of those moves (tryton_modules/portal/stock.xml).
"""

import datetime as dt
from dataclasses import dataclass

from .records import nested

# Fields of a sale.line that bring its lots along.
LINE_LOT_FIELDS = [
    "moves.state",
    "moves.quantity",
    "moves.lot.number",
    "moves.lot.shelf_life_expiration_date",
]


@dataclass(frozen=True)
class Lot:
    number: str
    best_before: dt.date | None = None


def line_lots(row: dict) -> tuple[Lot, ...]:
    """The lots a sale line's goods left (or are packed to leave) the warehouse from, each
    once, in the order of the moves; () when none was recorded."""
    lots: dict[str, Lot] = {}
    for move in row.get("moves.") or ():
        number = nested(move, "lot", "number")
        if not number or move.get("state") == "cancelled" or not move.get("quantity"):
            continue
        best_before = nested(move, "lot", "shelf_life_expiration_date")
        lots.setdefault(number, Lot(
            number=number,
            best_before=best_before if isinstance(best_before, dt.date) else None,
        ))
    return tuple(lots.values())

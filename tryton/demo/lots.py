"""Lots and best-before dates (stock_lot, stock_lot_sled) of the delivered drinks.

Each product is bottled a few days before it ships; the lot is named after its bottling
day and product, and is best before that day plus the family's shelf life. Every drink of
one shipment comes from one lot per product, so the same lot numbers appear on the order
line, the delivery note and Tryton's lot traces.
"""

import datetime as dt

from proteus import Model

# Shelf life of each family (facts._FLAVOURS), in days from bottling.
SHELF_LIFE_DAYS = {"KB": 180, "KF": 120, "GB": 270}
BOTTLED_DAYS_BEFORE_SHIPPING = 6


def lot_number(code: str, bottled: dt.date) -> str:
    """'L260412-KB-ORI-33': the bottling day then the product code."""
    return f"L{bottled:%y%m%d}-{code}"


def best_before(code: str, bottled: dt.date) -> dt.date:
    return bottled + dt.timedelta(days=SHELF_LIFE_DAYS[code.split("-", 1)[0]])


def ensure_lots(cfg, shipments, ship_dates):
    """Give the assigned moves of ``shipments`` that have no lot yet the lot their product
    was bottled in before the shipment's date (``ship_dates``: {shipment id: date}). Both
    the inventory move and the outgoing move it serves get it, so packing keeps one
    outgoing move per sale line (Tryton splits moves whose lots differ)."""
    Lot = Model.get("stock.lot", config=cfg)
    Move = Model.get("stock.move", config=cfg)
    wanted = {}
    to_lot = []
    move_dates = {}
    for shipment in shipments:
        bottled = ship_dates[shipment.id] - dt.timedelta(days=BOTTLED_DAYS_BEFORE_SHIPPING)
        for move in shipment.inventory_moves:
            if move.state != "assigned" or move.lot:
                continue
            move_dates[move.id] = ship_dates[shipment.id]
            code = move.product.code
            number = lot_number(code, bottled)
            wanted[number] = (move.product, best_before(code, bottled))
            to_lot.append((move, number))
    if not to_lot:
        return
    lots = {lot.number: lot for lot in Lot.find([("number", "in", list(wanted))])}
    new = [Lot(number=number, product=product, shelf_life_expiration_date=date)
           for number, (product, date) in wanted.items() if number not in lots]
    if new:
        Lot.save(new)
        lots.update({lot.number: lot for lot in new})
    moves = []
    for move, number in to_lot:
        move.lot = lots[number]
        # Packing moves the goods to the output on the shipment's day, not on the day the
        # demo is built: Tryton (stock_lot_sled) refuses to move a lot past its best-before
        # date, which an old delivery's lot is today.
        move.effective_date = min(move_dates[move.id], dt.date.today())
        moves.append(move)
        if move.origin and move.origin.__class__.__name__ == "stock.move":
            outgoing = Move(move.origin.id)
            outgoing.lot = lots[number]
            moves.append(outgoing)
    Move.save(moves)

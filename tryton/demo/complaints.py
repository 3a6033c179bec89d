"""Complaints (sale_complaint) of the demo customers on lines of their done orders, in
every state, with photos; the resolved one ends in a posted credit note.
"""

import struct
import zlib

from proteus import Model

from .facts import COMPLAINT_TYPES, COMPLAINTS


def ensure_complaint_types(cfg):
    """The kinds of problem of facts.COMPLAINT_TYPES, about order lines; {name: type}."""
    Type = Model.get("sale.complaint.type", config=cfg)
    IrModel = Model.get("ir.model", config=cfg)
    origin, = IrModel.find([("name", "=", "sale.line")])
    types = {t.name: t for t in Type.find([("name", "in", COMPLAINT_TYPES)])}
    for name in COMPLAINT_TYPES:
        if name not in types:
            types[name] = Type(name=name, origin=origin)
            types[name].save()
    return types


def ensure_complaints(cfg, parties, sales):
    """Create facts.COMPLAINTS (looked up by customer and description) and move each to its
    state as the back office would; ``sales`` is the [(plan, sale)] of the sales step."""
    Complaint = Model.get("sale.complaint", config=cfg)
    Attachment = Model.get("ir.attachment", config=cfg)
    types = ensure_complaint_types(cfg)
    done = {}
    for plan, sale in sales:
        if plan.state == "done":
            done.setdefault(plan.customer, []).append(sale)
    for data in COMPLAINTS:
        party = parties[data["customer"]]
        if Complaint.find([("customer", "=", party.id),
                           ("description", "=", data["description"])]):
            continue
        line = next(line for line in done[data["customer"]][data["sale"]].lines
                    if line.type == "line")
        complaint = Complaint(
            customer=party, type=types[data["type"]], origin=line,
            description=data["description"])
        if data.get("credit_note"):
            action = complaint.actions.new()
            action.action = "credit_note"
            action.quantity = float(data["credit_note"])
        complaint.save()
        # What the portal's entry point stores (a field the client only shows).
        _write_as_server(cfg, complaint, {"portal_quantity": float(data["quantity"])})
        for number in range(data["photos"]):
            Attachment(resource=complaint, name=f"photo-{number + 1}.png", type="data",
                       data=_png(number)).save()
        _advance(cfg, complaint, data["state"])


def _write_as_server(cfg, complaint, values):
    """Write fields the client may not (read-only ones) as server-side code does: proteus
    leaves read-only fields out, and Tryton refuses them to a client."""
    from trytond.transaction import Transaction

    with Transaction().start(cfg.database_name, 0, context=cfg.context) as transaction:
        Model = cfg.pool.get("sale.complaint")
        Model.write([Model(complaint.id)], values)
        transaction.commit()


def _advance(cfg, complaint, state):
    if state in {"waiting", "approved", "rejected", "done"}:
        complaint.click("wait")
    if state == "rejected":
        complaint.click("reject")
    elif state == "cancelled":
        complaint.click("cancel")
    elif state == "done":
        # Approving queues the processing, run at once without a queue worker.
        complaint.click("approve")
        complaint.reload()
        complaint.actions[0].result.click("post")
    elif state == "approved":
        # Approving processes the complaint at once without a queue worker: an approved
        # complaint waiting for its processing is kept by writing the state directly.
        _write_as_server(cfg, complaint, {"state": "approved"})
    complaint.reload()
    if complaint.state != state:
        raise RuntimeError(f"complaint {complaint.rec_name}: {complaint.state}")


def _png(seed: int) -> bytes:
    """A small real PNG (a 16×16 square of one colour): something a browser shows."""
    colour = bytes([(90 + 70 * seed) % 256, 60, (200 - 50 * seed) % 256])
    raw = b"".join(b"\x00" + colour * 16 for _ in range(16))

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (struct.pack(">I", len(body)) + kind + body
                + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))

    header = struct.pack(">IIBBBBB", 16, 16, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))

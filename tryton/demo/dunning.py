"""Reminders (account_dunning): a procedure, and the reminder of the overdue invoices of one
customer, processed, so its statement of account shows the level."""

import datetime as dt

from proteus import Model, Wizard

from .facts import DUNNING_CUSTOMER, DUNNING_LEVEL_DAYS, DUNNING_PROCEDURE


def ensure_dunnings(cfg, customers, today):
    """The procedure of facts.DUNNING_PROCEDURE on facts.DUNNING_CUSTOMER, and its
    reminders of today, processed (sent)."""
    Procedure = Model.get("account.dunning.procedure", config=cfg)
    Dunning = Model.get("account.dunning", config=cfg)
    procedures = Procedure.find([("name", "=", DUNNING_PROCEDURE)])
    if procedures:
        procedure, = procedures
    else:
        procedure = Procedure(name=DUNNING_PROCEDURE)
        for days in DUNNING_LEVEL_DAYS:
            procedure.levels.new(overdue=dt.timedelta(days=days))
        procedure.save()
    party = customers[DUNNING_CUSTOMER]
    if party.dunning_procedure != procedure:
        party.dunning_procedure = procedure
        party.save()
    if Dunning.find([("party", "=", party.id)]):
        return
    create = Wizard("account.dunning.create", config=cfg)
    create.form.date = today
    create.execute("create_")
    drafts = Dunning.find([("party", "=", party.id), ("state", "=", "draft")])
    if not drafts:
        raise RuntimeError(f"{DUNNING_CUSTOMER}: no overdue invoice to remind")
    process = Wizard("account.dunning.process", drafts, config=cfg)
    process.execute("process")

"""Small proteus helpers shared by the demo loaders."""

import hashlib

from proteus import Model


def warning_key(name, record):
    """The key Tryton gives the warning ``name`` raised for one saved record
    (res.user.warning.format)."""
    return f"{hashlib.md5(f'{record.__class__.__name__},{record.id}'.encode()).hexdigest()}.{name}"


def accept_warnings(cfg, keys):
    """Record warnings as accepted before they are raised: retrying a big batch once per
    warning would redo the whole batch each time."""
    Warning = Model.get("res.user.warning", config=cfg)
    if keys:
        Warning.save([Warning(name=key, user=cfg.user, always=False) for key in keys])


def click_accepting_warnings(records, button):
    """Click ``button`` on ``records`` and answer "yes" to Tryton's warnings, as a user would
    in the client (one warning per record at most).

    Over proteus the `_skip_warnings` context key is stripped like any private key, so the
    warning is recorded as accepted (res.user.warning) and the button clicked again.
    """
    from trytond.exceptions import UserWarning

    config = records[0]._config
    Warning = Model.get("res.user.warning", config=config)
    for _ in range(len(records) + 1):
        try:
            return type(records[0]).click(records, button)
        except UserWarning as warning:
            Warning(name=warning.name, user=config.user, always=False).save()
    raise RuntimeError(f"too many warnings on {button}")

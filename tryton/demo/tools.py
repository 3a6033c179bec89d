"""Small proteus helpers shared by the demo loaders."""

from proteus import Model


def click_accepting_warnings(record, button):
    """Click ``button`` and answer "yes" to Tryton's warnings, as a user would in the client.

    Over proteus the `_skip_warnings` context key is stripped like any private key, so the
    warning is recorded as accepted (res.user.warning) and the button clicked again.
    """
    from trytond.exceptions import UserWarning

    Warning = Model.get("res.user.warning", config=record._config)
    for _ in range(5):
        try:
            return record.click(button)
        except UserWarning as warning:
            Warning(name=warning.name, user=record._config.user, always=False).save()
    raise RuntimeError(f"{record}: too many warnings on {button}")

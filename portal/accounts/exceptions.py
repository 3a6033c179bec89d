class AccountNotLinked(Exception):
    """The Tryton web user is valid but acts for no party: nothing to show them."""

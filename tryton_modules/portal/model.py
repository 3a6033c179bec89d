"""What the portal entry points of our modules share.

An entry point is a class method callable over RPC that the portal's service
user (or an integrator) calls on behalf of a customer. Who may call it and
which records it may touch are decided here, in one way for every module.
"""
import logging
from functools import wraps

from trytond.i18n import gettext
from trytond.pool import Pool
from trytond.transaction import Transaction, without_check_access

from .exceptions import (
    PortalArgumentError,
    PortalNotFoundError,
    PortalRoleError,
    PortalServiceAccessError,
)

logger = logging.getLogger(__name__)

# Ids beyond a database integer make SQLite raise inside Tryton: such an id
# names no record.
MAX_ID = 2 ** 63 - 1

# A web user's role for a customer (web.user portal_role) and what each may do.
# Every role reads the customer's orders, pickups, production and events.
PORTAL_ROLES = [
    ('admin', "Administrator"),
    ('buyer', "Buyer"),
    ('accountant', "Accountant"),
    ('viewer', "Viewer"),
    ]
# Invoices and every other billing document: record rules read them through
# the "portal_billing_parties" context key (ir.rule), entry points through
# check_portal_role(BILLING_ROLES).
BILLING_ROLES = frozenset({'admin', 'accountant'})
# Acting for the customer: answering quotations, pickups, events.
ACTING_ROLES = frozenset({'admin', 'buyer'})
# Managing the customer's members (web users).
MEMBER_ROLES = frozenset({'admin'})


def is_id(value):
    "Tell whether value may be the id of a record"
    return (isinstance(value, int) and not isinstance(value, bool)
        and 0 < value <= MAX_ID)


def check_portal_access(model, method):
    """Refuse the call of the entry point unless the user may make it.

    The callers are the groups of the ir.model.button named after the method,
    as for any Tryton button, but an entry point without groups refuses
    everybody, the administrator included. Root (user 0) is trusted
    server-side code (scripts, cron), never an RPC caller: the dispatcher
    always runs a call as the authenticated user.
    """
    pool = Pool()
    Button = pool.get('ir.model.button')
    User = pool.get('res.user')
    if Transaction().user == 0:
        return
    if not Button.get_groups(model, method) & set(User.get_groups()):
        raise PortalServiceAccessError(gettext(
                'portal.msg_portal_entry_point_forbidden',
                method=f'{model}.{method}'))


def check_portal_role(roles, method):
    """Refuse the call unless the customer's web user may make it.

    For the portal's service user acting for a customer (the active party of
    a live session of the portal context), the role of that session's web
    user for it (web.user.get_portal_context_role) must be one of roles.
    Without such a customer nothing is refused here: the entry point finds
    no record of nobody and answers as for a missing one, as another
    customer's records do. Integrators and root are not web users: their
    calls are not concerned.
    """
    pool = Pool()
    User = pool.get('res.user')
    WebUser = pool.get('web.user')
    if Transaction().user == 0 or not User.is_portal_service():
        return
    if WebUser.get_portal_context_party() is None:
        return
    role = WebUser.get_portal_context_role()
    if role not in roles:
        raise PortalRoleError(gettext(
                'portal.msg_portal_role_forbidden', method=method))


def portal_entry_point(func=None, *, roles=None):
    """Decorate a class method so that only its callers may run it.

    With roles (e.g. ACTING_ROLES), the portal's calls must also carry the
    session of a web user having one of them for the active customer (see
    check_portal_role). Used bare or as portal_entry_point(roles=...).
    """
    if func is None:
        return lambda func: portal_entry_point(func, roles=roles)

    @wraps(func)
    def wrapper(cls, *args, **kwargs):
        method = f'{cls.__name__}.{func.__name__}'
        # The portal's request id (portal/core/request_id.py) joins this line to
        # the portal's lines of the same customer request.
        context = Transaction().context
        logger.info(
            "portal call %s party=%s request=%s", method,
            context.get('portal_party'), context.get('portal_request_id'))
        check_portal_access(cls.__name__, func.__name__)
        if roles is not None:
            check_portal_role(roles, method)
        return func(cls, *args, **kwargs)
    wrapper.portal_roles = roles
    return wrapper


def obey_write_rules(func):
    """Decorate a button so that it changes only records the user may write.

    ModelView.button checks the read rules and the button groups, not the
    write rules: without this, a group whose write rules are narrower than
    its read rules presses the buttons of every record it reads.
    """
    @wraps(func)
    def wrapper(cls, records, *args, **kwargs):
        pool = Pool()
        Rule = pool.get('ir.rule')
        transaction = Transaction()
        if transaction.user and transaction.check_access:
            Rule.check(cls.__name__, [r.id for r in records], 'write')
        return func(cls, records, *args, **kwargs)
    wrapper.obeys_write_rules = True
    return wrapper


def buttons_obey_write_rules(cls):
    """Make every button of cls obey the write rules (see obey_write_rules).

    Call it from __post_setup__, once every module has added its buttons.
    """
    for name in cls._buttons:
        method = getattr(cls, name, None)
        if (method is None or not hasattr(method, '__func__')
                or getattr(method, 'obeys_write_rules', False)):
            continue
        setattr(cls, name, classmethod(obey_write_rules(method.__func__)))


def portal_records(Model, ids, party='party'):
    """Return the records of ids that belong to the parties the user acts for.

    The parties are those of res.user.get_portal_parties (the customer of the
    portal context for the service user, its parties for an integrator) and
    party is the path from Model to the party. A missing record and a record
    of another party are refused with the same error, naming nothing.
    """
    pool = Pool()
    User = pool.get('res.user')
    if any(not isinstance(i, int) or isinstance(i, bool) for i in ids):
        raise PortalArgumentError(gettext(
                'portal.msg_portal_invalid_ids', **Model.__names__()))
    ids = list(set(ids))
    parties = list(User.get_portal_parties())
    records = []
    if all(map(is_id, ids)):
        with without_check_access():
            records = Model.search([
                    ('id', 'in', ids),
                    (party, 'in', parties),
                    ])
    if len(records) != len(ids):
        raise PortalNotFoundError(gettext(
                'portal.msg_portal_record_not_found', **Model.__names__()))
    return records

"""Set-up shared by the tests of our Tryton modules: users, the portal's
service user, customers and their web user sessions.

Run them inside a test transaction (``with_transaction``), as root.
"""
import uuid
from contextlib import contextmanager

from trytond.pool import Pool
from trytond.transaction import Transaction


def create_user(login, groups=(), company=None, **values):
    "Create a user of groups (as 'module.xml_id') working for company"
    pool = Pool()
    User = pool.get('res.user')
    ModelData = pool.get('ir.model.data')
    group_ids = [ModelData.get_id(*g.split('.')) for g in groups]
    values = {
        'login': login,
        'name': login,
        'groups': [('add', group_ids)],
        **values,
        }
    if company:
        values.update(companies=[('add', [company.id])], company=company.id)
    user, = User.create([values])
    return user


def _working_for(user, company):
    pool = Pool()
    User = pool.get('res.user')
    if company:
        User.write([user], {
                'companies': [('add', [company.id])],
                'company': company.id,
                })
    return user


def service_user(company=None):
    "Return the portal's service user (created by the module), for company"
    pool = Pool()
    User = pool.get('res.user')
    user, = User.search([('login', '=', 'portal_service')])
    return _working_for(user, company)


def administrator(company=None):
    "Return the administrator, for company"
    pool = Pool()
    User = pool.get('res.user')
    return _working_for(User(1), company)


def create_party(name, **values):
    "Create a party with one address"
    pool = Pool()
    Party = pool.get('party.party')
    party, = Party.create([{
                'name': name,
                'addresses': [('create', [{}])],
                **values,
                }])
    return party


def create_web_user(
        email, password=None, party=None, secondary_parties=(), role='admin'):
    """Create a web user (without a password it logs in by session only)
    with role for party and each of secondary_parties: administrator, as
    every web user was before roles, unless told."""
    pool = Pool()
    WebUser = pool.get('web.user')
    Secondary = pool.get('web.user-party.party.secondary')
    web_user = WebUser(
        email=email, party=party, portal_role=role,
        secondary_party_roles=[
            Secondary(party=p, portal_role=role) for p in secondary_parties])
    if password:
        web_user.password = password
    web_user.save()
    return web_user


def customer_session(party, secondary_parties=(), role='admin'):
    "Return the key of a new session of a new web user of party with role"
    web_user = create_web_user(
        f'customer-{uuid.uuid4().hex[:12]}@example.com', party=party,
        secondary_parties=secondary_parties, role=role)
    return web_user.new_session()


@contextmanager
def as_user(user, **context):
    "Run as user with access checked, as an RPC call does"
    transaction = Transaction()
    context.setdefault('company', user.company.id if user.company else None)
    with transaction.set_user(user.id), \
            transaction.set_context(_check_access=True, **context):
        yield


@contextmanager
def as_portal(service, session=None, party=None):
    """Run as the service user calling for a customer: the context carries
    the customer's web user session and active party, as the portal sends
    them (None leaves a key out)."""
    context = {}
    if session is not None:
        context['portal_session'] = session
    if party is not None:
        context['portal_party'] = getattr(party, 'id', party)
    with as_user(service, **context):
        yield


def complaint_type(name="Damaged"):
    "Return the complaint type name about sale lines (sale_complaint), created once"
    pool = Pool()
    Type = pool.get('sale.complaint.type')
    IrModel = pool.get('ir.model')
    types = Type.search([('name', '=', name), ('origin.name', '=', 'sale.line')])
    if types:
        return types[0]
    origin, = IrModel.search([('name', '=', 'sale.line')])
    type_, = Type.create([{'name': name, 'origin': origin.id}])
    return type_


def run_queued_tasks():
    "Run the tasks queued by the transaction as the worker would; return their names"
    pool = Pool()
    Queue = pool.get('ir.queue')
    transaction = Transaction()
    names = []
    while transaction.tasks:
        task = Queue(transaction.tasks.pop())
        names.append(task.data['method'])
        task.run()
    return names

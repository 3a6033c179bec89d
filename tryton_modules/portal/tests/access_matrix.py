"""The Tryton twin of the portal's route matrix: every model holding customer data,
found by introspection of the pool, tried by every non-admin group that logs in over
RPC on another customer's records, operation by operation.

A model is customer data when it is reached from party.party through the fields that
make a record someone's: a Many2One (or a Reference, or a Many2Many from a customer-data
model) pointing to customer data. Every model reached must be classified below; one
that is not fails the test, so a model added by a later module is covered the day that
module is installed. Classified as not customer data, a model stops the search there.

Each actor is a user of one group, acting for customer A; the records tried are those
of customer B. The matrix counts, per (actor, model, operation), the records of B the
actor reached; ALLOWED says where a non-zero count is the design, not a hole.
"""
import re
from collections import defaultdict
from contextlib import contextmanager

from trytond.model import ModelSQL, ModelStorage, fields
from trytond.model.exceptions import AccessError
from trytond.model.modelview import AccessButtonError
from trytond.pool import Pool
from trytond.transaction import Transaction, without_check_access

# Customer data -> the path from the model to the customer, as a domain on B's records
# is [(path, 'in', [B])], and the name of a field of the customer to search on through
# that path (the "dotted" search an attacker tries: invoice.party.name = "B").
CUSTOMER_DATA = {
    'party.party': 'id',
    'party.address': 'party',
    'party.contact_mechanism': 'party',
    'party.identifier': 'party',
    'party.party.lang': 'party',
    'party.party-party.category': 'party',
    'party.party.receivable_payable': 'party',
    'party.trade_name': 'party',
    'party.party.account': 'party',
    'party.party.customer_code': 'party',
    'party.party.sale_method': 'party',
    'party.party.customer_currency': 'party',
    'party.party.payment_term': 'party',
    'party.party.supplier_currency': 'party',
    'party.party.supplier_payment_term': 'party',
    'party.party.location': 'party',
    'party.party.carrier': 'party',
    'web.user': 'party',
    'web.user-party.party.secondary': 'party',
    'web.user.session': 'user.party',
    'sale.sale': 'party',
    'sale.line': 'sale.party',
    'sale.line-account.tax': 'line.sale.party',
    'sale.line-ignored-stock.move': 'sale_line.sale.party',
    'sale.line-recreated-stock.move': 'sale_line.sale.party',
    'sale.sale-ignored-account.invoice': 'sale.party',
    'sale.sale-recreated-account.invoice': 'sale.party',
    'account.invoice': 'party',
    'account.invoice.line': 'invoice.party',
    'account.invoice.tax': 'invoice.party',
    'account.invoice.line-account.tax': 'line.invoice.party',
    'account.invoice.line-stock.move': 'invoice_line.invoice.party',
    'account.invoice.alternative_payee': 'invoice.party',
    'account.invoice-account.move.line': 'invoice.party',
    'account.invoice.payment_term.line': None,
    'account.move.line': 'party',
    'account.move': None,
    'stock.shipment.out': 'customer',
    'stock.shipment.out.return': 'customer',
    'stock.move': ('shipment.customer', 'stock.shipment.out'),
    # Lot traces (stock_lot): moves seen through their lot, documents included; only
    # "Stock" reads them (the portal reads lots through the customer's moves instead).
    'stock.lot.trace': None,
    'stock.shipment.in': 'supplier',
    'stock.shipment.in.return': 'supplier',
    'stock.product_quantities_warehouse.move': None,
    'stock.reporting.inventory.move': None,
    'account.account.party': 'party',
    'account.aged_balance': 'party',
    'account.general_ledger.account.party': 'party',
    'account.general_ledger.line': 'party',
    'account.invoice-additional-account.move': 'invoice.party',
    'account.invoice.payment.mean': 'invoice.party',
    'account.invoice.report.revision': 'invoice.party',
    'account.tax.line': 'move_line.party',
    'party.contact_mechanism.language': 'contact_mechanism.party',
    'party.party-delivered_to-stock.location': 'party',
    'sale.reporting.customer': 'customer',
    'sale.reporting.customer.time_series': 'customer',
    'pickup.request': 'party',
    'pickup.request.line': 'request.party',
    'event.event': 'party',
    'production': 'sales.party',
    'production-sale.sale': 'sale.party',
    'carrier': None,
    'sale.complaint': 'customer',
    'sale.complaint.action': 'complaint.customer',
    'sale.complaint.action-sale.line': 'action.complaint.customer',
    'sale.complaint.action-account.invoice.line': 'action.complaint.customer',
    'party.party.sale_price_list': 'party',
    'portal.transfer': 'party',
    'portal.transfer-account.invoice': 'transfer.party',
    'account.dunning': 'line.party',
    'party.party.dunning_procedure': 'party',
    'portal.notification.email': 'party',
    'web.user.closure_request': 'web_user.party',
    }
# The reference a record of these models is about: B's records are those on B's
# documents (every model of CUSTOMER_DATA with a record of B in the fixtures).
RESOURCES = {'ir.attachment', 'ir.note', 'ir.email'}
# Staff data, reached through employees and users: what no portal caller reads.
STAFF = {'company.employee', 'res.user', 'res.user-company.employee'}
# Reached but not customer data: the search does not go past them.
NOT_CUSTOMER_DATA = {
    'company.company': "the supplier itself",
    'party.category': "shared labels",
    'party.party.replaced_by': "merge history",
    'ir.lang': "configuration",
    'stock.location': "warehouses (addresses of the supplier)",
    'account.account': "chart of accounts",
    'ir.model.button.click': "who clicked a button, by record id",
    'ir.cache': "server cache",
    'ir.queue': "tasks",
    'ir.trigger.log': "trigger bookkeeping",
    'res.user.login.attempt': "staff logins",
    'web.user.authenticate.attempt': "login e-mails only, no party",
    'event.user.role': "staff roles",
    'account.move.reconciliation': "reconciliations reach parties through lines",
    'ir.email.template': "templates",
    'ir.avatar': "pictures of users and web users (readable through them)",
    'company.employee.cost_price': "staff costs",
    'carrier.selection': "carrier configuration",
    'pickup.configuration': "pickup configuration (the carrier of portal requests)",
    'account.tax': "tax configuration",
    'company.company.tax_identifier': "the supplier's tax identifier",
    'portal.user-party.party': "integrator set-up, administrators only",
    'sale.complaint.type': "complaint types (configuration)",
    }
MODES = ('search', 'dotted', 'read', 'write', 'create', 'delete', 'button', 'report')

# Where a non-zero count is the design: actor -> model -> operations. Reads by the
# back office are the design (DESIGN.md: everyone can read); writes are listed.
_READS = frozenset({'search', 'dotted', 'read', 'report'})
_ALL = frozenset(MODES)
ALLOWED = {
    'event_sales': {'*': _READS},
    'event_support': {'*': _READS},
    'event_management': {
        '*': _READS,
        'event.event': _ALL, 'sale.sale': _ALL, 'sale.line': _ALL,
        'sale.complaint': _ALL, 'sale.complaint.action': _ALL,
        'sale.line-account.tax': _ALL, 'ir.attachment': _ALL, 'ir.note': _ALL,
        'ir.email': _ALL,
        },
    'pickup': {
        '*': _READS,
        'pickup.request': _ALL, 'pickup.request.line': _ALL,
        'ir.attachment': _ALL, 'ir.note': _ALL, 'ir.email': _ALL,
        # upstream: every user edits parties
        'party.party': _ALL, 'party.address': _ALL, 'party.contact_mechanism': _ALL,
        'party.identifier': _ALL, 'party.party-party.category': _ALL,
        },
    'portal_admin': {
        '*': frozenset(),
        # the staff who open portal accounts read and edit customers and web users
        'party.party': _ALL, 'party.address': _ALL, 'party.contact_mechanism': _ALL,
        'party.identifier': _ALL, 'party.party-party.category': _ALL,
        'web.user': _ALL - {'delete'}, 'web.user-party.party.secondary': _ALL,
        'res.user': _READS, 'company.employee': _READS,
        'res.user-company.employee': _READS, 'ir.attachment': _ALL,
        # upstream: every user reads productions (no party on them)
        'production': _READS,
        'ir.note': _ALL, 'ir.email': _ALL,
        # the staff who manage portal accounts see the e-mails sent and resend failed ones
        'portal.notification.email': _READS | {'write', 'button'},
        # they handle the requests to close an account (close it, refuse it)
        'web.user.closure_request': _READS | {'write', 'button'},
        },
    }


def allowed(actor, model, mode):
    table = ALLOWED.get(actor, {})
    return mode in table.get(model, table.get('*', frozenset()))


def _targets(Model):
    "Yield (field name, kind, target models) of the relation fields of Model"

    for name, field in Model._fields.items():
        if (isinstance(field, fields.Function)
                or name in {'create_uid', 'write_uid'}):
            continue
        if isinstance(field, (fields.Many2One, fields.One2One)):
            yield name, 'many2one', [field.model_name]
        elif isinstance(field, fields.Many2Many):
            yield name, 'many2many', [field.get_target().__name__]
        elif isinstance(field, fields.Reference):
            with without_check_access():
                selection = Model.fields_get([name])[name]['selection']
            if isinstance(selection, list):
                yield name, 'reference', [m for m, _ in selection if m and has_model(m)]


def customer_data_models():
    """Return {model: how it was reached} for every model reached from party.party, and
    the models reached that no table classifies."""
    pool = Pool()
    classified = (
        CUSTOMER_DATA.keys() | RESOURCES | STAFF | NOT_CUSTOMER_DATA.keys())
    expand = CUSTOMER_DATA.keys()
    reached = {'party.party': 'start'}
    queue = ['party.party']
    models = [(n, M) for n, M in pool.iterobject()
        if issubclass(M, ModelStorage) and not M.__name__.endswith('.start')]
    edges = defaultdict(list)
    for name, Model in models:
        for field, kind, targets in _targets(Model):
            for target in targets:
                if kind == 'many2many':
                    # From a model to the target of its Many2Many
                    edges[name].append((target, f'{name}.{field}'))
                else:
                    # To a model from the model holding the Many2One/Reference
                    edges[target].append((name, f'{name}.{field}'))
    while queue:
        model = queue.pop()
        if model not in expand:
            continue
        for other, how in edges[model]:
            if other not in reached:
                reached[other] = how
                queue.append(other)
    unclassified = sorted(set(reached) - classified)
    return reached, unclassified


class Matrix:
    "Probe every operation of every model reached, as one actor, on B's records"

    def __init__(self, foreign, customer_name, reports):
        # foreign: {model: [records of B]}; reports: {model: [ir.action.report]}
        self.foreign = foreign
        self.customer_name = customer_name
        self.reports = reports

    @contextmanager
    def undone(self):
        "Run a probe inside a savepoint undone afterwards"
        transaction = Transaction()
        cursor = transaction.connection.cursor()
        # A refused delete leaves its ids in delete_records (they are added
        # before the record rules are checked): a later delete of the same
        # record in this transaction would then skip it silently and look
        # reached. Each RPC call has a transaction of its own; so does a probe.
        deleting = {m: set(ids) for m, ids in transaction.delete_records.items()}
        cursor.execute('SAVEPOINT access_matrix')
        try:
            yield
        finally:
            cursor.execute('ROLLBACK TO SAVEPOINT access_matrix')
            transaction.delete_records.clear()
            transaction.delete_records.update(deleting)
            transaction.tasks.clear()
            for cache in transaction.cache.values():
                cache.clear()

    def attempt(self, func):
        """Return 1 when func went through the access checks (it ran, or failed
        after them), 0 when refused, 'n/a' when the record's state refuses it."""
        with self.undone():
            try:
                func()
            except AccessButtonError as error:
                if 'ir.msg_button_state_record' in repr(error.args) or re.search(
                        r'(is not allowed|not valid) .*(state|record)', error.message
                        ) and 'Calling button' not in error.message:
                    return 'n/a'
                return 0
            except AccessError:
                return 0
            except Exception:
                return 1
            return 1

    def run(self, model, own=()):
        "Return {mode: count or None} for model"
        pool = Pool()
        Model = pool.get(model)
        ModelAccess = pool.get('ir.model.access')
        records = self.foreign.get(model, [])
        result = {}
        ids = [r.id for r in records]
        if model in RESOURCES:
            resources = [str(r.resource) for r in records]
            domain = [('resource', 'in', resources), ('id', 'in', ids)]
        else:
            domain = [('id', 'in', ids)]
        result['search'] = self.count_search(Model, domain, ids)
        path = CUSTOMER_DATA.get(model)
        if path:
            path, *target = path if isinstance(path, tuple) else (path,)
            dotted = 'name' if path == 'id' else f'{path}.name'
            result['dotted'] = self.count_search(
                Model, [(dotted, '=', self.customer_name, *target)], ids)
        else:
            result['dotted'] = None
        result['read'] = sum(self.attempt(
                lambda r=r: Model.read([r.id], ['rec_name'])) == 1 for r in records)
        if issubclass(Model, ModelSQL) and not Model._is_table_query():
            field = _writable_field(Model)
            if field:
                result['write'] = self.count(records, lambda r: Model.write(
                        [Model(r.id)], {field: getattr(r, field)}))
            result['delete'] = self.count(
                records, lambda r: Model.delete([Model(r.id)]))
            if ModelAccess.check(model, 'create', raise_exception=False):
                result['create'] = self.count(
                    records[:1], lambda r: Model.create([_create_values(r)]))
            else:
                result['create'] = 0
        # Buttons that only change the form (button_change) save nothing
        buttons = [b for b in getattr(Model, '_buttons', {})
            if callable(getattr(Model, b, None))
            and not hasattr(getattr(Model, b), 'change')]
        if buttons:
            reached = set()
            for button in buttons:
                for record in records:
                    if self.attempt(lambda r=record, b=button: getattr(Model, b)(
                                [Model(r.id)])) == 1:
                        reached.add((button, record.id))
            result['button'] = len({r for _, r in reached})
            result['buttons'] = sorted({b for b, _ in reached})
        if self.reports.get(model):
            count = 0
            for record in records:
                if any(self.attempt(lambda r=record, a=action: _execute(
                                    a, r)) == 1 for action in self.reports[model]):
                    count += 1
            result['report'] = count
        return result

    def count_search(self, Model, domain, ids):
        with self.undone():
            try:
                found = Model.search(domain)
            except AccessError:
                return 0
            except Exception:
                return 0
        return len({r.id for r in found} & set(ids))

    def count(self, records, func):
        return sum(self.attempt(lambda r=r: func(r)) == 1 for r in records)


def probe_order(model):
    "Sort key of the models: the tables first, the SQL views (table queries) last"
    Model = Pool().get(model)
    return (issubclass(Model, ModelSQL) and Model._is_table_query(), model)


def _writable_field(Model):
    "A stored field the record keeps when written with its own value"
    for name in ['comment', 'description', 'notes', 'name', 'message', 'street', 'value',
            'email', 'reference', 'code', 'login']:
        field = Model._fields.get(name)
        if (field and not isinstance(field, fields.Function)
                and not getattr(field, 'readonly', False)
                and field._type in {'char', 'text'}):
            return name
    for name, field in Model._fields.items():
        if (field._type in {'char', 'text'} and not isinstance(field, fields.Function)
                and not field.readonly and name not in {'rec_name'}):
            return name
    return None


def _unique_fields(Model):
    "The fields a copy may not repeat (unique constraints)"
    names = set()
    for _, constraint, _ in getattr(Model, '_sql_constraints', []):
        for column in getattr(constraint, 'columns', ()):
            names.add(getattr(column, 'name', None))
        for column, *_ in getattr(constraint, 'excludes', ()):
            names.add(getattr(column, 'name', None))
    return names


def _create_values(record):
    "The values of a copy of record, read as root: a new record of the same customer"
    Model = record.__class__
    unique = _unique_fields(Model) | {'code', 'number', 'reference', 'key'}
    values = {}
    with without_check_access():
        for name, field in Model._fields.items():
            if (isinstance(field, fields.Function) or name in unique or name in {
                        'id', 'create_uid', 'create_date', 'write_uid', 'write_date'}
                    or field._type in {'one2many', 'many2many', 'binary'}
                    or getattr(field, 'readonly', False)):
                continue
            value = getattr(record, name, None)
            if value is None:
                continue
            if field._type in {'many2one', 'one2one'}:
                value = value.id
            elif field._type == 'reference':
                value = str(value)
            values[name] = value
    return values


def _execute(action, record):
    pool = Pool()
    Report = pool.get(action.report_name, type='report')
    # Only the access checks matter: the rendering itself is not tried.
    Report.execute([record.id], {'action_id': action.id})


def has_model(name):
    try:
        Pool().get(name)
    except KeyError:
        return False
    return True


def create_customer_records(company, party, employee=None):
    """Create, for party, a record of each kind the fixtures can make; return
    {model: [records]} (run as root inside set_company(company))"""
    import datetime as dt
    from decimal import Decimal

    pool = Pool()
    Sale = pool.get('sale.sale')
    Shipment = pool.get('stock.shipment.out')
    Move = pool.get('stock.move')
    Invoice = pool.get('account.invoice')
    Location = pool.get('stock.location')
    Account = pool.get('account.account')
    Journal = pool.get('account.journal')
    Template = pool.get('product.template')
    Uom = pool.get('product.uom')
    Email = pool.get('ir.email')
    Attachment = pool.get('ir.attachment')
    Note = pool.get('ir.note')
    WebUser = pool.get('web.user')

    receivable, = Account.search([
            ('company', '=', company.id),
            ('type.receivable', '=', True), ('party_required', '=', True),
            ('closed', '!=', True)], limit=1)
    revenue, = Account.search([
            ('company', '=', company.id),
            ('type.revenue', '=', True), ('closed', '!=', True)], limit=1)
    journal, = Journal.search([('type', '=', 'revenue')], limit=1)
    warehouse, = Location.search([('type', '=', 'warehouse')])
    customer_location, = Location.search([('type', '=', 'customer')])
    unit, = Uom.search([('symbol', '=', 'u')])
    product = Template.search([('name', '=', "Widget")])
    if not product:
        product = Template.create([{
                    'name': "Widget", 'default_uom': unit.id, 'type': 'goods',
                    'salable': True, 'sale_uom': unit.id,
                    'list_price': Decimal(10), 'products': [('create', [{}])],
                    }])
    product = product[0].products[0]
    address, = party.addresses
    records = defaultdict(list)

    def sale(state):
        sale, = Sale.create([{
                    'party': party.id, 'invoice_address': address.id,
                    'shipment_address': address.id, 'company': company.id,
                    'currency': company.currency.id,
                    'sale_date': dt.date.today(),
                    'lines': [('create', [{
                                    'product': product.id, 'quantity': 1, 'unit': unit.id,
                                    'unit_price': Decimal(10)}])],
                    }])
        if state != 'draft':
            # Straight to the state: the workflow is not what is tried here
            table = Sale.__table__()
            cursor = Transaction().connection.cursor()
            cursor.execute(*table.update(
                    [table.state], [state], where=table.id == sale.id))
            for cache in Transaction().cache.values():
                cache.clear()
            sale = Sale(sale.id)
        records['sale.sale'].append(sale)
        records['sale.line'].extend(sale.lines)
        return sale
    draft, _, confirmed = sale('draft'), sale('quotation'), sale('confirmed')
    shipment, = Shipment.create([{
                'customer': party.id, 'delivery_address': address.id,
                'company': company.id, 'warehouse': warehouse.id,
                'warehouse_storage': warehouse.storage_location.id,
                'warehouse_output': warehouse.output_location.id,
                }])
    move, = Move.create([{
                'product': product.id, 'unit': unit.id, 'quantity': 1,
                'from_location': warehouse.output_location.id,
                'to_location': customer_location.id, 'company': company.id,
                'unit_price': Decimal(10), 'currency': company.currency.id,
                'shipment': str(shipment),
                }])
    invoice, = Invoice.create([{
                'type': 'out', 'party': party.id, 'invoice_address': address.id,
                'company': company.id, 'currency': company.currency.id,
                'journal': journal.id, 'account': receivable.id,
                'lines': [('create', [{
                                'company': company.id, 'currency': company.currency.id,
                                'account': revenue.id, 'quantity': 1,
                                'unit_price': Decimal(10), 'description': "Widget",
                                }])],
                }])
    email, = Email.create([{
                'resource': str(draft), 'subject': "Order confirmed",
                'recipients': party.email or 'customer@example.com'}])
    records['ir.attachment'].extend(Attachment.create([{
                    'resource': str(draft), 'name': 'order.txt', 'data': b'order'}, {
                    'resource': str(email), 'name': 'order.pdf', 'data': b'pdf'}]))
    records['ir.note'].extend(Note.create([{
                    'resource': str(draft), 'message': "Pays late"}]))
    records['ir.email'].append(email)
    web_user, = WebUser.create([{'email': f'{party.id}@customer.example.com',
                'party': party.id}])
    web_user.new_session()
    NotificationEmail = pool.get('portal.notification.email')
    records['portal.notification.email'] = NotificationEmail.create([{
                'party': party.id, 'web_user': web_user.id,
                'kind': 'order_confirmed', 'resource': str(confirmed)}])
    if has_model('web.user.closure_request'):
        ClosureRequest = pool.get('web.user.closure_request')
        records['web.user.closure_request'] = ClosureRequest.create([{
                    'web_user': web_user.id, 'email': web_user.email,
                    'party': party.id, 'reason': "Moving to another supplier"}])
    records.update({
            'party.party': [party], 'party.address': [address],
            'party.contact_mechanism': list(party.contact_mechanisms),
            'stock.shipment.out': [shipment], 'stock.move': [move],
            'account.invoice': [invoice], 'account.invoice.line': list(invoice.lines),
            'web.user': [web_user],
            })
    if has_model('pickup.request'):
        records.update(_pickups(company, party, product, unit))
    if has_model('sale.complaint'):
        for model, found in _complaints(company, party, confirmed).items():
            records[model].extend(found)
    if has_model('portal.transfer'):
        records.update(_transfers(company, party, invoice))
    if has_model('event.event'):
        Event = pool.get('event.event')
        start = dt.datetime.now().replace(microsecond=0) + dt.timedelta(days=30)
        records['event.event'] = Event.create([{
                    'company': company.id, 'name': f"Event of {party.name}",
                    'party': party.id, 'sale': confirmed.id, 'start': start,
                    'end': start + dt.timedelta(hours=3), 'location_text': "On site",
                    'attendees': 10,
                    'support_contact': employee.id if employee else None,
                    }])
    if has_model('production-sale.sale'):
        Production = pool.get('production')
        records['production'] = Production.create([{
                    'company': company.id, 'warehouse': warehouse.id,
                    'location': Location.search([('type', '=', 'production')])[0].id,
                    'planned_date': dt.date.today(),
                    'planned_start_date': dt.date.today(),
                    'sales': [('add', [confirmed.id])],
                    }])
    return records


def _pickups(company, party, product, unit):
    import datetime as dt

    pool = Pool()
    Carrier = pool.get('carrier')
    Request = pool.get('pickup.request')
    carrier, = Carrier.search([], limit=1)
    requests = Request.create([{
                'company': company.id, 'party': party.id,
                'pickup_address': party.addresses[0].id,
                'pickup_date': dt.date.today(), 'time_from': dt.time(8),
                'time_to': dt.time(12), 'carrier': carrier.id, 'comment': "Dock",
                'lines': [('create', [{
                                'product': product.id, 'quantity': 1, 'unit': unit.id}])],
                }])
    return {
        'pickup.request': requests,
        'pickup.request.line': [line for r in requests for line in r.lines],
        }


def _complaints(company, party, sale):
    from .fixtures import complaint_type

    pool = Pool()
    Complaint = pool.get('sale.complaint')
    Attachment = pool.get('ir.attachment')
    line = sale.lines[0]
    complaints = Complaint.create([{
                'company': company.id, 'customer': party.id, 'type': complaint_type().id,
                'origin': str(line), 'description': "Broken",
                'actions': [('create', [{'action': 'sale_return', 'quantity': 1}])],
                }])
    return {
        'sale.complaint': complaints,
        'sale.complaint.action': [a for c in complaints for a in c.actions],
        'ir.attachment': Attachment.create([{
                    'resource': str(complaints[0]), 'name': 'broken.png',
                    'data': b'\x89PNG'}]),
        }


def _transfers(company, party, invoice):
    from decimal import Decimal

    pool = Pool()
    Transfer = pool.get('portal.transfer')
    TransferInvoice = pool.get('portal.transfer-account.invoice')
    transfers = Transfer.create([{
                'company': company.id, 'party': party.id, 'amount': Decimal(10),
                'currency': company.currency.id,
                'invoices': [('add', [invoice.id])]}])
    return {
        'portal.transfer': transfers,
        'portal.transfer-account.invoice': TransferInvoice.search([
                ('transfer', 'in', [t.id for t in transfers])]),
        }


def create_carrier():
    pool = Pool()
    Carrier = pool.get('carrier')
    Party = pool.get('party.party')
    Template = pool.get('product.template')
    Uom = pool.get('product.uom')
    unit, = Uom.search([('symbol', '=', 'u')])
    party, = Party.create([{'name': "Carrier", 'contact_mechanisms': [('create', [{
                            'type': 'email', 'value': 'slips@carrier.example.com'}])]}])
    template, = Template.create([{'name': "Pickup", 'type': 'service',
                'default_uom': unit.id, 'products': [('create', [{}])]}])
    Carrier.create([{'party': party.id, 'carrier_product': template.products[0].id,
                'pickup_contact': party.contact_mechanisms[0].id}])

# This file is part of the customer portal project.
import base64
import datetime as dt
from decimal import Decimal
from email.message import EmailMessage
from string import Template

import trytond.config as config
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, Unique, Workflow, fields
from trytond.modules.portal.mail import RecordedEmailMixin
from trytond.modules.portal.model import (
    ACTING_ROLES,
    is_id,
    portal_entry_point,
    portal_records,
)
from trytond.pool import Pool
from trytond.pyson import Bool, Eval, Id, If
from trytond.report import Report
from trytond.rpc import RPC
from trytond.tools import slugify
from trytond.tools.email_ import format_address, set_from_header
from trytond.transaction import Transaction, without_check_access

from .exceptions import (
    PickupCancelError,
    PickupDeleteError,
    PickupEmailError,
    PickupPartyError,
    PickupPortalRequestError,
    PickupRequestError,
    PickupWindowError,
)

STATES = [
    ('draft', "Draft"),
    ('requested', "Requested"),
    ('confirmed', "Confirmed"),
    ('done', "Done"),
    ('cancelled', "Cancelled"),
    ]
# The field recording when a request reached each state after draft.
STATE_TIMES = {
    'requested': 'requested_at',
    'confirmed': 'confirmed_at',
    'done': 'done_at',
    'cancelled': 'cancelled_at',
    }
# States in which the customer (portal, integrator) may still cancel.
CUSTOMER_CANCELLABLE = {'draft', 'requested'}
# The sales a customer may start a pickup from: the signed ones.
PICKUP_SALE_STATES = {'confirmed', 'processing', 'done'}
# The portal sends a UUID (36 characters); anything longer is no key of ours.
IDEMPOTENCY_KEY_SIZE = 64

_draft = {'readonly': Eval('state') != 'draft'}
_is_admin = Id('pickup', 'group_pickup_admin').in_(
    Eval('context', {}).get('groups', []))


class Request(RecordedEmailMixin, Workflow, ModelSQL, ModelView):
    __name__ = 'pickup.request'
    _rec_name = 'reference'

    company = fields.Many2One(
        'company.company', "Company", required=True, states=_draft)
    reference = fields.Char("Reference", readonly=True)
    party = fields.Many2One(
        'party.party', "Customer", required=True, states=_draft,
        context={'company': Eval('company', -1)}, depends={'company'})
    pickup_address = fields.Many2One(
        'party.address', "Pickup Address", required=True, states=_draft,
        domain=[('party', '=', Eval('party', -1))])
    pickup_date = fields.Date("Pickup Date", required=True, states=_draft)
    time_from = fields.Time("From", required=True, states=_draft)
    time_to = fields.Time("To", required=True, states=_draft)
    carrier = fields.Many2One(
        'carrier', "Carrier", states=_draft, ondelete='RESTRICT',
        help="The slip is e-mailed to the carrier's pickup contact.")
    sale = fields.Many2One(
        'sale.sale', "Sale", states=_draft,
        domain=[
            ('party', '=', Eval('party', -1)),
            ('company', '=', Eval('company', -1)),
            ('state', '!=', 'cancelled'),
            ])
    lines = fields.One2Many(
        'pickup.request.line', 'request', "Lines", states=_draft)
    comment = fields.Text("Comment", states=_draft)
    state = fields.Selection(
        STATES, "State", readonly=True, required=True, sort=False)
    state_string = state.translated('state')
    total_packages = fields.Function(
        fields.Integer("Total Packages"), 'get_totals')
    total_weight = fields.Function(
        fields.Float("Total Weight (kg)", digits=(12, 3)), 'get_totals')

    emails = fields.One2Many(
        'ir.email', 'resource', "E-mails", readonly=True)
    # When each state was reached: the history the customer reads in the portal.
    requested_at = fields.DateTime("Requested at", readonly=True)
    confirmed_at = fields.DateTime("Confirmed at", readonly=True)
    done_at = fields.DateTime("Collected at", readonly=True)
    cancelled_at = fields.DateTime("Cancelled at", readonly=True)
    # The portal's key of the customer's submission: sent again (a replay of its
    # outbox after an outage, a retry after a timeout), portal_request returns
    # this request instead of creating another.
    idempotency_key = fields.Char(
        "Idempotency Key", readonly=True, strip=False,
        help="The portal's key of the customer's submission: "
        "the same key never creates a second request.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.email_state.string = "Slip E-mail"
        cls.email_sent_at.string = "Slip E-mail Sent at"
        cls.email_error.string = "Slip E-mail Error"
        cls._order = [
            ('pickup_date', 'DESC NULLS FIRST'),
            ('id', 'DESC'),
            ]
        t = cls.__table__()
        # The unique constraint is the key's index too (several NULLs allowed).
        cls._sql_constraints += [
            ('idempotency_key_unique', Unique(t, t.idempotency_key),
                'pickup.msg_pickup_idempotency_key_unique'),
            ]
        cls._transitions |= {
            ('draft', 'requested'),
            ('requested', 'confirmed'),
            ('confirmed', 'done'),
            ('draft', 'cancelled'),
            ('requested', 'cancelled'),
            ('confirmed', 'cancelled'),
            ('requested', 'draft'),
            ('cancelled', 'draft'),
            }
        cls._buttons.update({
                'draft': {
                    'invisible': ~Eval('state').in_(['requested', 'cancelled']),
                    'icon': If(Eval('state') == 'cancelled',
                        'tryton-undo', 'tryton-back'),
                    'depends': ['state'],
                    },
                'request': {
                    'invisible': Eval('state') != 'draft',
                    'readonly': ~Eval('lines', []),
                    'icon': 'tryton-forward',
                    'depends': ['state'],
                    },
                'confirm': {
                    'invisible': Eval('state') != 'requested',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'do': {
                    'invisible': Eval('state') != 'confirmed',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                # Customers may cancel until the pickup is confirmed; after
                # that only the administration can (the carrier is booked).
                'cancel': {
                    'invisible': (
                        ~Eval('state').in_(['draft', 'requested', 'confirmed'])
                        | ((Eval('state') == 'confirmed') & ~_is_admin)),
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                'fill_from_sale': {
                    'invisible': Eval('state') != 'draft',
                    'readonly': ~Eval('sale'),
                    'depends': ['state', 'sale'],
                    },
                'resend_slip': {
                    'invisible': ~Eval('state').in_(
                        ['requested', 'confirmed', 'done']),
                    'icon': 'tryton-email',
                    'depends': ['state'],
                    },
                })
        cls.__rpc__.update({
                'portal_cancel': RPC(readonly=False, instantiate=0),
                'portal_request': RPC(readonly=False),
                })

    @classmethod
    def __register__(cls, module):
        cls._migrate_carrier_party()
        super().__register__(module)

    @classmethod
    def _migrate_carrier_party(cls):
        "Keep the carriers of version 8.2.0 (any party) as carrier_party"
        pool = Pool()
        Field = pool.get('ir.model.field')
        field = Field.__table__()
        cursor = Transaction().connection.cursor()
        table_h = cls.__table_handler__()
        if not table_h.column_exist('carrier'):
            return
        cursor.execute(*field.select(field.relation, where=(
                    (field.model == cls.__name__)
                    & (field.name == 'carrier'))))
        row = cursor.fetchone()
        if row and row[0] == 'party.party':
            table_h.column_rename('carrier', 'carrier_party')

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @staticmethod
    def default_state():
        return 'draft'

    @fields.depends('party', 'pickup_address', 'sale')
    def on_change_party(self):
        if self.pickup_address and self.pickup_address.party != self.party:
            self.pickup_address = None
        if self.party and not self.pickup_address:
            self.pickup_address = self.party.address_get()
        if self.sale and self.sale.party != self.party:
            self.sale = None

    def get_rec_name(self, name):
        return self.reference or f'({self.id})'

    @classmethod
    def search_rec_name(cls, name, clause):
        return [('reference', *clause[1:])]

    @classmethod
    def get_totals(cls, requests, names):
        result = {n: {} for n in names}
        for request in requests:
            if 'total_packages' in names:
                result['total_packages'][request.id] = sum(
                    line.packages or 0 for line in request.lines)
            if 'total_weight' in names:
                result['total_weight'][request.id] = round(sum(
                        line.weight_kg or 0 for line in request.lines), 3)
        return result

    @classmethod
    def _validate(cls, requests, field_names=None):
        # Before super(): its domain validation would refuse another party's
        # address or sale with a message quoting that record's name, so an
        # integrator could read any address or sale by guessing ids.
        cls.check_party_relations(requests, field_names)
        cls.check_carrier(requests, field_names)
        super()._validate(requests, field_names=field_names)

    @classmethod
    def check_carrier(cls, requests, field_names=None):
        "Check that the carrier is one of the carriers"
        pool = Pool()
        Carrier = pool.get('carrier')
        if field_names is not None and 'carrier' not in field_names:
            return
        # SQLite keeps no foreign key: an id that names no carrier (a party's,
        # say) would be stored as is.
        ids = {r.carrier.id for r in requests if r.carrier}
        with without_check_access():
            found = {c.id for c in Carrier.search([('id', 'in', list(ids))])}
        if ids - found:
            raise PickupPartyError(gettext('pickup.msg_pickup_carrier_unknown'))

    @classmethod
    def validate_fields(cls, requests, field_names):
        super().validate_fields(requests, field_names)
        cls.check_window(requests, field_names)

    @classmethod
    def check_party_relations(cls, requests, field_names=None):
        "Check that the address, the sale and the sale lines are the party's"
        pool = Pool()
        Line = pool.get('pickup.request.line')
        if field_names is not None:
            field_names = set(field_names)
            if not (field_names & {'party', 'pickup_address', 'sale'}):
                return
        # Only ids are compared and the messages name nothing, so reading
        # records the user may not see tells it nothing.
        with without_check_access():
            requests = cls.browse([r.id for r in requests])
            for request in requests:
                party_id = request.party.id if request.party else None
                if (request.pickup_address
                        and request.pickup_address.party.id != party_id):
                    raise PickupPartyError(gettext(
                            'pickup.msg_pickup_address_party'))
                if request.sale and request.sale.party.id != party_id:
                    raise PickupPartyError(gettext(
                            'pickup.msg_pickup_sale_party'))
            if field_names is None or 'party' in field_names:
                Line.check_sale_line([line for r in requests for line in r.lines])

    @classmethod
    def check_window(cls, requests, field_names=None):
        if field_names and not (field_names & {'time_from', 'time_to'}):
            return
        for request in requests:
            if (request.time_from and request.time_to
                    and request.time_from >= request.time_to):
                raise PickupWindowError(gettext(
                        'pickup.msg_pickup_window_order',
                        request=request.rec_name))

    @classmethod
    def copy(cls, requests, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('reference')
        default.setdefault('emails')
        default.setdefault('idempotency_key')
        for name in STATE_TIMES.values():
            default.setdefault(name)
        return super().copy(requests, default=default)

    @classmethod
    def check_modification(cls, mode, requests, values=None, external=False):
        super().check_modification(
            mode, requests, values=values, external=external)
        if mode == 'delete':
            for request in requests:
                if request.state not in {'draft', 'cancelled'}:
                    raise PickupDeleteError(gettext(
                            'pickup.msg_pickup_delete_draft',
                            request=request.rec_name))

    @classmethod
    def set_reference(cls, requests):
        pool = Pool()
        Configuration = pool.get('pickup.configuration')
        config = Configuration(1)
        to_number = [r for r in requests if not r.reference]
        if not to_number:
            return
        sequence = config.pickup_request_sequence
        if not sequence:
            raise PickupRequestError(gettext('pickup.msg_pickup_no_sequence'))
        for request, reference in zip(
                to_number, sequence.get_many(len(to_number)), strict=True):
            request.reference = reference
        cls.save(to_number)

    @classmethod
    def check_requestable(cls, requests):
        for request in requests:
            if not request.lines:
                raise PickupRequestError(gettext(
                        'pickup.msg_pickup_no_lines', request=request.rec_name))
            if not request.carrier:
                raise PickupRequestError(gettext(
                        'pickup.msg_pickup_no_carrier',
                        request=request.rec_name))

    @classmethod
    def _reached(cls, requests, state):
        "Record when requests reached state (its last time, if reached again)"
        cls.write(requests, {STATE_TIMES[state]: dt.datetime.now()})

    @classmethod
    @ModelView.button
    @Workflow.transition('draft')
    def draft(cls, requests):
        # Back to draft: the history starts again.
        cls.write(requests, {name: None for name in STATE_TIMES.values()})

    @classmethod
    @ModelView.button
    @Workflow.transition('requested')
    def request(cls, requests):
        cls.check_requestable(requests)
        cls.set_reference(requests)
        cls._reached(requests, 'requested')
        cls._queue_slip(requests)

    @classmethod
    @ModelView.button
    @Workflow.transition('confirmed')
    def confirm(cls, requests):
        cls._reached(requests, 'confirmed')

    @classmethod
    @ModelView.button
    @Workflow.transition('done')
    def do(cls, requests):
        cls._reached(requests, 'done')

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, requests):
        cls._reached(requests, 'cancelled')

    @classmethod
    @portal_entry_point(roles=ACTING_ROLES)
    def portal_cancel(cls, requests):
        """Cancel on behalf of the customer: only before confirmation.

        The requests must be of the parties the caller acts for: the
        customer of the portal context for the service user, its parties for
        an integrator. Another party's request is refused like a missing one.
        """
        requests = portal_records(cls, [r.id for r in requests])
        for request in requests:
            if request.state not in CUSTOMER_CANCELLABLE | {'cancelled'}:
                raise PickupCancelError(gettext(
                        'pickup.msg_pickup_portal_cancel_state',
                        request=request.rec_name,
                        state=request.state_string))
        with without_check_access():
            cls.cancel(requests)

    @classmethod
    @portal_entry_point(roles=ACTING_ROLES)
    def portal_request(cls, values):
        """Create and request a pickup on behalf of the customer; return its id.

        The customer is the party the caller acts for (the portal context's
        for the service user): values never name it. values holds
        pickup_address, pickup_date, time_from, time_to, optional sale and
        comment, and lines: dicts of product, quantity and optional packages,
        weight (kg) and sale_line. Every id must be the customer's (address,
        sale, sale line) or a salable good (product), otherwise the call is
        refused naming nothing; the carrier is the configuration's.

        values may hold an idempotency_key (a string of at most 64 characters,
        the portal sends a UUID): a key already used by the customer returns
        that request again, created once whatever the number of calls; a key
        of another party's request is refused naming nothing.
        """
        pool = Pool()
        User = pool.get('res.user')
        Configuration = pool.get('pickup.configuration')
        if not isinstance(values, dict):
            raise PickupPortalRequestError(gettext(
                    'pickup.msg_pickup_portal_request_values'))
        parties = User.get_portal_parties()
        if len(parties) != 1:
            # An integrator acting for several parties must say which one,
            # which this entry point does not let it do: it creates normally.
            raise PickupPortalRequestError(gettext(
                    'pickup.msg_pickup_portal_request_party'))
        party_id, = parties
        key = values.get('idempotency_key')
        if key is not None:
            existing = cls._portal_request_of_key(key, party_id)
            if existing is not None:
                return existing
        address, = portal_records(
            pool.get('party.address'), [values.get('pickup_address')])
        sale = None
        if values.get('sale') is not None:
            sale, = portal_records(pool.get('sale.sale'), [values['sale']])
            if sale.state not in PICKUP_SALE_STATES:
                raise PickupPortalRequestError(gettext(
                        'pickup.msg_pickup_portal_request_sale_state'))
        lines = cls._portal_request_lines(values.get('lines'), sale)
        pickup_date = values.get('pickup_date')
        time_from, time_to = values.get('time_from'), values.get('time_to')
        comment = values.get('comment')
        if (not isinstance(pickup_date, dt.date)
                or isinstance(pickup_date, dt.datetime)
                or not isinstance(time_from, dt.time)
                or not isinstance(time_to, dt.time)
                or not (comment is None or isinstance(comment, str))):
            raise PickupPortalRequestError(gettext(
                    'pickup.msg_pickup_portal_request_values'))
        if time_from >= time_to:
            raise PickupPortalRequestError(gettext(
                    'pickup.msg_pickup_portal_request_window'))
        if pickup_date < pool.get('ir.date').today():
            raise PickupPortalRequestError(gettext(
                    'pickup.msg_pickup_portal_request_past'))
        with without_check_access():
            carrier = Configuration(1).portal_carrier
            if not carrier:
                raise PickupPortalRequestError(gettext(
                        'pickup.msg_pickup_portal_request_no_carrier'))
            company = (
                sale.company.id if sale
                else Transaction().context.get('company'))
            request, = cls.create([{
                        'company': company,
                        'party': party_id,
                        'pickup_address': address.id,
                        'pickup_date': pickup_date,
                        'time_from': time_from,
                        'time_to': time_to,
                        'carrier': carrier.id,
                        'sale': sale.id if sale else None,
                        'comment': comment or None,
                        'lines': [('create', lines)],
                        'idempotency_key': key,
                        }])
            cls.request([request])
        return request.id

    @classmethod
    def _portal_request_of_key(cls, key, party_id):
        """Return the id of the request already filed with key, or None.

        A key is the portal's for one submission of one customer: another
        party's request is refused naming nothing, never returned.
        """
        if (not isinstance(key, str)
                or not 0 < len(key) <= IDEMPOTENCY_KEY_SIZE):
            raise PickupPortalRequestError(gettext(
                    'pickup.msg_pickup_portal_request_key'))
        with without_check_access():
            requests = cls.search([('idempotency_key', '=', key)], limit=1)
        if not requests:
            return None
        request, = requests
        if request.party.id != party_id:
            raise PickupPortalRequestError(gettext(
                    'pickup.msg_pickup_portal_request_key'))
        return request.id

    @classmethod
    def _portal_request_lines(cls, lines, sale):
        "Return the create values of the lines asked for from the portal"
        pool = Pool()
        Product = pool.get('product.product')
        SaleLine = pool.get('sale.line')
        ModelData = pool.get('ir.model.data')
        if not isinstance(lines, list) or not lines:
            raise PickupPortalRequestError(gettext(
                    'pickup.msg_pickup_portal_request_lines'))
        if not all(isinstance(line, dict) for line in lines):
            raise PickupPortalRequestError(gettext(
                    'pickup.msg_pickup_portal_request_values'))
        product_ids = [line.get('product') for line in lines]
        if not all(map(is_id, product_ids)):
            raise PickupPortalRequestError(gettext(
                    'pickup.msg_pickup_portal_request_product'))
        with without_check_access():
            products = {p.id: p for p in Product.search([
                        ('id', 'in', list(set(product_ids))),
                        ('template.salable', '=', True),
                        ('template.type', 'in', ['goods', 'assets']),
                        ])}
        if set(product_ids) - set(products):
            raise PickupPortalRequestError(gettext(
                    'pickup.msg_pickup_portal_request_product'))
        sale_line_ids = [
            line['sale_line'] for line in lines
            if line.get('sale_line') is not None]
        sale_lines = {
            s.id: s for s in portal_records(
                SaleLine, sale_line_ids, party='sale.party')}
        if any(s.sale != sale for s in sale_lines.values()):
            raise PickupPortalRequestError(gettext(
                    'pickup.msg_pickup_portal_request_sale_line'))
        kilogram = ModelData.get_id('product', 'uom_kilogram')
        result = []
        for line in lines:
            quantity, packages = line.get('quantity'), line.get('packages')
            weight = line.get('weight')
            if (not _number(quantity) or quantity <= 0
                    or not (packages is None or (_integer(packages)
                            and packages >= 0))
                    or not (weight is None or (_number(weight)
                            and weight >= 0))):
                raise PickupPortalRequestError(gettext(
                        'pickup.msg_pickup_portal_request_quantities'))
            product = products[line['product']]
            sale_line = sale_lines.get(line.get('sale_line'))
            if sale_line and sale_line.product != product:
                raise PickupPortalRequestError(gettext(
                        'pickup.msg_pickup_portal_request_sale_line'))
            result.append({
                    'product': product.id,
                    'description': sale_line.description if sale_line else None,
                    'quantity': float(quantity),
                    'unit': (sale_line.unit if sale_line
                        else product.default_uom).id,
                    'packages': packages,
                    'weight': float(weight) if weight is not None else None,
                    'weight_unit': kilogram,
                    'sale_line': sale_line.id if sale_line else None,
                    })
        return result

    @classmethod
    @ModelView.button
    def fill_from_sale(cls, requests):
        pool = Pool()
        Line = pool.get('pickup.request.line')
        lines = []
        for request in requests:
            if not request.sale:
                raise PickupRequestError(gettext(
                        'pickup.msg_pickup_fill_sale_missing',
                        request=request.rec_name))
            lines.extend(request._lines_from_sale())
        Line.save(lines)

    def _lines_from_sale(self):
        pool = Pool()
        Line = pool.get('pickup.request.line')
        already = {line.sale_line.id for line in self.lines if line.sale_line}
        lines = []
        for sale_line in self.sale.lines:
            if (sale_line.type != 'line'
                    or not sale_line.product
                    or sale_line.product.type not in {'goods', 'assets'}
                    or sale_line.id in already):
                continue
            lines.append(Line(
                    request=self,
                    sale_line=sale_line,
                    product=sale_line.product,
                    description=sale_line.description,
                    quantity=abs(sale_line.quantity),
                    unit=sale_line.unit,
                    ))
        return lines

    @classmethod
    @ModelView.button
    def resend_slip(cls, requests):
        cls._queue_slip(requests)

    @classmethod
    def _queue_slip(cls, requests):
        cls.queue_email(requests, 'send_slip')

    @classmethod
    def send_slip(cls, requests):
        "E-mail the slip to each carrier's pickup contact, record the outcome"
        pool = Pool()
        Email = pool.get('ir.email')
        Attachment = pool.get('ir.attachment')
        slips = {}

        def message(request):
            msg, body, filename, content = request._slip_message()
            if not msg['To']:
                raise PickupEmailError(gettext(
                        'pickup.msg_pickup_carrier_no_contact'))
            slips[request] = (body, filename, content)
            return msg

        for request, msg in cls.send_recorded(requests, message):
            body, filename, content = slips[request]
            email = Email.from_message(msg, body=body, resource=request)
            email.save()
            Attachment(resource=email, name=filename, data=content).save()

    def _slip_message(self):
        pool = Pool()
        ActionReport = pool.get('ir.action.report')
        ModelData = pool.get('ir.model.data')
        Slip = pool.get('pickup.request.slip', type='report')

        ext, content, _, title = Slip.execute([self.id], {
                'action_id': ActionReport(
                    ModelData.get_id('pickup', 'report_slip')).id,
                })
        filename = f'{slugify(title)}.{ext}'

        # The carrier reads the e-mail in its own language, like the slip
        language = (
            self.carrier.party.lang.code
            if self.carrier and self.carrier.party.lang else None)
        with Transaction().set_context(language=language):
            return self._slip_message_in_language(content, filename)

    def _slip_message_in_language(self, content, filename):
        pool = Pool()
        Configuration = pool.get('pickup.configuration')
        User = pool.get('res.user')
        Lang = pool.get('ir.lang')
        configuration = Configuration(1)
        user = User(Transaction().user)

        lang = Lang.get()
        address = self.pickup_address.full_address.replace('\n', ', ')
        values = {
            'reference': self.reference,
            'party': self.party.rec_name,
            'address': address,
            'date': lang.strftime(self.pickup_date),
            'time_from': self.time_from.strftime('%H:%M'),
            'time_to': self.time_to.strftime('%H:%M'),
            'packages': self.total_packages,
            'weight': lang.format('%.3f', self.total_weight or 0),
            }
        if configuration.email_subject:
            subject = Template(configuration.email_subject).safe_substitute(
                values)
        else:
            subject = gettext('pickup.msg_pickup_email_subject', **values)
        body = gettext('pickup.msg_pickup_email_body', **values)
        signature = configuration.email_signature or user.signature
        text = body
        if signature:
            text += '\n-- \n' + signature

        msg = EmailMessage()
        msg.set_content(text)
        msg.add_attachment(
            content, maintype='application', subtype='pdf',
            filename=('utf-8', '', filename))
        from_ = config.get('email', 'from')
        set_from_header(msg, from_, user.email or from_)
        if configuration.email_reply_to:
            del msg['Reply-To']
            msg['Reply-To'] = configuration.email_reply_to
        contact = self.carrier.pickup_contact if self.carrier else None
        if contact and contact.value:
            # Only the carrier's configured contact, never any other address
            # of its party.
            msg['To'] = format_address(
                contact.value, contact.name or self.carrier.party.rec_name)
        msg['Subject'] = subject
        return msg, text, filename, content


def _number(value):
    "Tell whether value is a plain number (not a boolean)"
    return (isinstance(value, (int, float, Decimal))
        and not isinstance(value, bool))


def _integer(value):
    return isinstance(value, int) and not isinstance(value, bool)


class RequestLine(ModelSQL, ModelView):
    __name__ = 'pickup.request.line'

    request = fields.Many2One(
        'pickup.request', "Request", required=True, ondelete='CASCADE',
        states={'readonly': Eval('request_state') != 'draft'})
    request_state = fields.Function(
        fields.Selection(STATES, "Request State"),
        'on_change_with_request_state')
    product = fields.Many2One(
        'product.product', "Product", required=True,
        domain=[('type', 'in', ['goods', 'assets'])],
        states={'readonly': Eval('request_state') != 'draft'})
    description = fields.Char(
        "Description", states={'readonly': Eval('request_state') != 'draft'})
    quantity = fields.Float(
        "Quantity", digits='unit', required=True,
        domain=[('quantity', '>', 0)],
        states={'readonly': Eval('request_state') != 'draft'})
    unit = fields.Many2One(
        'product.uom', "Unit", required=True, ondelete='RESTRICT',
        domain=[
            If(Bool(Eval('product_uom_category')),
                ('category', '=', Eval('product_uom_category', -1)),
                ()),
            ],
        states={'readonly': Eval('request_state') != 'draft'})
    product_uom_category = fields.Function(
        fields.Many2One('product.uom.category', "Product UoM Category"),
        'on_change_with_product_uom_category')
    packages = fields.Integer(
        "Packages", domain=['OR',
            ('packages', '=', None),
            ('packages', '>=', 0),
            ],
        states={'readonly': Eval('request_state') != 'draft'})
    weight = fields.Float(
        "Weight", digits='weight_unit',
        domain=['OR',
            ('weight', '=', None),
            ('weight', '>=', 0),
            ],
        states={'readonly': Eval('request_state') != 'draft'})
    weight_unit = fields.Many2One(
        'product.uom', "Weight Unit", ondelete='RESTRICT',
        domain=[('category', '=', Id('product', 'uom_cat_weight'))],
        states={
            'readonly': Eval('request_state') != 'draft',
            'required': Bool(Eval('weight')),
            })
    weight_kg = fields.Function(
        fields.Float("Weight (kg)", digits=(12, 3)), 'get_weight_kg')
    sale_line = fields.Many2One(
        'sale.line', "Sale Line", readonly=True, ondelete='SET NULL')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__access__.add('request')

    @classmethod
    def _validate(cls, lines, field_names=None):
        # Before super() for the same reason as on the request.
        cls.check_sale_line(lines, field_names)
        super()._validate(lines, field_names=field_names)

    @classmethod
    def check_sale_line(cls, lines, field_names=None):
        "Check that the sale line comes from a sale of the request's party"
        if (field_names is not None
                and not (set(field_names) & {'request', 'sale_line'})):
            return
        with without_check_access():
            for line in cls.browse([x.id for x in lines]):
                if (line.sale_line
                        and line.sale_line.sale.party.id
                        != line.request.party.id):
                    raise PickupPartyError(gettext(
                            'pickup.msg_pickup_line_sale_line_party'))

    @classmethod
    def default_weight_unit(cls):
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        return ModelData.get_id('product', 'uom_kilogram')

    @fields.depends('request', '_parent_request.state')
    def on_change_with_request_state(self, name=None):
        if self.request:
            return self.request.state

    @fields.depends('product')
    def on_change_with_product_uom_category(self, name=None):
        return self.product.default_uom_category if self.product else None

    @fields.depends('product', 'unit')
    def on_change_product(self):
        if self.product:
            category = self.product.default_uom_category
            if not self.unit or self.unit.category != category:
                self.unit = self.product.default_uom

    def get_weight_kg(self, name):
        pool = Pool()
        Uom = pool.get('product.uom')
        ModelData = pool.get('ir.model.data')
        if self.weight is None or not self.weight_unit:
            return None
        kg = Uom(ModelData.get_id('product', 'uom_kilogram'))
        return Uom.compute_qty(self.weight_unit, self.weight, kg, round=False)

    def get_rec_name(self, name):
        return f'{self.product.rec_name} @ {self.request.rec_name}'


class RequestSlip(Report):
    __name__ = 'pickup.request.slip'

    @classmethod
    def get_context(cls, records, header, data):
        context = super().get_context(records, header, data)
        context['logo_uri'] = cls.logo_uri
        return context

    @staticmethod
    def logo_uri(company):
        "Return the company logo as a data URI or None"
        if not company or not company.logo:
            return None
        try:
            image, mimetype, _, _ = company.get_logo(600, 240)
        except ValueError:
            return None
        return f"data:{mimetype};base64,{base64.b64encode(image).decode('ascii')}"

    @classmethod
    def convert(cls, report, data, timeout=5 * 60, retry=5):
        if (report.template_extension in {'html', 'xhtml'}
                and report.extension == 'pdf'):
            import weasyprint
            # Only inline resources: the slip embeds the logo as a data URI
            # and must never fetch anything over the network.
            return 'pdf', weasyprint.HTML(
                string=data,
                url_fetcher=weasyprint.URLFetcher(allowed_protocols={'data'}),
                ).write_pdf()
        return super().convert(report, data, timeout=timeout, retry=retry)

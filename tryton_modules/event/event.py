import datetime as dt
from email.message import EmailMessage
from email.utils import formataddr

from trytond import config
from trytond.i18n import gettext
from trytond.model import Check, ModelSQL, ModelView, Workflow, fields
from trytond.modules.portal.model import (
    ACTING_ROLES,
    buttons_obey_write_rules,
    portal_entry_point,
    portal_records,
)
from trytond.pool import Pool
from trytond.pyson import Bool, Eval, If
from trytond.rpc import RPC
from trytond.sendmail import send_message_transactional
from trytond.tools import timezone as tz
from trytond.transaction import Transaction, without_check_access

from .exceptions import (
    EventCutoffError,
    EventSaleNotSignedError,
    EventValidationError,
)
from .sale import SIGNED_STATES

# A change of these fields is news for the customer: it is e-mailed.
_SCHEDULE_FIELDS = ('start', 'end', 'location_address', 'location_text')


class Event(Workflow, ModelSQL, ModelView):
    __name__ = 'event.event'

    _states = {
        'readonly': Eval('state').in_(['done', 'cancelled']),
        }

    company = fields.Many2One(
        'company.company', "Company", required=True, states=_states)
    name = fields.Char("Name", required=True, states=_states)
    party = fields.Many2One(
        'party.party', "Customer", required=True,
        context={
            'company': Eval('company', -1),
            },
        states=_states, depends={'company'})
    sale = fields.Many2One(
        'sale.sale', "Contract", required=True,
        domain=[
            ('company', '=', Eval('company', -1)),
            If(Bool(Eval('party')), ('party', '=', Eval('party', -1)), ()),
            ('contract_signed', '=', True),
            ],
        states=_states,
        help="The signed sale this event delivers.")
    contact = fields.Many2One(
        'party.contact_mechanism', "Customer Contact",
        domain=[
            ('party', '=', Eval('party', -1)),
            ('type', '=', 'email'),
            ],
        states=_states,
        help="The e-mail address that receives the news about the event.")
    start = fields.DateTime("Start", required=True, states=_states)
    end = fields.DateTime("End", required=True, states=_states)
    location_address = fields.Many2One(
        'party.address', "Location Address",
        states={
            'readonly': _states['readonly'] | Bool(Eval('location_text')),
            },
        help="The address of the venue.")
    location_text = fields.Char(
        "Location Description",
        states={
            'readonly': _states['readonly'] | Bool(Eval('location_address')),
            },
        help="Where the event takes place when it is not a known address.")
    location = fields.Function(fields.Char("Location"), 'get_location')
    attendees = fields.Integer(
        "Expected Attendees", required=True, states=_states)
    notes = fields.Text("Notes", states=_states)
    support_contact = fields.Many2One(
        'company.employee', "Support Contact",
        domain=[('company', '=', Eval('company', -1))],
        states=_states,
        help="The member of the support team in charge of the event.")
    customer_cutoff = fields.DateTime(
        "Customer Cut-off", states=_states,
        help="After this moment the customer can no longer change "
        "the attendees or the notes.\n"
        "Leave empty to allow changes until the start.")
    customer_deadline = fields.Function(
        fields.DateTime("Customer Deadline"), 'get_customer_deadline')
    customer_editable = fields.Function(
        fields.Boolean("Editable by Customer"), 'get_customer_editable')
    sales_responsible = fields.Function(
        fields.Many2One('res.user', "Sales Responsible"),
        'get_sales_responsible', searcher='search_sales_responsible')
    state = fields.Selection([
            ('planned', "Planned"),
            ('in_progress', "In Progress"),
            ('done', "Done"),
            ('cancelled', "Cancelled"),
            ], "State", readonly=True, required=True, sort=False)

    del _states

    @classmethod
    def __setup__(cls):
        super().__setup__()
        t = cls.__table__()
        cls._sql_constraints += [
            ('attendees_positive', Check(t, t.attendees >= 0),
                'event.msg_event_attendees_positive'),
            ]
        cls._order = [
            ('start', 'DESC'),
            ('id', 'DESC'),
            ]
        cls._transitions |= {
            ('planned', 'in_progress'),
            ('in_progress', 'done'),
            ('planned', 'cancelled'),
            ('in_progress', 'cancelled'),
            ('cancelled', 'planned'),
            }
        cls._buttons.update({
                'plan': {
                    'invisible': Eval('state') != 'cancelled',
                    'icon': 'tryton-back',
                    'depends': ['state'],
                    },
                'run': {
                    'invisible': Eval('state') != 'planned',
                    'icon': 'tryton-forward',
                    'depends': ['state'],
                    },
                'do': {
                    'invisible': Eval('state') != 'in_progress',
                    'icon': 'tryton-ok',
                    'depends': ['state'],
                    },
                'cancel': {
                    'invisible': ~Eval('state').in_(
                        ['planned', 'in_progress']),
                    'icon': 'tryton-cancel',
                    'depends': ['state'],
                    },
                })
        cls.__rpc__.update({
                'portal_update': RPC(readonly=False),
                })

    @classmethod
    def __post_setup__(cls):
        super().__post_setup__()
        # A support contact changes the state of their own events only.
        buttons_obey_write_rules(cls)

    @classmethod
    def default_company(cls):
        return Transaction().context.get('company')

    @classmethod
    def default_state(cls):
        return 'planned'

    @classmethod
    def default_attendees(cls):
        return 0

    @fields.depends('sale', '_parent_sale.party', methods=['on_change_party'])
    def on_change_sale(self):
        if self.sale and self.sale.party:
            self.party = self.sale.party
            self.on_change_party()

    @fields.depends('party', 'contact')
    def on_change_party(self):
        if self.contact and self.contact.party != self.party:
            self.contact = None
        if self.party and not self.contact:
            self.contact = self.party.contact_mechanism_get('email')

    def get_location(self, name):
        if self.location_address:
            return self.location_address.full_address.replace('\n', ', ')
        return self.location_text

    def get_customer_deadline(self, name):
        return self.customer_cutoff or self.start

    def get_customer_editable(self, name):
        return (self.state == 'planned'
            and _utcnow() < self.customer_deadline)

    def get_sales_responsible(self, name):
        if self.party.sales_responsible:
            return self.party.sales_responsible.id

    @classmethod
    def search_sales_responsible(cls, name, clause):
        return [('party.' + clause[0],) + tuple(clause[1:])]

    @classmethod
    def _validate(cls, events, field_names=None):
        # Checked before the generic domain validation of the sale field
        # so the user reads why the contract does not fit.
        cls.check_sale(events, field_names)
        super()._validate(events, field_names=field_names)

    @classmethod
    def check_sale(cls, events, field_names=None):
        if field_names and not (field_names & {'sale', 'party'}):
            return
        for event in events:
            if event.sale.state not in SIGNED_STATES:
                raise EventSaleNotSignedError(gettext(
                        'event.msg_event_sale_not_signed',
                        event=event.rec_name, sale=event.sale.rec_name))
            if event.sale.party != event.party:
                raise EventSaleNotSignedError(gettext(
                        'event.msg_event_sale_other_party',
                        event=event.rec_name, sale=event.sale.rec_name,
                        party=event.party.rec_name))

    @classmethod
    def validate_fields(cls, events, field_names):
        super().validate_fields(events, field_names)
        cls.check_dates(events, field_names)
        cls.check_attendees(events, field_names)
        cls.check_location(events, field_names)

    @classmethod
    def check_dates(cls, events, field_names=None):
        if field_names and not (field_names & {'start', 'end'}):
            return
        for event in events:
            if event.end <= event.start:
                raise EventValidationError(gettext(
                        'event.msg_event_end_before_start',
                        event=event.rec_name))

    @classmethod
    def check_attendees(cls, events, field_names=None):
        if field_names and 'attendees' not in field_names:
            return
        for event in events:
            if event.attendees < 0:
                raise EventValidationError(gettext(
                        'event.msg_event_attendees_negative',
                        event=event.rec_name))

    @classmethod
    def check_location(cls, events, field_names=None):
        if field_names and not (
                field_names & {'location_address', 'location_text'}):
            return
        for event in events:
            if event.location_address and event.location_text:
                raise EventValidationError(gettext(
                        'event.msg_event_location_both',
                        event=event.rec_name))

    @classmethod
    @ModelView.button
    @Workflow.transition('planned')
    def plan(cls, events):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('in_progress')
    def run(cls, events):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('done')
    def do(cls, events):
        pass

    @classmethod
    @ModelView.button
    @Workflow.transition('cancelled')
    def cancel(cls, events):
        pass

    @classmethod
    def create(cls, vlist):
        events = super().create(vlist)
        cls._notify_support_assigned([e for e in events if e.support_contact])
        return events

    @classmethod
    def on_write(cls, events, values):
        callbacks = super().on_write(events, values)
        assigned, rescheduled = [], []
        support = values.get('support_contact')
        for event in events:
            if support and support != getattr(event.support_contact, 'id', None):
                assigned.append(event)
            elif any(
                    f in values and _value(values[f]) != _value(getattr(event, f))
                    for f in _SCHEDULE_FIELDS):
                rescheduled.append(event)
        if assigned:
            callbacks.append(lambda: cls._notify_support_assigned(
                    cls.browse([e.id for e in assigned])))
        if rescheduled:
            callbacks.append(lambda: cls._notify_rescheduled(
                    cls.browse([e.id for e in rescheduled])))
        return callbacks

    @classmethod
    def _notify_support_assigned(cls, events):
        NotificationEmail = Pool().get('portal.notification.email')
        for event in events:
            event._send_email(
                'event.msg_event_support_assigned_subject',
                'event.msg_event_support_assigned_body',
                support=event.support_contact.rec_name)
        # And each web user of the customer who keeps these e-mails on.
        NotificationEmail.queue_for(events, 'event_support')

    @classmethod
    def _notify_rescheduled(cls, events):
        for event in events:
            event._send_email(
                'event.msg_event_rescheduled_subject',
                'event.msg_event_rescheduled_body')

    @property
    def customer_email(self):
        "Return the (name, address) the customer's e-mails go to"
        if self.contact and self.contact.value:
            return (self.contact.name or self.party.rec_name,
                self.contact.value)
        if self.party.email:
            return (self.party.rec_name, self.party.email)

    def _format_datetime(self, value, lang):
        timezone = self.company.timezone
        if timezone:
            value = value.replace(tzinfo=dt.UTC).astimezone(
                tz.ZoneInfo(timezone))
        return lang.strftime(value, lang.date + ' %H:%M')

    def _send_email(self, subject_id, body_id, **values):
        "Send an e-mail to the customer contact and record it on the event"
        pool = Pool()
        Email = pool.get('ir.email')
        Lang = pool.get('ir.lang')
        recipient = self.customer_email
        if not recipient:
            return
        lang = self.party.lang or Lang.get()
        with Transaction().set_context(language=lang.code):
            values = {
                'event': self.name,
                'start': self._format_datetime(self.start, lang),
                'end': self._format_datetime(self.end, lang),
                'location': self.location or '',
                **values,
                }
            subject = gettext(subject_id, **values)
            body = gettext(body_id, **values)
        msg = EmailMessage()
        msg['From'] = config.get('email', 'from')
        msg['To'] = formataddr(recipient)
        msg['Subject'] = subject
        msg.set_content(body)
        send_message_transactional(msg)
        with without_check_access():
            Email.from_message(msg, body=body, resource=self).save()

    @classmethod
    @portal_entry_point(roles=ACTING_ROLES)
    def portal_update(cls, event_id, attendees=None, notes=None):
        """Let the customer change the attendees and notes of its event.

        The customer is the party of the portal context (the service user
        acts for it); an event of another party is refused like a missing
        one. Refused after the customer cut-off. None leaves a value
        unchanged. Return the event id.
        """
        if ((attendees is not None and (not isinstance(attendees, int)
                        or isinstance(attendees, bool)))
                or (notes is not None and not isinstance(notes, str))):
            raise EventValidationError(gettext(
                    'event.msg_event_portal_update_values'))
        event, = portal_records(cls, [event_id])
        if not event.customer_editable:
            raise EventCutoffError(gettext(
                    'event.msg_event_customer_cutoff',
                    event=event.name))
        values = {}
        if attendees is not None:
            values['attendees'] = attendees
        if notes is not None:
            values['notes'] = notes
        if values:
            # The customer may change these two fields only, which no
            # access of the service user would express.
            with without_check_access():
                cls.write([event], values)
        return event.id

def _value(value):
    "Return a comparable value of a field: the id for a record"
    return getattr(value, 'id', value)


def _utcnow():
    "Return the current time as Tryton stores it: naive UTC"
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)

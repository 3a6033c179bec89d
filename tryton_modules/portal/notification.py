# This file is part of the portal module. The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""E-mails to the customers' web users on the changes that matter to them.

Only Tryton knows every web user acting for a customer, its role and the
customer's language, so Tryton picks the recipients: the active web users of
the customer (main or secondary party) whose role may read the record
(invoices: billing roles only) and who left that kind of e-mail switched on
(web.user portal_notifications). Each e-mail is a portal.notification.email
record, sent by the queue through portal.mail (its outcome is shown to the
back office) and recorded as an ir.email once sent.

The e-mails link to the record's page of the portal, whose address is the
[portal] url option (TRYTOND_PORTAL__URL). Without it no e-mail is sent: an
e-mail the customer cannot follow to its document is only noise, and a
database copied to a test server must not write to customers.
"""
import datetime as dt
import json
from email.message import EmailMessage
from pathlib import Path

import trytond.config as config
from genshi.template import MarkupTemplate
from trytond.i18n import gettext
from trytond.model import ModelSQL, ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.rpc import RPC
from trytond.tools.email_ import set_from_header
from trytond.transaction import Transaction, without_check_access

from .exceptions import PortalArgumentError, PortalNotFoundError
from .mail import RecordedEmailMixin
from .model import BILLING_ROLES, PORTAL_ROLES, portal_entry_point

# The kinds of e-mail a web user may switch off, in the order shown.
KINDS = [
    ('quotation', "Quotation ready"),
    ('order_confirmed', "Order confirmed"),
    ('order_shipped', "Order shipped"),
    ('order_cancelled', "Order cancelled"),
    ('invoice_posted', "Invoice issued"),
    ('invoice_overdue', "Invoice overdue"),
    ('pickup_confirmed', "Pickup confirmed"),
    ('event_cancelled', "Event cancelled"),
    ('event_support', "Event support assigned"),
    ]
KIND_NAMES = [k for k, _ in KINDS]
# Sent only to the web users who may read the customer's billing.
BILLING_KINDS = frozenset({'invoice_posted', 'invoice_overdue'})
# (model, change told to the portal by webhook.PortalWebhookMixin) -> kind
CHANGES = {
    ('sale.sale', 'quotation'): 'quotation',
    ('sale.sale', 'confirmed'): 'order_confirmed',
    ('sale.sale', 'shipped'): 'order_shipped',
    ('sale.sale', 'cancelled'): 'order_cancelled',
    ('account.invoice', 'posted'): 'invoice_posted',
    ('pickup.request', 'confirmed'): 'pickup_confirmed',
    ('event.event', 'cancelled'): 'event_cancelled',
    }
# The page of a record in the portal, from its base URL
PAGES = {
    'sale.sale': 'orders/{id}/',
    'account.invoice': 'invoices/{id}/',
    'pickup.request': 'pickups/{id}/',
    'event.event': 'events/{id}/',
    }
SETTINGS_PAGE = 'notifications/settings/'
QUEUE_NAME = 'portal_notification'

_TEMPLATE = MarkupTemplate(
    (Path(__file__).parent / 'email_notification.html').read_text())


def portal_url():
    "The portal's base URL ([portal] url), without its last slash, or ''"
    return (config.get('portal', 'url', default='') or '').rstrip('/')


def kinds_for_role(role):
    "The kinds of e-mail a web user of role may receive"
    return [k for k in KIND_NAMES
        if k not in BILLING_KINDS or role in BILLING_ROLES]


def party_of(record, path):
    "Follow the dotted path from record to its customer"
    for name in path.split('.'):
        record = getattr(record, name, None)
    return record


class NotificationEmail(RecordedEmailMixin, ModelSQL, ModelView):
    "Portal Notification E-mail"
    __name__ = 'portal.notification.email'

    party = fields.Many2One(
        'party.party', "Party", required=True, readonly=True,
        ondelete='CASCADE')
    web_user = fields.Many2One(
        'web.user', "Web User", required=True, readonly=True,
        ondelete='CASCADE')
    kind = fields.Selection(KINDS, "Kind", required=True, readonly=True)
    resource = fields.Reference(
        "Resource", selection='get_resources', required=True, readonly=True)

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls._order.insert(0, ('create_date', 'DESC'))
        cls._buttons.update({
                'resend': {
                    'invisible': Eval('email_state') != 'failed',
                    'depends': ['email_state'],
                    },
                })

    @classmethod
    def get_resources(cls):
        pool = Pool()
        Model = pool.get('ir.model')
        names = Model.get_names()
        return [(None, '')] + [(m, names[m]) for m in PAGES if m in names]

    @classmethod
    def recipients(cls, party_id, kind):
        "The active web users of party_id to e-mail of kind"
        pool = Pool()
        WebUser = pool.get('web.user')
        with without_check_access():
            users = WebUser.search([
                    ['OR',
                        ('party', '=', party_id),
                        ('secondary_parties', '=', party_id),
                        ],
                    ('email', '!=', None),
                    ], order=[('id', 'ASC')])
        return [u for u in users
            if kind in (u.portal_notifications or ())
            and kind in kinds_for_role(u.portal_role_for(party_id))]

    @classmethod
    def queue_for(cls, records, kind, path='party'):
        """Queue the e-mails of kind about records to their customers'
        recipients; return them"""
        if not portal_url() or not records:
            return []
        notifications = []
        with without_check_access():
            for record in records:
                party = party_of(record, path)
                if party is None:
                    continue
                notifications.extend(
                    cls(party=party, web_user=user, kind=kind,
                        resource=record)
                    for user in cls.recipients(party.id, kind))
            if not notifications:
                return []
            cls.save(notifications)
        cls._queue_send(notifications)
        return notifications

    @classmethod
    def _queue_send(cls, notifications):
        # The task renders the e-mails as the system: whoever made the change
        # (a clerk, the portal's service user) may not read web users.
        transaction = Transaction()
        with transaction.set_user(0), without_check_access(), \
                transaction.set_context(queue_name=QUEUE_NAME):
            cls.queue_email(notifications, 'send_notification')

    @classmethod
    def notify_change(cls, Model, records, change):
        "Queue the e-mails of the change told by webhook.PortalWebhookMixin"
        kind = CHANGES.get((Model.__name__, change))
        if kind:
            cls.queue_for(records, kind, path=Model._portal_webhook_party)

    @classmethod
    @ModelView.button
    def resend(cls, notifications):
        cls._queue_send(notifications)

    @classmethod
    def send_notification(cls, notifications):
        "Send each notification's e-mail and record it (run by the queue)"
        pool = Pool()
        Email = pool.get('ir.email')
        for notification, msg in cls.send_recorded(
                notifications, lambda n: n.message()):
            Email.from_message(msg, resource=notification).save()

    def message(self):
        "Return the EmailMessage of the notification, in the party's language"
        pool = Pool()
        Lang = pool.get('ir.lang')
        lang = self.party.lang or Lang.get()
        with Transaction().set_context(language=lang.code):
            values = self._message_values(Lang.get(lang.code))
        msg = EmailMessage()
        from_ = config.get('email', 'from')
        set_from_header(msg, from_, from_)
        msg['To'] = self.web_user.email
        msg['Subject'] = values['subject']
        msg.set_content(self._text(values))
        msg.add_alternative(
            _TEMPLATE.generate(**values).render('html', doctype='html5'),
            subtype='html')
        return msg

    def _message_values(self, lang):
        record = self.resource
        base = portal_url()
        values = {
            'subject': gettext(
                f'portal.msg_notification_{self.kind}',
                name=record.rec_name),
            'greeting': gettext('portal.msg_notification_greeting'),
            'customer': gettext(
                'portal.msg_notification_customer',
                customer=self.party.rec_name),
            'detail': '',
            'open': gettext('portal.msg_notification_open'),
            'url': f"{base}/{PAGES[record.__name__].format(id=record.id)}",
            'settings': gettext('portal.msg_notification_settings'),
            'settings_url': f"{base}/{SETTINGS_PAGE}",
            'lang': lang.code,
            }
        if self.kind == 'invoice_overdue':
            values['detail'] = gettext(
                'portal.msg_notification_invoice_overdue_detail',
                date=lang.strftime(record.portal_overdue_since()),
                amount=lang.currency(record.amount_to_pay, record.currency))
        return values

    @staticmethod
    def _text(values):
        lines = [values['greeting'], '', values['subject']]
        if values['detail']:
            lines.append(values['detail'])
        lines += [
            values['customer'], '',
            f"{values['open']}: {values['url']}", '',
            '--', f"{values['settings']}: {values['settings_url']}", '']
        return '\n'.join(lines)


class WebUser(metaclass=PoolMeta):
    __name__ = 'web.user'

    portal_notifications = fields.MultiSelection(
        KINDS, "Portal E-mails", sort=False,
        help="The changes the web user is e-mailed about (the invoices only "
        "for the parties whose billing its role reads). The web user "
        "changes them in the portal too.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__rpc__.update({
                'portal_notification_settings': RPC(),
                'portal_notification_settings_set': RPC(readonly=False),
                })

    @classmethod
    def __register__(cls, module):
        table_h = cls.__table_handler__(module)
        created = not table_h.column_exist('portal_notifications')
        super().__register__(module)
        if created:
            # Every e-mail is on until the web user switches some off.
            table = cls.__table__()
            Transaction().connection.cursor().execute(*table.update(
                    [table.portal_notifications],
                    [json.dumps(KIND_NAMES, separators=(',', ':'))]))

    @classmethod
    def default_portal_notifications(cls):
        return list(KIND_NAMES)

    @classmethod
    def _portal_caller(cls):
        "Return the web user of the portal context's session"
        user_id = cls.get_portal_context_user()
        if user_id is None:
            raise PortalNotFoundError(gettext(
                    'portal.msg_portal_record_not_found', **cls.__names__()))
        return cls(user_id)

    def get_portal_notification_settings(self, role):
        "Return the NOTIFICATION_SETTINGS dictionary of docs/contracts.md"
        enabled = set(self.portal_notifications or ())
        return {
            'kinds': [{'kind': k, 'enabled': k in enabled}
                for k in kinds_for_role(role)],
            }

    @classmethod
    @portal_entry_point(roles=frozenset(dict(PORTAL_ROLES)))
    def portal_notification_settings(cls):
        """Return the e-mail switches of the caller's own web user.

        Only the kinds its role for the active customer may receive are
        listed (no invoice kinds for a buyer or a viewer).
        """
        role = cls.get_portal_context_role()
        with without_check_access():
            return cls._portal_caller().get_portal_notification_settings(
                role)

    @classmethod
    @portal_entry_point(roles=frozenset(dict(PORTAL_ROLES)))
    def portal_notification_settings_set(cls, kinds):
        """Switch on the kinds (a list of kind names) of the caller's own
        web user, and off the other kinds its role may receive.

        The kinds its role may not receive keep their value. Refused
        (PortalArgumentError) unless kinds is a list of such names.
        Return its NOTIFICATION_SETTINGS.
        """
        role = cls.get_portal_context_role()
        allowed = kinds_for_role(role)
        if (not isinstance(kinds, (list, tuple))
                or not all(isinstance(k, str) and k in allowed
                    for k in kinds)):
            raise PortalArgumentError(gettext(
                    'portal.msg_portal_invalid_notification_kinds',
                    kinds=', '.join(allowed)))
        with without_check_access():
            user = cls._portal_caller()
            kept = set(user.portal_notifications or ()) - set(allowed)
            cls.write([user], {
                    'portal_notifications': [
                        k for k in KIND_NAMES if k in kept or k in kinds],
                    })
            return cls(user.id).get_portal_notification_settings(role)


class Invoice(metaclass=PoolMeta):
    __name__ = 'account.invoice'

    portal_overdue_reminded_at = fields.DateTime(
        "Overdue Reminder Sent at", readonly=True,
        help="When the customer's portal users were e-mailed that the "
        "invoice is overdue (once per invoice).")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        # Remembered on posted invoices, which are otherwise frozen
        cls._check_modify_exclude.add('portal_overdue_reminded_at')

    @classmethod
    def copy(cls, invoices, default=None):
        default = default.copy() if default is not None else {}
        default.setdefault('portal_overdue_reminded_at')
        return super().copy(invoices, default=default)

    def portal_overdue_since(self):
        "The earliest maturity date passed of the lines still to pay, or None"
        pool = Pool()
        Date = pool.get('ir.date')
        with Transaction().set_context(company=self.company.id):
            today = Date.today()
        dates = [line.maturity_date for line in self.lines_to_pay
            if not line.reconciliation and line.maturity_date
            and line.maturity_date < today]
        return min(dates, default=None)

    @classmethod
    def portal_remind_overdue(cls):
        """E-mail the billing recipients of each customer invoice overdue
        (posted, an amount to pay, a maturity date passed), once (run daily
        by ir.cron)."""
        pool = Pool()
        Date = pool.get('ir.date')
        NotificationEmail = pool.get('portal.notification.email')
        if not portal_url():
            return
        today = Date.today()
        domain = [
            ('type', '=', 'out'),
            ('state', '=', 'posted'),
            ('portal_overdue_reminded_at', '=', None),
            ('move.lines.maturity_date', '<', today),
            ]
        company = Transaction().context.get('company')
        if company:
            domain.append(('company', '=', company))
        with without_check_access():
            invoices = cls.search(domain, order=[('id', 'ASC')])
            overdue = [i for i in invoices
                if i.amount_to_pay > 0 and i.portal_overdue_since()]
            if not overdue:
                return
            NotificationEmail.queue_for(overdue, 'invoice_overdue')
            cls.write(overdue, {
                    'portal_overdue_reminded_at': dt.datetime.now()})


class Cron(metaclass=PoolMeta):
    __name__ = 'ir.cron'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.method.selection.append((
                'account.invoice|portal_remind_overdue',
                "Remind Customers of Overdue Invoices"))

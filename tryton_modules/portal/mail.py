"""E-mails whose outcome the back office must see: sent, or failed and why.

Tryton's transactional sending only logs a failure. The records of this mixin
queue their e-mails, send them in the task (the user never waits for the SMTP
server), and store the outcome on the record with a failure reason in plain
words: an SMTP server's own text may quote addresses, and the record may be
read by integrators, so it goes to the server log only.
"""
import datetime as dt
import logging
import smtplib

from trytond.exceptions import UserError
from trytond.i18n import gettext
from trytond.model import fields
from trytond.sendmail import send_message

logger = logging.getLogger(__name__)

EMAIL_STATES = [
    (None, ""),
    ('pending', "Pending"),
    ('sent', "Sent"),
    ('failed', "Failed"),
    ]


def failure_reason(exception):
    "Return why the e-mail failed, in words that quote nothing of the server"
    if isinstance(exception, UserError):
        return exception.message
    if isinstance(exception, (
                smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused)):
        return gettext('portal.msg_email_refused')
    if isinstance(exception, (OSError, smtplib.SMTPException)):
        return gettext('portal.msg_email_server_unavailable')
    return gettext('portal.msg_email_not_sent')


class RecordedEmailMixin:
    "A record that e-mails someone and shows whether it went out"
    __slots__ = ()

    email_state = fields.Selection(
        EMAIL_STATES, "E-mail", readonly=True, sort=False)
    email_sent_at = fields.DateTime("E-mail Sent at", readonly=True)
    email_error = fields.Text("E-mail Error", readonly=True)

    @classmethod
    def copy(cls, records, default=None):
        default = default.copy() if default is not None else {}
        for name in ['email_state', 'email_sent_at', 'email_error']:
            default.setdefault(name)
        return super().copy(records, default=default)

    @classmethod
    def queue_email(cls, records, method, *args):
        "Mark records pending and queue cls.method(records, *args)"
        cls.write(list(records), {
                'email_state': 'pending',
                'email_error': None,
                })
        getattr(cls.__queue__, method)(records, *args)

    @classmethod
    def send_recorded(cls, records, message):
        """Send message(record) of each record and record the outcome.

        message returns the EmailMessage to send, or raises a UserError whose
        message is the reason shown; it is called again for a resend.
        Return the records whose e-mail went out with their messages.
        """
        sent = []
        for record in records:
            try:
                msg = message(record)
                send_message(msg, strict=True)
            except Exception as exception:
                logger.warning(
                    "e-mail of %s failed", record, exc_info=not isinstance(
                        exception, UserError))
                record.email_state = 'failed'
                record.email_error = failure_reason(exception)
            else:
                record.email_state = 'sent'
                record.email_sent_at = dt.datetime.now()
                record.email_error = None
                sent.append((record, msg))
        cls.save(records)
        return sent

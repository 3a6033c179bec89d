# This file is part of the portal module. The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Complaints a customer files from the portal on a line of their orders.

The complaint is upstream's sale.complaint (module sale_complaint) with the
sale line as origin; the back office processes it in the Tryton client as any
other one. A sale line origin may also end in a credit note of the line's
posted invoice line, which upstream offers only for invoice origins.
"""
from trytond.i18n import gettext
from trytond.model import fields
from trytond.pool import Pool, PoolMeta
from trytond.rpc import RPC
from trytond.transaction import without_check_access

from .exceptions import PortalArgumentError, PortalComplaintError
from .model import (
    ACTING_ROLES,
    buttons_obey_write_rules,
    is_id,
    portal_entry_point,
    portal_records,
)

DESCRIPTION_MAX = 2000
PHOTOS_MAX = 3
PHOTO_SIZE_MAX = 5 * 1024 * 1024
PHOTO_NAME_MAX = 200
# The first bytes of the files a photo may be: what the file is, whatever
# its name says.
PHOTO_SIGNATURES = {
    b'\xff\xd8\xff': 'jpeg',
    b'\x89PNG\r\n\x1a\n': 'png',
    }
# A customer complains about what was signed: the states of upstream's
# sale.line origin domain.
SALE_STATES = {'confirmed', 'processing', 'done'}
INVOICE_STATES = {'posted', 'paid'}


def photo_kind(data):
    "Return 'jpeg' or 'png' when data is such a file, else None"
    for signature, kind in PHOTO_SIGNATURES.items():
        if data.startswith(signature):
            return kind


class Complaint(metaclass=PoolMeta):
    __name__ = 'sale.complaint'

    portal_quantity = fields.Float(
        "Quantity Claimed", readonly=True,
        help="The quantity the customer complained about in the portal.")
    portal_sale_line = fields.Function(fields.Many2One(
            'sale.line', "Sale Line"), 'get_portal_sale_line')
    portal_credit_note = fields.Function(fields.Many2One(
            'account.invoice', "Credit Note"), 'get_portal_credit_note')
    portal_photos = fields.Function(fields.Many2Many(
            'ir.attachment', None, None, "Photos"), 'get_portal_photos')

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__rpc__.update({
                'portal_file': RPC(readonly=False),
                })

    @classmethod
    def __post_setup__(cls):
        super().__post_setup__()
        # Who may change a complaint is decided by write rules (the event
        # module's salespeople): its workflow buttons must obey them too.
        buttons_obey_write_rules(cls)

    @classmethod
    def _actions_domains(cls):
        domains = super()._actions_domains()
        domains['sale.line'] = [*domains['sale.line'], 'credit_note']
        return domains

    def get_portal_sale_line(self, name):
        pool = Pool()
        SaleLine = pool.get('sale.line')
        if isinstance(self.origin, SaleLine):
            return self.origin.id

    def get_portal_credit_note(self, name):
        pool = Pool()
        Invoice = pool.get('account.invoice')
        for action in self.actions:
            if isinstance(action.result, Invoice):
                return action.result.id

    @classmethod
    def get_portal_photos(cls, complaints, name):
        "The attachments of each complaint, oldest first"
        pool = Pool()
        Attachment = pool.get('ir.attachment')
        photos = {c.id: [] for c in complaints}
        with without_check_access():
            attachments = Attachment.search([
                    ('resource', 'in', [str(c) for c in complaints]),
                    ], order=[('id', 'ASC')])
        for attachment in attachments:
            photos[attachment.resource.id].append(attachment.id)
        return photos

    @classmethod
    @portal_entry_point(roles=ACTING_ROLES)
    def portal_file(cls, sale_line_id, type_id, quantity, description,
            photos):
        """File a complaint on behalf of the customer; return its id.

        sale_line_id must be a delivered or invoiced line of a signed sale of
        the customer of the portal context (another party's line is refused
        like a missing one), quantity at most the line's, photos a list of
        [file name, bytes] of JPEG or PNG files, stored as attachments of the
        complaint.
        """
        pool = Pool()
        SaleLine = pool.get('sale.line')
        Type = pool.get('sale.complaint.type')
        Attachment = pool.get('ir.attachment')
        photos = cls._portal_photos(photos)
        if (not isinstance(description, str) or not description.strip()
                or len(description) > DESCRIPTION_MAX):
            raise PortalArgumentError(gettext(
                    'portal.msg_portal_complaint_description',
                    max=DESCRIPTION_MAX))
        line, = portal_records(SaleLine, [sale_line_id], party='sale.party')
        with without_check_access():
            line = SaleLine(line.id)
            if (line.type != 'line' or line.sale.state not in SALE_STATES
                    or not cls._portal_received(line)):
                raise PortalComplaintError(gettext(
                        'portal.msg_portal_complaint_line_not_received',
                        sale=line.sale.rec_name))
            if (isinstance(quantity, bool)
                    or not isinstance(quantity, (int, float))
                    or not 0 < quantity <= line.quantity):
                raise PortalArgumentError(gettext(
                        'portal.msg_portal_complaint_quantity',
                        quantity=line.quantity))
            types = Type.search([
                    ('id', '=', type_id if is_id(type_id) else -1),
                    ('origin.name', '=', 'sale.line'),
                    ])
            if not types:
                raise PortalArgumentError(gettext(
                        'portal.msg_portal_complaint_type'))
            complaint, = cls.create([{
                        'company': line.sale.company.id,
                        'customer': line.sale.party.id,
                        'type': types[0].id,
                        'origin': str(line),
                        'portal_quantity': float(quantity),
                        'description': description.strip(),
                        }])
            Attachment.create([{
                        'resource': str(complaint),
                        'name': name,
                        'type': 'data',
                        'data': data,
                        } for name, data in photos])
        return complaint.id

    @classmethod
    def _portal_photos(cls, photos):
        "Return photos as (name, bytes) once checked, else raise"
        if not isinstance(photos, list) or len(photos) > PHOTOS_MAX:
            raise PortalArgumentError(gettext(
                    'portal.msg_portal_complaint_photos', max=PHOTOS_MAX))
        checked = []
        for photo in photos:
            if (not isinstance(photo, (list, tuple)) or len(photo) != 2
                    or not isinstance(photo[0], str)
                    or not isinstance(photo[1], bytes)):
                raise PortalArgumentError(gettext(
                        'portal.msg_portal_complaint_photos', max=PHOTOS_MAX))
            name, data = photo
            name = name.strip()[-PHOTO_NAME_MAX:] or 'photo'
            if (not data or len(data) > PHOTO_SIZE_MAX
                    or photo_kind(data) is None):
                raise PortalArgumentError(gettext(
                        'portal.msg_portal_complaint_photo_file',
                        name=name, size=PHOTO_SIZE_MAX // (1024 * 1024)))
            checked.append((name, data))
        return checked

    @classmethod
    def _portal_received(cls, line):
        "Tell whether the customer received or was invoiced some of line"
        return (any(m.state == 'done' for m in line.moves)
            or bool(cls._portal_invoice_lines(line)))

    @classmethod
    def _portal_invoice_lines(cls, line):
        "The lines of the customer invoices of the sale line that are posted"
        return [invoice_line for invoice_line in line.invoice_lines
            if invoice_line.invoice and invoice_line.invoice.type == 'out'
            and invoice_line.invoice.state in INVOICE_STATES]


class Action(metaclass=PoolMeta):
    __name__ = 'sale.complaint.action'

    def do_credit_note(self):
        pool = Pool()
        SaleLine = pool.get('sale.line')
        Complaint = pool.get('sale.complaint')
        complaint = self.complaint
        origin = complaint.origin
        if not isinstance(origin, SaleLine):
            return super().do_credit_note()
        invoice_lines = Complaint._portal_invoice_lines(origin)
        if not invoice_lines:
            raise PortalComplaintError(gettext(
                    'portal.msg_portal_complaint_not_invoiced',
                    complaint=complaint.rec_name))
        # Upstream credits an invoice line origin: credit the sale line's
        # posted invoice line as if the complaint were about it.
        complaint.origin = invoice_lines[0]
        try:
            return super().do_credit_note()
        finally:
            complaint.origin = origin

# This file is part of the customer portal project.
from trytond.model import ModelSingleton, ModelSQL, ModelView, fields
from trytond.pool import Pool
from trytond.pyson import Eval, Id


class Configuration(ModelSingleton, ModelSQL, ModelView):
    __name__ = 'pickup.configuration'
    pickup_request_sequence = fields.Many2One(
        'ir.sequence', "Pickup Request Sequence", required=True,
        domain=[
            ('company', 'in', [Eval('context', {}).get('company', -1), None]),
            ('sequence_type', '=', Id('pickup', 'sequence_type_pickup_request')),
            ])
    portal_carrier = fields.Many2One(
        'carrier', "Carrier of Customer Requests", ondelete='RESTRICT',
        help="The carrier that collects the pickups customers request "
        "from the portal.\nLeave empty to refuse such requests.")
    email_reply_to = fields.Char(
        "Reply-To",
        help="The address carriers answer to when they reply to a slip e-mail.")
    email_subject = fields.Char(
        "E-mail Subject", translate=True,
        help="Leave empty for the default subject.\n"
        "Placeholders: ${reference}, ${party}, ${date}.")
    email_signature = fields.Text(
        "E-mail Signature",
        help="Signs the slip e-mails.\n"
        "Leave empty to use the signature of the user who requested the pickup.")

    @classmethod
    def default_pickup_request_sequence(cls):
        pool = Pool()
        ModelData = pool.get('ir.model.data')
        try:
            return ModelData.get_id('pickup', 'sequence_pickup_request')
        except KeyError:
            return None

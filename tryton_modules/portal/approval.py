# This file is part of the portal module. The COPYRIGHT file at the top level of
# this repository contains the full copyright notices and license terms.
"""Approval inside the customer: a buyer's big order waits for an administrator.

A customer's administrator sets an amount (party portal_approval_threshold);
an order a buyer checks out in the portal for more than it is kept a quotation
"awaiting customer approval" that nobody may confirm until an administrator of
the customer approves it (it then moves on as the checkout would have) or
rejects it (it is cancelled, the reason kept on the sale).
"""
from decimal import Decimal

from trytond.i18n import gettext
from trytond.model import ModelView, fields
from trytond.pool import Pool, PoolMeta
from trytond.pyson import Eval
from trytond.rpc import RPC
from trytond.transaction import without_check_access

from .exceptions import PortalApprovalError, PortalArgumentError
from .model import ACTING_ROLES, MEMBER_ROLES, portal_entry_point, portal_records
from .shop import _draft_sale, _portal_party

# Far above any order of a shop; beyond, a typing mistake.
THRESHOLD_MAX = Decimal(10) ** 9
# As the decline reason of a quotation (sale.DECLINE_REASON_MAX).
REJECT_REASON_MAX = 2000


class Party(metaclass=PoolMeta):
    __name__ = 'party.party'

    portal_approval_threshold = fields.Numeric(
        "Approval Threshold", digits=(12, 2),
        domain=['OR',
            ('portal_approval_threshold', '=', None),
            ('portal_approval_threshold', '>=', 0),
            ],
        help="The customer's buyers' portal orders above this total wait "
        "for the approval of one of the customer's administrators before "
        "they may be confirmed. Empty: no approval.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__rpc__.update({
                'portal_approval_get': RPC(),
                'portal_approval_set': RPC(readonly=False),
                })

    @classmethod
    @portal_entry_point(roles=ACTING_ROLES)
    def portal_approval_get(cls):
        """Return {'threshold': Decimal or None, 'currency': code} of the
        customer of the portal context (the currency of its orders)."""
        party = _portal_party()
        with without_check_access():
            sale = _draft_sale(party)
            return {
                'threshold': party.portal_approval_threshold,
                'currency': sale.currency.code if sale.currency else None,
                }

    @classmethod
    @portal_entry_point(roles=MEMBER_ROLES)
    def portal_approval_set(cls, threshold):
        """Set the approval threshold of the customer of the portal context:
        a Decimal of at most two decimals, or None for no approval."""
        if isinstance(threshold, int) and not isinstance(threshold, bool):
            threshold = Decimal(threshold)
        if threshold is not None and (
                not isinstance(threshold, Decimal)
                or not threshold.is_finite()
                or not 0 <= threshold <= THRESHOLD_MAX
                or threshold.as_tuple().exponent < -2):
            raise PortalArgumentError(gettext(
                    'portal.msg_portal_approval_threshold',
                    max=THRESHOLD_MAX))
        party = _portal_party()
        with without_check_access():
            cls.write([party], {'portal_approval_threshold': threshold})
        return threshold


class Sale(metaclass=PoolMeta):
    __name__ = 'sale.sale'

    portal_approval = fields.Selection([
            (None, ""),
            ('awaiting', "Awaiting Customer Approval"),
            ('approved', "Approved by Customer"),
            ('rejected', "Rejected by Customer"),
            ], "Customer Approval", readonly=True,
        help="Whether an administrator of the customer must approve the "
        "order checked out by one of its buyers in the portal.")
    portal_approval_confirm = fields.Boolean(
        "Confirm on Approval", readonly=True,
        help="The checkout asked for a confirmed order: the approval "
        "confirms it.")
    portal_approval_by = fields.Many2One(
        'web.user', "Approved By", readonly=True, ondelete='RESTRICT',
        states={
            'invisible': ~Eval('portal_approval_by'),
            },
        help="The customer's administrator who approved or rejected it.")
    portal_approval_reason = fields.Text(
        "Rejection Reason", readonly=True,
        states={
            'invisible': ~Eval('portal_approval_reason'),
            },
        help="Why the customer's administrator rejected the order.")

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__rpc__.update({
                'portal_approve': RPC(readonly=False),
                'portal_reject': RPC(readonly=False),
                })

    @classmethod
    def copy(cls, sales, default=None):
        default = default.copy() if default is not None else {}
        for name in ['portal_approval', 'portal_approval_by',
                'portal_approval_reason']:
            default.setdefault(name, None)
        default.setdefault('portal_approval_confirm', False)
        return super().copy(sales, default=default)

    @classmethod
    def check_portal_approval(cls, sales):
        "Refuse to move on sales that wait for their customer's approval"
        for sale in sales:
            if sale.portal_approval == 'awaiting':
                raise PortalApprovalError(gettext(
                        'portal.msg_portal_approval_awaiting',
                        sale=sale.rec_name))

    # Buttons: the caller's access is checked (ModelView.button) before the
    # approval, so that nobody who may not press them learns why a sale waits.
    @classmethod
    @ModelView.button
    def quote(cls, sales):
        cls.check_portal_approval(sales)
        super().quote(sales)

    @classmethod
    @ModelView.button
    def confirm(cls, sales):
        cls.check_portal_approval(sales)
        super().confirm(sales)

    @classmethod
    def _portal_checkout_submit(cls, sale, confirm):
        if not cls._portal_approval_needed(sale):
            return super()._portal_checkout_submit(sale, confirm)
        # Quoted as any checkout (number, stored amounts), then held.
        cls.quote([sale])
        cls.write([sale], {
                'portal_approval': 'awaiting',
                'portal_approval_confirm': bool(confirm),
                })

    @classmethod
    def _portal_approval_needed(cls, sale):
        """Tell whether the new sale of a checkout waits for approval: a buyer's
        (not an administrator's) order above the customer's threshold."""
        pool = Pool()
        WebUser = pool.get('web.user')
        role = WebUser.get_portal_context_role()
        threshold = sale.party.portal_approval_threshold
        if role is None or role in MEMBER_ROLES or threshold is None:
            return False
        return cls(sale.id).total_amount > threshold

    @classmethod
    def _portal_quotation(cls, sale_id):
        # A quotation held for approval is the administrators' to answer
        # (portal_approve, portal_reject), not a quotation to accept.
        sale = super()._portal_quotation(sale_id)
        cls.check_portal_approval([sale])
        return sale

    @classmethod
    @portal_entry_point(roles=MEMBER_ROLES)
    def portal_approve(cls, sale_id):
        """Approve the customer's order waiting for approval: it moves on as
        its checkout asked (a quotation, or confirmed). Return the new state."""
        sale = cls._portal_awaiting(sale_id)
        with without_check_access():
            cls.write([sale], {
                    'portal_approval': 'approved',
                    'portal_approval_by': cls._portal_web_user(),
                    })
            if sale.state == 'draft':
                cls.quote([sale])
            if sale.portal_approval_confirm:
                cls.confirm([sale])
        return cls(sale.id).state

    @classmethod
    @portal_entry_point(roles=MEMBER_ROLES)
    def portal_reject(cls, sale_id, reason):
        """Reject the customer's order waiting for approval, keeping the
        reason: the sale is cancelled. Return the new state."""
        if (not isinstance(reason, str) or not reason.strip()
                or len(reason) > REJECT_REASON_MAX):
            raise PortalArgumentError(gettext(
                    'portal.msg_portal_approval_reason',
                    max=REJECT_REASON_MAX))
        sale = cls._portal_awaiting(sale_id)
        with without_check_access():
            cls.write([sale], {
                    'portal_approval': 'rejected',
                    'portal_approval_by': cls._portal_web_user(),
                    'portal_approval_reason': reason.strip(),
                    })
            cls.cancel([sale])
        return cls(sale.id).state

    @classmethod
    def _portal_web_user(cls):
        pool = Pool()
        WebUser = pool.get('web.user')
        return WebUser.get_portal_context_user()

    @classmethod
    def _portal_awaiting(cls, sale_id):
        "Return the customer's sale of sale_id, locked, if it awaits approval"
        sale, = portal_records(cls, [sale_id])
        # Two administrators answering at once: the second one waits here and
        # then finds the sale answered.
        with without_check_access():
            cls.lock([sale])
        sale = cls(sale.id)
        if (sale.portal_approval != 'awaiting'
                or sale.state not in {'draft', 'quotation'}):
            raise PortalApprovalError(gettext(
                    'portal.msg_portal_approval_closed',
                    sale=sale.rec_name, state=sale.state_string))
        return sale

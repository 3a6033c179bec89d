"""Inviting to the portal, in bulk, the contacts of customers switching to it.

The same path as the back office's "Portal Access" tab and "Invite" button (a web
user of the party, then web.user.invite), for every e-mail contact mechanism of a
set of parties that has no web user yet. The portal's `manage.py portal_invite`
calls it as a back-office user of "Portal Administration", never as the portal's
service user: choosing which parties get accounts is the back office's decision,
and the service user only acts for the customer of a live session.
"""
from trytond.i18n import gettext
from trytond.pool import Pool, PoolMeta
from trytond.rpc import RPC
from trytond.tools.email_ import EmailNotValidError, validate_email
from trytond.transaction import Transaction, without_check_access

from .exceptions import PortalArgumentError, PortalNotFoundError
from .model import PORTAL_ROLES, is_id, portal_entry_point

# What happened to each contact (the INVITATION of docs/contracts.md)
INVITED = 'invited'
TO_INVITE = 'to_invite'  # a dry run's "would be invited"
HAS_ACCOUNT = 'has_account'
DUPLICATE = 'duplicate'  # the same e-mail on an earlier party of the run
INVALID = 'invalid'


class UserInvitation(metaclass=PoolMeta):
    __name__ = 'web.user'

    @classmethod
    def __setup__(cls):
        super().__setup__()
        cls.__rpc__['portal_invite_parties'] = RPC(readonly=False)

    @classmethod
    @portal_entry_point
    def portal_invite_parties(
            cls, parties, all_customers=False, role=None, dry_run=False):
        """Invite the e-mail contacts of parties that have no web user yet.

        parties are ids or codes; all_customers adds every party with a sale
        that is not cancelled. Each e-mail gets a web user of its party with
        role, or, without role, the party's administrator when it has none
        yet (the first one invited) and a viewer otherwise; its invitation
        e-mail is queued (web.user.invite). With dry_run nothing is written
        nor sent. Return the INVITATIONs, by party then contact.
        """
        if role is not None and role not in dict(PORTAL_ROLES):
            raise PortalArgumentError(gettext(
                    'portal.msg_portal_invalid_role',
                    role=str(role)[:20],
                    method='web.user.portal_invite_parties'))
        with without_check_access(), \
                Transaction().set_context(active_test=False):
            records = cls._portal_invite_parties(parties, all_customers)
            contacts = [
                ({'id': p.id, 'code': p.code, 'name': p.rec_name}, email)
                for p, email in cls._party_emails(records)]
            taken = {u.email for u in cls.search(
                    [('email', 'in', [e for _, e in contacts])])}
        invitations, to_create, admins = [], [], {}
        for party, email in contacts:
            status = TO_INVITE
            if not cls._portal_valid_email(email):
                status = INVALID
            elif email in taken:
                status = HAS_ACCOUNT if email not in to_create else DUPLICATE
            invitation = {
                'party': party,
                'email': email,
                'role': None,
                'status': status,
                }
            invitations.append(invitation)
            if status != TO_INVITE:
                continue
            if party['id'] not in admins:
                admins[party['id']] = bool(cls._party_admins(party['id']))
            invitation['role'] = role or (
                'viewer' if admins[party['id']] else 'admin')
            admins[party['id']] |= invitation['role'] == 'admin'
            taken.add(email)
            to_create.append(email)
            invitation['_values'] = {
                'email': email,
                'party': party['id'],
                'portal_role': invitation['role'],
                }
        creates = [i.pop('_values') for i in invitations if '_values' in i]
        if dry_run or not creates:
            return invitations
        with without_check_access():
            users = cls.create(creates)
        # As portal_member_invite: the task renders the e-mail as the system.
        with Transaction().set_user(0), without_check_access():
            cls.invite(users)
        for invitation in invitations:
            if invitation['status'] == TO_INVITE:
                invitation['status'] = INVITED
        return invitations

    @classmethod
    def _portal_invite_parties(cls, parties, all_customers):
        "Return the parties named by ids or codes, and the customers, by name"
        pool = Pool()
        Party = pool.get('party.party')
        Sale = pool.get('sale.sale')
        if not isinstance(parties, (list, tuple)) or not all(
                is_id(p) or (isinstance(p, str) and p) for p in parties):
            raise PortalArgumentError(gettext(
                    'portal.msg_portal_invalid_ids', **Party.__names__()))
        found = []
        for value in parties:
            domain = [('id', '=', value)] if is_id(value) else [
                ('code', '=', value)]
            records = Party.search(domain, limit=1)
            if not records:
                raise PortalNotFoundError(gettext(
                        'portal.msg_portal_invite_party_unknown',
                        party=str(value)[:40]))
            found.extend(records)
        if all_customers:
            sales = Sale.search([('state', '!=', 'cancelled')])
            found.extend(s.party for s in sales)
        unique = {p.id: p for p in found if p.active}
        return sorted(unique.values(), key=lambda p: (p.rec_name, p.id))

    @classmethod
    def _party_emails(cls, parties):
        "Yield (party, lowercased e-mail) of the active e-mail contacts"
        for party in parties:
            for mechanism in party.contact_mechanisms:
                if (mechanism.type == 'email' and mechanism.active
                        and mechanism.value):
                    yield party, mechanism.value.strip().lower()

    @staticmethod
    def _portal_valid_email(email):
        # validate_email checks nothing without the email-validator package
        if '@' not in email.strip('@'):
            return False
        try:
            validate_email(email)
        except EmailNotValidError:
            return False
        return True

"""manage.py portal_invite: invite to the portal, in bulk, the contacts of parties
switching to it (every e-mail contact without a web user yet), through Tryton's
invitation (a web user of the party, then its invitation e-mail).

It runs as a back-office user of Tryton's "Portal Administration" group (who may give
access from the Tryton client too), never as the portal's service user: --tryton-login,
else PORTAL_BACKOFFICE_LOGIN; the password from PORTAL_BACKOFFICE_PASSWORD, else asked.
"""

import getpass
import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from accounts.roles import ROLES
from erp.errors import TrytonError, TrytonValidationError
from erp.invitations import (
    DUPLICATE,
    HAS_ACCOUNT,
    INVALID,
    INVITED,
    TO_INVITE,
    backoffice_transport,
    parties_invite,
)

OUTCOMES = {
    INVITED: "invited",
    TO_INVITE: "would invite",
    HAS_ACCOUNT: "skipped, has a portal account",
    DUPLICATE: "skipped, invited for an earlier party",
    INVALID: "skipped, not an e-mail address",
}


def party_reference(value: str) -> int | str:
    """A party id (digits) or code."""
    return int(value) if value.isdigit() else value


class Command(BaseCommand):
    help = (
        "Invite to the portal every e-mail contact of the given parties (ids or codes) "
        "that has no portal account yet."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--party", action="append", default=[], type=party_reference,
            help="A party id or code (repeat for several).",
        )
        parser.add_argument(
            "--all-customers", action="store_true",
            help="Every party with a sale that is not cancelled.",
        )
        parser.add_argument(
            "--role", choices=ROLES, default=None,
            help="The role of every invited contact; by default a party's first one is "
                 "its administrator when it has none, the others viewers.",
        )
        parser.add_argument(
            "--dry-run", action="store_true",
            help="Only print what would be done: no account created, no e-mail sent.",
        )
        parser.add_argument(
            "--tryton-login", default=None,
            help="The Tryton login (Portal Administration) to invite as.",
        )

    def handle(self, *args, party, all_customers, role, dry_run, tryton_login, **options):
        if not party and not all_customers:
            raise CommandError("Give --party (one or more) or --all-customers.")
        login = tryton_login or settings.PORTAL_BACKOFFICE_LOGIN
        if not login:
            raise CommandError(
                "Give --tryton-login or set PORTAL_BACKOFFICE_LOGIN: a Tryton user of "
                "the Portal Administration group.")
        password = os.environ.get("PORTAL_BACKOFFICE_PASSWORD") or getpass.getpass(
            f"Tryton password of {login}: ")
        transport = backoffice_transport(login=login, password=password)
        try:
            invitations = parties_invite(
                transport=transport, parties=party, all_customers=all_customers,
                role=role, dry_run=dry_run,
            )
        except TrytonValidationError as error:
            raise CommandError(str(error)) from None
        except TrytonError as error:
            raise CommandError(f"Tryton refused or failed: {error}") from None
        finally:
            transport.close()
        for invitation in invitations:
            role_text = f" as {invitation.role}" if invitation.role else ""
            self.stdout.write(
                f"{invitation.party_code or invitation.party_id} {invitation.party_name}: "
                f"{invitation.email}: {OUTCOMES.get(invitation.status, invitation.status)}"
                f"{role_text}")
        done = sum(i.status in (INVITED, TO_INVITE) for i in invitations)
        verb = "would be invited (dry run: nothing changed)" if dry_run else "invited"
        self.stdout.write(self.style.SUCCESS(f"{done} contact(s) {verb}."))

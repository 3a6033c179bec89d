"""Paying several invoices by one bank transfer (``portal.transfer`` of our portal module).

Tryton records the request (``account.invoice.portal_transfer_reference``): the invoices
of the customer of the context, what is left to pay on them and an ISO 11649 structured
creditor reference, with which the back office reconciles the transfer. The portal reads
it back as any record of the customer's, with the company's bank details and each
invoice's state as Tryton has it now: whether an invoice is paid is Tryton's word.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from .errors import RecordNotFound
from .invoices import MAX_BUNDLE_INVOICES, NO_FILTERS
from .records import decimal
from .scope import CustomerScope, valid_id

MODEL = "portal.transfer"
INVOICE_MODEL = "account.invoice"
FIELDS = [
    "rec_name",
    "amount",
    "currency.code",
    "bank_details",
    "state",
    "create_date",
    "invoices.number",
    "invoices.state",
    "invoices.total_amount",
    "invoices.amount_to_pay",
]


@dataclass(frozen=True)
class TransferInvoice:
    id: int
    number: str
    state: str
    total_amount: Decimal
    amount_to_pay: Decimal

    @property
    def is_paid(self) -> bool:
        return self.state == "paid"


@dataclass(frozen=True)
class Transfer:
    """A bank transfer the customer announced: pay ``amount`` quoting ``reference``."""

    id: int
    # ISO 11649, in groups of four as it is printed and typed ("RF18 5390 0754 7034").
    reference: str
    amount: Decimal
    currency: str
    bank_details: str
    # "pending" until every invoice is paid, then "paid" (Tryton's invoices say).
    state: str
    requested_on: dt.date | None
    invoices: tuple[TransferInvoice, ...] = ()
    as_of: dt.datetime | None = None

    @property
    def is_paid(self) -> bool:
        return self.state == "paid"


def _transfer(row: dict) -> Transfer:
    created = row.get("create_date")
    return Transfer(
        id=row["id"],
        reference=row.get("rec_name") or "",
        amount=decimal(row.get("amount")),
        currency=(row.get("currency.") or {}).get("code") or "",
        bank_details=row.get("bank_details") or "",
        state=row.get("state") or "pending",
        requested_on=created.date() if isinstance(created, dt.datetime) else None,
        invoices=tuple(
            TransferInvoice(
                id=invoice["id"],
                number=invoice.get("number") or "",
                state=invoice.get("state") or "",
                total_amount=decimal(invoice.get("total_amount")),
                amount_to_pay=decimal(invoice.get("amount_to_pay")),
            )
            for invoice in sorted(row.get("invoices.") or (), key=lambda i: i.get("number") or "")
        ),
    )


def transfer_request(scope: CustomerScope, *, invoice_ids: list[int]) -> int:
    """Ask Tryton for the transfer paying ``invoice_ids`` (the customer's open invoices);
    return the request's id. RecordNotFound when one is not theirs (checked first, so
    that no refusal names another's); TrytonValidationError, in words for the customer,
    when Tryton refuses (an invoice paid meanwhile). Costs 2 calls."""
    ids = list(dict.fromkeys(invoice_ids))
    if not ids or len(ids) > MAX_BUNDLE_INVOICES or not all(map(valid_id, ids)):
        raise RecordNotFound()
    # The invoices the customer sees (posted or paid): a draft is no more theirs to pay
    # than another customer's invoice.
    found = scope.search_read(
        INVOICE_MODEL, [["id", "in", ids], *NO_FILTERS.leaves()], fields=["id"], limit=len(ids))
    if len(found) != len(ids):
        raise RecordNotFound()
    result = scope.call(INVOICE_MODEL, "portal_transfer_reference", ids)
    return int(result["id"])


def transfer_get(scope: CustomerScope, *, transfer_id: int) -> Transfer:
    """One of the customer's transfer requests with its invoices as they stand now;
    RecordNotFound if not theirs. Costs 1 call cold, 0 warm."""
    if not valid_id(transfer_id):
        raise RecordNotFound()
    return scope.cached(
        "transfer_get", {"id": transfer_id},
        lambda: _transfer(scope.get(MODEL, transfer_id, fields=FIELDS)),
    )

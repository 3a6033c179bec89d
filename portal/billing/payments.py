"""How a customer pays the invoices they selected: one provider, chosen by a setting.

Payments land in Tryton's books, never in the portal's: a provider only asks Tryton to
prepare the payment and tells the portal where to send the customer next. Whether an
invoice is paid stays Tryton's word (the invoice's state and amount to pay).

- ``bank_transfer`` (the default, used in the tests): Tryton records a transfer request
  with a structured creditor reference (erp/transfers.py); the customer sees the total,
  the company's bank details and the reference to quote.
- A card provider would be Tryton's ``account_payment_stripe``: see docs/payments.md for
  how to switch it on. It is not implemented here (Stripe cannot be reached from the
  machines this runs on).
"""

from typing import Protocol

from django.conf import settings
from django.urls import reverse

from accounts.customer import Customer

from . import services


class PaymentProvider(Protocol):
    code: str

    def start(self, *, customer: Customer, invoice_ids: list[int]) -> str:
        """Prepare the payment of ``invoice_ids`` in Tryton; return the URL to send the
        customer to. Raises RecordNotFound when an invoice is not theirs and
        TrytonValidationError, in words for the customer, when Tryton refuses."""
        ...


class BankTransferProvider:
    """Pay by bank transfer: the page of the transfer request Tryton recorded."""

    code = "bank_transfer"

    def start(self, *, customer: Customer, invoice_ids: list[int]) -> str:
        transfer_id = services.transfer_request(customer=customer, invoice_ids=invoice_ids)
        return reverse("billing:transfer", kwargs={"transfer_id": transfer_id})


PROVIDERS: dict[str, PaymentProvider] = {
    BankTransferProvider.code: BankTransferProvider(),
}


def payment_provider() -> PaymentProvider:
    """The provider of settings.PORTAL_PAYMENT_PROVIDER."""
    return PROVIDERS[settings.PORTAL_PAYMENT_PROVIDER]

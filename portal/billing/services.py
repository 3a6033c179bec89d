"""Writes of the billing app: each one entry point of our Tryton portal module."""

from accounts.customer import Customer
from erp import transfers


def transfer_request(*, customer: Customer, invoice_ids: list[int]) -> int:
    """Record in Tryton that the customer pays ``invoice_ids`` by one bank transfer;
    return the request's id (the same one for the same invoices asked again)."""
    return transfers.transfer_request(customer.scope, invoice_ids=invoice_ids)

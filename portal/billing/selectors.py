"""Reads of the billing app: thin over the gateway, always for one customer."""

from collections.abc import Iterator

from accounts.customer import Customer
from erp import invoices, statement, transfers
from erp.invoices import NO_FILTERS, Balance, Invoice, InvoiceFilters
from erp.records import Page

PAGE_SIZE = 20


def invoice_list(
    *, customer: Customer, page: int, sort: str | None = None,
    filters: InvoiceFilters = NO_FILTERS,
) -> Page[Invoice]:
    """Page ``page`` (from 1) of the customer's invoices matching ``filters``, PAGE_SIZE per
    page. ``sort`` is any user input: an unknown key sorts newest first."""
    return invoices.invoice_list(
        customer.scope, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE, sort=sort,
        filters=filters,
    )


def invoice_balance(*, customer: Customer) -> Balance:
    """What the customer owes, what of it is overdue, and the next due date."""
    return invoices.invoice_balance(customer.scope)


def invoice_export(
    *, customer: Customer, sort: str | None = None, filters: InvoiceFilters = NO_FILTERS
) -> Iterator[Invoice]:
    """Every invoice of the customer matching ``filters`` (bounded), read as consumed."""
    return invoices.invoice_export(customer.scope, sort=sort, filters=filters)


def invoice_get(*, customer: Customer, invoice_id: int) -> Invoice:
    """One of the customer's invoices with its lines; RecordNotFound when not theirs."""
    return invoices.invoice_get(customer.scope, invoice_id=invoice_id)


def invoice_pdf(*, customer: Customer, invoice_id: int) -> tuple[bytes, str]:
    """(PDF, file name) of one of the customer's invoices, as Tryton renders and keeps it."""
    return invoices.invoice_pdf(customer.scope, invoice_id=invoice_id)


def invoice_pdfs(*, customer: Customer, invoice_ids: list[int]) -> list[tuple[bytes, str]]:
    """(PDF, file name) of each of the customer's ``invoice_ids``; RecordNotFound for
    all of them when one is not theirs."""
    return invoices.invoice_pdfs(customer.scope, invoice_ids=invoice_ids)


def transfer_get(*, customer: Customer, transfer_id: int) -> transfers.Transfer:
    """One of the customer's transfer requests; RecordNotFound when not theirs."""
    return transfers.transfer_get(customer.scope, transfer_id=transfer_id)


def statement_get(*, customer: Customer) -> statement.Statement:
    """The customer's open items with their running balance and ageing, as of today."""
    return statement.statement_get(customer.scope)


def statement_pdf(*, customer: Customer) -> tuple[bytes, str]:
    """(PDF, file name) of the customer's statement of account, printed by Tryton."""
    return statement.statement_pdf(customer.scope)

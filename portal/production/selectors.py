"""Reads of the production app: thin over the gateway, always for one customer."""

from accounts.customer import Customer
from erp import Page
from erp import productions as erp_productions
from erp.productions import Production

PAGE_SIZE = 20


def production_list(*, customer: Customer, page: int) -> Page[Production]:
    """Page ``page`` (from 1) of the customer's productions in progress."""
    return erp_productions.production_list(
        customer.scope, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE
    )

"""Reads of the orders app: thin over the gateway, always for one customer."""

from accounts.customer import Customer
from erp import Order, Page, TrytonService

PAGE_SIZE = 20
SORT_KEYS = ("date", "number", "total", "state")
DEFAULT_SORT = "-date"


def sort_clean(value: str | None) -> str:
    """A known sort ('date', '-total', ...) or the default: newest first."""
    if value and value.removeprefix("-") in SORT_KEYS:
        return value
    return DEFAULT_SORT


def order_list(*, customer: Customer, page: int, sort: str = DEFAULT_SORT) -> Page[Order]:
    """Page ``page`` (from 1) of the customer's orders, PAGE_SIZE per page."""
    return TrytonService.for_customer(customer.party_id).order_list(
        offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE, order=sort_clean(sort)
    )


def order_get(*, customer: Customer, order_id: int) -> Order:
    """One of the customer's orders with its lines; RecordNotFound when not theirs."""
    return TrytonService.for_customer(customer.party_id).order_get(order_id=order_id)

"""Reads of the orders app: thin over the gateway, always for one customer."""

from accounts.customer import Customer
from erp import Page
from erp.sales import ORDER_SORTS, Order
from erp.sales import order_get as sales_order_get
from erp.sales import order_list as sales_order_list

PAGE_SIZE = 20
DEFAULT_SORT = ORDER_SORTS.default


def order_list(*, customer: Customer, page: int, sort: str | None = None) -> Page[Order]:
    """Page ``page`` (from 1) of the customer's orders, PAGE_SIZE per page.

    ``sort`` is any user input: an unknown key sorts newest first.
    """
    return sales_order_list(
        customer.scope, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE, sort=sort
    )


def order_get(*, customer: Customer, order_id: int) -> Order:
    """One of the customer's orders with its lines; RecordNotFound when not theirs."""
    return sales_order_get(customer.scope, order_id=order_id)

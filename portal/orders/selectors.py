"""Reads of the orders app: thin over the gateway, always for one customer."""

from collections.abc import Iterator

from accounts.customer import Customer
from erp.sales import NO_FILTERS, ORDER_SORTS, Order, OrderFilters, OrderPage
from erp.sales import order_export as sales_order_export
from erp.sales import order_get as sales_order_get
from erp.sales import order_list as sales_order_list

PAGE_SIZE = 20
DEFAULT_SORT = ORDER_SORTS.default


def order_list(
    *, customer: Customer, page: int, sort: str | None = None, filters: OrderFilters = NO_FILTERS
) -> OrderPage:
    """Page ``page`` (from 1) of the customer's orders matching ``filters``, PAGE_SIZE per
    page, with the counts per state. ``sort`` is any user input: an unknown key sorts
    newest first."""
    return sales_order_list(
        customer.scope,
        offset=(page - 1) * PAGE_SIZE,
        limit=PAGE_SIZE,
        sort=sort,
        filters=filters,
    )


def order_export(
    *, customer: Customer, sort: str | None = None, filters: OrderFilters = NO_FILTERS
) -> Iterator[Order]:
    """Every order of the customer matching ``filters`` (bounded), read as consumed."""
    return sales_order_export(customer.scope, sort=sort, filters=filters)


def order_get(*, customer: Customer, order_id: int) -> Order:
    """One of the customer's orders with its lines (and its invoices for the roles that
    read billing); RecordNotFound when not theirs."""
    return sales_order_get(
        customer.scope, order_id=order_id, with_invoices=customer.can_read_billing
    )

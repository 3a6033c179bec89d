"""Reads of the orders app: thin over the gateway, always for one customer."""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

from outbox import services as outbox
from outbox.models import OutboxEntry

from accounts.customer import Customer
from erp import order_documents
from erp.order_timeline import OrderTimeline
from erp.order_timeline import order_timeline as erp_order_timeline
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


def order_timeline(*, customer: Customer, order: Order) -> OrderTimeline:
    """Where each line of ``order`` (one of the customer's) stands and how to follow its
    deliveries; the invoice steps for the roles that read billing only."""
    return erp_order_timeline(
        customer.scope, order_id=order.id, state=order.state,
        with_billing=customer.can_read_billing,
    )


@dataclass(frozen=True)
class QueuedOrderLine:
    product: str
    quantity: Decimal
    amount: Decimal


@dataclass(frozen=True)
class QueuedOrder:
    """An order Tryton does not have: pending in the outbox, or refused at replay. Its
    lines and total are the cart's at checkout (Tryton prices it when it files it)."""

    id: int
    pending: bool
    created: dt.datetime
    delivery_date: dt.date
    address: str
    lines: tuple[QueuedOrderLine, ...]
    total: Decimal
    currency: str
    # Tryton's words when it refused the order at replay.
    refusal: str


def queued_orders(*, customer: Customer, user) -> tuple[QueuedOrder, ...]:
    """The customer's orders kept in the outbox, oldest first (no call to Tryton)."""
    return tuple(
        QueuedOrder(
            id=entry.pk,
            pending=entry.state == OutboxEntry.PENDING,
            created=entry.created_at,
            delivery_date=dt.date.fromisoformat(entry.summary["date"]),
            address=entry.summary.get("address", ""),
            lines=tuple(
                QueuedOrderLine(product=line["product"], quantity=Decimal(line["quantity"]),
                                amount=Decimal(line["amount"]))
                for line in entry.summary.get("lines", ())
            ),
            total=Decimal(entry.summary.get("total", "0")),
            currency=entry.summary.get("currency", ""),
            refusal=entry.refusal,
        )
        for entry in outbox.customer_entries(
            customer=customer, user=user, kind=OutboxEntry.CHECKOUT
        )
    )


def order_pdf(*, customer: Customer, order_id: int, kind: str) -> tuple[bytes, str]:
    """(PDF, file name) of the quotation or confirmation (``kind``) of one of the
    customer's orders, as Tryton prints it; RecordNotFound when not theirs or not in a
    state that has this document."""
    return order_documents.order_pdf(
        customer.scope, order_id=order_id, kind=kind, with_invoices=customer.can_read_billing
    )


def delivery_note_pdf(*, customer: Customer, order_id: int, shipment_id: int) -> tuple[bytes, str]:
    """(PDF, file name) of the delivery note of one packed or delivered shipment of one
    of the customer's orders; RecordNotFound otherwise."""
    return order_documents.delivery_note_pdf(
        customer.scope, order_id=order_id, shipment_id=shipment_id,
        with_invoices=customer.can_read_billing,
    )

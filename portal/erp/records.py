"""Typed records the gateway returns: frozen, picklable, free of Tryton field names."""

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Generic, TypeVar

T = TypeVar("T")

ORDER_STATES = ("draft", "quotation", "confirmed", "processing", "done", "cancelled")
# What a customer sees: a sale becomes theirs to see once it is quoted.
CUSTOMER_ORDER_STATES = ORDER_STATES[1:]


@dataclass(frozen=True)
class Page(Generic[T]):
    """One page of a list; ``as_of`` is set when served stale because Tryton is down."""

    items: tuple[T, ...]
    total: int
    offset: int
    limit: int
    as_of: dt.datetime | None = None

    @property
    def number(self) -> int:
        return self.offset // self.limit + 1 if self.limit else 1

    @property
    def num_pages(self) -> int:
        if not self.limit:
            return 1
        return max(1, math.ceil(self.total / self.limit))

    @property
    def has_next(self) -> bool:
        return self.offset + self.limit < self.total

    @property
    def has_previous(self) -> bool:
        return self.offset > 0

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


@dataclass(frozen=True)
class OrderLine:
    id: int
    product: str
    description: str
    quantity: Decimal | float
    unit: str
    unit_price: Decimal
    amount: Decimal


@dataclass(frozen=True)
class Order:
    """A customer's sale; ``number`` is '' while it is a draft."""

    id: int
    number: str
    reference: str
    date: dt.date | None
    state: str
    shipment_state: str
    invoice_state: str
    untaxed_amount: Decimal
    tax_amount: Decimal
    total_amount: Decimal
    currency: str
    lines: tuple[OrderLine, ...] = ()
    as_of: dt.datetime | None = None


@dataclass(frozen=True)
class PartyRef:
    id: int
    name: str


@dataclass(frozen=True)
class WebUserIdentity:
    """A portal account (Tryton web.user) and the parties it may act for."""

    web_user_id: int
    email: str
    party: PartyRef | None
    parties: tuple[PartyRef, ...]


@dataclass(frozen=True)
class WebUserLogin:
    session: str
    user: WebUserIdentity

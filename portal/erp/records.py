"""Typed records shared by every domain, and helpers to map Tryton rows onto records.

Each domain module (sales.py, identity.py, ...) defines its own records: frozen,
picklable, free of Tryton field names, so templates never see Tryton's.
"""

import datetime as dt
import math
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar

T = TypeVar("T")

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
class PartyRef:
    id: int
    name: str


def decimal(value: Any) -> Decimal:
    """A Tryton amount as a Decimal (None and missing values are 0)."""
    return value if isinstance(value, Decimal) else Decimal(str(value or 0))


def nested(row: dict, field: str, attribute: str) -> Any:
    """``field.attribute`` of a search_read row (Tryton nests it under 'field.')."""
    return (row.get(f"{field}.") or {}).get(attribute)


# An address's parts, read instead of Tryton's ``full_address``: that one follows the
# postal format of the country and of the reading language (a French letter writes the
# street and "LYON" in capitals), while pages and e-mails write an address as a person does.
ADDRESS_PARTS = ("street", "postal_code", "city", "country.name")


def address_fields(prefix: str) -> list[str]:
    """The fields to read for the address at ``prefix`` (e.g. "shipment_address")."""
    return [f"{prefix}.{part}" for part in ADDRESS_PARTS]


def address_lines(address: dict | None) -> tuple[str, ...]:
    """The street's lines, then "postal code city", then the country: what is set."""
    if not address:
        return ()
    street = [line.strip() for line in (address.get("street") or "").splitlines()]
    town = " ".join(part for part in (address.get("postal_code"), address.get("city")) if part)
    country = nested(address, "country", "name") or ""
    return tuple(line for line in (*street, town, country) if line)

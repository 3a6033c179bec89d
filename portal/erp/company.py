"""The supplier: Tryton's companies (name, logo, contact) for the layout and the documents.

Company data is not customer data: one read of ``company.company`` serves every customer.
It is kept in Django's cache (shared by the workers, PORTAL_COMPANY_CACHE_TTL seconds
fresh, served stale while Tryton is down) and in each worker's memory for
MEMORY_SECONDS, so a warm page costs no call and no cache round trip for it.
Nothing here raises: when Tryton cannot be asked and nothing is cached, the layout gets
``Companies()`` (no company) and shows the portal's own name.
"""

import datetime as dt
import hashlib
import logging
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.core.signals import setting_changed

from .client import get_client
from .errors import TrytonError, TrytonValidationError
from .records import address_fields, address_lines

logger = logging.getLogger(__name__)

CACHE_KEY = "erp:companies:v1"
STALE_TIMEOUT = 7 * 24 * 60 * 60
MEMORY_SECONDS = 60
# After a failed read, wait this long before asking Tryton again (the page renders anyway).
RETRY_SECONDS = 10

# rec_name is the company's party's name (computed in Tryton, so readable whatever the
# record rules on parties); the contact is read from the party itself.
NAME_FIELDS = ["rec_name", "logo"]
FIELDS = [
    *NAME_FIELDS,
    "party.email",
    "party.phone",
    "party.website",
    *address_fields("party.addresses"),
]


@dataclass(frozen=True)
class Company:
    """One of the supplier's companies, as the layout and the documents show it."""

    id: int
    name: str
    email: str = ""
    phone: str = ""
    website: str = ""
    address_lines: tuple[str, ...] = ()
    logo: bytes | None = field(default=None, repr=False)

    @property
    def logo_digest(self) -> str:
        """Changes with the logo: part of its URL, so browsers may cache it for good."""
        return hashlib.sha256(self.logo).hexdigest()[:16] if self.logo else ""

    @property
    def phone_uri(self) -> str:
        return "tel:" + "".join(c for c in self.phone if c.isdigit() or c == "+")


@dataclass(frozen=True)
class Companies:
    """Every company of the Tryton database; ``main`` is the portal's own (the service
    user's company), the one the layout shows."""

    items: tuple[Company, ...] = ()
    main_id: int | None = None

    @property
    def main(self) -> Company | None:
        return self.get(self.main_id) or (self.items[0] if self.items else None)

    @property
    def several(self) -> bool:
        return len(self.items) > 1

    def get(self, company_id: int | None) -> Company | None:
        for company in self.items:
            if company.id == company_id:
                return company
        return None

    def issuer(self, document) -> Company | None:
        """The company a document (order, invoice...) was issued by: its ``company`` id
        when the record carries one, else the main company."""
        return self.get(getattr(document, "company", None)) or self.main


_memory: tuple[float, Companies] | None = None
_lock = threading.Lock()


def company_list() -> Companies:
    """The supplier's companies: from memory, else the shared cache, else Tryton."""
    global _memory
    now = time.monotonic()
    memory = _memory
    if memory is not None and memory[0] > now:
        return memory[1]
    with _lock:
        if _memory is not None and _memory[0] > now:
            return _memory[1]
        companies, fresh = _read()
        _memory = (now + (MEMORY_SECONDS if fresh else RETRY_SECONDS), companies)
        return companies


def company_forget() -> None:
    """Drop the worker's copy and the shared one (after a change in Tryton, in tests)."""
    global _memory
    with _lock:
        _memory = None
    try:
        cache.delete(CACHE_KEY)
    except Exception:
        logger.warning("Cache unavailable, companies not forgotten", exc_info=True)


def _read() -> tuple[Companies, bool]:
    """(companies, fresh): the shared cache's entry while fresh, else Tryton's answer,
    else the stale entry, else no company."""
    try:
        entry = cache.get(CACHE_KEY)
    except Exception:
        logger.warning("Cache unavailable, reading companies from Tryton", exc_info=True)
        entry = None
    now = dt.datetime.now(dt.UTC)
    if entry is not None and (now - entry[0]).total_seconds() < _ttl():
        return entry[1], True
    try:
        companies = _fetch()
    except TrytonError:
        logger.warning("Companies not read from Tryton; the layout goes without", exc_info=True)
        return (entry[1] if entry is not None else Companies()), False
    try:
        cache.set(CACHE_KEY, (now, companies), timeout=STALE_TIMEOUT)
    except Exception:
        logger.warning("Cache unavailable, companies not stored", exc_info=True)
    return companies, True


def _fetch() -> Companies:
    client = get_client()
    try:
        rows = client.execute(
            "company.company", "search_read", [], 0, None, [["id", "ASC"]], FIELDS)
    except TrytonValidationError:
        # The service user may not read the company's party: show the name and logo at
        # least, and say what to grant.
        logger.error("The Portal Service group cannot read the companies' parties: the "
                     "portal shows no supplier contact until it can")
        rows = client.execute(
            "company.company", "search_read", [], 0, None, [["id", "ASC"]], NAME_FIELDS)
    return Companies(
        items=tuple(_company(row) for row in rows),
        main_id=client.context.get("company"),
    )


def _company(row: dict) -> Company:
    party = row.get("party.") or {}
    addresses = party.get("addresses.") or []
    return Company(
        id=row["id"],
        name=row.get("rec_name") or "",
        email=party.get("email") or "",
        phone=party.get("phone") or "",
        website=party.get("website") or "",
        address_lines=address_lines(addresses[0] if addresses else None),
        logo=bytes(row["logo"]) if row.get("logo") else None,
    )


def _ttl() -> int:
    return int(settings.PORTAL_COMPANY_CACHE_TTL)


def _on_setting_changed(*, setting: str, **kwargs) -> None:
    # Tests point the gateway at another trytond: its companies are other ones.
    if setting.startswith("TRYTON_"):
        global _memory
        _memory = None


setting_changed.connect(_on_setting_changed, dispatch_uid="erp.company.forget_on_setting_changed")

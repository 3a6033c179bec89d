"""CustomerScope: the one way the portal reaches a customer's data in Tryton.

Two walls keep customers apart. This is the first: every search ANDs the path
from the model to the customer's party, every read of one record checks
ownership in the same call, and every write goes through a ``portal_*`` entry
point. The second is Tryton's own: each call carries the customer's web-user
session in the Tryton context, and the Portal Service group's record rules
show nothing without it (docs/contracts.md).
"""

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from . import cache
from .client import get_client
from .errors import RecordNotFound, TrytonTimeout, TrytonUnavailable
from .transport import JsonRpcTransport

T = TypeVar("T")

# Model -> path from one of its records to the customer's party. The only place
# a party condition is written: add a model here before reading it.
PARTY_PATHS: Mapping[str, str] = {
    "sale.sale": "party",
    "sale.line": "sale.party",
    "account.invoice": "party",
    "account.invoice.line": "invoice.party",
    "account.invoice.tax": "invoice.party",
    "stock.shipment.out": "customer",
    "party.party": "id",
    "party.address": "party",
    "party.contact_mechanism": "party",
    "pickup.request": "party",
    "pickup.request.line": "request.party",
    "event.event": "party",
    # A production serves sales (production_proposal): the customer's are those of theirs.
    "production": "sales.party",
    # Complaints filed on order lines (sale_complaint), for the customer they are about.
    "sale.complaint": "customer",
    # Bank transfers the customer announced to pay invoices (erp/transfers.py).
    "portal.transfer": "party",
}

# Tryton stores ids and offsets as signed 64-bit integers: anything beyond is
# no record and no page (SQLite would raise inside Tryton, a 500).
MAX_TRYTON_INT = 2**63 - 1
MAX_PAGE_SIZE = 100

# Context keys the portal module turns into the rule context (docs/contracts.md).
CONTEXT_SESSION = "portal_session"
CONTEXT_PARTY = "portal_party"
# Asks Tryton to refuse the call (TrytonSessionEnded) rather than answer as if the
# customer had no data when the session is over, so the portal can sign them out.
CONTEXT_SESSION_REQUIRED = "portal_session_required"


def valid_id(value: Any) -> bool:
    """True for an int Tryton could hold as a record id."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_TRYTON_INT


@dataclass(frozen=True)
class Sorts:
    """The public sort keys of one list ('date', '-total', ...) and their Tryton order.

    ``fields`` maps each key to a Tryton field; records are tie-broken by id so
    pages never overlap. User input only ever selects one of these keys.
    """

    fields: Mapping[str, str]
    default: str

    def clean(self, value: str | None) -> str:
        """``value`` when it is a known key (with an optional '-'), else the default."""
        if value and value.removeprefix("-") in self.fields:
            return value
        return self.default

    def order(self, sort: str) -> list[list[str]]:
        sort = self.clean(sort)
        field_name = self.fields[sort.removeprefix("-")]
        if sort.startswith("-"):
            return [[field_name, "DESC NULLS FIRST"], ["id", "DESC"]]
        return [[field_name, "ASC NULLS LAST"], ["id", "ASC"]]


@dataclass(frozen=True)
class CustomerScope:
    """One customer (party) as seen through one live web-user session.

    ``web_session`` is the key Tryton returned at the customer's login; it is a
    credential, so it never shows in a repr (error pages, logs).
    """

    party_id: int
    web_session: str = field(repr=False)
    transport: JsonRpcTransport | None = field(default=None, repr=False, compare=False)

    def __post_init__(self):
        if not valid_id(self.party_id):
            raise ValueError(f"invalid party id: {self.party_id!r}")
        if not isinstance(self.web_session, str) or not self.web_session:
            raise ValueError("a customer scope needs the customer's web-user session")

    @property
    def _transport(self) -> JsonRpcTransport:
        return self.transport or get_client()

    @property
    def context(self) -> dict[str, Any]:
        return {
            CONTEXT_SESSION: self.web_session,
            CONTEXT_PARTY: self.party_id,
            CONTEXT_SESSION_REQUIRED: True,
        }

    def domain(self, model: str, *leaves: list) -> list:
        """``leaves`` ANDed with the path from ``model`` to this customer's party."""
        try:
            path = PARTY_PATHS[model]
        except KeyError:
            raise LookupError(f"{model} has no party path in erp.scope.PARTY_PATHS") from None
        return ["AND", [path, "=", self.party_id], *leaves]

    def search_read(
        self,
        model: str,
        leaves: list | tuple = (),
        *,
        fields: list[str],
        offset: int = 0,
        limit: int | None = None,
        order: list | None = None,
    ) -> list[dict]:
        """The customer's records of ``model`` matching ``leaves``; [] past Tryton's range."""
        if offset > MAX_TRYTON_INT:
            return []
        return self._transport.execute(
            model,
            "search_read",
            self.domain(model, *leaves),
            max(0, offset),
            limit,
            order,
            fields,
            context=self.context,
        )

    def search_count(self, model: str, leaves: list | tuple = ()) -> int:
        return self._transport.execute(
            model, "search_count", self.domain(model, *leaves), context=self.context
        )

    def page(
        self,
        model: str,
        leaves: list | tuple = (),
        *,
        fields: list[str],
        offset: int,
        limit: int,
        order: list,
    ) -> tuple[list[dict], int, int, int]:
        """(rows, total, offset, limit) of one page: 2 calls, 1 when past Tryton's range."""
        offset = max(0, int(offset))
        limit = min(max(1, int(limit)), MAX_PAGE_SIZE)
        rows = self.search_read(
            model, leaves, fields=fields, offset=offset, limit=limit, order=order
        )
        return rows, self.search_count(model, leaves), offset, limit

    def state_counts(self, model: str, leaves: list | tuple = ()) -> dict[str, int]:
        """{state: count} of the customer's records matching ``leaves``, in one call.

        Tryton groups them (``portal_state_counts`` of our portal module) under the
        same record rules as a search: a count per state without a call per state.
        """
        counts = self._transport.execute(
            model, "portal_state_counts", self.domain(model, *leaves), context=self.context
        )
        return {str(state): int(count) for state, count in (counts or {}).items()}

    def get(self, model: str, record_id: Any, *, fields: list[str], leaves=()) -> dict:
        """One record of the customer; RecordNotFound when it is missing or another's.

        The ownership check is part of the search itself: one call.
        """
        if not valid_id(record_id):
            raise RecordNotFound()
        rows = self.search_read(model, [["id", "=", record_id], *leaves], fields=fields, limit=1)
        if not rows:
            raise RecordNotFound()
        return rows[0]

    def attachment(
        self, model: str, record_id: Any, attachment_id: Any, *, fields: list[str]
    ) -> dict:
        """One file attached (ir.attachment) to one of the customer's records.

        RecordNotFound when the record is not the customer's or the file not attached
        to it: the record's ownership is checked first, then the file is searched on
        that record only. Costs 2 calls.
        """
        self.get(model, record_id, fields=["id"])
        if not valid_id(attachment_id):
            raise RecordNotFound()
        rows = self._transport.execute(
            "ir.attachment",
            "search_read",
            [["resource", "=", f"{model},{record_id}"], ["id", "=", attachment_id]],
            0,
            1,
            None,
            fields,
            context=self.context,
        )
        if not rows:
            raise RecordNotFound()
        return rows[0]

    def cached(self, name: str, params: dict[str, Any], fetch: Callable[[], T]) -> T:
        """``fetch()`` through this customer's versioned cache (stale while Tryton is down)."""
        return cache.cached_read(self.party_id, name, params, fetch)

    def read_call(self, model: str, method: str, *args: Any) -> Any:
        """Read through one of our read-only ``portal_*`` entry points (what no search
        can give: the statement of account, the customer's members). Tryton answers for
        this scope's customer, taken from the context, never from an argument; callers
        cache the answer only where it is the same for every member of the customer."""
        if not method.startswith("portal_"):
            raise ValueError(f"entry points of the portal are portal_*, not {method}")
        return self._transport.execute(model, method, *args, context=self.context, readonly=True)

    def call(self, model: str, method: str, *args: Any) -> Any:
        """Write through one of our ``portal_*`` entry points, then forget the cached data.

        Tryton derives the party from this scope's context, never from an argument.
        """
        if not method.startswith("portal_"):
            raise ValueError(f"customers write only through portal_* entry points, not {method}")
        try:
            result = self._transport.execute(model, method, *args, context=self.context)
        except TrytonUnavailable as error:
            # A write that never reached Tryton (refused connection, open breaker) changed
            # nothing: the cached copies stay, to be served while Tryton is down. One that
            # timed out may have been applied.
            if isinstance(error, TrytonTimeout):
                self.invalidate()
            raise
        except Exception:
            # Even a refused write may have changed something.
            self.invalidate()
            raise
        self.invalidate()
        return result

    def report(self, name: str, model: str, record_id: Any) -> tuple[str, bytes, str]:
        """(extension, content, file name) of Tryton report ``name`` for one record.

        The record must be the customer's (checked first, one call); Tryton
        renders it with this scope's context, so its rules check it again.
        Costs 2 calls.
        """
        self.get(model, record_id, fields=["id"])
        extension, content, _direct_print, filename = self._transport.call(
            f"report.{name}.execute", [[record_id], {}], context=self.context
        )
        return extension, bytes(content), filename

    def invalidate(self) -> None:
        """Forget everything cached for this customer."""
        cache.bump_customer_version(self.party_id)

"""TrytonService: the façade the portal's apps use to reach Tryton.

Customer data is only reachable through ``TrytonService.for_customer(party_id)``:
every search ANDs the customer's domain and every read of one record checks
ownership inside the same Tryton call.
"""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from . import cache
from .client import get_client
from .errors import RecordNotFound
from .records import (
    CUSTOMER_ORDER_STATES,
    Order,
    OrderLine,
    Page,
    PartyRef,
    WebUserIdentity,
    WebUserLogin,
)
from .transport import JsonRpcTransport

MAX_PAGE_SIZE = 100
SESSION_CACHE_TIMEOUT = 60

ORDER_FIELDS = [
    "number",
    "reference",
    "sale_date",
    "state",
    "shipment_state",
    "invoice_state",
    "untaxed_amount",
    "tax_amount",
    "total_amount",
    "currency.code",
]
LINE_FIELDS = [
    "product.rec_name",
    "description",
    "quantity",
    "unit.symbol",
    "unit_price",
    "amount",
]

# Public sort keys -> Tryton order. User input only ever selects one of these.
ORDER_SORTS = {
    "date": ("sale_date", "id"),
    "number": ("number", "id"),
    "state": ("state", "id"),
    "total": ("total_amount_cache", "id"),
}
DEFAULT_ORDER_SORT = "-date"


def _order_clause(sort: str) -> tuple[str, list[list[str]]]:
    """Translate ``sort`` (e.g. '-date') to Tryton's order; unknown keys fall back."""
    key = sort.removeprefix("-")
    if key not in ORDER_SORTS:
        sort = DEFAULT_ORDER_SORT
        key = sort.removeprefix("-")
    descending = sort.startswith("-")
    field, tie_breaker = ORDER_SORTS[key]
    if descending:
        return sort, [[field, "DESC NULLS FIRST"], [tie_breaker, "DESC"]]
    return sort, [[field, "ASC NULLS LAST"], [tie_breaker, "ASC"]]


def _decimal(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value or 0))


def _nested(row: dict, field: str, attribute: str) -> Any:
    """Read ``field.attribute`` from a search_read row (nested under 'field.')."""
    return (row.get(f"{field}.") or {}).get(attribute)


def _order(row: dict, lines: tuple[OrderLine, ...] = ()) -> Order:
    return Order(
        id=row["id"],
        number=row.get("number") or "",
        reference=row.get("reference") or "",
        date=row.get("sale_date"),
        state=row["state"],
        shipment_state=row.get("shipment_state") or "",
        invoice_state=row.get("invoice_state") or "",
        untaxed_amount=_decimal(row.get("untaxed_amount")),
        tax_amount=_decimal(row.get("tax_amount")),
        total_amount=_decimal(row.get("total_amount")),
        currency=_nested(row, "currency", "code") or "",
        lines=lines,
    )


def _order_line(row: dict) -> OrderLine:
    return OrderLine(
        id=row["id"],
        product=_nested(row, "product", "rec_name") or "",
        description=row.get("description") or "",
        quantity=row.get("quantity") or 0,
        unit=_nested(row, "unit", "symbol") or "",
        unit_price=_decimal(row.get("unit_price")),
        amount=_decimal(row.get("amount")),
    )


def _party(value: dict | None) -> PartyRef | None:
    if not value:
        return None
    return PartyRef(id=value["id"], name=value.get("name") or "")


def _identity(value: dict | None) -> WebUserIdentity | None:
    if not value:
        return None
    return WebUserIdentity(
        web_user_id=value["id"],
        email=value.get("email") or "",
        party=_party(value.get("party")),
        parties=tuple(_party(p) for p in value.get("parties") or ()),
    )


@dataclass(frozen=True)
class CustomerService:
    """Reads and writes of one customer (party); build it with TrytonService.for_customer."""

    party_id: int
    transport: JsonRpcTransport

    def _domain(self, *leaves: list) -> list:
        return ["AND", ["party", "=", self.party_id], *leaves]

    def _sale_domain(self, *leaves: list) -> list:
        # A draft sale is the back office's work in progress: no number, no stored
        # total, free to change. Customers see a sale from its quotation on.
        return self._domain(["state", "!=", "draft"], *leaves)

    def invalidate(self) -> None:
        """Forget everything cached for this customer."""
        cache.bump_customer_version(self.party_id)

    def order_list(
        self,
        *,
        offset: int = 0,
        limit: int = 20,
        order: str = DEFAULT_ORDER_SORT,
        state: str | None = None,
        search: str = "",
    ) -> Page[Order]:
        """A page of the customer's sales, newest first by default.

        ``order`` is one of date, number, state, total with an optional '-'
        prefix; ``state`` filters on one of CUSTOMER_ORDER_STATES (never drafts);
        ``search`` matches the number or the customer's reference. Costs 2 calls
        cold, 0 warm.
        """
        offset = max(0, int(offset))
        limit = min(max(1, int(limit)), MAX_PAGE_SIZE)
        order, tryton_order = _order_clause(order)
        leaves = []
        if state in CUSTOMER_ORDER_STATES:
            leaves.append(["state", "=", state])
        search = (search or "").strip()
        if search:
            leaves.append(
                ["OR", ["number", "ilike", f"%{search}%"], ["reference", "ilike", f"%{search}%"]]
            )
        domain = self._sale_domain(*leaves)

        def fetch() -> Page[Order]:
            rows = self.transport.execute(
                "sale.sale", "search_read", domain, offset, limit, tryton_order, ORDER_FIELDS
            )
            total = self.transport.execute("sale.sale", "search_count", domain)
            return Page(
                items=tuple(_order(row) for row in rows), total=total, offset=offset, limit=limit
            )

        params = {
            "offset": offset,
            "limit": limit,
            "order": order,
            "state": state if state in CUSTOMER_ORDER_STATES else None,
            "search": search,
        }
        return cache.cached_read(self.party_id, "order_list", params, fetch)

    def order_get(self, *, order_id: int) -> Order:
        """One of the customer's sales with its lines; RecordNotFound if not theirs.

        Costs 2 calls cold, 0 warm.
        """
        order_id = int(order_id)

        def fetch() -> Order:
            rows = self.transport.execute(
                "sale.sale",
                "search_read",
                self._sale_domain(["id", "=", order_id]),
                0,
                1,
                None,
                ORDER_FIELDS,
            )
            if not rows:
                raise RecordNotFound()
            # The party leaf again: ownership is re-checked by the line query itself.
            lines = self.transport.execute(
                "sale.line",
                "search_read",
                [
                    "AND",
                    ["sale", "=", order_id],
                    ["sale.party", "=", self.party_id],
                    ["type", "=", "line"],
                ],
                0,
                None,
                [["sequence", "ASC NULLS FIRST"], ["id", "ASC"]],
                LINE_FIELDS,
            )
            return _order(rows[0], tuple(_order_line(row) for row in lines))

        return cache.cached_read(self.party_id, "order_get", {"id": order_id}, fetch)


class TrytonService:
    """Entry point of the gateway.

    Customer data: ``TrytonService.for_customer(party_id)``. Identity
    operations (portal login) are not customer data and live here.
    ``transport`` defaults to the process-wide client (see client.py).
    """

    @staticmethod
    def for_customer(party_id: int, *, transport: JsonRpcTransport | None = None):
        if not isinstance(party_id, int) or isinstance(party_id, bool) or party_id <= 0:
            raise ValueError(f"invalid party id: {party_id!r}")
        return CustomerService(party_id=party_id, transport=transport or get_client())

    @staticmethod
    def ping(*, transport: JsonRpcTransport | None = None) -> None:
        """Check that Tryton answers the service user (for /ready/); raises TrytonError."""
        transport = transport or get_client()
        transport.execute("res.user", "get_preferences", True, readonly=True)

    @staticmethod
    def web_user_login(
        *,
        email: str,
        password: str,
        remote_address: str,
        transport: JsonRpcTransport | None = None,
    ) -> WebUserLogin | None:
        """Log a portal account in; None when the credentials are wrong.

        Raises TrytonRateLimited when Tryton throttles the e-mail or address.
        """
        transport = transport or get_client()
        # In a mapping under "password", Tryton's dispatcher masks it in its logs.
        result = transport.execute(
            "web.user", "portal_login", email, {"password": password}, remote_address
        )
        if not result:
            return None
        user = _identity(result["user"])
        cache.set_web_session(result["session"], user, SESSION_CACHE_TIMEOUT)
        return WebUserLogin(session=result["session"], user=user)

    @staticmethod
    def web_user_session(
        *, session: str, transport: JsonRpcTransport | None = None
    ) -> WebUserIdentity | None:
        """The portal account behind ``session``; None when unknown or expired.

        Cached briefly so every page does not pay a call for it.
        """
        if not session:
            return None
        found, user = cache.get_web_session(session)
        if found:
            return user
        transport = transport or get_client()
        user = _identity(transport.execute("web.user", "portal_session", session, readonly=True))
        cache.set_web_session(session, user, SESSION_CACHE_TIMEOUT)
        return user

    @staticmethod
    def web_user_logout(*, session: str, transport: JsonRpcTransport | None = None) -> None:
        """End ``session`` in Tryton."""
        if not session:
            return
        cache.delete_web_session(session)
        transport = transport or get_client()
        transport.execute("web.user", "portal_logout", session)

"""Invoices (account.invoice of type out) as the customer sees them: their invoices and
credit notes once posted, what they owe and what is overdue.

What Tryton lets the portal read: invoices, their lines and taxes, payment terms. Not the
accounting moves (``account.move``/``account.move.line``: the Portal Service group has no
access), so the exact maturity dates are out of reach. Two things stand in for them:
- Tryton's own ``amount_to_pay`` and ``amount_to_pay_today`` (computed from the moves in
  Tryton): what is left to pay, and the part of it due today or earlier, i.e. overdue;
- the due dates the payment term gives from the invoice date, which are the maturity dates
  Tryton wrote when posting unless the back office rescheduled them since. A date that
  contradicts Tryton's amounts is not shown (see ``Invoice.due_date``).
The statement of account (``erp/statement.py``) has the exact maturity dates: Tryton reads
the customer's open accounting lines for it, through an entry point.
"""

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from .errors import RecordNotFound
from .filters import like_pattern, typed_filters
from .records import Page, decimal, nested
from .scope import MAX_PAGE_SIZE, CustomerScope, Sorts, valid_id

MODEL = "account.invoice"
REPORT = "account.invoice"
# Drafts and validated invoices are the back office's work in progress; a cancelled one
# was never sent or was replaced by a credit note, which the customer sees.
CUSTOMER_STATES = ("posted", "paid")
# The customer's filters: "due" is every unpaid invoice, overdue ones included.
STATUSES = ("due", "overdue", "paid")
MAX_EXPORT_ROWS = 5000
# Invoices one download (a ZIP of their PDFs) or one payment may hold.
MAX_BUNDLE_INVOICES = 50

INVOICE_SORTS = Sorts(
    fields={
        "date": "invoice_date",
        # Tryton orders numbers by length then text: "9" before "10".
        "number": "number",
        "state": "state",
        # Stored by Tryton when the invoice is posted.
        "total": "total_amount_cache",
    },
    default="-date",
)

# The payment term's schedule, to tell the due dates (see the module's docstring).
TERM_FIELDS = [
    "payment_term_date",
    "payment_term.name",
    "payment_term.lines.relativedeltas.day",
    "payment_term.lines.relativedeltas.month.index",
    "payment_term.lines.relativedeltas.days",
    "payment_term.lines.relativedeltas.weeks",
    "payment_term.lines.relativedeltas.months",
    "payment_term.lines.relativedeltas.weekday.index",
]
LIST_FIELDS = [
    "number",
    "reference",
    "invoice_date",
    "state",
    "untaxed_amount",
    "tax_amount",
    "total_amount",
    "amount_to_pay",
    "amount_to_pay_today",
    "reconciled",
    "currency.code",
    "company",
    *TERM_FIELDS,
]
# The detail reads its lines, taxes and sales nested in the same call as the invoice.
DETAIL_FIELDS = [
    *LIST_FIELDS,
    "description",
    "sales.number",
    "sales.reference",
    "lines.type",
    "lines.product.name",
    "lines.product.code",
    "lines.description",
    "lines.quantity",
    "lines.unit.symbol",
    "lines.unit.name",
    "lines.unit_price",
    "lines.amount",
    "taxes.description",
    "taxes.base",
    "taxes.amount",
    "taxes.tax.rate",
]


@dataclass(frozen=True)
class InvoiceLine:
    id: int
    product: str
    description: str
    quantity: Decimal | float
    unit: str
    unit_price: Decimal
    amount: Decimal
    product_code: str = ""
    unit_name: str = ""


@dataclass(frozen=True)
class InvoiceTax:
    """One tax of the invoice as Tryton computed it: its base and amount."""

    description: str
    rate: Decimal | None
    base: Decimal
    amount: Decimal


@dataclass(frozen=True)
class OrderRef:
    id: int
    number: str
    reference: str


@dataclass(frozen=True)
class Invoice:
    """A customer's invoice or credit note; ``as_of`` is set when served stale."""

    id: int
    number: str
    reference: str
    date: dt.date | None
    state: str
    untaxed_amount: Decimal
    tax_amount: Decimal
    total_amount: Decimal
    # What is left to pay (0 once paid; negative for a credit note not yet refunded).
    amount_to_pay: Decimal
    # The part of it whose due date has come (Tryton's amount_to_pay_today).
    amount_overdue: Decimal
    currency: str
    company: int | None = None
    paid_on: dt.date | None = None
    payment_term: str = ""
    # Due dates of the payment term's schedule, earliest first.
    due_dates: tuple[dt.date, ...] = ()
    description: str = ""
    lines: tuple[InvoiceLine, ...] = ()
    taxes: tuple[InvoiceTax, ...] = ()
    orders: tuple[OrderRef, ...] = ()
    as_of: dt.datetime | None = None

    @property
    def is_credit_note(self) -> bool:
        return self.total_amount < 0

    @property
    def is_overdue(self) -> bool:
        return self.state == "posted" and self.amount_overdue > 0

    @property
    def status(self) -> str:
        """'paid', 'overdue', 'due' (to pay) or 'credit' (a credit note to be refunded)."""
        if self.state == "paid":
            return "paid"
        if self.is_overdue:
            return "overdue"
        return "credit" if self.amount_to_pay < 0 else "due"

    def due_date(self, today: dt.date) -> dt.date | None:
        """The date beside an unpaid invoice: when it fell due if overdue, else when the
        rest falls due. None when the payment term's dates contradict Tryton's amounts
        (an instalment paid or rescheduled) and once paid."""
        if self.state != "posted" or self.amount_to_pay <= 0:
            return None
        if self.is_overdue:
            return next((date for date in self.due_dates if date <= today), None)
        return next((date for date in self.due_dates if date > today), None)


@dataclass(frozen=True)
class CurrencyBalance:
    currency: str
    amount_due: Decimal
    amount_overdue: Decimal


@dataclass(frozen=True)
class Balance:
    """Where the customer stands: their unpaid invoices, per currency."""

    amounts: tuple[CurrencyBalance, ...] = ()
    due_count: int = 0
    overdue_count: int = 0
    overdue_ids: tuple[int, ...] = ()
    next_due_date: dt.date | None = None
    as_of: dt.datetime | None = None

    @property
    def has_overdue(self) -> bool:
        return self.overdue_count > 0


@dataclass(frozen=True)
class InvoiceFilters:
    """What the customer searches and filters the list by, already validated."""

    search: str = ""
    status: str | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None

    @property
    def active(self) -> bool:
        return bool(self.search or self.status or self.date_from or self.date_to)

    def leaves(self, *, overdue_ids: tuple[int, ...] = ()) -> list:
        """The Tryton domain of these filters (the scope adds the customer). Overdue is no
        field Tryton can search: the ``overdue_ids`` of the customer's balance say it."""
        leaves: list = [["type", "=", "out"], ["state", "in", list(CUSTOMER_STATES)]]
        if self.status == "paid":
            leaves.append(["state", "=", "paid"])
        elif self.status == "due":
            leaves.append(["state", "=", "posted"])
        elif self.status == "overdue":
            leaves.append(["id", "in", list(overdue_ids)])
        if self.date_from:
            leaves.append(["invoice_date", ">=", self.date_from])
        if self.date_to:
            leaves.append(["invoice_date", "<=", self.date_to])
        if self.search:
            pattern = like_pattern(self.search)
            leaves.append(["OR", ["number", "ilike", pattern], ["reference", "ilike", pattern]])
        return leaves

    def params(self) -> dict[str, str]:
        """The filters as query-string values (for links and the cache key)."""
        values = {
            "q": self.search,
            "status": self.status or "",
            "from": self.date_from.isoformat() if self.date_from else "",
            "to": self.date_to.isoformat() if self.date_to else "",
        }
        return {key: value for key, value in values.items() if value}


NO_FILTERS = InvoiceFilters()


@dataclass(frozen=True)
class ParsedFilters:
    """Filters read from user input; ``invalid`` names the inputs that were dropped."""

    filters: InvoiceFilters
    invalid: tuple[str, ...] = field(default=())


def invoice_filters(
    *, search: str = "", status: str = "", date_from: str = "", date_to: str = ""
) -> ParsedFilters:
    """Validate what the customer typed: the filters that hold, and the names of those
    that do not ("q", "status", "from", "to", "range"). Never raises on user input."""
    typed = typed_filters(
        search=search, choice=status, choice_name="status", choices=STATUSES,
        date_from=date_from, date_to=date_to,
    )
    filters = InvoiceFilters(
        search=typed.search, status=typed.choice, date_from=typed.date_from,
        date_to=typed.date_to,
    )
    return ParsedFilters(filters=filters, invalid=typed.invalid)


def _date(value) -> dt.date | None:
    return value if isinstance(value, dt.date) else None


def _index(row: dict, field_name: str) -> int | None:
    value = nested(row, field_name, "index")
    return int(value) if value is not None else None


def _due_dates(row: dict) -> tuple[dt.date, ...]:
    """The payment term's dates from the invoice date, as Tryton computes them at posting
    (``account.invoice.payment_term.line.get_date``)."""
    start = _date(row.get("payment_term_date")) or _date(row.get("invoice_date"))
    if start is None:
        return ()
    term = row.get("payment_term.")
    if not term:
        return (start,)
    dates = set()
    for line in term.get("lines.") or ():
        date = start
        for delta in line.get("relativedeltas.") or ():
            date += relativedelta(
                day=delta.get("day"),
                month=_index(delta, "month"),
                days=delta.get("days") or 0,
                weeks=delta.get("weeks") or 0,
                months=delta.get("months") or 0,
                weekday=_index(delta, "weekday"),
            )
        dates.add(date)
    return tuple(sorted(dates)) or (start,)


def _invoice_line(row: dict) -> InvoiceLine:
    product = nested(row, "product", "name") or ""
    code = nested(row, "product", "code") or ""
    description = (row.get("description") or "").strip()
    # Tryton copies the product's name into the description: say it once.
    if description in (product, f"[{code}] {product}"):
        description = ""
    return InvoiceLine(
        id=row["id"],
        product=product or description,
        description=description if product else "",
        quantity=row.get("quantity") or 0,
        unit=nested(row, "unit", "symbol") or "",
        unit_price=decimal(row.get("unit_price")),
        amount=decimal(row.get("amount")),
        product_code=code,
        unit_name=nested(row, "unit", "name") or "",
    )


def _invoice_tax(row: dict) -> InvoiceTax:
    rate = nested(row, "tax", "rate")
    return InvoiceTax(
        description=row.get("description") or "",
        rate=decimal(rate) if rate is not None else None,
        base=decimal(row.get("base")),
        amount=decimal(row.get("amount")),
    )


def _invoice(row: dict) -> Invoice:
    return Invoice(
        id=row["id"],
        number=row.get("number") or "",
        reference=row.get("reference") or "",
        date=_date(row.get("invoice_date")),
        state=row["state"],
        untaxed_amount=decimal(row.get("untaxed_amount")),
        tax_amount=decimal(row.get("tax_amount")),
        total_amount=decimal(row.get("total_amount")),
        amount_to_pay=decimal(row.get("amount_to_pay")),
        amount_overdue=decimal(row.get("amount_to_pay_today")),
        currency=nested(row, "currency", "code") or "",
        company=row.get("company"),
        paid_on=_date(row.get("reconciled")) if row["state"] == "paid" else None,
        payment_term=nested(row, "payment_term", "name") or "",
        due_dates=_due_dates(row),
        description=row.get("description") or "",
        lines=tuple(
            _invoice_line(line) for line in row.get("lines.") or () if line.get("type") == "line"
        ),
        taxes=tuple(_invoice_tax(tax) for tax in row.get("taxes.") or ()),
        orders=tuple(
            OrderRef(id=sale["id"], number=sale.get("number") or "",
                     reference=sale.get("reference") or "")
            for sale in row.get("sales.") or ()
        ),
    )


def _balance(result: dict | None) -> Balance:
    result = result or {}
    return Balance(
        amounts=tuple(
            CurrencyBalance(currency=str(row.get("currency") or ""),
                            amount_due=decimal(row.get("amount_due")),
                            amount_overdue=decimal(row.get("amount_overdue")))
            for row in result.get("amounts") or ()
        ),
        due_count=int(result.get("due_count") or 0),
        overdue_count=int(result.get("overdue_count") or 0),
        overdue_ids=tuple(int(i) for i in result.get("overdue_ids") or ()),
        next_due_date=_date(result.get("next_due_date")),
    )


def invoice_balance(scope: CustomerScope) -> Balance:
    """What the customer owes, what of it is overdue and when the rest falls due, summed
    by Tryton over their posted invoices (``account.invoice.portal_balance``: a few
    queries whatever their number). Costs 1 call cold, 0 warm: the list and the home page
    share it; the day is in the key, as invoices fall overdue at midnight."""
    return scope.cached(
        "invoice_balance", {"day": dt.date.today().isoformat()},
        lambda: _balance(scope.read_call(MODEL, "portal_balance")))


def invoice_list(
    scope: CustomerScope,
    *,
    offset: int = 0,
    limit: int = 20,
    sort: str | None = None,
    filters: InvoiceFilters = NO_FILTERS,
) -> Page[Invoice]:
    """A page of the customer's invoices matching ``filters``, newest first unless ``sort``
    (a key of INVOICE_SORTS with an optional '-') says otherwise. Costs 2 calls cold
    (search_read + search_count), 0 warm; the overdue filter also reads the balance
    (invoice_balance: 1 call when not cached already)."""
    sort = INVOICE_SORTS.clean(sort)
    overdue_ids = invoice_balance(scope).overdue_ids if filters.status == "overdue" else ()

    def fetch() -> Page[Invoice]:
        rows, total, first, size = scope.page(
            MODEL,
            filters.leaves(overdue_ids=overdue_ids),
            fields=LIST_FIELDS,
            offset=offset,
            limit=limit,
            order=INVOICE_SORTS.order(sort),
        )
        return Page(items=tuple(_invoice(row) for row in rows), total=total, offset=first,
                    limit=size)

    params = {"offset": offset, "limit": limit, "sort": sort, "overdue": overdue_ids,
              **filters.params()}
    return scope.cached("invoice_list", params, fetch)


def invoice_export(
    scope: CustomerScope, *, sort: str | None = None, filters: InvoiceFilters = NO_FILTERS
) -> Iterator[Invoice]:
    """Every invoice matching ``filters`` (at most MAX_EXPORT_ROWS), read page by page as
    the caller consumes them: one call per MAX_PAGE_SIZE invoices, never cached (the
    balance, for the overdue filter, may be)."""
    order = INVOICE_SORTS.order(INVOICE_SORTS.clean(sort))
    overdue_ids = invoice_balance(scope).overdue_ids if filters.status == "overdue" else ()
    leaves = filters.leaves(overdue_ids=overdue_ids)
    for offset in range(0, MAX_EXPORT_ROWS, MAX_PAGE_SIZE):
        rows = scope.search_read(
            MODEL, leaves, fields=LIST_FIELDS, offset=offset,
            limit=min(MAX_PAGE_SIZE, MAX_EXPORT_ROWS - offset), order=order,
        )
        yield from (_invoice(row) for row in rows)
        if len(rows) < MAX_PAGE_SIZE:
            return


def invoice_get(scope: CustomerScope, *, invoice_id: int) -> Invoice:
    """One of the customer's posted or paid invoices with its lines, taxes and orders;
    RecordNotFound if not theirs (or a draft). Costs 1 call cold, 0 warm."""
    if not valid_id(invoice_id):
        raise RecordNotFound()

    def fetch() -> Invoice:
        row = scope.get(MODEL, invoice_id, fields=DETAIL_FIELDS, leaves=NO_FILTERS.leaves())
        return _invoice(row)

    return scope.cached("invoice_get", {"id": invoice_id}, fetch)


def invoice_pdf(scope: CustomerScope, *, invoice_id: int) -> tuple[bytes, str]:
    """(PDF, file name) of one of the customer's invoices: Tryton's invoice report, which
    Tryton renders once and keeps on the posted invoice. RecordNotFound if not theirs or
    a draft. Kept in the customer's cache: 3 calls cold (the invoice, then the report
    and its ownership check), 0 warm."""
    return _cached_pdf(scope, invoice_get(scope, invoice_id=invoice_id))


def invoice_pdfs(scope: CustomerScope, *, invoice_ids: list[int]) -> list[tuple[bytes, str]]:
    """(PDF, file name) of each of ``invoice_ids`` (the customer's posted or paid
    invoices, at most MAX_BUNDLE_INVOICES, repeats ignored), in the order given: the
    PDFs ``invoice_pdf`` serves, from the same cache. RecordNotFound for the whole lot
    when one is not theirs. Costs 1 call (the selection) + 2 per PDF not cached yet."""
    ids = list(dict.fromkeys(invoice_ids))
    if not ids or len(ids) > MAX_BUNDLE_INVOICES or not all(map(valid_id, ids)):
        raise RecordNotFound()

    def fetch() -> dict[int, Invoice]:
        rows = scope.search_read(
            MODEL, [["id", "in", ids], *NO_FILTERS.leaves()], fields=LIST_FIELDS,
            limit=len(ids),
        )
        return {row["id"]: _invoice(row) for row in rows}

    selected = scope.cached("invoice_selection", {"ids": sorted(ids)}, fetch)
    if set(selected) != set(ids):
        raise RecordNotFound()
    return [_cached_pdf(scope, selected[invoice_id]) for invoice_id in ids]


def _cached_pdf(scope: CustomerScope, invoice: Invoice) -> tuple[bytes, str]:
    def fetch() -> tuple[bytes, str]:
        extension, content, _name = scope.report(REPORT, MODEL, invoice.id)
        return content, f"{pdf_basename(invoice)}.{extension or 'pdf'}"

    return scope.cached("invoice_pdf", {"id": invoice.id}, fetch)


def pdf_basename(invoice: Invoice) -> str:
    """'invoice-71', 'credit-note-72': the number kept to letters, digits, '-' and '_'."""
    kind = "credit-note" if invoice.is_credit_note else "invoice"
    number = "".join(c if c.isascii() and (c.isalnum() or c in "-_") else "-"
                     for c in invoice.number)
    return f"{kind}-{number or invoice.id}"

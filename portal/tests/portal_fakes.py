"""An in-memory stand-in for the gateway's TrytonService, for the portal's error paths.

Feature tests run against a real trytond (see conftest.py); these fakes make the cases a
real server cannot easily produce on demand (down, throttling, disabled mid-session)
quick and exact. They replace TrytonService's entry points, so every app sees them.
"""

import datetime as dt
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from erp import Order, OrderLine, Page, PartyRef, TrytonService, WebUserIdentity, WebUserLogin
from erp.errors import RecordNotFound, TrytonRateLimited, TrytonUnavailable

PASSWORD = "correct horse"
ALICE_EMAIL = "alice@example.com"
ALICE_PARTY = PartyRef(id=11, name="Alice's Bistro")
BOB_EMAIL = "bob@example.com"
BOB_PARTY = PartyRef(id=12, name="Bob's Bar")


def make_order(id: int, *, party_id: int, date: dt.date, state: str = "confirmed") -> Order:
    line = OrderLine(
        id=id * 10,
        product="Kombucha Original",
        description="Kombucha Original – 33 cl",
        quantity=Decimal("24"),
        unit="u",
        unit_price=Decimal("2.40"),
        amount=Decimal("57.60"),
    )
    return Order(
        id=id,
        number=f"S{id:05d}",
        reference=f"PO-{party_id}-{id}",
        date=date,
        state=state,
        shipment_state="waiting",
        invoice_state="pending",
        untaxed_amount=Decimal("57.60"),
        tax_amount=Decimal("11.52"),
        total_amount=Decimal("69.12"),
        currency="EUR",
        lines=(line,),
    )


@dataclass
class FakeCustomerService:
    tryton: "FakeTryton"
    party_id: int

    def order_list(self, *, offset=0, limit=20, order="-date", **filters) -> Page[Order]:
        self.tryton.record("order_list", party_id=self.party_id, offset=offset, order=order)
        self.tryton.check_up()
        orders = sorted(self.tryton.orders.get(self.party_id, []), key=lambda o: o.date)
        if order == "-date":
            orders.reverse()
        return Page(
            items=tuple(orders[offset : offset + limit]),
            total=len(orders),
            offset=offset,
            limit=limit,
            as_of=self.tryton.stale_as_of,
        )

    def order_get(self, *, order_id: int) -> Order:
        self.tryton.record("order_get", party_id=self.party_id, order_id=order_id)
        self.tryton.check_up()
        for order in self.tryton.orders.get(self.party_id, []):
            if order.id == order_id:
                return order
        raise RecordNotFound()


@dataclass
class FakeTryton:
    """Web users, their sessions and orders; flip ``down``/``rate_limited`` to misbehave."""

    users: dict[str, tuple[str, WebUserIdentity]] = field(default_factory=dict)
    sessions: dict[str, WebUserIdentity] = field(default_factory=dict)
    orders: dict[int, list[Order]] = field(default_factory=dict)
    calls: list[tuple[str, dict]] = field(default_factory=list)
    down: bool = False
    rate_limited: bool = False
    stale_as_of: dt.datetime | None = None

    def record(self, name: str, **params) -> None:
        self.calls.append((name, params))

    def called(self, name: str) -> list[dict]:
        return [params for call, params in self.calls if call == name]

    def check_up(self) -> None:
        if self.down:
            raise TrytonUnavailable()

    def add_user(self, email: str, *parties: PartyRef, web_user_id: int | None = None):
        identity = WebUserIdentity(
            web_user_id=web_user_id or len(self.users) + 1,
            email=email,
            party=parties[0] if parties else None,
            parties=tuple(parties),
        )
        self.users[email] = (PASSWORD, identity)
        return identity

    def disable(self, email: str) -> None:
        """What the back office does in Tryton: the account and its sessions are gone."""
        _, identity = self.users.pop(email)
        for key, value in list(self.sessions.items()):
            if value == identity:
                del self.sessions[key]

    # TrytonService's identity entry points
    def web_user_login(self, *, email, password, remote_address):
        self.record("web_user_login", email=email, remote_address=remote_address)
        self.check_up()
        if self.rate_limited:
            raise TrytonRateLimited()
        password_, identity = self.users.get(email.lower(), (None, None))
        if identity is None or password != password_:
            return None
        session = uuid.uuid4().hex
        self.sessions[session] = identity
        return WebUserLogin(session=session, user=identity)

    def web_user_session(self, *, session):
        self.record("web_user_session", session=session)
        self.check_up()
        return self.sessions.get(session)

    def web_user_logout(self, *, session):
        self.record("web_user_logout", session=session)
        self.check_up()
        self.sessions.pop(session, None)

    def for_customer(self, party_id, **kwargs):
        return FakeCustomerService(tryton=self, party_id=party_id)


@pytest.fixture
def fake_tryton(monkeypatch):
    """TrytonService answered by a FakeTryton holding Alice and Bob with two orders each."""
    fake = FakeTryton()
    fake.add_user(ALICE_EMAIL, ALICE_PARTY, web_user_id=101)
    fake.add_user(BOB_EMAIL, BOB_PARTY, web_user_id=102)
    today = dt.date(2026, 3, 15)
    fake.orders[ALICE_PARTY.id] = [
        make_order(1, party_id=ALICE_PARTY.id, date=today - dt.timedelta(days=30)),
        make_order(2, party_id=ALICE_PARTY.id, date=today, state="processing"),
    ]
    fake.orders[BOB_PARTY.id] = [
        make_order(3, party_id=BOB_PARTY.id, date=today),
        make_order(4, party_id=BOB_PARTY.id, date=today - dt.timedelta(days=2)),
    ]
    for name in ("web_user_login", "web_user_session", "web_user_logout", "for_customer"):
        monkeypatch.setattr(TrytonService, name, getattr(fake, name))
    return fake


def login(client, email: str = ALICE_EMAIL, password: str = PASSWORD, **extra):
    """Sign in through allauth's login view, as a browser would."""
    return client.post("/accounts/login/", {"login": email, "password": password}, **extra)


@pytest.fixture
def alice_client(client, fake_tryton):
    response = login(client)
    assert response.status_code == 302, response.content
    fake_tryton.calls.clear()
    return client

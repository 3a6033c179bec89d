"""Checkout through the outbox, against the fake Tryton behind the real gateway: an order
placed while Tryton cannot be reached (breaker open, timeout) is kept under the checkout
form's key and the cart emptied; the replay sends it with the same key, once.
tests/outbox/test_checkout_outbox_tryton.py proves the same against a real trytond."""

import datetime as dt
from decimal import Decimal

import pytest
import requests
from django.core.management import call_command
from outbox.models import OutboxEntry
from shop import cart, services
from shop.selectors import Cart, CartLine

from accounts.customer import Customer
from accounts.models import User
from erp import encoding, get_client
from erp.catalog import CatalogItem

pytestmark = pytest.mark.django_db

CHECKOUT = "model.sale.sale.portal_checkout"
KEY = "form-key-0123456789abcdef"
WINE = CatalogItem(id=7, code="W-7", name="Côtes du Rhône", unit="u", unit_name="Unit",
                   unit_digits=0, unit_price=Decimal("8.50"), currency="EUR")
JUICE = CatalogItem(id=9, code="J-9", name="Apple juice", unit="l", unit_name="Liter",
                    unit_digits=2, unit_price=Decimal("2.10"), currency="EUR")


@pytest.fixture
def alice_user():
    return User.objects.create_user("alice@example.com", web_user_id=101)


@pytest.fixture
def customer(alice):
    return Customer(party_id=alice.party_id, name="Alice", web_session=alice.web_session)


def _checkout(customer, user, session, key=KEY):
    the_cart = Cart(lines=(CartLine(item=WINE, quantity=Decimal(12)),
                           CartLine(item=JUICE, quantity=Decimal("1.5"))), currency="EUR")
    for line in the_cart.lines:
        cart.cart_add(session, party_id=customer.party_id, product_id=line.item.id,
                      quantity=line.quantity)
    return services.checkout(
        customer=customer, user=user, session=session, the_cart=the_cart, address_id=3,
        address_label="1 rue de la Paix, Lyon", delivery_date=dt.date(2030, 1, 2),
        idempotency_key=key,
    )


def _open_breaker():
    breaker = get_client().breaker
    while breaker.state != "open":
        breaker.record_failure()


def test_with_the_breaker_open_the_order_is_kept_and_the_cart_emptied(
    fake_tryton, customer, alice_user
):
    session = {}
    _open_breaker()

    done = _checkout(customer, alice_user, session)

    assert (done.sale_id, done.queued) == (None, True)
    assert CHECKOUT not in fake_tryton.methods()
    entry = OutboxEntry.objects.get()
    assert (entry.kind, entry.state, entry.idempotency_key) == ("checkout", "pending", KEY)
    assert (entry.party_id, entry.web_session) == (customer.party_id, customer.web_session)
    assert encoding.loads(entry.payload) == {
        "lines": [{"product": 7, "quantity": Decimal(12)},
                  {"product": 9, "quantity": Decimal("1.5")}],
        "address": 3, "date": dt.date(2030, 1, 2), "confirm": False,
    }
    assert entry.summary["total"] == "105.15"
    assert [line["product"] for line in entry.summary["lines"]] == ["Côtes du Rhône",
                                                                    "Apple juice"]
    assert cart.cart_lines(session, party_id=customer.party_id) == []
    assert services.checkout_kept(customer=customer, user=alice_user, idempotency_key=KEY)


def test_an_order_that_timed_out_is_kept_with_the_forms_key(fake_tryton, customer, alice_user):
    assert get_client().context  # logged in first: the timeout is the checkout's
    fake_tryton.queue(requests.ReadTimeout("slow"))

    done = _checkout(customer, alice_user, {})

    [sent] = fake_tryton.called(CHECKOUT)
    assert done.queued and sent[3] == KEY
    assert OutboxEntry.objects.get().idempotency_key == KEY


def test_tryton_answering_files_the_order_at_once(fake_tryton, customer, alice_user):
    fake_tryton.on(CHECKOUT, lambda lines, address, date, key, confirm, context: 501)

    done = _checkout(customer, alice_user, {})

    assert (done.sale_id, done.queued) == (501, False)
    assert not OutboxEntry.objects.exists()


def test_the_replay_sends_it_once_with_the_same_key_and_the_customers_session(
    fake_tryton, customer, alice_user
):
    _open_breaker()
    _checkout(customer, alice_user, {})
    get_client().breaker.record_success()
    sales: dict[str, int] = {}  # Tryton files one sale per key, as portal_checkout does
    fake_tryton.on(CHECKOUT, lambda lines, address, date, key, confirm, context:
                   sales.setdefault(key, 600 + len(sales)))

    call_command("outbox_replay")
    call_command("outbox_replay")

    [sent] = fake_tryton.called(CHECKOUT)
    lines, address, date, key, confirm, context = sent
    assert (key, address, date, confirm) == (KEY, 3, dt.date(2030, 1, 2), False)
    assert [(line["product"], line["quantity"]) for line in lines] == [
        (7, Decimal(12)), (9, Decimal("1.5"))]
    entry = OutboxEntry.objects.get()
    assert (entry.state, entry.tryton_id, entry.web_session) == ("sent", 600, "")
    assert sales == {KEY: 600}

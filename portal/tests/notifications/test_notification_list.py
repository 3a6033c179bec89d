"""The customer's notification list and its read mark, on the portal's own database."""

import pytest

from accounts.customer import Customer
from notifications import selectors, services
from notifications.models import Notification

pytestmark = pytest.mark.django_db

SOPHIE = Customer(party_id=7, name="Comptoir des Pentes", web_session="s")
OTHER = Customer(party_id=8, name="Table du Marché", web_session="t")


def _notify(party_id, record_id, kind="confirmed"):
    return Notification.objects.create(
        party_id=party_id, model="sale.sale", record_id=record_id,
        record_name=f"SO{record_id}", kind=kind, delivery_id=f"d{record_id}")


@pytest.fixture
def users(django_user_model):
    return [django_user_model.objects.create_user(f"u{i}@example.com", web_user_id=900 + i)
            for i in range(2)]


def test_the_list_is_the_customer_s_newest_first_by_pages(users):
    for record_id in range(1, 26):
        _notify(7, record_id)
    _notify(8, 99)

    first = selectors.notification_list(user=users[0], customer=SOPHIE, page=1)
    second = selectors.notification_list(user=users[0], customer=SOPHIE, page=2)

    assert first.total == 25 and first.num_pages == 2
    assert [n.text for n in first.items[:2]] == ["Order SO25 is confirmed.",
                                                 "Order SO24 is confirmed."]
    assert first.items[0].url == "/orders/25/"
    assert len(second.items) == 5
    assert "SO99" not in " ".join(n.text for n in first.items + second.items)


def test_mark_all_read_is_per_login_and_per_customer(users):
    _notify(7, 1)
    _notify(8, 2)
    assert selectors.notification_unread_count(user=users[0], customer=SOPHIE) == 1

    services.notifications_mark_read(user=users[0], party_id=SOPHIE.party_id)

    assert selectors.notification_unread_count(user=users[0], customer=SOPHIE) == 0
    assert selectors.notification_unread_count(user=users[1], customer=SOPHIE) == 1
    assert selectors.notification_unread_count(user=users[0], customer=OTHER) == 1
    page = selectors.notification_list(user=users[0], customer=SOPHIE, page=1)
    assert [n.unread for n in page.items] == [False]

    _notify(7, 3)

    assert selectors.notification_unread_count(user=users[0], customer=SOPHIE) == 1


@pytest.mark.parametrize(
    ("role", "sees_invoices"),
    [("admin", True), ("accountant", True), ("buyer", False), ("viewer", False)],
)
def test_invoice_notifications_are_for_the_members_who_read_billing(users, role, sees_invoices):
    member = Customer(party_id=7, name="Comptoir des Pentes", web_session="s", role=role)
    _notify(7, 1)
    Notification.objects.create(
        party_id=7, model="account.invoice", record_id=5, record_name="INV5",
        kind="posted", delivery_id="d-inv5")

    page = selectors.notification_list(user=users[0], customer=member, page=1)

    texts = [n.text for n in page.items]
    assert ("Invoice INV5 has been issued." in texts) is sees_invoices
    assert "Order SO1 is confirmed." in texts
    assert page.total == len(texts)
    assert selectors.notification_unread_count(user=users[0], customer=member) == len(texts)

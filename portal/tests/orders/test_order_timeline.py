"""The timeline of each order line and the tracking of deliveries, against the real
trytond and its demo data."""

import pytest
from django.test import Client
from django.utils import formats, translation

from erp import CustomerScope, identity, order_timeline, sales
from erp.errors import RecordNotFound
from erp.testing import count_rpc_calls
from tryton.demo.facts import DEMO_PASSWORD, TRACKING_URLS

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]

VIEWER = "accueil@comptoir-des-pentes.example.fr"
FRENCH_MONTHS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
                 "septembre", "octobre", "novembre", "décembre"]


def _order_by_reference(scope, reference):
    found = sales.order_list(scope, filters=sales.order_filters(search=reference).filters)
    assert len(found.items) == 1, reference
    return sales.order_get(scope, order_id=found.items[0].id)


def _timeline(scope, order, *, with_billing=True):
    return order_timeline.order_timeline(
        scope, order_id=order.id, state=order.state, with_billing=with_billing)


def _english_date(day):
    with translation.override("en"):
        return formats.date_format(day, "DATE_FORMAT")


def _french_date(day):
    return f"{day.day} {FRENCH_MONTHS[day.month - 1]} {day.year}"


def test_a_shipped_and_invoiced_order_tells_each_steps_date(customer_a_client, demo_scopes):
    order = _order_by_reference(demo_scopes["a"], "REGULAR-003")
    shipment, invoice = order.shipments[0], order.invoices[0]
    assert shipment.state == "done" and invoice.state == "paid"

    timeline = _timeline(demo_scopes["a"], order)

    assert len(timeline.lines) == len(order.lines)
    for line in order.lines:
        steps = {step.key: step for step in timeline.for_line(line.id).steps}
        assert list(steps) == ["ordered", "ready", "shipped", "invoiced", "paid"]
        assert all(step.reached for step in steps.values())
        assert steps["ordered"].date == order.date
        assert steps["shipped"].date == shipment.effective_date
        assert [d.number for d in steps["shipped"].documents] == [shipment.number]
        assert steps["invoiced"].date == invoice.date
        assert [d.number for d in steps["invoiced"].documents] == [invoice.number]
        assert steps["paid"].date and steps["paid"].date >= invoice.date
        assert steps["paid"].current and not steps["shipped"].current

    response = customer_a_client.get(f"/orders/{order.id}/")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('<details class="line-timeline">') == len(order.lines)
    assert body.count('aria-current="step"') == len(order.lines)
    assert '<ol class="timeline"' in body
    for label in ["Ordered", "Ready", "Shipped", "Invoiced", "Paid"]:
        assert f'<span class="timeline-label">{label}</span>' in body
    assert _english_date(shipment.effective_date) in body
    assert f'datetime="{shipment.effective_date:%Y-%m-%d}"' in body
    assert f"Invoice {invoice.number}" in body


def test_the_timeline_in_french(customer_a_client, demo_scopes):
    order = _order_by_reference(demo_scopes["a"], "REGULAR-003")
    shipment = order.shipments[0]
    customer_a_client.post("/i18n/setlang/", {"language": "fr"})

    body = customer_a_client.get(f"/orders/{order.id}/").content.decode()

    for label in ["Commandée", "Prête", "Expédiée", "Facturée", "Payée"]:
        assert f'<span class="timeline-label">{label}</span>' in body, label
    assert "Suivre cette ligne" in body
    assert _french_date(shipment.effective_date) in body
    assert "Ordered" not in body and "Follow this line" not in body


def test_roles_without_billing_see_no_invoice_steps(tryton_settings, demo_scopes):
    order = _order_by_reference(demo_scopes["a"], "REGULAR-003")
    client = Client()
    response = client.post("/accounts/login/", {"login": VIEWER, "password": DEMO_PASSWORD})
    assert response.status_code == 302

    body = client.get(f"/orders/{order.id}/").content.decode()

    assert '<span class="timeline-label">Shipped</span>' in body
    assert '<span class="timeline-label">Invoiced</span>' not in body
    assert '<span class="timeline-label">Paid</span>' not in body
    # Tryton's wall: the viewer's own session gets no invoice step, whatever the portal asks.
    login = identity.web_user_login(email=VIEWER, password=DEMO_PASSWORD,
                                    remote_address="127.0.0.1")
    try:
        scope = CustomerScope(party_id=login.user.party.id, web_session=login.session)
        timeline = _timeline(scope, order, with_billing=True)
    finally:
        identity.web_user_logout(session=login.session)
    for line in timeline.lines:
        assert [step.key for step in line.steps] == ["ordered", "ready", "shipped"]


def test_another_customers_order_has_no_timeline_for_them(demo_scopes):
    order = _order_by_reference(demo_scopes["a"], "REGULAR-003")

    with pytest.raises(RecordNotFound):
        _timeline(demo_scopes["b"], order)
    with pytest.raises(RecordNotFound):
        order_timeline.order_timeline(
            demo_scopes["b"], order_id=2**63, state="done", with_billing=True)


def test_a_quotation_has_no_timeline_and_costs_no_call(demo_scopes):
    with count_rpc_calls() as calls:
        timeline = order_timeline.order_timeline(
            demo_scopes["a"], order_id=1, state="quotation", with_billing=True)

    assert timeline == order_timeline.NO_TIMELINE and len(calls) == 0


def _tracked_orders(scope):
    """{carrier name: (order, tracking)} of customer A's orders whose delivery is tracked."""
    found = {}
    for order in sales.order_list(scope, limit=100, filters=sales.order_filters(
            state="done").filters).items:
        order = sales.order_get(scope, order_id=order.id)
        for tracking in _timeline(scope, order).tracking:
            found.setdefault(tracking.carrier, (order, tracking))
    return found


def test_delivery_tracking_with_the_carriers_link(customer_a_client, demo_scopes):
    tracked = _tracked_orders(demo_scopes["a"])
    assert set(tracked) == {"Sofripa", "Transports Bernard"}, tracked

    order, tracking = tracked["Sofripa"]
    assert tracking.url == TRACKING_URLS["T-SOFRIPA"].replace("{reference}", tracking.reference)
    body = customer_a_client.get(f"/orders/{order.id}/").content.decode()
    assert "with Sofripa" in body
    assert f'<a href="{tracking.url}" rel="noopener noreferrer" target="_blank">' in body
    assert f"Track {tracking.reference}" in body

    order, tracking = tracked["Transports Bernard"]
    assert tracking.reference and not tracking.url
    body = customer_a_client.get(f"/orders/{order.id}/").content.decode()
    assert "with Transports Bernard" in body
    assert f"tracking reference {tracking.reference}" in body


def test_tracking_in_french(customer_a_client, demo_scopes):
    order, tracking = _tracked_orders(demo_scopes["a"])["Sofripa"]
    customer_a_client.post("/i18n/setlang/", {"language": "fr"})

    body = customer_a_client.get(f"/orders/{order.id}/").content.decode()

    assert "avec Sofripa" in body and f"Suivre {tracking.reference}" in body


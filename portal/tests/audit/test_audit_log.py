"""The audit log on the portal's own database: what is recorded, who sees it, how long."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import RequestFactory
from django.utils import timezone

from accounts.customer import Customer
from audit.models import Action, AuditEvent
from audit.selectors import PAGE_SIZE, audit_event_list
from audit.services import audit_prune, audit_record, audited_download

pytestmark = pytest.mark.django_db

PENTES = Customer(party_id=7, name="Comptoir des Pentes", web_session="s", role="admin")


@pytest.fixture
def sophie(django_user_model):
    return django_user_model.objects.create_user(
        "sophie@example.com", web_user_id=901, party_id=7
    )


def _request(user=None, customer=None, path="/"):
    request = RequestFactory().get(path, REMOTE_ADDR="203.0.113.9")
    request.user = user
    request.customer = customer
    request.request_id = "abc123def456"
    return request


def test_an_action_records_who_for_which_customer_from_where(sophie):
    event = audit_record(
        _request(sophie, PENTES), Action.QUOTATION_ACCEPTED, target="order 12"
    )

    assert AuditEvent.objects.get() == event
    assert (event.email, event.party_id, event.target) == ("sophie@example.com", 7, "order 12")
    assert (event.ip, event.request_id) == ("203.0.113.9", "abc123def456")


def test_a_failed_sign_in_names_the_customer_of_the_e_mail_typed(sophie):
    request = _request()

    audit_record(request, Action.LOGIN_FAILED, email="Sophie@Example.com ")

    event = AuditEvent.objects.get()
    assert (event.user, event.party_id) == (sophie, 7)


def test_a_failed_sign_in_with_an_unknown_e_mail_belongs_to_no_customer(db):
    audit_record(_request(), Action.LOGIN_FAILED, email="nobody@example.com")

    event = AuditEvent.objects.get()
    assert (event.user, event.party_id, event.email) == (None, None, "nobody@example.com")


def test_a_download_is_recorded_only_when_served(sophie):
    def view(request, invoice_id):
        from django.http import HttpResponse, HttpResponseNotFound

        return HttpResponse("pdf") if invoice_id == 3 else HttpResponseNotFound()

    download = audited_download("invoice", id_kwarg="invoice_id")(view)

    download(_request(sophie, PENTES), invoice_id=3)
    download(_request(sophie, PENTES), invoice_id=4)

    assert list(AuditEvent.objects.values_list("action", "target")) == [
        (Action.DOCUMENT_DOWNLOADED, "invoice 3")
    ]


def test_the_list_is_one_customer_s_newest_first_by_pages(sophie):
    other = Customer(party_id=8, name="Table du Marché", web_session="t", role="admin")
    for number in range(PAGE_SIZE + 5):
        audit_record(_request(sophie, PENTES), Action.DOCUMENT_DOWNLOADED, target=f"n{number}")
    audit_record(_request(sophie, other), Action.DOCUMENT_DOWNLOADED, target="other")

    first = audit_event_list(party_id=7, page=1)
    second = audit_event_list(party_id=7, page=2)

    assert first.total == PAGE_SIZE + 5
    assert first.items[0].target == f"n{PAGE_SIZE + 4}"
    assert len(second.items) == 5
    assert "other" not in {e.target for e in first.items + second.items}


def test_prune_deletes_what_is_older_than_the_retention(sophie, settings):
    settings.PORTAL_AUDIT_RETENTION_DAYS = 30
    old = audit_record(_request(sophie, PENTES), Action.LOGIN)
    AuditEvent.objects.filter(pk=old.pk).update(at=timezone.now() - dt.timedelta(days=31))
    kept = audit_record(_request(sophie, PENTES), Action.LOGIN)

    assert audit_prune() == 1
    assert list(AuditEvent.objects.all()) == [kept]
    call_command("audit_prune", stdout=open("/dev/null", "w"))


def test_an_audit_row_that_cannot_be_written_never_fails_the_request(sophie, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("database gone")

    monkeypatch.setattr(AuditEvent.objects, "create", broken)

    assert audit_record(_request(sophie, PENTES), Action.LOGIN) is None


def test_a_visitor_s_request_has_a_lazy_customer_that_is_none(db):
    from django.utils.functional import SimpleLazyObject

    request = _request()
    request.customer = SimpleLazyObject(lambda: None)  # as accounts' middleware sets it

    event = audit_record(request, Action.LOGIN_FAILED, email="nobody@example.com")

    assert event is not None and event.party_id is None

"""CustomerScope: the party path of each model, the second wall's context, writes."""

import pytest

from erp import CustomerScope, RecordNotFound, TrytonValidationError
from erp.scope import MAX_TRYTON_INT, PARTY_PATHS, Sorts
from erp.testing import count_rpc_calls
from portal.tests.fixtures.fake_tryton import ALICE, Reply

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("party_id", [0, -1, None, "11", True, 2**63])
def test_a_scope_needs_a_real_party(party_id):
    with pytest.raises(ValueError):
        CustomerScope(party_id=party_id, web_session="websession-1")


@pytest.mark.parametrize("web_session", ["", None, 42])
def test_a_scope_needs_the_customers_web_session(web_session):
    with pytest.raises(ValueError):
        CustomerScope(party_id=ALICE, web_session=web_session)


def test_the_web_session_never_shows_in_a_repr():
    scope = CustomerScope(party_id=ALICE, web_session="websession-secret")

    assert "websession-secret" not in repr(scope)


def test_the_domain_starts_with_the_models_party_path():
    scope = CustomerScope(party_id=ALICE, web_session="s")

    assert scope.domain("sale.line", ["sale", "=", 1]) == [
        "AND",
        ["sale.party", "=", ALICE],
        ["sale", "=", 1],
    ]
    assert scope.domain("party.party") == ["AND", ["id", "=", ALICE]]


def test_a_model_without_a_party_path_cannot_be_read():
    scope = CustomerScope(party_id=ALICE, web_session="s")

    with pytest.raises(LookupError):
        scope.domain("res.user")


def test_every_customer_model_path_ends_at_a_party():
    assert all(path == "id" or path.split(".")[-1] in {"party", "customer"}
               for path in PARTY_PATHS.values())  # fmt: skip


def test_an_offset_beyond_trytons_range_reads_nothing_without_a_call(alice):
    with count_rpc_calls() as calls:
        rows = alice.search_read("sale.sale", fields=["number"], offset=MAX_TRYTON_INT + 1)

    assert rows == [] and len(calls) == 0


def test_get_of_an_impossible_id_is_not_found_without_a_call(alice):
    with count_rpc_calls() as calls, pytest.raises(RecordNotFound):
        alice.get("sale.sale", 2**64, fields=["number"])

    assert len(calls) == 0


def test_writes_go_only_through_portal_entry_points(alice, fake_tryton):
    with pytest.raises(ValueError):
        alice.call("sale.sale", "write", [1], {"reference": "x"})

    assert fake_tryton.called("model.sale.sale.write") == []


def test_a_portal_write_carries_the_scope_and_forgets_the_cache(alice, fake_tryton):
    fake_tryton.on("model.sale.sale.portal_accept", lambda sale_id, context: sale_id)
    alice.search_read("sale.sale", fields=["number"])
    cached = alice.cached("probe", {}, lambda: "before")

    assert alice.call("sale.sale", "portal_accept", 4) == 4

    assert fake_tryton.called("model.sale.sale.portal_accept")[0][-1]["portal_party"] == ALICE
    assert cached == "before"
    assert alice.cached("probe", {}, lambda: "after") == "after"


def test_a_refused_portal_write_still_forgets_the_cache(alice, fake_tryton):
    fake_tryton.on(
        "model.sale.sale.portal_accept", lambda *a: Reply(error=["UserError", ["No.", "", None]])
    )
    alice.cached("probe", {}, lambda: "before")

    with pytest.raises(TrytonValidationError):
        alice.call("sale.sale", "portal_accept", 4)

    assert alice.cached("probe", {}, lambda: "after") == "after"


def test_sorts_accept_only_their_keys():
    sorts = Sorts(fields={"date": "sale_date"}, default="-date")

    assert sorts.clean("date") == "date"
    assert sorts.clean("-party") == "-date"
    assert sorts.clean(None) == "-date"
    assert sorts.order("date") == [["sale_date", "ASC NULLS LAST"], ["id", "ASC"]]

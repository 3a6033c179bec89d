"""The JSON-RPC transport: login, sessions, retries and error mapping."""

import base64
import threading

import pytest
import requests

from erp import (
    TrytonAccessError,
    TrytonFault,
    TrytonRateLimited,
    TrytonRoleForbidden,
    TrytonSessionEnded,
    TrytonTimeout,
    TrytonUnavailable,
    TrytonValidationError,
    get_client,
    ping,
)
from erp.testing import count_rpc_calls
from portal.tests.fixtures import fake_tryton as fakes

SEARCH = "model.party.party.search"
WRITE = "model.party.party.write"


@pytest.fixture
def party_search(fake_tryton):
    fake_tryton.on(SEARCH, lambda domain, context: [1, 2])
    fake_tryton.on(WRITE, lambda ids, values, context: None)
    return fake_tryton


def test_logs_in_once_and_sends_the_session_header(party_search):
    client = get_client()

    client.execute("party.party", "search", [])
    client.execute("party.party", "search", [])

    assert party_search.methods() == [
        "common.db.login",
        "model.res.user.get_preferences",
        SEARCH,
        SEARCH,
    ]
    login = party_search.sent[0]
    assert login.params == [fakes.SERVICE_USER, {"password": fakes.SERVICE_PASSWORD}, None]
    header = party_search.sent[2].headers["Authorization"]
    assert header.startswith("Session ")
    assert base64.b64decode(header[8:]).decode() == f"{fakes.SERVICE_USER}:7:session-1"


def test_context_from_preferences_travels_last(party_search):
    get_client().execute("party.party", "search", [["name", "=", "x"]])

    assert party_search.sent[-1].params == [[["name", "=", "x"]], fakes.CONTEXT]


def test_connect_and_read_timeouts_come_from_settings(settings, party_search):
    settings.TRYTON_CONNECT_TIMEOUT = 1.5
    settings.TRYTON_READ_TIMEOUT = 12
    client = get_client()  # the settings change rebuilt the client
    client.session.mount(fakes.URL, party_search)

    client.execute("party.party", "search", [])

    assert party_search.sent[-1].timeout == (1.5, 12.0)


def test_expired_session_logs_in_again_once(party_search):
    client = get_client()
    client.execute("party.party", "search", [])
    party_search.expire_sessions()

    assert client.execute("party.party", "search", []) == [1, 2]
    assert party_search.methods()[-4:] == [
        SEARCH,
        "common.db.login",
        "model.res.user.get_preferences",
        SEARCH,
    ]


def test_write_refused_for_expired_session_is_sent_again_after_login(party_search):
    client = get_client()
    client.execute("party.party", "search", [])
    party_search.expire_sessions()

    client.execute("party.party", "write", [1], {"name": "x"})

    assert party_search.methods().count(WRITE) == 2
    assert party_search.methods()[-2] == "model.res.user.get_preferences"


def test_session_refused_twice_is_unavailable(party_search):
    client = get_client()
    client.execute("party.party", "search", [])
    refused = fakes.Reply(status=401, body=b"")
    party_search.queue(
        refused, fakes.Reply(result=[7, "session-x", None]), fakes.Reply(result={}), refused
    )

    with pytest.raises(TrytonUnavailable):
        client.execute("party.party", "search", [])
    assert party_search.methods()[-4:] == [
        SEARCH,
        "common.db.login",
        "model.res.user.get_preferences",
        SEARCH,
    ]


def test_wrong_service_password_is_unavailable(settings, fake_tryton):
    settings.TRYTON_SERVICE_PASSWORD = "wrong"
    client = get_client()
    client.session.mount(fakes.URL, fake_tryton)

    with pytest.raises(TrytonUnavailable):
        client.execute("party.party", "search", [])


def test_read_is_retried_after_connection_error(party_search):
    client = get_client()
    client.execute("party.party", "search", [])
    party_search.queue(requests.ConnectionError("refused"), requests.ReadTimeout("slow"))

    assert client.execute("party.party", "search", []) == [1, 2]
    assert party_search.methods()[-3:] == [SEARCH, SEARCH, SEARCH]


def test_read_gives_up_after_retries(party_search):
    client = get_client()
    client.execute("party.party", "search", [])
    party_search.queue(*[requests.ConnectionError("refused")] * 3)

    with pytest.raises(TrytonUnavailable):
        client.execute("party.party", "search", [])
    assert party_search.methods()[-3:] == [SEARCH, SEARCH, SEARCH]


def test_write_is_never_retried(party_search):
    client = get_client()
    client.execute("party.party", "search", [])
    party_search.queue(requests.ReadTimeout("slow"))

    with pytest.raises(TrytonUnavailable):
        client.execute("party.party", "write", [1], {"name": "x"})
    assert party_search.methods().count(WRITE) == 1


def test_caller_may_mark_a_call_readonly(party_search):
    client = get_client()
    party_search.on("report.sale.sale.execute", lambda ids, data, context: ["pdf", b"%PDF"])
    client.execute("party.party", "search", [])
    party_search.queue(requests.ConnectionError("refused"))

    result = client.call("report.sale.sale.execute", [[1], {}], readonly=True, context={})

    assert result == ["pdf", b"%PDF"]
    assert party_search.methods().count("report.sale.sale.execute") == 2


def test_user_error_becomes_validation_error_in_plain_words(party_search):
    party_search.on(
        WRITE,
        lambda *args: fakes.Reply(
            error=["UserError", ["The date is in the past.", "Pick a later date.", None]]
        ),
    )

    with pytest.raises(TrytonValidationError) as info:
        get_client().execute("party.party", "write", [1], {})

    assert info.value.message == "The date is in the past."
    assert info.value.description == "Pick a later date."


def test_read_timeout_is_a_timeout_and_refused_connection_is_not(party_search):
    client = get_client()
    client.execute("party.party", "search", [])
    party_search.queue(requests.ReadTimeout("slow"), requests.ConnectionError("refused"))

    with pytest.raises(TrytonTimeout):
        client.execute("party.party", "write", [1], {"name": "x"})
    with pytest.raises(TrytonUnavailable) as info:
        client.execute("party.party", "write", [1], {"name": "x"})
    assert not isinstance(info.value, TrytonTimeout)


def test_ended_web_user_session_is_its_own_error(party_search):
    party_search.on(
        SEARCH, lambda *args: fakes.Reply(error=["PortalSessionEnded", ["Ended.", "", None]])
    )

    with pytest.raises(TrytonSessionEnded):
        get_client().execute("party.party", "search", [])


def test_refusal_of_the_web_users_role_is_its_own_error(party_search):
    party_search.on(
        SEARCH,
        lambda *args: fakes.Reply(error=["PortalRoleForbidden", ["Not for you.", "", None]]),
    )

    with pytest.raises(TrytonRoleForbidden):
        get_client().execute("party.party", "search", [])


def test_user_warning_becomes_validation_error(party_search):
    party_search.on(
        WRITE, lambda *args: fakes.Reply(error=["UserWarning", ["key", "Are you sure?", ""]])
    )

    with pytest.raises(TrytonValidationError) as info:
        get_client().execute("party.party", "write", [1], {})

    assert info.value.message == "Are you sure?"


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (429, TrytonRateLimited),
        (403, TrytonAccessError),
        (500, TrytonUnavailable),
        (503, TrytonUnavailable),
        (504, TrytonUnavailable),
        (400, TrytonFault),
        (422, TrytonFault),
    ],
)
def test_http_status_is_mapped(party_search, status, error):
    client = get_client()
    client.execute("party.party", "search", [])
    party_search.queue(*[fakes.Reply(status=status, body=b"<html>raw</html>")] * 3)

    with pytest.raises(error):
        client.execute("party.party", "search", [])


def test_method_missing_from_rpc_is_access_error(fake_tryton):
    with pytest.raises(TrytonAccessError):
        get_client().execute("party.party", "delete", [1])


def test_server_fault_never_carries_raw_tryton_text(party_search, caplog):
    party_search.on(
        WRITE,
        lambda *args: fakes.Reply(error=["psycopg.errors.UndefinedTable: secret_table", "tb"]),
    )

    with pytest.raises(TrytonFault) as info:
        get_client().execute("party.party", "write", [1], {})

    assert "secret_table" not in str(info.value)
    assert "secret_table" in caplog.text  # but it is logged for the developers


def test_invalid_json_is_a_fault(party_search):
    client = get_client()
    client.execute("party.party", "search", [])
    party_search.queue(fakes.Reply(status=200, body=b"not json"))

    with pytest.raises(TrytonFault):
        client.execute("party.party", "search", [])


def test_count_rpc_calls_leaves_out_the_service_login(party_search):
    with count_rpc_calls() as calls:
        get_client().execute("party.party", "search", [])
        get_client().execute("party.party", "search", [])

    assert calls.calls == [SEARCH, SEARCH]
    assert len(calls) == 2


def test_count_rpc_calls_can_include_the_service_login(party_search):
    with count_rpc_calls(include_session_setup=True) as calls:
        get_client().execute("party.party", "search", [])

    assert calls.calls == ["common.db.login", "model.res.user.get_preferences", SEARCH]


def test_count_rpc_calls_stops_counting_after_the_block(party_search):
    with count_rpc_calls() as calls:
        get_client().execute("party.party", "search", [])
    get_client().execute("party.party", "search", [])

    assert len(calls) == 1


def test_concurrent_first_calls_log_in_once(party_search):
    client = get_client()
    start = threading.Barrier(8)
    results = []

    def call():
        start.wait()
        results.append(client.execute("party.party", "search", []))

    threads = [threading.Thread(target=call) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert results == [[1, 2]] * 8
    assert party_search.methods().count("common.db.login") == 1


def test_ping_succeeds_while_tryton_answers(fake_tryton):
    ping()

    assert fake_tryton.methods()[-1] == "model.res.user.get_preferences"


def test_ping_raises_while_tryton_is_down(fake_tryton):
    fake_tryton.queue(*[requests.ConnectionError("refused")] * 3)

    with pytest.raises(TrytonUnavailable):
        ping()

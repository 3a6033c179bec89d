"""Several customers per login: choosing and switching the active one (Tryton faked).

Carol's web user acts for Alice's Bistro (main party) and Bob's Bar (secondary party);
the same walk against the real trytond is in test_switch_customer_tryton.py.
"""

import pytest

from accounts.customer import (
    CHOICE_COOKIE,
    SESSION_ACTIVE_PARTY,
    SESSION_CHOICE_PENDING,
    SESSION_PARTIES,
)
from erp.testing import count_rpc_calls
from portal.tests.fixtures.fake_tryton import ALICE, BOB, login

pytestmark = pytest.mark.django_db

CAROL_EMAIL = "carol@example.com"
SWITCH = "/accounts/customer/"


@pytest.fixture
def carol(fake_tryton):
    fake_tryton.world.add_user(
        CAROL_EMAIL, (ALICE, "Alice's Bistro"), (BOB, "Bob's Bar"), web_user_id=103
    )
    return CAROL_EMAIL


@pytest.fixture
def carol_client(client, carol):
    assert login(client, email=carol).status_code == 302
    return client


def _session_data(client) -> dict:
    return dict(client.session.items())


def test_login_with_several_customers_asks_which_one(client, carol):
    response = login(client, email=carol)

    assert response.status_code == 302
    assert response["Location"] == f"{SWITCH}?next=%2F"
    assert client.session[SESSION_PARTIES] == [
        [ALICE, "Alice's Bistro", "admin"],
        [BOB, "Bob's Bar", "admin"],
    ]
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert "Which customer do you act for?" in html
    assert f'name="party" value="{ALICE}"' in html
    assert f'name="party" value="{BOB}"' in html


def test_login_keeps_where_the_customer_was_going(client, carol):
    response = login(client, email=carol, QUERY_STRING="next=/orders/")

    assert response["Location"] == f"{SWITCH}?next=%2Forders%2F"


def test_choosing_a_customer_makes_it_active_and_remembers_it(carol_client):
    response = carol_client.post(SWITCH, {"party": BOB, "next": "/"})

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert carol_client.session[SESSION_ACTIVE_PARTY] == BOB
    assert SESSION_CHOICE_PENDING not in carol_client.session
    assert response.cookies[CHOICE_COOKIE]["httponly"]
    home = carol_client.get("/")
    assert f'<option value="{BOB}" selected>Bob&#x27;s Bar</option>' in home.content.decode()
    assert "You now act for Bob&#x27;s Bar." in home.content.decode()


def test_the_last_choice_is_the_default_at_the_next_login(client, carol):
    login(client, email=carol)
    client.post(SWITCH, {"party": BOB, "next": "/"})
    client.post("/accounts/logout/")

    response = login(client, email=carol)

    assert response["Location"] == "/"
    assert client.session[SESSION_ACTIVE_PARTY] == BOB


def test_a_remembered_choice_of_another_web_user_is_ignored(client, carol, fake_tryton):
    login(client, email=carol)
    client.post(SWITCH, {"party": BOB, "next": "/"})
    client.post("/accounts/logout/")
    fake_tryton.world.add_user(
        "dave@example.com", (BOB, "Bob's Bar"), (ALICE, "Alice's Bistro"), web_user_id=104
    )

    response = login(client, email="dave@example.com")

    assert response["Location"].startswith(SWITCH)
    assert client.session[SESSION_ACTIVE_PARTY] == BOB  # Dave's main party, not Carol's choice


def test_a_forged_choice_cookie_is_ignored(client, carol):
    client.cookies[CHOICE_COOKIE] = f"103:{BOB}"  # not signed

    response = login(client, email=carol)

    assert response["Location"].startswith(SWITCH)
    assert client.session[SESSION_ACTIVE_PARTY] == ALICE


def test_switching_to_a_party_that_is_not_hers_is_refused(carol_client):
    before = _session_data(carol_client)

    for party in (12345, "x", -1, 2**63, ""):
        response = carol_client.post(SWITCH, {"party": party, "next": "/"})
        assert response.status_code == 404
        assert CHOICE_COOKIE not in response.cookies

    assert _session_data(carol_client) == before


def test_a_party_taken_away_in_tryton_is_refused_at_once(carol_client, fake_tryton):
    from django.core.cache import cache

    fake_tryton.world.users[CAROL_EMAIL].parties.pop()  # the back office removes Bob's Bar
    cache.clear()  # past the short cache of the session lookup

    response = carol_client.post(SWITCH, {"party": BOB, "next": "/"})

    assert response.status_code == 404
    assert carol_client.session[SESSION_ACTIVE_PARTY] == ALICE


@pytest.mark.parametrize(
    ("next_url", "landing"),
    [
        ("/orders/", "/orders/"),
        ("/orders/101/?page=2", "/orders/"),  # a record of the other customer would be a 404
        ("/invoices/7/pdf/", "/invoices/"),
        ("https://evil.example/orders/", "/"),
        ("//evil.example/", "/"),
        ("/accounts/logout/", "/"),
        ("/no-such-page/", "/"),
        ("", "/"),
    ],
)
def test_switching_lands_on_the_same_section(carol_client, next_url, landing):
    response = carol_client.post(SWITCH, {"party": BOB, "next": next_url})

    assert response["Location"] == landing


def test_orders_are_the_active_customers_only(carol_client, fake_tryton):
    def links(page, party):
        html = page.content.decode()
        sales = [s for s in fake_tryton.world.sales if s["party"] == party and s["number"]]
        return [f'href="/orders/{s["id"]}/"' in html for s in sales]

    first = carol_client.get("/orders/")
    carol_client.post(SWITCH, {"party": BOB, "next": "/orders/"})
    second = carol_client.get("/orders/")

    assert all(links(first, ALICE)) and not any(links(first, BOB))
    assert all(links(second, BOB)) and not any(links(second, ALICE))
    searches = fake_tryton.called("model.sale.sale.search_read")
    assert [_context(params)["portal_party"] for params in searches] == [ALICE, BOB]
    assert carol_client.get(f"/orders/{1}/").status_code == 404  # Alice's sale, acting for Bob


def _context(params: list) -> dict:
    return params[-1]


def test_switching_adds_no_call_to_pages(carol_client):
    carol_client.get("/orders/")
    with count_rpc_calls() as alice_cold:
        carol_client.get("/orders/?page=1&sort=-date")

    with count_rpc_calls() as switch:
        carol_client.post(SWITCH, {"party": BOB, "next": "/orders/"})
    carol_client.get("/orders/")
    with count_rpc_calls() as bob_cold:
        carol_client.get("/orders/?page=1&sort=-date")
    with count_rpc_calls() as bob_warm:
        carol_client.get("/orders/?page=1&sort=-date")

    assert len(switch) == 0  # the session lookup is still cached from the login
    assert len(bob_cold) == len(alice_cold)
    assert len(bob_warm) == 0


def test_a_customer_with_one_party_sees_no_switch(client, fake_tryton):
    login(client)

    home = client.get("/").content.decode()

    assert "customer-switcher" not in home
    assert "for Alice&#x27;s Bistro" in home
    assert client.get(SWITCH)["Location"] == "/"


def test_a_tampered_active_party_is_replaced_and_said(carol_client):
    session = carol_client.session
    session[SESSION_ACTIVE_PARTY] = 999  # not one of Carol's parties
    session.save()

    response = carol_client.get("/orders/")

    assert response.status_code == 200
    assert carol_client.session[SESSION_ACTIVE_PARTY] == ALICE
    assert "You cannot act for the customer chosen before" in response.content.decode()
    assert f'<option value="{ALICE}" selected>' in response.content.decode()


def test_anonymous_visitors_are_sent_to_login(client, fake_tryton):
    response = client.post(SWITCH, {"party": ALICE})

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")

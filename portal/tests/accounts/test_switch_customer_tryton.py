"""Claire acts for two shops: she picks one, sees its orders only, switches, never mixes them.

Against the real trytond and its demo data (tryton/demo/facts.py: Claire's web user has
Maison Garnier as main party and the Chambéry shop as secondary party).
"""

from dataclasses import dataclass

import pytest
from django.core.cache import cache

from accounts.customer import (
    SESSION_ACTIVE_PARTY,
    SESSION_CHECKED_AT,
    SESSION_PARTIES,
    SESSION_TRYTON_KEY,
)
from erp import CustomerScope, identity, sales
from erp.testing import count_rpc_calls
from tryton.demo.facts import CUSTOMERS, DEMO_PASSWORD

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]

CLAIRE_EMAIL = "claire@maison-garnier.example.fr"
SWITCH = "/accounts/customer/"


@dataclass(frozen=True)
class Shop:
    party_id: int
    name: str
    order_ids: frozenset[int]


@pytest.fixture
def shops(tryton_settings) -> dict[str, Shop]:
    """Claire's two shops as Tryton knows them, with the ids of each one's orders."""
    login = identity.web_user_login(
        email=CLAIRE_EMAIL, password=DEMO_PASSWORD, remote_address="127.0.0.1"
    )
    try:
        main, second = login.user.parties
        found = {}
        for key, party in (("annecy", main), ("chambery", second)):
            scope = CustomerScope(party_id=party.id, web_session=login.session)
            orders = sales.order_list(scope, limit=100).items
            found[key] = Shop(party.id, party.name, frozenset(o.id for o in orders))
    finally:
        identity.web_user_logout(session=login.session)
    assert found["annecy"].name == CUSTOMERS["C-GARNIER"]["name"]
    assert found["chambery"].name == CUSTOMERS["C-GARNIER-CHY"]["name"]
    assert found["annecy"].order_ids and found["chambery"].order_ids
    assert not found["annecy"].order_ids & found["chambery"].order_ids
    cache.clear()
    return found


def _sign_in_claire(client):
    return client.post("/accounts/login/", {"login": CLAIRE_EMAIL, "password": DEMO_PASSWORD})


@pytest.fixture
def claire(client, shops):
    """Claire signed in, still on the "Which customer do you act for?" step."""
    response = _sign_in_claire(client)
    assert response.status_code == 302
    assert response["Location"] == f"{SWITCH}?next=%2F"
    return client


def _listed(client) -> set[int]:
    response = client.get("/orders/")
    assert response.status_code == 200
    return {order.id for order in response.context["page"].items}


def _active_option(response, shop: Shop) -> str:
    return f'<option value="{shop.party_id}" selected>'


def test_claire_picks_a_shop_at_login_and_never_mixes_them(claire, shops):
    annecy, chambery = shops["annecy"], shops["chambery"]
    choice = claire.get(f"{SWITCH}?next=%2F")
    assert choice.status_code == 200
    assert annecy.name in choice.content.decode()
    assert chambery.name in choice.content.decode()

    picked = claire.post(SWITCH, {"party": chambery.party_id, "next": "/"})
    assert (picked.status_code, picked["Location"]) == (302, "/")
    shown = _listed(claire)
    assert shown and shown <= chambery.order_ids
    assert not shown & annecy.order_ids
    page = claire.get("/orders/").content.decode()
    assert f'<option value="{chambery.party_id}" selected>' in page
    [annecy_order, *_] = sorted(annecy.order_ids)
    assert claire.get(f"/orders/{annecy_order}/").status_code == 404

    back = claire.post(SWITCH, {"party": annecy.party_id, "next": "/orders/"})
    assert back["Location"] == "/orders/"
    shown = _listed(claire)
    assert shown and shown <= annecy.order_ids
    assert not shown & chambery.order_ids
    assert claire.get(f"/orders/{annecy_order}/").status_code == 200
    assert claire.get(f"/orders/{min(chambery.order_ids)}/").status_code == 404


def test_the_last_shop_chosen_is_the_default_at_the_next_login(claire, shops):
    claire.post(SWITCH, {"party": shops["chambery"].party_id, "next": "/"})
    claire.post("/accounts/logout/")

    response = _sign_in_claire(claire)

    assert response["Location"] == "/"
    assert claire.session[SESSION_ACTIVE_PARTY] == shops["chambery"].party_id


def test_switching_to_another_customers_party_is_refused(claire, demo_customers):
    before = dict(claire.session.items())

    response = claire.post(SWITCH, {"party": demo_customers["b"].party_id, "next": "/"})

    assert response.status_code == 404
    assert dict(claire.session.items()) == before


def test_a_session_tampered_to_another_customer_reads_nothing_of_theirs(
    claire, shops, demo_customers, demo_scopes
):
    """Even when the portal's own wall is bypassed (the session claims customer B as one
    of Claire's parties), Tryton's rules give Claire's web-user session nothing of B."""
    b = demo_customers["b"]
    b_orders = sales.order_list(demo_scopes["b"], limit=5).items
    assert b_orders
    session = claire.session
    session[SESSION_PARTIES] = [*session[SESSION_PARTIES], [b.party_id, b.party_name, "admin"]]
    session[SESSION_ACTIVE_PARTY] = b.party_id
    session.save()
    cache.clear()

    response = claire.get("/orders/")
    assert response.status_code == 200
    assert not response.context["page"].items
    for order in b_orders:
        assert claire.get(f"/orders/{order.id}/").status_code == 404

    # At its next check of the session with Tryton, the portal puts it right and says so.
    session = claire.session
    session[SESSION_CHECKED_AT] = 0
    session.save()
    identity.web_user_session_forget(session=session[SESSION_TRYTON_KEY])
    response = claire.get("/orders/")
    assert claire.session[SESSION_ACTIVE_PARTY] == shops["annecy"].party_id
    assert b.party_id not in [p[0] for p in claire.session[SESSION_PARTIES]]
    assert "You cannot act for the customer chosen before" in response.content.decode()
    assert {o.id for o in response.context["page"].items} <= shops["annecy"].order_ids


def test_a_customer_with_one_party_sees_no_switch(customer_a_client, demo_customers):
    home = customer_a_client.get("/").content.decode()

    assert "customer-switcher" not in home
    assert demo_customers["a"].party_name.replace("'", "&#x27;") in home
    assert customer_a_client.get(SWITCH)["Location"] == "/"


def test_switching_costs_pages_nothing_and_keeps_the_other_shops_cache(claire, shops):
    claire.post(SWITCH, {"party": shops["annecy"].party_id, "next": "/"})
    with count_rpc_calls() as annecy_cold:
        _listed(claire)

    with count_rpc_calls() as switch:
        claire.post(SWITCH, {"party": shops["chambery"].party_id, "next": "/orders/"})
    with count_rpc_calls() as chambery_cold:
        _listed(claire)
    with count_rpc_calls() as chambery_warm:
        _listed(claire)
    claire.post(SWITCH, {"party": shops["annecy"].party_id, "next": "/orders/"})
    with count_rpc_calls() as annecy_again:
        _listed(claire)

    assert len(annecy_cold) <= 2, annecy_cold
    assert len(switch) <= 1, switch  # the web user's parties, asked again of Tryton
    assert len(chambery_cold) <= 2, chambery_cold
    assert len(chambery_warm) == 0, chambery_warm
    assert len(annecy_again) == 0, annecy_again  # still cached: switching forgets nothing

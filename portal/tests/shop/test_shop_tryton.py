"""Ordering from the portal against the real trytond and its demo data.

Customer A (Le Comptoir des Pentes) buys at its own price list, 10 % below the list price
(tryton/demo/facts.py CUSTOMER_PRICE_LISTS); customer B (La Table du Marché) at the list
price. The server is this module's own copy of the demo database: the orders these tests
create stay here.
"""

import datetime as dt
import re
import uuid
from decimal import Decimal

import pytest
from django.test import Client

from erp import CustomerScope, catalog, identity, sales
from erp.catalog import OrderLineInput
from erp.errors import TrytonRoleForbidden, TrytonValidationError
from erp.testing import count_rpc_calls
from tryton.demo.facts import CUSTOMER_PRICE_LISTS, DEMO_PASSWORD, PRODUCTS

pytestmark = [pytest.mark.django_db, pytest.mark.tryton]

LIST_PRICES = {code: Decimal(price) for code, _name, price, _cost in PRODUCTS}
A_FACTOR = Decimal(CUSTOMER_PRICE_LISTS["C-PENTES"][1])
MEMBERS = {
    "buyer": "lucas@comptoir-des-pentes.example.fr",
    "accountant": "compta@comptoir-des-pentes.example.fr",
    "viewer": "accueil@comptoir-des-pentes.example.fr",
}


def _item(scope, code):
    [item] = [i for i in catalog.catalog_items(scope, codes=(code,)).values() if i.code == code]
    return item


def _sales_with_key(tryton_admin, key):
    return tryton_admin.execute(
        "sale.sale", "search_read", [["portal_idempotency_key", "=", key]], 0, None, None,
        ["party", "state", "shipping_date", "shipment_address", "lines"])


def _lines(tryton_admin, sale_id):
    return tryton_admin.execute(
        "sale.line", "search_read", [["sale", "=", sale_id]], 0, None, [["id", "ASC"]],
        ["product.code", "quantity", "unit_price"])


def _address(tryton_admin, party_id):
    [address] = tryton_admin.execute(
        "party.address", "search_read", [["party", "=", party_id]], 0, 1, None, ["id"])
    return address["id"]


def _checkout_form(client):
    page = client.get("/shop/checkout/")
    assert page.status_code == 200, page.status_code
    body = page.content.decode()
    key = re.search(r'name="key" value="([^"]+)"', body)[1]
    address = re.search(r'<option value="(\d+)" selected', body)[1]
    return key, int(address)


@pytest.fixture
def member_scopes(tryton_settings):
    """Customer A reached with the session of its buyer, accountant and viewer."""
    scopes = {}
    for role, email in MEMBERS.items():
        login = identity.web_user_login(
            email=email, password=DEMO_PASSWORD, remote_address="127.0.0.1")
        scopes[role] = CustomerScope(party_id=login.user.party.id, web_session=login.session)
    yield scopes
    for scope in scopes.values():
        identity.web_user_logout(session=scope.web_session)


def test_each_customer_gets_its_own_price_computed_by_tryton(demo_scopes):
    a, b = _item(demo_scopes["a"], "KB-ORI-33"), _item(demo_scopes["b"], "KB-ORI-33")

    assert b.unit_price == LIST_PRICES["KB-ORI-33"]
    assert a.unit_price == (LIST_PRICES["KB-ORI-33"] * A_FACTOR).quantize(Decimal("0.01"))
    assert a.unit_price < b.unit_price
    assert (a.currency, a.unit_name, a.unit_digits) == ("EUR", "Unit", 0)


def test_catalog_page_shows_the_customers_price_in_one_call_then_none(customer_a_client):
    with count_rpc_calls() as cold:
        response = customer_a_client.get("/shop/?q=KB-ORI-33")
    with count_rpc_calls() as warm:
        again = customer_a_client.get("/shop/?q=KB-ORI-33")

    body = response.content.decode()
    assert response.status_code == 200 and again.status_code == 200
    assert "KB-ORI-33" in body and "KB-GIC-33" not in body
    assert "€2.16" in body  # 2.40 at A's price list, -10 %
    assert len(cold.calls) <= 2, cold.calls
    assert cold.calls == ["model.product.product.portal_catalog"]
    assert warm.calls == []


def test_catalog_searches_by_name_and_filters_by_category(demo_scopes):
    scope = demo_scopes["a"]
    everything = catalog.catalog_page(scope, limit=100)
    ginger = next(c for c in everything.categories if c.name == "Ginger beer")

    by_name = catalog.catalog_page(scope, search="gingembre", limit=100)
    by_category = catalog.catalog_page(scope, category_id=ginger.id, limit=100)
    first = catalog.catalog_page(scope, offset=0, limit=5)
    second = catalog.catalog_page(scope, offset=5, limit=5)

    assert everything.total == len(PRODUCTS) == len(everything.items)
    assert {i.code for i in by_name.items} == {"KB-GIC-33", "KB-GIC-75", "KB-GIC-F20"}
    assert {i.code[:2] for i in by_category.items} == {"GB"} and by_category.total == 4
    assert {c.name for c in everything.categories} == {"Ginger beer", "Kombucha",
                                                       "Kéfir de fruits"}
    assert not {i.id for i in first.items} & {i.id for i in second.items}
    assert first.total == everything.total and first.has_next


def test_checkout_creates_one_quotation_with_the_cart_for_the_customer(
        customer_a_client, demo_customers, tryton_admin):
    client = customer_a_client
    hib, sur = _item_ids(client, "KB-HIB-33"), _item_ids(client, "KF-SUR-75")
    client.post("/shop/cart/add/", {"product": hib, "quantity": "24"})
    client.post("/shop/cart/add/", {"product": sur, "quantity": "6"})
    client.post("/shop/cart/add/", {"product": sur, "quantity": "6"})
    key, address = _checkout_form(client)
    wished = dt.date.today() + dt.timedelta(days=3)

    response = client.post(
        "/shop/checkout/", {"address": address, "delivery_date": wished.isoformat(),
                            "key": key})

    [sale] = _sales_with_key(tryton_admin, key)
    assert response.status_code == 302 and response["Location"] == f"/orders/{sale['id']}/"
    assert sale["party"] == demo_customers["a"].party_id
    assert (sale["state"], sale["shipping_date"], sale["shipment_address"]) == (
        "quotation", wished, address)
    assert [(line["product."]["code"], line["quantity"], line["unit_price"])
            for line in _lines(tryton_admin, sale["id"])] == [
        ("KB-HIB-33", 24, (LIST_PRICES["KB-HIB-33"] * A_FACTOR).quantize(Decimal("0.0001"))),
        ("KF-SUR-75", 12, (LIST_PRICES["KF-SUR-75"] * A_FACTOR).quantize(Decimal("0.0001"))),
    ]
    order_page = client.get(response["Location"])
    assert order_page.status_code == 200
    assert "Thank you: your order is sent." in order_page.content.decode()
    assert "Your cart is empty." in client.get("/shop/cart/").content.decode()

    # The same form sent again (a double click, a reload): the same order, no second one.
    again = client.post(
        "/shop/checkout/", {"address": address, "delivery_date": wished.isoformat(),
                            "key": key})
    assert again["Location"] == f"/orders/{sale['id']}/"
    assert len(_sales_with_key(tryton_admin, key)) == 1


def _item_ids(client, code):
    body = client.get(f"/shop/?q={code}").content.decode()
    return int(re.search(r'name="product" value="(\d+)"', body)[1])


def test_the_same_key_twice_in_tryton_creates_one_sale(demo_scopes, tryton_admin):
    scope = demo_scopes["a"]
    item = _item(scope, "GB-ORI-33")
    key = uuid.uuid4().hex
    order = dict(lines=[OrderLineInput(product_id=item.id, quantity=Decimal(12))],
                 address_id=_address(tryton_admin, scope.party_id),
                 delivery_date=dt.date.today(), idempotency_key=key)

    first = catalog.checkout(scope, **order)
    second = catalog.checkout(scope, **order)

    assert first == second
    assert len(_sales_with_key(tryton_admin, key)) == 1
    assert sales.order_get(scope, order_id=first).state == "quotation"


def test_another_customer_cannot_reuse_a_key(demo_scopes, tryton_admin):
    a, b = demo_scopes["a"], demo_scopes["b"]
    key = uuid.uuid4().hex
    catalog.checkout(a, lines=[OrderLineInput(_item(a, "GB-ORI-33").id, Decimal(1))],
                     address_id=_address(tryton_admin, a.party_id),
                     delivery_date=dt.date.today(), idempotency_key=key)

    with pytest.raises(TrytonValidationError) as refused:
        catalog.checkout(b, lines=[OrderLineInput(_item(b, "GB-ORI-33").id, Decimal(1))],
                         address_id=_address(tryton_admin, b.party_id),
                         delivery_date=dt.date.today(), idempotency_key=key)

    assert refused.value.message == (
        "This order form was already used: open the checkout page again.")
    [sale] = _sales_with_key(tryton_admin, key)
    assert sale["party"] == a.party_id


@pytest.mark.parametrize("role", ["viewer", "accountant"])
def test_viewer_and_accountant_are_refused_by_tryton(role, member_scopes, tryton_admin):
    scope = member_scopes[role]
    key = uuid.uuid4().hex
    product = tryton_admin.execute(
        "product.product", "search", [["code", "=", "KB-ORI-33"]], 0, 1, None)[0]

    with pytest.raises(TrytonRoleForbidden):
        catalog.checkout(scope, lines=[OrderLineInput(product, Decimal(1))],
                         address_id=_address(tryton_admin, scope.party_id),
                         delivery_date=dt.date.today(), idempotency_key=key)
    with pytest.raises(TrytonRoleForbidden):
        catalog.catalog_page(scope)

    assert _sales_with_key(tryton_admin, key) == []


def test_a_buyer_orders(member_scopes, tryton_admin):
    scope = member_scopes["buyer"]
    key = uuid.uuid4().hex

    sale_id = catalog.checkout(
        scope, lines=[OrderLineInput(_item(scope, "KB-ORI-75").id, Decimal(6))],
        address_id=_address(tryton_admin, scope.party_id), delivery_date=dt.date.today(),
        idempotency_key=key)

    assert [s["id"] for s in _sales_with_key(tryton_admin, key)] == [sale_id]


def test_another_customers_address_is_refused_naming_nothing(demo_scopes, tryton_admin):
    a = demo_scopes["a"]
    key = uuid.uuid4().hex
    theirs = _address(tryton_admin, demo_scopes["b"].party_id)

    with pytest.raises(TrytonValidationError) as refused:
        catalog.checkout(a, lines=[OrderLineInput(_item(a, "KB-ORI-33").id, Decimal(1))],
                         address_id=theirs, delivery_date=dt.date.today(),
                         idempotency_key=key)

    assert refused.value.message == "Choose one of your delivery addresses."
    assert _sales_with_key(tryton_admin, key) == []


@pytest.mark.parametrize(("quantity", "message"), [
    (Decimal(0), "Line 1: the quantity must be more than 0 and at most 100000."),
    (Decimal("2.5"), "Line 1: the quantity must be a multiple of 1.0 u."),
])
def test_bad_quantities_are_refused_in_plain_words(quantity, message, demo_scopes,
                                                    tryton_admin):
    a = demo_scopes["a"]
    key = uuid.uuid4().hex

    with pytest.raises(TrytonValidationError) as refused:
        catalog.checkout(a, lines=[OrderLineInput(_item(a, "KB-ORI-33").id, quantity)],
                         address_id=_address(tryton_admin, a.party_id),
                         delivery_date=dt.date.today(), idempotency_key=key)

    assert refused.value.message == message
    assert _sales_with_key(tryton_admin, key) == []


@pytest.fixture
def withdraw(tryton_admin):
    """withdraw(code): the product is no longer sold (in this module's database) until the
    test ends."""
    templates = []

    def withdraw(code):
        [product] = tryton_admin.execute(
            "product.product", "search_read", [["code", "=", code]], 0, 1, None, ["template"])
        tryton_admin.execute("product.template", "write", [product["template"]],
                             {"salable": False})
        templates.append(product["template"])

    yield withdraw
    if templates:
        tryton_admin.execute("product.template", "write", templates, {"salable": True})


def test_a_product_no_longer_sold_is_refused_with_a_plain_message(
        customer_a_client, demo_scopes, tryton_admin, withdraw):
    a = demo_scopes["a"]
    product_id = _item(a, "KF-GRE-75").id
    customer_a_client.post("/shop/cart/add/", {"product": product_id, "quantity": "3"})
    key = uuid.uuid4().hex
    withdraw("KF-GRE-75")

    with pytest.raises(TrytonValidationError) as refused:
        catalog.checkout(a, lines=[OrderLineInput(product_id, Decimal(3))],
                         address_id=_address(tryton_admin, a.party_id),
                         delivery_date=dt.date.today(), idempotency_key=key)
    cart = customer_a_client.get("/shop/cart/").content.decode()

    assert refused.value.message == (
        "Line 1: this product is not sold any more. Remove it from your cart and order again.")
    assert _sales_with_key(tryton_admin, key) == []
    # The refused checkout forgot the customer's cached prices: the cart knows.
    assert "Not sold any more" in cart and "Check out" not in cart


def test_order_again_puts_the_lines_still_sold_in_the_cart(customer_a_client, demo_scopes):
    [regular] = sales.order_list(
        demo_scopes["a"], limit=1, filters=sales.order_filters(search="REGULAR-001").filters
    ).items
    order = sales.order_get(demo_scopes["a"], order_id=regular.id)
    detail = customer_a_client.get(f"/orders/{regular.id}/").content.decode()

    response = customer_a_client.post(f"/shop/reorder/{regular.id}/", follow=True)

    body = response.content.decode()
    assert f'action="/shop/reorder/{regular.id}/"' in detail
    assert response.status_code == 200
    for line in order.lines:
        assert line.product_code in body
        assert f'value="{int(line.quantity)}"' in body
    assert f"{len(order.lines)} products of this order are in your cart." in body


def test_order_again_from_another_customers_order_is_a_404(customer_a_client, demo_scopes):
    [theirs] = sales.order_list(demo_scopes["b"], limit=1).items

    response = customer_a_client.post(f"/shop/reorder/{theirs.id}/")

    assert response.status_code == 404
    assert "Your cart is empty." in customer_a_client.get("/shop/cart/").content.decode()


def test_quick_order_shows_each_line_then_adds_the_matched_ones(customer_a_client):
    text = ("code;quantité\nKB-ORI-33, 24\nkf-fig-75;6\nGB-EPI-33\t12\n"
            "XX-NONE-1, 3\nKB-ORI-75, beaucoup\nKB-GIC-33\nKB-HIB-33, 2,5\n")

    preview = customer_a_client.post("/shop/quick/", {"lines": text, "check": "1"})

    body = preview.content.decode()
    assert preview.status_code == 200
    assert "3 lines ready" in body
    assert body.count('class="quick-line quick-line-error"') == 4
    assert "No product we sell has this code." in body
    assert "The quantity is not a number above 0." in body
    assert "No quantity: write the code, a comma, then the quantity." in body
    assert "This product is sold in whole units." in body
    assert "Kombucha Original – bouteille 33 cl — 24 ×" in body

    added = customer_a_client.post("/shop/quick/", {"lines": text, "add": "1"}, follow=True)

    cart = added.content.decode()
    assert "3 products are in your cart." in cart
    for code, quantity in (("KB-ORI-33", 24), ("KF-FIG-75", 6), ("GB-EPI-33", 12)):
        assert code in cart and f'value="{quantity}"' in cart
    assert "KB-ORI-75" not in cart and "KB-HIB-33" not in cart


def test_quick_order_reads_a_csv_file(customer_a_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(
        "commande.csv", "Code;Quantité\r\nKB-ORI-33;12\r\nGB-ORI-75;6\r\n".encode("latin-1"),
        content_type="text/csv")

    response = customer_a_client.post("/shop/quick/", {"file": upload, "check": "1"})

    body = response.content.decode()
    assert response.status_code == 200
    assert "2 lines ready" in body and "quick-line-error" not in body
    assert "KB-ORI-33;12" in body  # kept in the form for the "add" button


def test_members_who_may_not_order_get_403_before_any_call(tryton_settings):
    for email in (MEMBERS["viewer"], MEMBERS["accountant"]):
        client = Client()
        client.post("/accounts/login/", {"login": email, "password": DEMO_PASSWORD})
        home = client.get("/").content.decode()
        with count_rpc_calls() as calls:
            statuses = [client.get(url).status_code
                        for url in ("/shop/", "/shop/cart/", "/shop/quick/", "/shop/checkout/")]
        assert statuses == [403] * 4
        assert calls.calls == []
        assert 'href="/shop/"' not in home


def test_ordering_reads_in_french(tryton_settings, demo_customers):
    client = Client(HTTP_ACCEPT_LANGUAGE="fr")
    client.post("/accounts/login/", {"login": demo_customers["a"].email,
                                     "password": DEMO_PASSWORD})

    catalog_page = client.get("/shop/?q=KB-ORI-33").content.decode()
    client.post("/shop/cart/add/", {"product": _item_ids(client, "KB-ORI-33"),
                                    "quantity": "12"})
    cart_page = client.get("/shop/cart/").content.decode()
    quick = client.post("/shop/quick/", {"lines": "KB-ORI-33, 2,5\nXX, 1", "check": "1"})

    assert ">Commander</a>" in catalog_page and "Ajouter au panier" in catalog_page
    assert "2,16\N{NO-BREAK SPACE}€ l’unité" in catalog_page
    assert "Total HT" in cart_page and "25,92\N{NO-BREAK SPACE}€" in cart_page
    body = quick.content.decode()
    assert "Ce produit se vend à l’unité, sans fraction." in body
    assert "Aucun produit que nous vendons n&#x27;a ce code." in body

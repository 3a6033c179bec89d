"""Reading the lines of a quick order and the quantities of a cart (no Tryton)."""

from decimal import Decimal

import pytest
from shop.cart import CartFull, cart_add, cart_clear, cart_lines, cart_set, parse_quantity
from shop.quick_order import (
    BAD_QUANTITY,
    NO_QUANTITY,
    TOO_MANY,
    decode_upload,
    parse_lines,
)


def _read(text):
    return [(line.code, line.quantity, line.error) for line in parse_lines(text)]


def test_the_usual_separators_and_a_header_are_read():
    text = (
        'Code;Quantité\nKB-ORI-33, 24\nkb-gic-75;6\n"GB-EPI-33","12"\nKF-FIG-33\t6\n'
        "KB-HIB-33 3\n"
    )

    assert _read(text) == [
        ("KB-ORI-33", Decimal(24), ""),
        ("KB-GIC-75", Decimal(6), ""),
        ("GB-EPI-33", Decimal(12), ""),
        ("KF-FIG-33", Decimal(6), ""),
        ("KB-HIB-33", Decimal(3), ""),
    ]


def test_malformed_lines_say_why_and_keep_their_number():
    text = (
        "\nKB-ORI-33\nKB-ORI-33, -2\nKB-ORI-33, douze\nKB-ORI-33,\n# a comment\n  \n"
        "KB-ORI-33, 2,5"
    )

    lines = parse_lines(text)

    assert [(line.number, line.error) for line in lines] == [
        (2, NO_QUANTITY), (3, BAD_QUANTITY), (4, BAD_QUANTITY), (5, NO_QUANTITY), (8, ""),
    ]
    assert lines[-1].quantity == Decimal("2.5")  # the unit decides later whether it may


def test_a_header_is_only_skipped_first():
    assert _read("KB-ORI-33, 1\ncode, quantity") == [
        ("KB-ORI-33", Decimal(1), ""), ("CODE", None, BAD_QUANTITY)]


def test_more_lines_than_an_order_holds_are_refused_past_the_limit():
    lines = parse_lines("\n".join(f"P-{n}, 1" for n in range(105)))

    assert [line.error for line in lines].count(TOO_MANY) == 5
    assert lines[99].error == "" and lines[100].error == TOO_MANY


def test_huge_or_binary_input_is_bounded():
    assert len(parse_lines("A, 1\n" * 50_000)) <= 20_000 // 5
    assert decode_upload(b"\x00\x01PK") is None
    assert decode_upload("Quantité".encode("latin-1")) == "Quantité"
    assert decode_upload("\ufeffKB, 1".encode()) == "KB, 1"


@pytest.mark.parametrize(("text", "digits", "expected"), [
    ("12", 0, Decimal(12)),
    (" 2,5 ", 1, Decimal("2.5")),
    ("2.5", 0, None),
    ("0", 0, None),
    ("-1", 0, None),
    ("1e3", 0, Decimal(1000)),
    ("NaN", 0, None),
    ("Infinity", 0, None),
    ("100001", 0, None),
    ("", 0, None),
    ("x" * 30, 0, None),
])
def test_quantities(text, digits, expected):
    assert parse_quantity(text, digits=digits) == expected


def test_the_cart_keeps_one_line_per_product_per_customer():
    session = {}
    cart_add(session, party_id=1, product_id=7, quantity=Decimal(2))
    cart_add(session, party_id=1, product_id=7, quantity=Decimal(3))
    cart_add(session, party_id=1, product_id=8, quantity=Decimal(1))
    cart_add(session, party_id=2, product_id=7, quantity=Decimal(9))

    assert cart_lines(session, party_id=1) == [(7, Decimal(5)), (8, Decimal(1))]
    assert cart_lines(session, party_id=2) == [(7, Decimal(9))]

    cart_set(session, party_id=1, product_id=7, quantity=Decimal(0))
    assert cart_lines(session, party_id=1) == [(8, Decimal(1))]
    cart_clear(session, party_id=1)
    assert cart_lines(session, party_id=1) == [] and cart_lines(session, party_id=2)


def test_a_cart_tampered_with_or_full():
    session = {"shop_cart": {"1": [["x", "1"], [3, "abc"], [4, "-1"], [5, "2"]], "2": "?"}}
    assert cart_lines(session, party_id=1) == [(5, Decimal(2))]
    assert cart_lines(session, party_id=2) == []

    full = {}
    for product_id in range(1, 101):
        cart_add(full, party_id=1, product_id=product_id, quantity=Decimal(1))
    with pytest.raises(CartFull):
        cart_add(full, party_id=1, product_id=101, quantity=Decimal(1))

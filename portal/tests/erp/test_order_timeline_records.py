"""Reading Tryton's answer of sale.sale.portal_timeline (the real server: tests/orders)."""

import datetime as dt

from erp.order_timeline import _timeline

DAY = dt.date(2026, 11, 3)


def _answer(*steps, url="https://track.example.com/SOF-1"):
    return {
        "lines": [{"line": 7, "steps": list(steps)}],
        "shipments": [
            {"id": 3, "number": "3", "carrier": "Sofripa", "reference": "SOF-1", "url": url},
            {"id": 4, "number": "4", "carrier": "", "reference": "", "url": None},
        ],
    }


def test_the_last_step_reached_is_the_current_one():
    timeline = _timeline(_answer(
        {"step": "ordered", "reached": True, "date": DAY, "details": []},
        {"step": "ready", "reached": True, "date": None, "details": []},
        {"step": "shipped", "reached": False, "date": None, "details": []},
    ))

    line = timeline.for_line(7)
    assert [(s.key, s.current) for s in line.steps] == [
        ("ordered", False), ("ready", True), ("shipped", False)]
    assert line.current.key == "ready"
    assert timeline.for_line(8) is None


def test_a_line_with_no_step_reached_has_no_current_step():
    timeline = _timeline(_answer({"step": "ordered", "reached": False, "date": None}))

    assert timeline.for_line(7).current is None


def test_unknown_steps_are_left_out():
    timeline = _timeline(_answer(
        {"step": "ordered", "reached": True, "date": DAY},
        {"step": "<script>", "reached": True, "date": DAY},
    ))

    assert [s.key for s in timeline.for_line(7).steps] == ["ordered"]


def test_tracking_links_are_https_only():
    for url in ["javascript:alert(1)", "http://track.example.com/1", "https:///1", 42, None]:
        tracking = _timeline(_answer(url=url)).for_shipment(3)
        assert tracking.reference == "SOF-1" and tracking.url == "", url
    assert _timeline(_answer()).for_shipment(3).url == "https://track.example.com/SOF-1"


def test_shipments_without_carrier_nor_reference_have_no_tracking():
    assert _timeline(_answer()).for_shipment(4) is None

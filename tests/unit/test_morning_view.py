"""The morning meeting screen's rules: the store's order pace, missed checks, rota editor rows."""

from __future__ import annotations

from datetime import date

import pytest

from logic.morning_view import morning_view, rota_edits
from tests.support.frames_meetings import frames, staff

DAY = date(2026, 11, 15)  # half of November gone


def _orders(n: int, who: str = "Li") -> list[dict]:
    return [{"customer_id": f"C{i}", "consultant": who, "order_date": DAY, "status": "planned"} for i in range(n)]


@pytest.mark.parametrize(
    ("orders", "targets", "behind"),
    [(2, (10, 0), True), (5, (10, 0), False), (6, (6, 4), False), (0, (None, None), False)],
    ids=["a fifth at half time", "half at half time", "targets summed", "no target"],
)
def test_the_stores_orders_are_behind_when_their_share_of_target_trails_the_month(orders, targets, behind) -> None:
    rows = [
        {"month": "2026-11", "consultant": who, "orders": n}
        for who, n in zip(("Li", "Zhao"), targets, strict=True)
        if n is not None
    ]
    f = frames(staff=staff("Li", "Zhao"), deliveries=_orders(orders), targets=rows)
    mv = morning_view(f, {}, DAY, due=None)
    assert mv.orders_actual == orders
    assert mv.orders_target == sum(n or 0 for n in targets)
    assert mv.orders_behind is behind
    assert (mv.day_of_month, mv.days_in_month) == (15, 30)


def test_consultants_on_duty_without_both_checks_ticked_are_named_and_those_off_are_not() -> None:
    f = frames(
        staff=staff("Li", "Zhao", "Sun", "Qian"),
        rota=[
            {"date": DAY, "consultant": "Li", "shift": "on", "appearance_ok": True, "folder_ok": True},
            {"date": DAY, "consultant": "Zhao", "shift": "on", "appearance_ok": True},
            {"date": DAY, "consultant": "Sun", "shift": "off"},
        ],
    )
    assert sorted(morning_view(f, {}, DAY, due=None).unchecked) == ["Qian", "Zhao"]


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ({"shift": "上班", "order": "1", "note": ""}, {"shift": "on", "order": "1", "note": ""}),
        ({"shift": "Day off", "order": None, "note": float("nan")}, {"shift": "off", "order": None, "note": None}),
        ({"shift": "", "order": "2", "note": "x"}, {"shift": None, "order": "2", "note": "x"}),
        ({"shift": None}, {"shift": None}),
    ],
    ids=["chinese label", "english label and blanks", "no shift", "shift cleared"],
)
def test_a_rota_editor_row_becomes_the_consultants_values_with_the_shift_as_its_code(record, expected) -> None:
    assert rota_edits([{"consultant": "Li", **record}]) == {"Li": expected}

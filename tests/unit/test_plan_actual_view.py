"""The plan-vs-actual screen's months, the day of the month reached, and the targets grid."""

from __future__ import annotations

from datetime import date

import pytest

from logic.plan_actual import plan_vs_actual, targets_for
from logic.plan_actual_view import day_reached, month_choices, targets_grid
from tests.support.frames_meetings import frames, staff


def test_the_months_offered_are_this_one_the_next_then_the_past_year() -> None:
    months = month_choices(date(2026, 1, 31))
    assert months[:4] == ["2026-01", "2026-02", "2025-12", "2025-11"]
    assert months[-1] == "2025-01" and len(months) == 14


@pytest.mark.parametrize(
    ("month", "today", "expected"),
    [
        ("2026-11", date(2026, 11, 15), (15, 30)),
        ("2026-11", date(2026, 12, 3), (30, 30)),
        ("2026-12", date(2026, 11, 20), (0, 31)),
        ("2028-02", date(2028, 2, 29), (29, 29)),
    ],
    ids=["mid month", "a past month", "a month not begun", "a leap february"],
)
def test_the_day_reached_is_held_within_the_month(month, today, expected) -> None:
    assert day_reached(month, today) == expected


def test_the_targets_grid_lists_the_tables_consultants_then_others_with_targets_as_text() -> None:
    f = frames(
        staff=staff("Li", "Zhao"),
        targets=[
            {"month": "2026-12", "consultant": "Zhao", "orders": 6},
            {"month": "2026-12", "consultant": "Gone", "visits": 30},
        ],
    )
    table = plan_vs_actual(f, "2026-11", date(2026, 11, 20), {})
    grid = targets_grid(table, targets_for(f, "2026-12"))
    assert grid["consultant"].tolist() == ["Li", "Zhao", "Gone"]
    assert grid["orders"].tolist() == ["", "6", ""]
    assert grid["visits"].tolist() == ["", "", "30"]

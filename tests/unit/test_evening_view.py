"""The evening meeting screen's rules: what is behind, what is clean, what can be ticked or decided, plan entry."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest

from logic.evening_view import (
    behind,
    customer_choices,
    evening_view,
    plan_entry,
    plan_entry_problem,
    undecided,
    ungraded_rows,
)
from logic.meetings import LostCase
from tests.support.frames_meetings import frame, frames, staff

DAY = date(2026, 11, 15)
TOMORROW = DAY + timedelta(days=1)


@pytest.mark.parametrize(
    ("actual", "planned", "expected"),
    [(2, 3, True), (3, 3, False), (4, 3, False), (0, None, False), (0, 0, False)],
    ids=["below plan", "on plan", "above plan", "no plan", "planned nothing"],
)
def test_a_figure_is_behind_only_when_it_falls_short_of_a_plan(actual, planned, expected) -> None:
    assert behind(actual, planned) is expected


def _case(decision: str | None) -> LostCase:
    return LostCase("L1", "Li", "C1", "Wu", None, "price", None, decision, None, None)


@pytest.mark.parametrize(
    ("decision", "expected"), [(None, True), ("pending", True), ("approved", False), ("rejected", False)]
)
def test_a_lost_request_is_undecided_until_approved_or_rejected(decision, expected) -> None:
    assert undecided(_case(decision)) is expected


@dataclass
class Problem:
    severity: str
    sheet: str | None
    row: int | None
    column: str | None


@pytest.mark.parametrize(
    ("problem", "expected"),
    [
        (Problem("error", "客户", 3, "级别"), [3]),
        (Problem("warning", "客户", 3, "级别"), []),
        (Problem("error", "联系", 3, "级别"), []),
        (Problem("error", "客户", 3, "电话"), []),
        (Problem("error", "客户", None, "级别"), []),
    ],
    ids=["grade error", "a warning", "another sheet", "another column", "no row"],
)
def test_only_grade_errors_on_the_customers_sheet_name_an_ungraded_row(problem, expected) -> None:
    assert ungraded_rows([problem], "客户", "级别") == expected


def test_rows_ungraded_twice_are_named_once_in_order() -> None:
    problems = [Problem("error", "客户", r, "级别") for r in (9, 3, 9)]
    assert ungraded_rows(problems, "客户", "级别") == [3, 9]


def _frames_with(**rows: list[dict]) -> dict:
    return frames(staff=staff("Li", "Zhao"), **rows)


def test_the_review_holds_todays_plan_rows_with_an_id_and_the_check_is_clean_without_flags() -> None:
    f = _frames_with(
        plans=[
            {"plan_id": "P1", "date": DAY, "consultant": "Li", "activity": "call"},
            {"date": DAY, "consultant": "Li", "activity": "call"},  # typed in Excel, no ID yet
            {"plan_id": "P2", "date": TOMORROW, "consultant": "Li", "activity": "call"},
        ]
    )
    ev = evening_view(f, {}, DAY, due=None)
    assert [(name, p.plan_id) for name, p in ev.review] == [("Li", "P1")]
    assert ev.check_ok and ev.names == ["Li", "Zhao"]


def test_a_walk_in_without_a_card_spoils_the_check() -> None:
    f = _frames_with(contacts=[{"date": DAY, "consultant": "Li", "type": "visit", "customer": "Wu"}])
    assert not evening_view(f, {}, DAY, due=None).check_ok


def test_lost_cases_to_decide_are_todays_and_recent_undecided_ones_with_an_id() -> None:
    f = _frames_with(
        lost=[
            {"lost_id": "L1", "date": DAY, "consultant": "Li", "customer_id": "C1", "decision": "pending"},
            {"lost_id": "L2", "date": DAY - timedelta(days=3), "consultant": "Li", "customer_id": "C2"},
            {"date": DAY, "consultant": "Zhao", "customer_id": "C3"},
        ]
    )
    assert [c.lost_id for c in evening_view(f, {}, DAY, due=None).decidable] == ["L1", "L2"]


# --------------------------------------------------------------------------- plan entry


@pytest.mark.parametrize(
    ("who", "time", "customer", "activity", "goal", "expected"),
    [
        (None, "09:30", "Wu", "call", "", "need_consultant"),
        ("Li", "9:30", "Wu", None, "", None),
        ("Li", "24:00", "Wu", None, "", "bad_time"),
        ("Li", "930", "Wu", None, "", "bad_time"),
        ("Li", "", None, None, "  ", "need_something"),
        ("Li", "", None, None, "invite", None),
        ("Li", "", None, "call", "", None),
    ],
    ids=["no consultant", "short hour", "hour 24", "no colon", "nothing to do", "a goal only", "an activity only"],
)
def test_a_new_plan_row_needs_a_consultant_a_clock_time_and_something_to_do(
    who, time, customer, activity, goal, expected
) -> None:
    assert plan_entry_problem(who, time, customer, activity, goal) == expected


CUSTOMERS = frame(
    "customers",
    [
        {"customer_id": "C1", "name": "Wu", "consultant": "Li", "grade": "C", "phone": "13800001111"},
        {"customer_id": "C2", "name": "Xu", "consultant": "Li", "grade": "H", "phone": "13800002222"},
        {"customer_id": "C3", "name": "Wu", "consultant": "Zhao", "grade": "A"},
        {"customer_id": None, "name": "Yan", "consultant": "Li", "grade": "H"},
        {"customer_id": "C4", "name": "Zu", "consultant": "Li", "grade": "F"},
        {"customer_id": "C5", "name": "Qi", "consultant": "Li", "grade": "Z"},
    ],
)


def test_a_consultants_cards_are_offered_in_the_schemas_grade_order_each_with_name_grade_and_phone_tail() -> None:
    choices = customer_choices(CUSTOMERS, "Li")
    assert [c.customer_id for c in choices] == ["C2", "C1", "C4", "C5"]
    assert choices[0].label == "Xu · H · 2222" and choices[0].name == "Xu"
    assert customer_choices(CUSTOMERS, None) == []


@pytest.mark.parametrize(
    ("typed", "who", "expected_id"),
    [("Wu", "Li", "C1"), ("Wu", "Zhao", "C3"), ("Nobody", "Li", None)],
    ids=["own card", "another consultant's own card", "no card"],
)
def test_a_typed_name_that_is_one_card_is_that_card(typed, who, expected_id) -> None:
    values = plan_entry(CUSTOMERS, who, "9:30", None, typed, "call", " invite ")
    assert values == {
        "time": "09:30",
        "customer": typed,
        "activity": "call",
        "goal": "invite",
        **({"customer_id": expected_id} if expected_id else {}),
    }


def test_a_picked_card_wins_and_empty_cells_are_left_out() -> None:
    picked = customer_choices(CUSTOMERS, "Li")[0]
    assert plan_entry(CUSTOMERS, "Li", "", picked, None, None, "") == {"customer_id": "C2", "customer": "Xu"}

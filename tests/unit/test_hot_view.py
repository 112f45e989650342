"""The hot-lead screen's months, unknown consultants, list filters and the "new, no longer hot" column."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from logic.hot_leads import TOTAL, as_of, start_of
from logic.hot_view import (
    NEW_OTHER,
    filter_choices,
    grade_mix,
    month_choices,
    row_keys,
    unknown_consultants,
    warnings_for,
    with_new_other,
)


@pytest.mark.parametrize(
    ("today", "first", "last"),
    [(date(2026, 11, 20), "2026-11", "2025-11"), (date(2026, 1, 31), "2026-01", "2025-01")],
    ids=["november", "across new year"],
)
def test_the_months_offered_are_this_one_then_the_past_year(today, first, last) -> None:
    months = month_choices(today)
    assert (months[0], months[-1], len(months)) == (first, last, 13)
    assert months == sorted(months, reverse=True)


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        (["Li", " Zhao "], []),
        (["Li", "Old"], ["Old"]),
        (["", TOTAL], []),
    ],
    ids=["all on staff, spaces ignored", "one unknown", "blank and total rows"],
)
def test_a_row_name_not_on_the_staff_sheet_is_unknown(names, expected) -> None:
    staff = pd.DataFrame({"name": ["Li", "Zhao", None]})
    assert unknown_consultants(staff, names) == expected


def test_without_a_staff_sheet_nobody_is_called_unknown() -> None:
    assert unknown_consultants(None, ["Li"]) == []


def test_new_leads_no_longer_hot_make_up_the_new_subtotal() -> None:
    table = pd.DataFrame({"new": [5, 0], "new_H": [1, 0], "new_A": [1, 0], "new_B": [0, 0], "new_C": [1, 0]})
    assert with_new_other(table)[NEW_OTHER].tolist() == [2, 0]
    assert NEW_OTHER not in table


def test_filters_offer_the_values_present_and_grades_in_hot_order() -> None:
    hot = pd.DataFrame(
        {"consultant": ["Zhao", "Li", None], "grade": ["C", "H", "A"], "model": ["X", "X", None],
         "source": ["walk_in", None, "phone"]}
    )  # fmt: skip
    assert filter_choices(hot) == {
        "consultant": ["Li", "Zhao"],
        "grade": ["H", "A", "C"],
        "model": ["X"],
        "source": ["phone", "walk_in"],
    }


def test_the_grade_mix_counts_customers_hot_now_per_consultant_and_grade() -> None:
    mc = pd.DataFrame({"consultant": ["Li", "Li", "Li", None, "Zhao"], "now": ["H", "H", "O", "A", None]})
    mix = grade_mix(mc)
    assert sorted(zip(mix["consultant"], mix["now"], mix["count"], strict=True)) == [("", "A", 1), ("Li", "H", 2)]


def test_a_card_is_keyed_by_its_id_else_by_its_excel_row() -> None:
    customers = pd.DataFrame({"_row": [2, 3, 4], "customer_id": [" C1 ", None, ""]})
    assert row_keys(customers) == {2: "C1", 3: "#3", 4: "#4"}


@pytest.mark.parametrize(
    ("warnings", "expected"),
    [
        ([("C1", "a"), ("#3", "b"), ("C1", "c")], ["a; c", "b", ""]),
        ([], ["", "", ""]),
    ],
    ids=["joined per customer", "none at all"],
)
def test_each_customer_in_the_list_gets_its_warnings_joined(warnings, expected) -> None:
    frame = pd.DataFrame(warnings, columns=["key", "warning"])
    assert warnings_for(frame, pd.Index(["C1", "#3", "C2"])).tolist() == expected


@pytest.mark.parametrize(
    ("month", "today", "start", "now"),
    [
        ("2026-11", date(2026, 11, 20), date(2026, 10, 31), date(2026, 11, 20)),
        ("2026-10", date(2026, 11, 20), date(2026, 9, 30), date(2026, 10, 31)),
        ("2026-03", date(2026, 3, 1), date(2026, 2, 28), date(2026, 3, 1)),
    ],
    ids=["this month", "a past month", "first day of march"],
)
def test_the_month_runs_from_the_day_before_it_to_today_or_its_last_day(month, today, start, now) -> None:
    assert (start_of(month), as_of(month, today)) == (start, now)

"""The monthly hot-lead table and the hot list, on hand-built frames."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from logic.grade_history import grade_history
from logic.hot_leads import (
    TOTAL,
    as_of,
    conversion_by_source,
    filter_hot,
    funnel,
    hot_list,
    month_customers,
    month_rows,
    monthly_table,
    table_columns,
    trend_days,
    weekly_notes,
    weekly_trend,
)
from tests.support.frames_hot import contact, customer, frames

TODAY = date(2026, 11, 20)
NOV = "2026-11"
OCT5, NOV3, NOV10 = date(2026, 10, 5), date(2026, 11, 3), date(2026, 11, 10)
FLAGS = ("new", "upgraded", "downgraded", "ordered", "delivered", "lost", "dormant")

# situation: (sheet grade, customer overrides, contacts, deliveries, lost) -> expected
SITUATIONS = {
    "upgraded mid-month": (
        ("A", {}, [(OCT5, "B"), (NOV10, "A")], [], []),
        ("B", "A", {"upgraded"}),
    ),
    "downgraded mid-month": (
        ("C", {}, [(OCT5, "A"), (NOV10, "C")], [], []),
        ("A", "C", {"downgraded"}),
    ),
    "up then back down is no move": (
        ("B", {}, [(OCT5, "B"), (NOV3, "H"), (NOV10, "B")], [], []),
        ("B", "B", set()),
    ),
    "ordered by a contact": (
        ("O", {}, [(OCT5, "H"), (NOV10, "O")], [], []),
        ("H", "O", {"ordered"}),
    ),
    "ordered by a deliveries row only": (
        ("O", {}, [(OCT5, "H")], [{"order_date": NOV10, "status": "planned"}], []),
        ("H", "O", {"ordered"}),
    ),
    "cancelled order is no order": (
        ("H", {}, [(OCT5, "H")], [{"order_date": NOV10, "status": "cancelled"}], []),
        ("H", "H", set()),
    ),
    "delivered this month, ordered last month": (
        ("D", {}, [(OCT5, "O")], [{"order_date": OCT5, "status": "done", "delivered_at": NOV10}], []),
        ("O", "D", {"delivered"}),
    ),
    "ordered and delivered in the month": (
        ("D", {}, [(OCT5, "A")], [{"order_date": NOV3, "status": "done", "delivered_at": NOV10}], []),
        ("A", "D", {"ordered", "delivered"}),
    ),
    "lost with the manager's approval": (
        ("F", {}, [(OCT5, "B")], [], [{"date": NOV10, "decision": "approved"}]),
        ("B", "F", {"lost"}),
    ),
    "lost request still pending is not lost": (
        ("B", {}, [(OCT5, "B")], [], [{"date": NOV10, "decision": "pending"}]),
        ("B", "B", set()),
    ),
    "made dormant": (
        ("Z", {}, [(OCT5, "C"), (NOV10, "Z")], [], []),
        ("C", "Z", {"dormant"}),
    ),
    "new this month": (
        ("C", {"first_contact": NOV3}, [(NOV3, "C")], [], []),
        (None, "C", {"new"}),
    ),
    "new this month and ordered": (
        ("O", {"first_contact": NOV3}, [(NOV3, "A"), (NOV10, "O")], [], []),
        (None, "O", {"new", "ordered"}),
    ),
    "no graded contact keeps the sheet grade": (
        ("B", {}, [(OCT5, None), (NOV10, None)], [], []),
        ("B", "B", set()),
    ),
    "grade edited in the sheet without a contact": (
        ("A", {}, [(OCT5, "C")], [], []),
        ("C", "A", {"upgraded"}),
    ),
    "sheet grade wins over the latest contact": (
        ("B", {}, [(OCT5, "B"), (NOV10, "H")], [], []),
        ("B", "B", set()),
    ),
    "before the first graded contact the earliest grade holds": (
        ("B", {}, [(NOV10, "B")], [], []),
        ("B", "B", set()),
    ),
    "ordered with no hot grade known starts at C": (
        ("O", {}, [(NOV10, "O")], [], []),
        ("C", "O", {"ordered"}),
    ),
    "back from lost to a hot grade is an upgrade": (
        ("B", {}, [(OCT5, "F"), (NOV10, "B")], [], []),
        ("F", "B", {"upgraded"}),
    ),
    "a contact dated after today does not count": (
        ("B", {}, [(OCT5, "B"), (date(2026, 11, 25), "O")], [], []),
        ("B", "B", set()),
    ),
}


def _situation_frames(grade, overrides, contacts, deliveries, lost):
    cust = customer("C0001", grade, **overrides)
    return frames(
        customers=[cust],
        contacts=[contact("C0001", d, g) for d, g in contacts],
        deliveries=[{"customer_id": "C0001", "consultant": "Li"} | d for d in deliveries],
        lost=[{"customer_id": "C0001", "consultant": "Li"} | row for row in lost],
    )


@pytest.mark.parametrize("situation", SITUATIONS.values(), ids=SITUATIONS.keys())
def test_each_situation_gives_its_grades_and_moves(situation):
    given, (start, now, flags) = situation
    mc = month_customers(_situation_frames(*given), NOV, TODAY)
    row = mc.loc["C0001"]
    assert (None if pd.isna(row["start"]) else row["start"]) == start
    assert row["now"] == now
    assert {f for f in FLAGS if row[f]} == flags


def test_a_customer_first_contacted_after_now_is_not_in_the_month():
    f = frames(customers=[customer("C1", "C", first=date(2026, 11, 25)), customer("C2", "C")])
    assert list(month_customers(f, NOV, TODAY).index) == ["C2"]


def test_a_past_month_is_read_at_its_last_day():
    f = frames(
        customers=[customer("C1", "H")],
        contacts=[
            contact("C1", date(2026, 9, 20), "C"),
            contact("C1", date(2026, 10, 10), "B"),
            contact("C1", NOV3, "H"),
        ],
    )
    row = month_customers(f, "2026-10", TODAY).loc["C1"]
    assert (row["start"], row["now"], bool(row["upgraded"])) == ("C", "B", True)
    assert as_of("2026-10", TODAY) == date(2026, 10, 31)


def test_a_hand_added_customer_without_id_is_followed_by_phone():
    cust = customer(None, "A", phone="13912345678")
    f = frames(customers=[cust], contacts=[contact(None, OCT5, "C", phone="13912345678")])
    mc = month_customers(f, NOV, TODAY)
    assert len(mc) == 1
    assert (mc.iloc[0]["start"], mc.iloc[0]["now"], bool(mc.iloc[0]["upgraded"])) == ("C", "A", True)


def test_grade_on_a_day_follows_the_latest_contact_that_day_in_time_order():
    f = frames(
        customers=[customer("C1", "A")],
        contacts=[contact("C1", NOV3, "H", time="16:00"), contact("C1", NOV3, "B", time="09:30")],
    )
    hist = grade_history(f, TODAY)
    assert hist.on(NOV3)["C1"] == "H"
    assert hist.on(TODAY)["C1"] == "A"
    assert pd.isna(hist.on(date(2026, 8, 31))["C1"])


def _team():
    customers = [
        customer("C1", "A", consultant="Li", model="Aurora", source="walk_in"),
        customer("C2", "H", consultant="Li", model="Nova", source="online"),
        customer("C3", "O", consultant="Zhao", model="Nova", source="online"),
        customer("C4", "C", consultant="Zhao", model="Aurora", source="referral", first_contact=NOV3),
        customer("C5", "F", consultant="Zhao", model="Aurora", source="walk_in"),
        customer("C6", "B", consultant="Li", model=None, source=None),
    ]
    contacts = [
        contact("C1", OCT5, "B", "first visit"),
        contact("C1", NOV3, "A", "liked the test drive", type="test_drive", next_date=date(2026, 11, 22)),
        contact("C2", OCT5, "H"),
        contact("C3", OCT5, "A"),
        contact("C3", NOV10, "O", "signed", type="order"),
        contact("C4", NOV3, "C", "walk-in, browsing", type="visit"),
        contact("C5", OCT5, "B"),
        contact("C5", date(2026, 11, 12), "F", "bought elsewhere"),
        contact("C6", date(2026, 11, 29), None, "future note"),
    ]
    return frames(customers=customers, contacts=contacts)


def test_monthly_table_counts_per_consultant_with_a_total_row():
    table = monthly_table(month_customers(_team(), NOV, TODAY), groups=["Li", "Zhao", "Qian"])
    assert list(table.columns) == table_columns()
    assert list(table.index) == ["Li", "Zhao", "Qian", TOTAL]
    li, zhao, qian = table.loc["Li"], table.loc["Zhao"], table.loc["Qian"]
    assert (li["start_B"], li["start_H"], li["start_hot"]) == (2, 1, 3)  # C1 B, C6 B, C2 H
    assert (li["now_A"], li["now_H"], li["now_B"], li["upgraded"]) == (1, 1, 1, 1)
    assert (zhao["start_A"], zhao["start_B"], zhao["new"], zhao["new_C"]) == (1, 1, 1, 1)
    assert (zhao["ordered"], zhao["lost"], zhao["now_hot"]) == (1, 1, 1)
    assert qian.sum() == 0
    assert (table.loc[TOTAL] == table.drop(index=TOTAL).sum()).all()


@pytest.mark.parametrize(
    ("by", "group", "column", "expected"),
    [
        ("model", "Nova", "ordered", 1),
        ("model", "Aurora", "now_hot", 2),
        ("model", "", "now_B", 1),
        ("source", "online", "start_hot", 2),
        ("source", "walk_in", "lost", 1),
        ("source", "referral", "new", 1),
    ],
)
def test_monthly_table_counts_by_model_and_by_source(by, group, column, expected):
    table = monthly_table(month_customers(_team(), NOV, TODAY), by=by)
    assert table.loc[group, column] == expected


def test_month_rows_list_hot_at_start_hot_now_or_new():
    rows = month_rows(month_customers(_team(), NOV, TODAY))
    assert set(rows.index) == {"C1", "C2", "C3", "C4", "C5", "C6"}
    only_out = frames(customers=[customer("C9", "F")], contacts=[contact("C9", OCT5, "F")])
    assert month_rows(month_customers(only_out, NOV, TODAY)).empty


def test_hot_list_shows_only_hot_customers_with_last_contact_notes_and_next_date():
    rows = hot_list(_team(), TODAY)
    assert list(rows.index) == ["C2", "C1", "C6", "C4"]  # H, A, B, C
    c1 = rows.loc["C1"]
    assert c1["last_contact"] == pd.Timestamp(NOV3)
    assert c1["notes"] == "liked the test drive"
    assert c1["next_due"] == pd.Timestamp(2026, 11, 22)
    assert pd.isna(rows.loc["C6", "last_contact"])  # the only contact is after today


def test_hot_list_takes_the_earliest_due_follow_up_when_given():
    due = pd.DataFrame(
        {"customer_id": ["C1", "C1", "C2"], "due": pd.to_datetime(["2026-11-21", "2026-11-19", "2026-11-18"])}
    )
    rows = hot_list(_team(), TODAY, due=due)
    assert rows.loc["C1", "next_due"] == pd.Timestamp(2026, 11, 19)
    assert rows.loc["C2", "next_due"] == pd.Timestamp(2026, 11, 18)
    assert pd.isna(rows.loc["C4", "next_due"])


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, {"C1", "C2", "C4", "C6"}),
        ({"consultant": ["Zhao"]}, {"C4"}),
        ({"grade": ["H", "A"]}, {"C1", "C2"}),
        ({"model": ["Nova"]}, {"C2"}),
        ({"source": ["online", "referral"]}, {"C2", "C4"}),
        ({"consultant": ["Li"], "grade": ["C"]}, set()),
    ],
)
def test_filter_hot_keeps_rows_matching_every_chosen_filter(filters, expected):
    assert set(filter_hot(hot_list(_team(), TODAY), **filters).index) == expected


def test_weekly_notes_put_each_contact_result_in_its_week_column():
    notes = weekly_notes(_team(), NOV, TODAY)
    assert list(notes.columns) == ["W1", "W2", "W3", "W4", "W5"]
    assert notes.loc["C1", "W1"] == "11/03 liked the test drive →A"
    assert notes.loc["C3", "W2"] == "11/10 signed →O"
    assert notes.loc["C5", "W2"] == "11/12 bought elsewhere →F"
    assert "C6" not in notes.index  # after today


def test_trend_points_are_the_start_and_each_week_end_up_to_now():
    assert trend_days(NOV, TODAY) == [
        ("start", date(2026, 10, 31)),
        ("W1", date(2026, 11, 7)),
        ("W2", date(2026, 11, 14)),
        ("W3", date(2026, 11, 20)),
    ]
    assert [p for p, _ in trend_days("2026-10", TODAY)] == ["start", "W1", "W2", "W3", "W4", "W5"]
    assert [p for p, _ in trend_days("2027-02", date(2027, 3, 5))] == ["start", "W1", "W2", "W3", "W4"]


def test_weekly_trend_counts_h_and_a_customers_at_each_point():
    trend = weekly_trend(grade_history(_team(), TODAY), NOV, TODAY)
    counts = {(r.point, r.grade): r.count for r in trend.itertuples()}
    assert counts[("start", "H")] == 1 and counts[("start", "A")] == 1  # C2 H; C3 A
    assert counts[("W1", "A")] == 2  # C1 upgraded on the 3rd
    assert counts[("W2", "A")] == 1  # C3 ordered on the 10th


def test_funnel_counts_leads_test_drives_orders_and_deliveries():
    f = _team()
    mc = month_customers(f, NOV, TODAY)
    assert funnel(f, mc, NOV, TODAY)["count"].tolist() == [1, 1, 1, 0]


def test_conversion_by_source_divides_orders_by_leads_in_play():
    conv = conversion_by_source(month_customers(_team(), NOV, TODAY)).set_index("source")
    assert (conv.loc["online", "leads"], conv.loc["online", "orders"]) == (2, 1)
    assert conv.loc["online", "rate"] == pytest.approx(0.5)
    assert conv.loc["walk_in", "rate"] == 0.0


def test_an_empty_workbook_gives_empty_tables_not_errors():
    from workbook import schema

    untyped = {
        s.key: pd.DataFrame({**{c.key: pd.Series(dtype="object") for c in s.columns}, "_row": pd.Series(dtype="int64")})
        for s in schema.SHEETS
    }
    for f in (frames(), untyped):
        hist = grade_history(f, TODAY)
        mc = month_customers(f, NOV, TODAY, hist)
        assert monthly_table(mc, groups=["Li"]).loc["Li"].sum() == 0
        assert hot_list(f, TODAY, history=hist).empty
        assert weekly_notes(f, NOV, TODAY, hist).empty
        assert weekly_trend(hist, NOV, TODAY)["count"].sum() == 0
        assert funnel(f, mc, NOV, TODAY, hist)["count"].sum() == 0
        assert conversion_by_source(mc).empty

"""The weekly case review (本周成交/战败案例): which day holds it and which won and lost cases it lists."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from logic.case_review import case_review, is_review_day, review_weekday
from logic.evening_view import evening_view
from tests.support.frames_meetings import frames, staff

FRIDAY = date(2026, 11, 20)
WEEK_START = FRIDAY - timedelta(days=6)


@pytest.mark.parametrize(
    ("setting", "weekday"),
    [(None, 1), (5, 5), ("5", 5), (7, 7), (0, 1), (8, 1), ("Friday", 1)],
)
def test_the_review_weekday_comes_from_the_setting_and_falls_back_to_monday(setting, weekday) -> None:
    assert review_weekday({} if setting is None else {"case_review_weekday": setting}) == weekday


def test_the_review_is_held_only_on_the_settings_weekday() -> None:
    assert is_review_day({"case_review_weekday": 5}, FRIDAY)
    assert not is_review_day({"case_review_weekday": 5}, FRIDAY - timedelta(days=1))
    assert not is_review_day({}, FRIDAY)  # the default is Monday


def _week_frames() -> dict:
    return frames(
        staff=staff("Li", "Zhao"),
        customers=[
            {
                "customer_id": "C1",
                "name": "Zhang",
                "consultant": "Zhao",
                "first_contact": WEEK_START,
                "grade": "O",
                "source": "walk_in",
            },
        ],
        deliveries=[
            {"customer_id": "C1", "customer": "Zhang", "consultant": "Zhao", "model": "X5", "order_date": FRIDAY},
            {"customer_id": "C2", "customer": "Wu", "consultant": "Li", "order_date": WEEK_START},
            {"customer_id": "C3", "customer": "Old", "consultant": "Li", "order_date": WEEK_START - timedelta(days=1)},
            {"customer_id": "C4", "customer": "Gone", "consultant": "Li", "order_date": FRIDAY, "status": "cancelled"},
        ],
        lost=[
            {"lost_id": "L1", "date": FRIDAY, "consultant": "Zhao", "customer": "Ma", "reason": "price"},
            {"lost_id": "L2", "date": WEEK_START, "consultant": "Li", "customer": "Qin", "decision": "approved"},
            {"lost_id": "L3", "date": FRIDAY, "consultant": "Li", "customer": "Xu", "decision": "rejected"},
            {"lost_id": "L4", "date": WEEK_START - timedelta(days=1), "consultant": "Li", "customer": "Early"},
        ],
    )


def test_the_week_is_the_seven_days_ending_with_the_meeting_and_cancelled_orders_and_rejected_requests_are_left_out():
    week = case_review(_week_frames(), FRIDAY, ["Li", "Zhao"])
    assert (week.start, week.end) == (WEEK_START, FRIDAY)
    assert [(x.consultant, x.customer) for x in week.won] == [("Li", "Wu"), ("Zhao", "Zhang")]
    assert [(x.case.consultant, x.case.customer, x.day) for x in week.lost] == [
        ("Li", "Qin", WEEK_START),
        ("Zhao", "Ma", FRIDAY),
    ]
    assert week.consultants == ["Li", "Zhao"]


def test_a_won_deal_names_the_model_the_order_date_and_where_the_customer_came_from() -> None:
    zhang = next(x for x in case_review(_week_frames(), FRIDAY).won if x.customer == "Zhang")
    assert (zhang.model, zhang.order_date, zhang.source) == ("X5", FRIDAY, "walk_in")


def test_the_evening_view_carries_the_review_only_on_the_review_day() -> None:
    f = _week_frames()
    assert evening_view(f, {"case_review_weekday": 5}, FRIDAY, None).case_review is not None
    assert evening_view(f, {"case_review_weekday": 1}, FRIDAY, None).case_review is None

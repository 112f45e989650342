"""The follow-up completion rate on plan vs actual: the figure on hand-built cards, and the list replayed only
for the busy cards against the full day-by-day replay it replaces, on the S sample for whole months."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd
import pytest

from logic import showroom
from logic.followups import due_followups
from logic.plan_actual import FollowupScore, busy_customers, followup_scores
from tests.support.frames import contact, customer, delivery, frames, staff
from tests.support.sample import SAMPLE_TODAY

FIRST = date(2026, 11, 2)


def replayed_scores(frames_: dict, settings: dict, start: date, end: date, today: date) -> dict[str, FollowupScore]:
    """The former computation, kept as the oracle: every customer's due list replayed for every day."""
    last = min(end, today)
    frames_ = {
        **frames_,
        "contacts": showroom.visits_as_contacts(frames_),
        showroom.LOG: frames_[showroom.LOG].iloc[0:0],
    }
    due: dict[str, int] = {}
    on_time: dict[str, int] = {}
    before = due_followups(frames_, settings, start - timedelta(days=1), horizon_days=1) if start <= last else None
    day = start
    while day <= last:
        now = due_followups(frames_, settings, day, horizon_days=1)
        today_items = now.loc[pd.to_datetime(now["due"]).dt.date.eq(day)]
        expected = pd.concat(
            [before.loc[pd.to_datetime(before["due"]).dt.date.eq(day)], today_items]  # type: ignore[union-attr]
        ).drop_duplicates(["customer_id", "_row", "kind"])
        still = set(zip(today_items["_row"], today_items["kind"], strict=True))
        for owner, row, kind in zip(expected["consultant"], expected["_row"], expected["kind"], strict=True):
            name = "" if owner is None or pd.isna(owner) else str(owner)
            done = (row, kind) not in still
            for key in {name, ""}:
                due[key] = due.get(key, 0) + 1
                on_time[key] = on_time.get(key, 0) + done
        before = now
        day += timedelta(days=1)
    current = due_followups(frames_, settings, today)
    overdue = current.loc[current["overdue_days"] > 0, "consultant"].astype("string").fillna("").value_counts()
    names = {*due, *overdue.index, ""}
    return {
        n: FollowupScore(due.get(n, 0), on_time.get(n, 0), int(overdue.get(n, 0)) if n else int(overdue.sum()))
        for n in names
    }


def _cards() -> dict:
    """Three new leads of 11-02: C1 called the next day (on time), C2 three days later (late), C3 never."""
    return frames(
        staff=staff("李娜", "王强"),
        customers=[customer("C1", FIRST), customer("C2", FIRST), customer("C3", FIRST, consultant="王强")],
        contacts=[contact("C1", FIRST + timedelta(days=1)), contact("C2", FIRST + timedelta(days=3))],
    )


def test_the_completion_rate_is_the_share_of_items_done_by_their_due_day_per_owner_and_for_the_store() -> None:
    scores = followup_scores(_cards(), {}, date(2026, 11, 1), date(2026, 11, 30), date(2026, 11, 6))
    assert (scores["李娜"].due, scores["李娜"].on_time) == (2, 1)
    assert scores["李娜"].completion_rate == pytest.approx(1 / 2)
    assert (scores["王强"].due, scores["王强"].on_time, scores["王强"].overdue) == (1, 0, 1)
    assert (scores[""].due, scores[""].on_time, scores[""].overdue) == (3, 1, 1)


def test_an_item_due_after_today_or_outside_the_period_is_not_yet_counted() -> None:
    scores = followup_scores(_cards(), {}, date(2026, 11, 4), date(2026, 11, 30), date(2026, 11, 6))
    assert scores[""].due == 0 and scores[""].completion_rate is None  # the greetings were due on 11-03
    assert followup_scores(_cards(), {}, date(2026, 11, 1), date(2026, 11, 30), date(2026, 11, 2))[""].due == 0


def test_only_cards_with_a_contact_in_the_period_or_a_car_to_deliver_are_replayed_and_their_phone_mates_too() -> None:
    f = frames(
        customers=[
            customer("C1"),
            customer("C2"),
            customer("C3", phone=customer("C1")["phone"]),  # shares C1's phone
            customer("C4"),
            customer("C5"),
        ],
        contacts=[contact("C1", FIRST + timedelta(days=2)), contact("C4", FIRST - timedelta(days=5))],
        deliveries=[delivery("C5", None, status="planned")],
    )
    busy = busy_customers(f, FIRST, FIRST + timedelta(days=10))
    assert list(f["customers"].loc[busy, "customer_id"]) == ["C1", "C3", "C5"]


def test_the_scores_equal_the_full_replay_on_hand_built_cards() -> None:
    for today in (date(2026, 11, 3), date(2026, 11, 4), date(2026, 11, 6), date(2026, 12, 10)):
        args = (_cards(), {}, date(2026, 11, 1), date(2026, 11, 30), today)
        assert followup_scores(*args) == replayed_scores(*args), today


def _festival_cards(first: date, greeted: date) -> dict:
    """Four cards of an older month, quiet since (two greeted on `greeted`), a store closed on 09-23."""
    old = [customer(f"C{i}", first, grade="C") for i in range(1, 5)]
    return frames(
        staff=staff("李娜"),
        customers=old,
        contacts=[contact(c["customer_id"], first) for c in old]
        + [contact("C1", greeted), contact("C2", greeted, "message")],
        calendar=[{"date": date(2026, 9, 23), "kind": "closed", "name": "店休"}],
    )


@pytest.mark.parametrize(
    ("month", "today", "greeted"),
    [
        ("2026-09", date(2026, 10, 5), date(2026, 9, 29)),  # Mid-Autumn (greeted 09-23, closed: 09-24), National Day
        ("2026-02", date(2026, 3, 10), date(2026, 2, 15)),  # Spring Festival, and the Lantern Festival's greeting 03-01
        ("2026-03", date(2026, 3, 2), date(2026, 2, 15)),  # the month so far
    ],
)
def test_holiday_greetings_of_cards_quiet_in_the_period_count_as_in_the_full_replay(month, today, greeted) -> None:
    from logic.plan_actual import greeting_days, month_bounds

    f = _festival_cards(date(2026, 1, 5), greeted)
    start, end = month_bounds(month)
    assert greeting_days(f, {}, start, min(end, today))  # a festival's greeting falls in the period
    fast = followup_scores(f, {}, start, end, today)
    assert fast == replayed_scores(f, {}, start, end, today)
    assert fast[""].due >= 2  # the quiet cards' greetings were counted


@pytest.mark.slow
@pytest.mark.parametrize("month", ["2026-09", "2026-10", "2026-11"])  # festivals: Mid-Autumn, National Day
def test_the_scores_equal_the_full_replay_on_the_s_sample_for_a_whole_month(_sample_master_zh, month) -> None:
    from logic.plan_actual import month_bounds
    from workbook.reading import read_workbook

    wb = read_workbook(_sample_master_zh, today=SAMPLE_TODAY)
    start, end = month_bounds(month)
    fast = followup_scores(wb.frames, wb.settings, start, end, SAMPLE_TODAY)
    assert fast[""].due > 100  # the sample's month has items to count
    assert fast == replayed_scores(wb.frames, wb.settings, start, end, SAMPLE_TODAY)

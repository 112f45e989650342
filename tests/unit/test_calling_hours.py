"""The calling window: timed follow-up items wait for its next opening (dates worked out by hand from DOMAIN.md)."""

from __future__ import annotations

from datetime import date, datetime, time

import numpy as np
import pytest

from logic.calling_hours import NO_TIME, calling_window, into_window, window_text
from logic.followups import due_followups, to_items
from tests.support.frames import customer, delivery, frames, staff
from workbook.schema import default_settings

NOV_20 = date(2026, 11, 20)  # a Friday


def settings(**overrides):
    s = default_settings()
    s.update({"birthday_greeting": False, "greeting_festivals": ()})
    s.update(overrides)
    return s


def delivered_at(at: datetime, **sheets) -> dict:
    return frames(
        customers=[customer("C1", date(2026, 9, 1), grade="D")],
        deliveries=[delivery("C1", at, delivery_id="D1")],
        staff=staff("李娜"),
        **sheets,
    )


def items(f, today: date, horizon_days: int = 0, **s) -> dict:
    """{kind: (due, due_at)} of C1's items due by `today` (+ `horizon_days`)."""
    d = due_followups(f, settings(**s), today, horizon_days=horizon_days)
    return {it.kind: (it.due, it.due_at) for it in to_items(d)}


def test_the_message_an_hour_after_a_1930_delivery_is_due_next_morning_at_opening():
    f = delivered_at(datetime(2026, 11, 20, 19, 30))  # 20:30 is after the window (until 20:00)
    assert "after_delivery_1h" not in items(f, NOV_20)
    got = items(f, date(2026, 11, 21))
    assert got["after_delivery_1h"] == (date(2026, 11, 21), datetime(2026, 11, 21, 9, 0))


def test_the_safe_arrival_call_after_a_1930_delivery_is_still_that_evening():
    f = delivered_at(datetime(2026, 11, 20, 19, 30))
    assert items(f, NOV_20)["after_delivery_arrival"] == (NOV_20, datetime(2026, 11, 20, 19, 30))


def test_an_afternoon_delivery_keeps_its_message_at_its_hour():
    f = delivered_at(datetime(2026, 11, 20, 15, 0))
    assert items(f, NOV_20)["after_delivery_1h"] == (NOV_20, datetime(2026, 11, 20, 16, 0))


def test_an_early_morning_message_waits_for_the_same_days_opening():
    f = delivered_at(datetime(2026, 11, 20, 7, 0))  # the message at 08:00, before 09:00
    assert items(f, NOV_20)["after_delivery_1h"] == (NOV_20, datetime(2026, 11, 20, 9, 0))


def test_the_window_comes_from_the_settings():
    f = delivered_at(datetime(2026, 11, 20, 19, 30))
    wide = items(f, NOV_20, calling_hours_start="08:30", calling_hours_end="21:00")
    assert wide["after_delivery_1h"] == (NOV_20, datetime(2026, 11, 20, 20, 30))
    late_opening = items(f, date(2026, 11, 21), calling_hours_start="10:00")
    assert late_opening["after_delivery_1h"] == (date(2026, 11, 21), datetime(2026, 11, 21, 10, 0))


def test_a_closed_next_day_moves_the_message_further_to_the_next_opening():
    closed = [{"date": date(2026, 11, 21), "kind": "closed", "name": "店休"}]
    f = delivered_at(datetime(2026, 11, 20, 19, 30), calendar=closed)
    got = items(f, date(2026, 11, 22))
    assert got["after_delivery_1h"] == (date(2026, 11, 22), datetime(2026, 11, 22, 9, 0))
    assert "after_delivery_1h" not in items(f, date(2026, 11, 21))


def test_items_without_a_time_have_no_due_time_but_carry_the_window():
    f = frames(customers=[customer("C1", date(2026, 11, 19))], staff=staff("李娜"))
    (item,) = to_items(due_followups(f, settings(calling_hours_end="19:00"), NOV_20))
    assert (item.kind, item.due_at, item.window) == ("new_lead_24h", None, (time(9, 0), time(19, 0)))
    assert item.as_json()["window"] == "09:00-19:00" and item.as_json()["due_at"] is None


def test_a_timed_item_shows_its_due_time_in_json_as_iso():
    f = delivered_at(datetime(2026, 11, 20, 19, 30))
    d = to_items(due_followups(f, settings(), date(2026, 11, 21)))
    message = next(it for it in d if it.kind == "after_delivery_1h")
    assert message.as_json()["due_at"] == "2026-11-21T09:00"
    assert message.as_json()["due"] == "2026-11-21"


def test_a_rescheduled_timed_item_is_due_on_its_new_day_without_a_time():
    resched = [{"customer_id": "C1", "kind": "after_delivery_1h", "new_due": date(2026, 11, 23), "at": NOV_20}]
    f = delivered_at(datetime(2026, 11, 20, 19, 30), reschedules=resched)
    assert items(f, date(2026, 11, 23))["after_delivery_1h"] == (date(2026, 11, 23), None)


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        ("09:00", "20:00", (time(9), time(20))),
        ("8:30", "21:00", (time(8, 30), time(21))),
        (time(10), time(18), (time(10), time(18))),
        ("nine", "20:00", (time(9), time(20))),  # not a time: the default start
        (None, None, (time(9), time(20))),  # an older workbook without the rows
        ("21:00", "08:00", (time(9), time(20))),  # ends before it starts: the defaults
    ],
)
def test_the_calling_window_reads_the_settings_with_defaults(start, end, expected):
    s = {} if start is None else {"calling_hours_start": start, "calling_hours_end": end}
    assert calling_window(s) == expected


def test_times_outside_the_window_move_to_its_next_opening():
    days = np.array([100, 100, 100, 100, 100])
    minutes = np.array([8 * 60, 9 * 60, 19 * 60 + 59, 20 * 60, NO_TIME])
    got_days, got_minutes = into_window(days, minutes, (time(9), time(20)))
    assert got_days.tolist() == [100, 100, 100, 101, 100]
    assert got_minutes.tolist() == [540, 540, 1199, 540, NO_TIME]
    assert window_text((time(9), time(20))) == "09:00-20:00"

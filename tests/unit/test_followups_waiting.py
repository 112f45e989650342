"""Waiting for the car: the allocation, the balance and a delay told at once (dates worked out by hand from DOMAIN.md)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from logic.followups import due_followups
from tests.support.frames import contact, customer, delivery, frames, staff
from workbook.schema import default_settings

ORDER = date(2026, 11, 2)  # the contract
EXPECTED = datetime(2026, 12, 10, 10, 0)  # the expected delivery (交车时间)
NEWS = ("car_allocated", "balance_reminder", "delivery_delay")


def settings(**overrides):
    s = default_settings()
    s.update({"birthday_greeting": False, "greeting_festivals": ()})
    s.update(overrides)
    return s


def waiting(*contacts, at: datetime | None = EXPECTED, calendar=(), **columns) -> dict:
    """An ordered customer with a planned delivery carrying `columns`, and a weekly call kept up."""
    return frames(
        customers=[customer("C1", date(2026, 10, 20), grade="O")],
        deliveries=[delivery("C1", at, status="planned", order_date=ORDER, delivery_id="D1", **columns)],
        contacts=list(contacts),
        staff=staff("李娜"),
        calendar=list(calendar),
    )


def news(f, today: date, **s) -> dict[str, int]:
    """{kind: overdue_days} of the waiting-for-car news items due on `today`."""
    d = due_followups(f, settings(**s), today)
    return {r.kind: r.overdue_days for r in d.itertuples() if r.kind in NEWS}


def day(n: int) -> date:
    return date(2026, 12, n)


# --------------------------------------------------------------------------- the car allocated


@pytest.mark.parametrize(("today", "expected"), [(day(1), None), (day(2), 0), (day(5), 3)])
def test_an_allocation_on_a_day_is_due_that_day(today, expected):
    f = waiting(allocated_on=day(2))
    assert news(f, today).get("car_allocated") == expected


@pytest.mark.parametrize(
    ("contact_row", "done"),
    [
        (contact("C1", day(2), "call"), True),
        (contact("C1", day(3), "message"), True),
        (contact("C1", day(1), "call"), False),  # before the car was allocated: not the news
        (contact("C1", day(2), "call", outcome="no_answer"), False),  # a try, not the news told
        (contact("C1", day(2), "other", followup_kind="car_allocated"), True),
    ],
)
def test_the_allocation_is_told_by_a_contact_from_that_day(contact_row, done):
    f = waiting(contact_row, allocated_on=day(2))
    assert ("car_allocated" not in news(f, day(4))) == done


def test_an_allocation_on_a_closed_day_is_due_the_next_open_day():
    closed = [{"date": day(2), "kind": "closed", "name": "店休"}]
    f = waiting(allocated_on=day(2), calendar=closed)
    assert "car_allocated" not in news(f, day(2))
    assert news(f, day(3))["car_allocated"] == 0


def test_a_delivered_car_needs_no_allocation_news():
    f = frames(
        customers=[customer("C1", date(2026, 10, 20), grade="D")],
        deliveries=[delivery("C1", datetime(2026, 12, 3, 10), allocated_on=day(1), order_date=ORDER)],
        staff=staff("李娜"),
    )
    assert news(f, day(4)) == {}


# --------------------------------------------------------------------------- the balance


@pytest.mark.parametrize(
    ("columns", "reminder_days", "due_day"),
    [
        ({"balance_due": day(8)}, 3, day(5)),  # three days before the agreed balance day
        ({"balance_due": day(8)}, 5, day(3)),  # the setting
        ({"balance_due": day(20)}, 3, day(7)),  # agreed after the delivery: chased before the delivery
        ({"balance_due": date(2026, 11, 3)}, 3, ORDER),  # never before the contract
    ],
)
def test_the_balance_is_chased_some_days_before_it_is_due(columns, reminder_days, due_day):
    f = waiting(**columns)
    assert "balance_reminder" not in news(f, due_day - timedelta(days=1), balance_reminder_days=reminder_days)
    assert news(f, due_day, balance_reminder_days=reminder_days)["balance_reminder"] == 0
    assert news(f, due_day + timedelta(days=2), balance_reminder_days=reminder_days)["balance_reminder"] == 2


def test_a_paid_balance_is_not_chased():
    f = waiting(balance_due=day(8), balance_paid_on=day(1))
    assert "balance_reminder" not in news(f, day(9))


def test_the_balance_reminder_is_done_by_a_call_from_its_day_not_before():
    assert "balance_reminder" not in news(waiting(contact("C1", day(6), "call"), balance_due=day(8)), day(9))
    assert news(waiting(contact("C1", day(4), "call"), balance_due=day(8)), day(9))["balance_reminder"] == 4


def test_without_an_agreed_balance_day_nothing_is_chased():
    assert "balance_reminder" not in news(waiting(), day(9))


# --------------------------------------------------------------------------- a delay


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (day(1), 0),  # seen before the promised day: due the day it is seen
        (day(5), 0),  # the promised day itself
        (day(7), 2),  # the promised day has passed and the customer was not told: overdue from it
    ],
)
def test_a_delay_is_due_the_day_it_is_seen(today, expected):
    f = waiting(promised_delivery=day(5))  # the contract says 12-05, the car is now expected 12-10
    assert news(f, today)["delivery_delay"] == expected


def test_no_delay_when_the_expected_day_is_the_promised_one_or_earlier():
    assert "delivery_delay" not in news(waiting(promised_delivery=day(10)), day(3))
    assert "delivery_delay" not in news(waiting(promised_delivery=day(12)), day(3))
    assert "delivery_delay" not in news(waiting(at=None, promised_delivery=day(5)), day(3))


def test_a_delay_is_done_by_a_contact_naming_it_and_stays_done_the_next_days():
    told = contact("C1", day(3), "call", followup_kind="delivery_delay")
    f = waiting(told, promised_delivery=day(5))
    assert [news(f, d).get("delivery_delay") for d in (day(3), day(4), day(8))] == [None, None, None]


def test_an_ordinary_call_does_not_count_as_telling_of_the_delay():
    f = waiting(contact("C1", day(3), "call", followup_kind="waiting_car"), promised_delivery=day(5))
    assert news(f, day(3))["delivery_delay"] == 0


def test_a_delay_seen_on_a_closed_day_is_due_the_next_open_day():
    closed = [{"date": day(3), "kind": "closed", "name": "店休"}]
    f = waiting(promised_delivery=day(5), calendar=closed)
    d = due_followups(f, settings(), day(3), horizon_days=1)
    row = d[d["kind"] == "delivery_delay"].iloc[0]
    assert (row["due"], row["overdue_days"]) == (day(4), -1)


# --------------------------------------------------------------------------- together


def test_the_news_items_name_the_delivery_and_belong_to_the_consultant():
    f = waiting(allocated_on=day(2), balance_due=day(8), promised_delivery=day(5))
    d = due_followups(f, settings(), day(6))
    rows = d[d["kind"].isin(NEWS)]
    assert sorted(rows["kind"]) == sorted(NEWS)
    assert set(rows["delivery_id"]) == {"D1"} and set(rows["consultant"]) == {"李娜"}
    assert set(rows["script"].str.len() > 20) == {True}


def test_a_promised_call_back_does_not_hold_the_news():
    promise = contact("C1", day(1), "call", next_date=day(9))
    f = waiting(promise, allocated_on=day(2))
    assert news(f, day(2))["car_allocated"] == 0


def test_a_delivery_without_the_new_columns_gives_only_the_weekly_call():
    f = waiting(contact("C1", date(2026, 11, 25), "call"))
    got = due_followups(f, settings(), day(3))
    assert set(got["kind"]) == {"waiting_car"}

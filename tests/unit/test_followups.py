"""The follow-up cadence on hand-built frames: (situation, expected) tables per rule."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pandas as pd
import pytest

from logic.followups import DUE_COLUMNS, KINDS, due_followups, to_items
from tests.support.frames import contact, customer, delivery, frames, staff
from workbook.schema import default_settings

TODAY = date(2026, 11, 22)  # a Sunday: the store is open
NO_GREETINGS = {"birthday_greeting": False, "greeting_festivals": ()}


def settings(**overrides):
    s = default_settings()
    s.update(NO_GREETINGS)
    s.update(overrides)
    return s


def due(f, today=TODAY, **kw):
    """{(customer_id, kind): overdue_days} of the items due on `today`."""
    s = kw.pop("settings", None) or settings()
    d = due_followups(f, s, today, **kw)
    return {(r.customer_id, r.kind): r.overdue_days for r in d.itertuples()}


def kinds(f, today=TODAY, **kw):
    return {k for (_, k) in due(f, today, **kw)}


def ago(n: int) -> date:
    return TODAY - timedelta(days=n)


# --------------------------------------------------------------------------- new leads


@pytest.mark.parametrize(
    ("first_days_ago", "expected"),
    [
        (0, None),  # came in today: the greeting is due tomorrow
        (1, 0),  # exactly 24 hours: due today
        (2, 1),  # a day late
        (40, 39),  # stays overdue until done
    ],
)
def test_new_lead_is_due_within_24_hours(first_days_ago, expected):
    f = frames(customers=[customer("C1", ago(first_days_ago))], staff=staff("李娜"))
    assert due(f).get(("C1", "new_lead_24h")) == expected


def test_the_first_visit_itself_is_not_the_greeting():
    f = frames(
        customers=[customer("C1", ago(1))],
        contacts=[contact("C1", ago(1), "visit"), contact("C1", ago(1), "test_drive", first_visit=True)],
    )
    assert due(f)[("C1", "new_lead_24h")] == 0


def test_a_lone_call_on_the_first_day_is_the_phone_in_itself():
    f = frames(
        customers=[customer("C1", ago(1), source="phone_in")], contacts=[contact("C1", ago(1), "call", time="10:00")]
    )
    assert due(f)[("C1", "new_lead_24h")] == 0
    f = frames(
        customers=[customer("C1", ago(1))],
        contacts=[contact("C1", ago(1), "call", time="18:00"), contact("C1", ago(1), "call", time="10:00")],
    )
    assert ("C1", "new_lead_24h") not in due(f)


@pytest.mark.parametrize("type_", ["call", "message", "home_visit"])
def test_a_call_or_message_on_the_first_day_is_the_greeting(type_):
    f = frames(
        customers=[customer("C1", ago(1))], contacts=[contact("C1", ago(1), "visit"), contact("C1", ago(1), type_)]
    )
    assert ("C1", "new_lead_24h") not in due(f)


@pytest.mark.parametrize(
    ("first_days_ago", "contact_days", "expected"),
    [
        (6, [6], None),  # day 6: the week-1 follow-up is not due yet
        (7, [7], 0),  # day 7: due today
        (8, [8], 1),  # day 8: one day overdue
        (8, [8, 5], None),  # greeting on day 0, follow-up on day 3: done
        (8, [7, 7], 1),  # two contacts on one day count once
    ],
)
def test_first_follow_up_is_due_within_a_week(first_days_ago, contact_days, expected):
    visit = contact("C1", ago(first_days_ago), "visit", first_visit=True)
    cs = [visit] + [contact("C1", ago(d), "message" if d == first_days_ago else "call") for d in contact_days]
    f = frames(customers=[customer("C1", ago(first_days_ago))], contacts=cs)
    assert due(f).get(("C1", "new_lead_week1")) == expected


@pytest.mark.parametrize(
    ("first_days_ago", "n_contacts", "expected"),
    [
        (14, 2, 0),  # greeting + one follow-up by day 14: the second is due today
        (15, 2, 1),
        (15, 3, None),
        (13, 2, None),
    ],
)
def test_second_follow_up_is_due_within_two_weeks(first_days_ago, n_contacts, expected):
    cs = [contact("C1", ago(first_days_ago), "visit", first_visit=True)]
    cs += [contact("C1", ago(first_days_ago - i - 1), "call") for i in range(n_contacts)]
    f = frames(customers=[customer("C1", ago(first_days_ago))], contacts=cs)
    assert due(f).get(("C1", "new_lead_week2")) == expected


@pytest.mark.parametrize(
    ("first_days_ago", "n_contacts", "expected"), [(30, 3, 0), (31, 3, 1), (31, 4, None), (29, 0, None)]
)
def test_third_follow_up_is_due_within_a_month(first_days_ago, n_contacts, expected):
    cs = [contact("C1", ago(first_days_ago), "call")]  # the phone-in that made the lead
    cs += [contact("C1", ago(first_days_ago - i - 1), "message") for i in range(n_contacts)]
    f = frames(customers=[customer("C1", ago(first_days_ago))], contacts=cs)
    assert due(f).get(("C1", "new_lead_month1")) == expected


def test_lead_cadence_numbers_come_from_the_settings():
    f = frames(
        customers=[customer("C1", ago(3))], contacts=[contact("C1", ago(3), "visit"), contact("C1", ago(2), "call")]
    )
    assert ("C1", "new_lead_week1") not in due(f)
    assert due(f, settings=settings(new_lead_week1_days=3))[("C1", "new_lead_week1")] == 0
    f = frames(customers=[customer("C1", ago(2))])
    assert due(f, settings=settings(new_lead_intro_hours=48))[("C1", "new_lead_24h")] == 0


def test_a_contact_tagged_with_the_kind_always_does_the_item():
    f = frames(
        customers=[customer("C1", ago(1))],
        contacts=[contact("C1", ago(1), "visit", followup_kind="new_lead_24h")],
    )
    assert ("C1", "new_lead_24h") not in due(f)


@pytest.mark.parametrize(
    ("last_days_ago", "expected"),
    [(29, None), (30, 0), (45, 15)],
)
def test_after_the_first_month_a_lead_is_followed_up_monthly(last_days_ago, expected):
    cs = [contact("C1", ago(d), "call") for d in (100, 99, 95, 90, 80, last_days_ago)]
    f = frames(customers=[customer("C1", ago(100), grade="C")], contacts=cs)
    got = due(f, settings=settings(grade_interval_C=99))
    assert got.get(("C1", "monthly")) == expected


@pytest.mark.parametrize(
    ("grade", "last_days_ago", "expected"),
    [
        ("H", 1, None),
        ("H", 2, 0),
        ("H", 5, 3),
        ("A", 3, 0),
        ("B", 7, 0),
        ("B", 6, None),
        ("C", 14, 0),
        ("C", 13, None),
    ],
)
def test_hot_grades_set_a_minimum_contact_interval(grade, last_days_ago, expected):
    cs = [contact("C1", ago(d), "call") for d in (60, 59, 55, 50, 40, last_days_ago)]
    f = frames(customers=[customer("C1", ago(60), grade=grade)], contacts=cs)
    assert due(f).get(("C1", "grade_interval")) == expected


def test_grade_intervals_are_configurable():
    cs = [contact("C1", ago(d), "call") for d in (60, 59, 55, 50, 40, 1)]
    f = frames(customers=[customer("C1", ago(60), grade="H")], contacts=cs)
    assert due(f, settings=settings(grade_interval_H=1))[("C1", "grade_interval")] == 0


@pytest.mark.parametrize("grade", ["F", "Z"])
def test_lost_and_dormant_customers_get_no_follow_ups(grade):
    f = frames(customers=[customer("C1", ago(400), grade=grade, birthday=date(1990, 11, 22))])
    assert due(f, settings=settings(birthday_greeting=True)) == {}


@pytest.mark.parametrize(("first_days_ago", "expected"), [(364, None), (365, 0), (366, 1)])
def test_a_lead_a_year_old_goes_to_the_manager_for_review(first_days_ago, expected):
    cs = [contact("C1", ago(d), "call") for d in range(0, first_days_ago, 10)]
    f = frames(customers=[customer("C1", ago(first_days_ago), grade="C")], contacts=cs, staff=staff("李娜"))
    d = due_followups(f, settings(), TODAY)
    rows = d[d["kind"] == "dormancy_review"]
    if expected is None:
        assert rows.empty
    else:
        assert rows["overdue_days"].tolist() == [expected]
        assert rows["consultant"].tolist() == ["王经理"]
        assert rows["customer_consultant"].tolist() == ["李娜"]


def test_the_dormancy_review_is_done_by_a_contact_tagged_with_it():
    f = frames(
        customers=[customer("C1", ago(400), grade="C")],
        contacts=[contact("C1", ago(1), "other", followup_kind="dormancy_review", consultant="王经理")],
        staff=staff("李娜"),
    )
    assert "dormancy_review" not in kinds(f)


def test_an_ordered_customer_gets_no_lead_follow_ups_but_a_waiting_call():
    f = frames(
        customers=[customer("C1", ago(20), grade="O")],
        contacts=[contact("C1", ago(10), "order")],
        deliveries=[delivery("C1", datetime(2026, 12, 20, 10), status="planned", order_date=ago(10))],
    )
    assert due(f) == {("C1", "waiting_car"): 3}


@pytest.mark.parametrize(("last_days_ago", "expected"), [(6, None), (7, 0), (9, 2)])
def test_waiting_for_the_car_the_customer_hears_from_us_weekly(last_days_ago, expected):
    f = frames(
        customers=[customer("C1", ago(40), grade="A")],
        contacts=[contact("C1", ago(last_days_ago), "call")],
        deliveries=[delivery("C1", None, status="planned", order_date=ago(30))],
    )
    got = due(f)
    assert got.get(("C1", "waiting_car")) == expected
    assert "grade_interval" not in {k for _, k in got}


# --------------------------------------------------------------------------- after delivery


def delivered(days_ago: int, *contacts, hour: int = 15) -> dict:
    day = ago(days_ago)
    return frames(
        customers=[customer("C1", ago(60), grade="D")],
        deliveries=[delivery("C1", datetime(day.year, day.month, day.day, hour), delivery_id="D9")],
        contacts=list(contacts),
        staff=staff("李娜"),
    )


@pytest.mark.parametrize(
    ("days_ago", "expected"),
    [
        (0, {"after_delivery_arrival": 0, "after_delivery_1h": 0}),
        (3, {"after_delivery_arrival": 3, "after_delivery_1h": 3, "after_delivery_day3": 0}),
        (
            4,
            {"after_delivery_arrival": 4, "after_delivery_1h": 4, "after_delivery_day3": 1, "after_delivery_day4": 0},
        ),
        (
            30,
            {
                "after_delivery_arrival": 30,
                "after_delivery_1h": 30,
                "after_delivery_day3": 27,
                "after_delivery_day4": 26,
                "after_delivery_monthly": 0,
            },
        ),
    ],
)
def test_after_delivery_items_follow_the_delivery_day(days_ago, expected):
    got = {k: v for (_, k), v in due(delivered(days_ago)).items()}
    assert got == expected


def test_after_delivery_calls_done_on_time_leave_only_the_monthly_call_at_day_30():
    f = delivered(
        30,
        contact("C1", ago(30), "call"),
        contact("C1", ago(30), "message"),
        contact("C1", ago(27), "call"),
        contact("C1", ago(26), "call", consultant="王经理"),
    )
    assert due(f) == {("C1", "after_delivery_monthly"): 0}


def test_the_day_4_call_is_the_managers():
    f = delivered(5, contact("C1", ago(1), "call"))  # the consultant called (late): arrival and day 3, not day 4
    d = due_followups(f, settings(), TODAY)
    assert set(d["kind"]) == {"after_delivery_1h", "after_delivery_day4"}
    row = d[d["kind"] == "after_delivery_day4"].iloc[0]
    assert (row["consultant"], row["delivery_id"], row["overdue_days"]) == ("王经理", "D9", 1)


def test_the_day_4_call_goes_to_the_manager_who_attended_the_delivery():
    f = frames(
        customers=[customer("C1", ago(60), grade="D")],
        deliveries=[delivery("C1", datetime(2026, 11, 18, 10), attendees="李娜、赵服务、刘经理")],
        staff=staff("李娜", managers=("王经理", "刘经理")),
    )
    d = due_followups(f, settings(), TODAY)
    assert d[d["kind"] == "after_delivery_day4"]["consultant"].tolist() == ["刘经理"]


def test_a_late_evening_delivery_moves_the_message_and_the_arrival_call_to_the_next_morning():
    f = delivered(1, hour=23)  # 23:00 yesterday: past the calling hours (until 20:00)
    d = due_followups(f, settings(), TODAY)
    timed = d[d["kind"].isin(["after_delivery_1h", "after_delivery_arrival"])]
    assert timed["overdue_days"].tolist() == [0, 0]
    assert set(timed["due_at"]) == {datetime(2026, 11, 22, 9, 0)}


def test_monthly_after_sales_counts_from_the_last_contact_after_day_4():
    f = delivered(60, *(contact("C1", ago(d), "call", followup_kind=k) for d, k in [
        (60, "after_delivery_arrival"), (60, "after_delivery_1h"), (57, "after_delivery_day3"), (56, "after_delivery_day4"), (25, None),
    ]))  # fmt: skip
    assert due(f) == {}
    assert due(f, today=TODAY + timedelta(days=5)) == {("C1", "after_delivery_monthly"): 0}


# --------------------------------------------------------------------------- greetings


@pytest.mark.parametrize(
    ("birthday", "lunar", "today", "expected_due"),
    [
        (date(1990, 11, 22), False, TODAY, date(2026, 11, 22)),
        (date(1990, 11, 23), False, TODAY, None),
        (date(1990, 11, 20), False, TODAY, date(2026, 11, 20)),
        (date(1988, 2, 29), False, date(2027, 2, 28), date(2027, 2, 28)),
        (date(1980, 8, 15), True, date(2026, 9, 25), date(2026, 9, 25)),  # 八月十五 → 中秋
        (date(1980, 8, 15), True, date(2026, 9, 24), None),
        (date(1975, 2, 28), True, date(2026, 4, 15), date(2026, 4, 15)),  # 二月廿八
        (date(1990, 4, 30), True, date(2026, 6, 14), date(2026, 6, 14)),  # 四月三十; 2026's 四月 has 29 days
        (date(1990, 11, 23), False, date(2026, 5, 1), date(2025, 11, 23)),  # unmet: stays while nearer than the next
        (date(1970, 12, 20), True, date(2026, 2, 8), date(2026, 2, 7)),  # lunar 12th month lands in the next solar year
    ],
)
def test_birthday_greeting_on_the_solar_or_lunar_birthday(birthday, lunar, today, expected_due):
    f = frames(customers=[customer("C1", date(2020, 1, 1), grade="D", birthday=birthday, birthday_lunar=lunar)])
    d = due_followups(f, settings(birthday_greeting=True), today)
    rows = d[d["kind"] == "birthday"]
    assert rows["due"].tolist() == ([expected_due] if expected_due else [])


def test_a_lunar_birthday_is_looked_up_in_the_current_lunar_year():
    f = frames(customers=[customer("C1", date(2020, 1, 1), grade="D", birthday=date(1990, 1, 30), birthday_lunar=True)])
    d = due_followups(f, settings(birthday_greeting=True), date(2026, 3, 18))
    assert d[d["kind"] == "birthday"]["due"].tolist() == [date(2026, 3, 18)]  # 正月三十 exists in 2026


def test_a_birthday_greeting_is_done_by_a_call_on_the_day():
    f = frames(
        customers=[customer("C1", date(2020, 1, 1), grade="D", birthday=date(1990, 11, 20))],
        contacts=[contact("C1", ago(2), "message")],
    )
    assert "birthday" not in kinds(f, settings=settings(birthday_greeting=True))


def test_no_birthday_greeting_when_the_setting_is_off():
    f = frames(customers=[customer("C1", date(2020, 1, 1), grade="D", birthday=TODAY)])
    assert "birthday" not in kinds(f)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 9, 22), None),  # 中秋 2026-09-25, greeting 2 days before
        (date(2026, 9, 23), ("中秋节", 0)),
        (date(2026, 9, 26), ("中秋节", 3)),
        (date(2026, 9, 29), ("国庆节", 0)),  # the next festival replaces an unmet greeting
    ],
)
def test_holiday_greetings_come_before_the_festivals_in_the_settings(today, expected):
    f = frames(customers=[customer("C1", date(2020, 1, 1), grade="D")])
    s = settings(greeting_festivals=("中秋节", "国庆节"), holiday_greeting_days_before=2, after_monthly_days=999)
    d = due_followups(f, s, today)
    rows = d[d["kind"] == "holiday_greeting"]
    got = None if rows.empty else (rows["festival"].iloc[0], int(rows["overdue_days"].iloc[0]))
    assert got == expected


def test_a_calendar_row_with_greeting_adds_a_festival():
    cal = [{"date": date(2026, 11, 25), "kind": "holiday", "name": "店庆", "greeting": True}]
    f = frames(customers=[customer("C1", date(2020, 1, 1), grade="D")], calendar=cal)
    d = due_followups(f, settings(greeting_festivals=(), after_monthly_days=999), TODAY, horizon_days=5)
    assert d[d["kind"] == "holiday_greeting"][["festival", "due"]].values.tolist() == [["店庆", date(2026, 11, 23)]]


# --------------------------------------------------------------------------- dates that move


def test_a_due_date_on_a_weekend_or_public_holiday_stays():
    f = frames(customers=[customer("C1", date(2026, 9, 30))])  # greeting due 2026-10-01, National Day
    d = due_followups(f, settings(), date(2026, 10, 1))
    assert d[d["kind"] == "new_lead_24h"]["due"].tolist() == [date(2026, 10, 1)]


def test_a_due_date_on_a_make_up_working_day_stays():
    f = frames(customers=[customer("C1", date(2026, 2, 13))])  # greeting due Saturday 2026-02-14, a make-up day
    d = due_followups(f, settings(), date(2026, 2, 14))
    assert d[d["kind"] == "new_lead_24h"][["due", "overdue_days"]].values.tolist() == [[date(2026, 2, 14), 0]]


def test_a_due_date_on_a_store_closed_day_moves_to_the_next_open_day():
    cal = [{"date": date(2027, 2, 6), "kind": "closed", "name": "春节"}, {"date": date(2027, 2, 7), "kind": "closed"}]
    f = frames(customers=[customer("C1", date(2027, 2, 5))], calendar=cal)
    assert "new_lead_24h" not in kinds(f, today=date(2027, 2, 7))
    d = due_followups(f, settings(), date(2027, 2, 8))
    assert d[d["kind"] == "new_lead_24h"][["due", "overdue_days"]].values.tolist() == [[date(2027, 2, 8), 0]]


@pytest.mark.parametrize(("move", "expected_due"), [(True, date(2026, 11, 23)), (False, date(2026, 11, 22))])
def test_a_due_date_on_the_consultants_day_off_moves_when_the_settings_say_so(move, expected_due):
    rota = [{"date": TODAY, "consultant": "李娜", "shift": "off"}, {"date": TODAY, "consultant": "赵敏", "shift": "on"}]
    f = frames(customers=[customer("C1", ago(1))], rota=rota)
    d = due_followups(f, settings(move_to_duty_day=move), TODAY, horizon_days=3)
    assert d[d["kind"] == "new_lead_24h"]["due"].tolist() == [expected_due]


def test_a_reschedule_sets_the_due_date_and_it_is_overdue_again_after():
    f = frames(
        customers=[customer("C1", ago(3))],
        reschedules=[
            {"reschedule_id": "R1", "customer_id": "C1", "kind": "new_lead_24h", "new_due": TODAY + timedelta(days=2)}
        ],
    )
    assert "new_lead_24h" not in kinds(f)
    d = due_followups(f, settings(), TODAY + timedelta(days=3))
    row = d[d["kind"] == "new_lead_24h"].iloc[0]
    assert (row["due"], row["overdue_days"], bool(row["rescheduled"])) == (TODAY + timedelta(days=2), 1, True)


def test_rescheduling_twice_follows_the_chain_of_dates():
    first = TODAY + timedelta(days=2)
    second = TODAY + timedelta(days=5)
    f = frames(
        customers=[customer("C1", ago(3))],
        reschedules=[
            {
                "customer_id": "C1",
                "kind": "new_lead_24h",
                "original_due": ago(2),
                "new_due": first,
                "at": datetime(2026, 11, 22, 9),
            },
            {
                "customer_id": "C1",
                "kind": "new_lead_24h",
                "original_due": first,
                "new_due": second,
                "at": datetime(2026, 11, 23, 9),
            },
        ],
    )
    d = due_followups(f, settings(), TODAY, horizon_days=10)
    assert d[d["kind"] == "new_lead_24h"]["due"].tolist() == [second]


def test_a_reschedule_of_a_date_moved_off_a_closed_day_applies():
    cal = [{"date": TODAY, "kind": "closed"}]
    f = frames(
        customers=[customer("C1", ago(1))],
        calendar=cal,
        reschedules=[
            {
                "customer_id": "C1",
                "kind": "new_lead_24h",
                "original_due": TODAY + timedelta(days=1),
                "new_due": TODAY + timedelta(days=4),
            }
        ],
    )
    d = due_followups(f, settings(), TODAY, horizon_days=10)
    assert d[d["kind"] == "new_lead_24h"]["due"].tolist() == [TODAY + timedelta(days=4)]


def test_a_reschedule_for_an_older_due_date_does_not_move_the_current_item():
    f = frames(
        customers=[customer("C1", ago(60), grade="H")],
        contacts=[contact("C1", ago(d)) for d in (60, 59, 55, 50, 40, 2)],
        reschedules=[{"customer_id": "C1", "kind": "grade_interval", "original_due": ago(20), "new_due": ago(15)}],
    )
    assert due(f)[("C1", "grade_interval")] == 0


# --------------------------------------------------------------------------- shape of the answer


def test_items_carry_names_phone_last_contact_and_a_filled_script():
    f = frames(
        customers=[customer("C1", ago(8), name="王建国", sex="M", phone="13800138000")],
        contacts=[contact("C1", ago(8), "visit", first_visit=True), contact("C1", ago(8), "message")],
        staff=staff("李娜"),
    )
    d = due_followups(f, settings(), TODAY, lang="zh")
    assert list(d.columns) == list(DUE_COLUMNS)
    row = d[d["kind"] == "new_lead_week1"].iloc[0]
    assert (row["customer_id"], row["customer"], row["phone"], row["consultant"]) == (
        "C1",
        "王建国",
        "13800138000",
        "李娜",
    )
    assert row["last_contact"] == ago(8) and row["due"] == ago(1) and row["overdue_days"] == 1
    assert "王先生" in row["script"] and "李娜" in row["script"] and "星辰汽车4S店" in row["script"]
    en = due_followups(f, settings(), TODAY, lang="en")
    assert "Mr. 王" in en["script"].iloc[0] and en["label"].iloc[0].isascii()


def test_last_contact_is_none_without_contacts_and_items_convert_to_json():
    f = frames(customers=[customer("C1", ago(2))])
    items = to_items(due_followups(f, settings(), TODAY))
    assert items[0].last_contact is None
    j = items[0].as_json()
    assert j["kind"] == "new_lead_24h" and j["due"] == ago(1).isoformat() and j["last_contact"] is None


def test_a_consultant_sees_only_their_own_items():
    f = frames(
        customers=[customer("C1", ago(2)), customer("C2", ago(2), consultant="赵敏")],
        staff=staff("李娜", "赵敏"),
    )
    assert {c for c, _ in due(f, consultant="赵敏")} == {"C2"}


def test_upcoming_items_come_with_a_horizon():
    f = frames(customers=[customer("C1", ago(0))])
    assert due(f) == {}
    got = due(f, horizon_days=1)
    assert got == {("C1", "new_lead_24h"): -1}


def test_page_helpers_filter_count_and_group():
    from logic.followups import by_customer, counts_by_consultant, filter_items

    f = frames(
        customers=[
            customer(c, ago(n), grade="C", consultant=w)
            for c, n, w in [("C1", 2, "李娜"), ("C2", 1, "赵敏"), ("C3", 9, "李娜")]
        ],
        contacts=[contact("C3", ago(9), "visit"), contact("C3", ago(8), "call")],
    )
    d = due_followups(f, settings(), TODAY)
    assert set(filter_items(d, consultant="赵敏")["customer_id"]) == {"C2"}
    assert set(filter_items(d, overdue_only=True)["kind"]) == {"new_lead_24h", "new_lead_week1"}
    assert set(filter_items(d, kinds=["new_lead_week1"])["customer_id"]) == {"C3"}
    counts = counts_by_consultant(d).set_index("consultant")
    assert counts.loc["李娜", ["due_today", "overdue", "customers"]].tolist() == [0, 2, 2]
    assert counts.loc["赵敏", ["due_today", "overdue"]].tolist() == [1, 0]
    groups = by_customer(d)
    assert [g["customer_id"].iloc[0] for g in groups] == ["C2", "C1", "C3"]  # due today first


def test_among_customers_due_today_the_safe_arrival_call_comes_first():
    from logic.followups import by_customer

    f = frames(
        customers=[customer("C1", ago(1), grade="C"), customer("C9", ago(60), grade="D")],
        deliveries=[delivery("C9", datetime(2026, 11, 22, 10))],
        contacts=[contact("C9", ago(60), "visit")],
        staff=staff("李娜"),
    )
    groups = by_customer(due_followups(f, settings(), TODAY))
    assert [g["customer_id"].iloc[0] for g in groups] == ["C9", "C1"]


def test_one_item_per_customer_and_rule_and_only_known_kinds():
    f = frames(
        customers=[
            customer(f"C{i}", ago(i * 7), grade="HABCOD"[i % 6], birthday=date(1990, 1 + i % 12, 1 + i))
            for i in range(1, 25)
        ],
        contacts=[contact(f"C{i}", ago(i * 3)) for i in range(1, 25)],
        deliveries=[delivery("C5", datetime(2026, 11, 1, 10)), delivery("C11", None, status="planned")],
        staff=staff("李娜"),
    )
    d = due_followups(
        f, settings(birthday_greeting=True, greeting_festivals=("春节", "国庆节")), TODAY, horizon_days=400
    )
    assert not d.duplicated(["customer_id", "kind"]).any()
    assert set(d["kind"]) <= set(KINDS)


def test_a_contact_without_customer_id_is_matched_by_phone():
    f = frames(
        customers=[customer("C1", ago(2), phone="13800138000")],
        contacts=[{"date": ago(1), "phone": "13800138000", "consultant": "李娜", "type": "call"}],
    )
    assert due(f) == {}


def test_a_customer_row_without_an_id_still_gets_its_items():
    f = frames(customers=[customer("C1", ago(2)) | {"customer_id": None}])
    d = due_followups(f, settings(), TODAY)
    assert d["kind"].tolist() == ["new_lead_24h"] and d["customer_id"].isna().all()


def test_empty_workbook_gives_an_empty_list_with_the_columns():
    d = due_followups(frames(), settings(), TODAY)
    assert d.empty and list(d.columns) == list(DUE_COLUMNS)
    assert due_followups({}, {}, TODAY).empty


def test_future_dated_contacts_do_not_do_todays_items():
    f = frames(customers=[customer("C1", ago(1))], contacts=[contact("C1", TODAY + timedelta(days=3))])
    assert ("C1", "new_lead_24h") in due(f)


def test_nothing_in_the_future_is_due():
    f = frames(
        customers=[customer(f"C{i}", ago(i), grade="HABC"[i % 4]) for i in range(0, 50)],
        contacts=[contact(f"C{i}", ago(i // 2)) for i in range(0, 50)],
    )
    d = due_followups(f, settings(), TODAY)
    assert (d["overdue_days"] >= 0).all()
    assert all(pd.Timestamp(x).date() <= TODAY for x in d["due"])


@pytest.mark.parametrize(
    ("name", "sex", "lang", "expected"),
    [
        ("王建国", "M", "zh", "王先生"),
        ("欧阳娜娜", "F", "zh", "欧阳女士"),
        ("李雷", None, "zh", "李雷"),
        ("Zhang Wei", "M", "en", "Mr. Zhang"),
        (None, "F", "zh", "您"),
    ],
)
def test_scripts_address_the_customer_as_a_dealership_would(name, sex, lang, expected):
    from logic.scripts import address

    assert address(name, sex, lang) == expected


def test_every_kind_has_a_script_in_both_languages_naming_the_caller():
    f = frames(
        customers=[customer("C1", ago(400), grade="H", birthday=TODAY, name="王建国")],
        contacts=[contact("C1", ago(400), "visit")],
        staff=staff("李娜"),
    )
    for lang in ("zh", "en"):
        d = due_followups(
            f, settings(birthday_greeting=True, greeting_festivals=("春节",)), TODAY, horizon_days=400, lang=lang
        )
        for row in d.itertuples():
            assert "{" not in row.script and row.script, row.kind
            if row.kind != "dormancy_review":  # a note for the manager, not a call
                assert row.consultant in row.script, (row.kind, row.script)


# --------------------------------------------------------------------------- input shapes


def _busy_frames():
    """Leads, a delivery, a waiting order, tags, a reschedule and a closed day: every rule's inputs."""
    return frames(
        customers=[
            customer("C1", ago(40), grade="H", name="王建国", birthday=date(1990, 11, 20)),
            customer("C2", ago(10), grade="A", sex="F", name="李丽"),
            customer("C3", ago(90), grade="D", name="赵强"),
            customer("C4", ago(20), grade="O"),
            customer("C5", ago(5), customer_id=None, phone="13900000005"),
        ],
        contacts=[
            contact("C1", ago(40), "visit", first_visit=True),
            contact("C1", ago(30), "call", followup_kind="new_lead_week1"),
            contact("C2", ago(10), "call"),
            contact("C2", ago(8), "message"),
            contact("C3", ago(20), "call"),
            contact("C4", ago(12), "order"),
            contact(None, ago(4), "call", phone="13900000005"),
        ],
        deliveries=[delivery("C3", datetime.combine(ago(3), datetime.min.time()).replace(hour=10))],
        reschedules=[{"customer_id": "C2", "kind": "grade_interval", "new_due": TODAY + timedelta(days=1)}],
        calendar=[{"date": TODAY + timedelta(days=2), "kind": "closed", "name": "盘点"}],
        staff=staff("李娜"),
    )


def _busy_due(f):
    return due_followups(f, settings(birthday_greeting=True), TODAY, horizon_days=10)


def test_stray_spaces_capitals_and_plain_object_columns_give_the_same_due_list():
    f = _busy_frames()
    expected = _busy_due(f)
    assert len(expected) >= 10  # the inputs make items of many rules
    messy = {k: v.copy() for k, v in f.items()}
    c = messy["contacts"]
    c["customer_id"] = " " + c["customer_id"] + "\u3000"
    c["type"] = " " + c["type"].str.upper()
    c["followup_kind"] = c["followup_kind"] + " "
    messy["deliveries"]["customer_id"] = messy["deliveries"]["customer_id"] + " "
    messy["reschedules"]["kind"] = " " + messy["reschedules"]["kind"]
    messy["calendar"]["kind"] = messy["calendar"]["kind"] + " "
    messy["customers"]["name"] = " " + messy["customers"]["name"]
    pd.testing.assert_frame_equal(_busy_due(messy), expected)
    # no pandas dtypes at all (but the reader's int row numbers, which the list passes through)
    plain = {k: v.astype(object).where(v.notna(), None).assign(_row=v["_row"]) for k, v in f.items()}
    pd.testing.assert_frame_equal(_busy_due(plain), expected)


def test_editing_the_calendar_between_calls_is_seen():
    f = _busy_frames()
    rescheduled_to = TODAY + timedelta(days=1)
    assert rescheduled_to in set(_busy_due(f)["due"])
    closed = frames(calendar=[{"date": rescheduled_to, "kind": "closed"}])["calendar"]
    f["calendar"] = pd.concat([f["calendar"], closed], ignore_index=True)
    moved = _busy_due(f)
    assert rescheduled_to not in set(moved["due"])
    assert TODAY + timedelta(days=3) in set(moved["due"])  # past both closed days
    f["calendar"] = frames()["calendar"]
    assert rescheduled_to in set(_busy_due(f)["due"])


def test_a_contact_without_customer_id_is_unmatched_when_no_customer_has_a_phone():
    f = frames(
        customers=[customer("C1", ago(10), phone=None)],
        contacts=[contact(None, ago(9), phone="13900000001"), contact("C1", ago(10), "visit", first_visit=True)],
        staff=staff("李娜"),
    )
    assert ("C1", "new_lead_24h") in due(f)  # the call without an ID did not do C1's greeting


# --------------------------------------------------------------------------- outcomes and promises
# A customer whose new-lead steps are all done long ago (four contact days after the first
# contact 100 days back), so only the grade interval and the monthly call remain.


def _history(cid: str = "C1") -> list[dict]:
    return [contact(cid, ago(n)) for n in (90, 80, 70, 60)]


def _led(grade: str, *recent: dict, **values) -> dict:
    return frames(
        customers=[customer("C1", ago(100), grade=grade, **values)],
        contacts=[*_history(), *recent],
        staff=staff("李娜"),
    )


def _item(f, kind: str, today=TODAY, **kw):
    s = kw.pop("settings", None) or settings()
    return next((i for i in to_items(due_followups(f, s, today, **kw)) if i.kind == kind), None)


@pytest.mark.parametrize(
    ("recent", "expected_overdue"),
    [
        # grade B: every 7 days; a reached call 10 days ago makes the item due 3 days ago
        ([], 3),
        ([contact("C1", ago(1), outcome="reached")], None),  # reached: done (due again in 6 days)
        ([contact("C1", ago(1))], None),  # a blank outcome, as every old row has, reads as reached
        ([contact("C1", ago(1), outcome="no_answer")], 3),  # a try, not a contact
        ([contact("C1", ago(1), outcome="wrong_number")], 3),
        ([contact("C1", ago(1), void=True)], 3),  # a voided row counts for nothing
        ([contact("C1", ago(1), void=False)], None),
    ],
)
def test_only_a_reached_contact_that_is_not_void_completes_an_item(recent, expected_overdue):
    f = _led("B", contact("C1", ago(10)), *recent)
    assert due(f).get(("C1", "grade_interval")) == expected_overdue


@pytest.mark.parametrize(
    ("tries", "expected"),
    [
        # (attempts, last attempt, out of contact) of the grade item whose window opened 10 days ago
        ([], (0, None, False)),
        ([ago(2)], (1, ago(2), False)),
        ([ago(2), ago(1), TODAY], (3, TODAY, True)),  # three tries on three days: possibly out of contact
        ([ago(1), ago(1), TODAY], (3, TODAY, False)),  # three tries, but on two days only
        ([ago(12)], (0, None, False)),  # before the window opened: it belonged to an older item
        ([ago(10)], (1, ago(10), False)),  # on the day the window opened
    ],
)
def test_no_answers_count_as_tries_of_the_open_item(tries, expected):
    f = _led("B", contact("C1", ago(10)), *[contact("C1", d, outcome="no_answer") for d in tries])
    item = _item(f, "grade_interval")
    assert (item.attempts, item.last_attempt, item.out_of_contact) == expected
    assert item.overdue_days == 3


def test_a_try_naming_a_follow_up_kind_counts_only_for_that_item():
    f = _led("B", contact("C1", ago(40)), contact("C1", ago(1), outcome="no_answer", followup_kind="monthly"))
    assert _item(f, "monthly").attempts == 1  # due 10 days ago (40 - 30)
    assert _item(f, "grade_interval").attempts == 0


def test_void_and_wrong_number_rows_are_not_tries():
    f = _led(
        "B",
        contact("C1", ago(10)),
        contact("C1", ago(2), outcome="no_answer", void=True),
        contact("C1", ago(1), outcome="wrong_number", dialled="13900000001"),
    )
    assert _item(f, "grade_interval").attempts == 0


def test_the_out_of_contact_number_of_days_is_a_setting():
    f = _led("B", contact("C1", ago(10)), *[contact("C1", d, outcome="no_answer") for d in (ago(2), ago(1))])
    assert not _item(f, "grade_interval").out_of_contact
    assert _item(f, "grade_interval", settings=settings(out_of_contact_tries=2)).out_of_contact


def test_due_json_carries_the_tries():
    f = _led("B", contact("C1", ago(10)), contact("C1", ago(2), outcome="no_answer"))
    doc = _item(f, "grade_interval").as_json()
    assert (doc["attempts"], doc["last_attempt"], doc["out_of_contact"]) == (1, ago(2).isoformat(), False)


# grade H: every 2 days; a reached call 2 days ago makes the grade item due today
@pytest.mark.parametrize(
    ("recent", "on", "expected"),
    [
        # the promise holds the grade item until the promised day, when both are due
        ([contact("C1", ago(2), next_date=TODAY + timedelta(days=3))], TODAY, {}),
        ([contact("C1", ago(2), next_date=TODAY + timedelta(days=3))], TODAY + timedelta(days=2), {}),
        (
            [contact("C1", ago(2), next_date=TODAY + timedelta(days=3))],
            TODAY + timedelta(days=3),
            {"next_contact": 0, "grade_interval": 0},
        ),
        # a promise not kept stays overdue; the grade item was due on the promised day
        (
            [contact("C1", ago(6), next_date=ago(3))],
            TODAY,
            {"next_contact": 3, "grade_interval": 3},
        ),
        # a promised day earlier than the grade's own due day holds nothing
        ([contact("C1", ago(2), next_date=ago(1))], TODAY, {"next_contact": 1, "grade_interval": 0}),
        # a no-answer after the promise leaves it standing
        (
            [contact("C1", ago(6), next_date=ago(3)), contact("C1", ago(1), outcome="no_answer")],
            TODAY,
            {"next_contact": 3, "grade_interval": 3},
        ),
        # a later reached contact without a next date ends the promise (grade item due ago(1) + 2)
        ([contact("C1", ago(6), next_date=ago(3)), contact("C1", ago(1))], TODAY, {}),
        # a later reached contact with a next date replaces it (the grade item, due tomorrow, is not held)
        ([contact("C1", ago(6), next_date=ago(3)), contact("C1", ago(1), next_date=TODAY)], TODAY, {"next_contact": 0}),
        # a next date on a no-answer or a voided row promises nothing: the items run from 60 days ago
        (
            [contact("C1", ago(2), outcome="no_answer", next_date=TODAY + timedelta(days=3))],
            ago(1),
            {"grade_interval": 57, "monthly": 29},
        ),
        (
            [contact("C1", ago(1), void=True, next_date=TODAY + timedelta(days=3))],
            TODAY,
            {"grade_interval": 58, "monthly": 30},
        ),
    ],
)
def test_a_promised_date_makes_a_next_contact_item_and_holds_the_cadence(recent, on, expected):
    # without `recent` the last contact was 60 days ago: H every 2 days, due 58 days ago; monthly 30 days ago
    f = _led("H", *recent)
    got = {k: v for (c, k), v in due(f, on).items() if c == "C1" and k in ("next_contact", "grade_interval", "monthly")}
    assert got == expected


def test_of_two_contacts_the_same_day_the_one_recorded_later_decides_the_promise():
    later = datetime.combine(ago(2), datetime.min.time()) + timedelta(hours=15)
    earlier = later - timedelta(hours=5)
    promise = contact("C1", ago(2), next_date=TODAY + timedelta(days=3), recorded_at=earlier)
    ends = contact("C1", ago(2), recorded_at=later)
    assert "next_contact" not in kinds(_led("H", ends, promise), today=TODAY + timedelta(days=3))
    promise["recorded_at"], ends["recorded_at"] = later, earlier
    assert "next_contact" in kinds(_led("H", ends, promise), today=TODAY + timedelta(days=3))


def test_a_promise_on_a_closed_day_moves_to_the_next_open_day_with_the_held_item():
    cal = [{"date": TODAY + timedelta(days=3), "kind": "closed", "name": "店休"}]
    f = _led("H", contact("C1", ago(2), next_date=TODAY + timedelta(days=3)))
    f["calendar"] = frames(calendar=cal)["calendar"]
    d = due_followups(f, settings(), TODAY + timedelta(days=4))
    got = {r.kind: r.due for r in d.itertuples() if r.kind in ("next_contact", "grade_interval")}
    assert got == {"next_contact": TODAY + timedelta(days=4), "grade_interval": TODAY + timedelta(days=4)}


def test_a_promise_does_not_hold_waiting_for_the_car():
    f = frames(
        customers=[customer("C1", ago(30), grade="O")],
        contacts=[contact("C1", ago(7), next_date=TODAY + timedelta(days=5))],
        deliveries=[delivery("C1", datetime(2026, 12, 10, 10), status="planned", order_date=ago(20))],
        staff=staff("李娜"),
    )
    assert due(f).get(("C1", "waiting_car")) == 0  # every 7 days from the contact a week ago


def test_the_promise_belongs_to_the_manager_once_its_consultant_has_left():
    f = _led("H", contact("C1", ago(6), next_date=ago(3)))
    f["staff"] = frames(staff=[{"name": "李娜", "role": "consultant", "active": False}, *staff(managers=("王经理",))])[
        "staff"
    ]
    assert _item(f, "next_contact").consultant == "王经理"
    assert _item(f, "grade_interval").consultant == "李娜"  # the other items stay where they were


def test_of_two_contacts_the_same_day_the_later_time_decides_the_promise_before_the_sheet_order():
    promise = contact("C1", ago(2), time="10:00", next_date=TODAY + timedelta(days=3))
    ends = contact("C1", ago(2), time="15:00")
    on = TODAY + timedelta(days=3)
    assert "next_contact" not in kinds(_led("H", ends, promise), today=on)  # 15:00 is later, though above it
    assert "next_contact" in kinds(_led("H", contact("C1", ago(2), time="09:00"), promise), today=on)

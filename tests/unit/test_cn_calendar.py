"""The Chinese calendar: holidays and make-up days, festivals, lunar dates, moving due dates."""

from __future__ import annotations

from datetime import date

import pytest

from logic import cn_calendar as cal
from tests.support.frames import frame


@pytest.mark.parametrize(
    ("lunar", "solar"),
    [
        ((2026, 8, 15), date(2026, 9, 25)),  # 中秋
        ((2026, 1, 1), date(2026, 2, 17)),  # 春节
        ((2027, 1, 1), date(2027, 2, 6)),
        ((2026, 2, 30), date(2026, 4, 16)),  # 二月 has 29 days in 2026: the 30th becomes the 29th
        ((2026, 2, 29), date(2026, 4, 16)),
        ((2025, 6, 15), date(2025, 7, 9)),  # 2025 has a leap 六月: the regular month is used
    ],
)
def test_lunar_dates_convert_to_solar(lunar, solar):
    assert cal.lunar_to_solar(*lunar) == solar


@pytest.mark.parametrize("lunar", [(2026, 13, 1), (2026, 0, 5), (2026, 5, 0), (-5, 1, 1), (100000, 1, 1)])
def test_an_impossible_lunar_date_gives_none_instead_of_raising(lunar):
    assert cal.lunar_to_solar(*lunar) is None


def test_lunar_dates_far_from_today_never_raise():
    for year in (1, 1800, 2200, 9999):
        cal.lunar_to_solar(year, 1, 1)  # a date or None, never an exception


def test_a_lunar_12th_month_birthday_is_found_in_the_next_solar_year():
    past, nxt = cal.lunar_birthday_near(12, 20, date(2026, 11, 22))
    assert (past, nxt) == (date(2026, 2, 7), date(2027, 1, 27))


def test_solar_birthday_on_29_february_falls_on_28_february_in_other_years():
    assert cal.solar_birthday(2, 29, 2027) == date(2027, 2, 28)
    assert cal.solar_birthday(2, 29, 2028) == date(2028, 2, 29)


@pytest.mark.parametrize(
    ("name", "year", "expected"),
    [
        ("春节", 2026, date(2026, 2, 17)),
        ("元宵节", 2026, date(2026, 3, 3)),
        ("端午节", 2026, date(2026, 6, 19)),
        ("中秋节", 2026, date(2026, 9, 25)),
        ("中秋节", 2027, date(2027, 9, 15)),
        ("国庆节", 2027, date(2027, 10, 1)),
        ("元旦", 2027, date(2027, 1, 1)),
        ("除夕", 2027, date(2027, 2, 5)),
        ("清明节", 2027, date(2027, 4, 5)),
    ],
)
def test_festival_dates(name, year, expected):
    assert cal.festival_date(name, year) == expected


def test_lunar_festivals_agree_with_the_holidays_library():
    import holidays

    for year in (2026, 2027, 2030):
        lib = holidays.China(years=[year], language="en_US")
        assert lib.get(cal.festival_date("中秋节", year)) == "Mid-Autumn Festival"
        assert lib.get(cal.festival_date("端午节", year)) == "Dragon Boat Festival"
        assert lib.get(cal.festival_date("春节", year)) == "Chinese New Year (Spring Festival)"


@pytest.mark.parametrize("name", ["中秋", "Mid-Autumn Festival", "mid-autumn", "中秋节"])
def test_festival_names_are_accepted_in_either_language(name):
    assert cal.festival_key(name) == "中秋节"


def test_public_calendar_knows_2027_holidays_and_2026_make_up_days():
    pc = cal.public_calendar([2026, 2027])
    assert pc.is_holiday(date(2027, 2, 6)) and pc.is_holiday(date(2026, 10, 1))
    assert pc.is_makeup_workday(date(2026, 2, 14))  # a Saturday worked in the office
    assert pc.is_office_workday(date(2026, 2, 14)) and not pc.is_office_workday(date(2026, 10, 1))
    assert not pc.fallback


def test_a_year_the_library_does_not_know_falls_back_to_the_calendar_sheet_with_a_flag():
    pc = cal.public_calendar([2150])
    assert pc.fallback and pc.unknown_years == {2150} and not pc.holidays
    sheet = frame("calendar", [{"date": date(2150, 1, 1), "kind": "holiday", "name": "元旦"}])
    pc = cal.public_calendar([2150], sheet)
    assert not pc.fallback and pc.is_holiday(date(2150, 1, 1))


def test_the_calendar_sheet_overrides_the_library():
    sheet = frame(
        "calendar",
        [
            {"date": date(2027, 2, 6), "kind": "workday"},  # the store's own plan
            {"date": date(2027, 2, 13), "kind": "holiday", "name": "调休"},
            {"date": date(2027, 2, 7), "kind": "closed", "name": "春节闭店"},
        ],
    )
    pc = cal.public_calendar([2027], sheet)
    assert not pc.is_holiday(date(2027, 2, 6)) and pc.is_makeup_workday(date(2027, 2, 6))
    assert pc.is_holiday(date(2027, 2, 13))
    assert not pc.is_store_open(date(2027, 2, 7)) and pc.is_store_open(date(2027, 2, 6))


def test_the_next_open_day_skips_closed_days_and_the_consultants_days_off():
    closed = {date(2027, 2, 6)}
    off = {"李娜": {date(2027, 2, 7)}}
    assert cal.next_open_day(date(2027, 2, 6), "李娜", closed, off) == date(2027, 2, 8)
    assert cal.next_open_day(date(2027, 2, 6), "赵敏", closed, off) == date(2027, 2, 7)
    assert cal.next_open_day(date(2027, 2, 5), "李娜", closed, off) == date(2027, 2, 5)


def test_a_consultant_never_on_duty_keeps_the_date_rather_than_looping():
    off = {
        "李娜": {date(2027, 1, 1 + i) for i in range(31)}
        | {date(2027, 2, 1 + i) for i in range(28)}
        | {date(2027, 3, i + 1) for i in range(31)}
    }
    assert cal.next_open_day(date(2027, 1, 1), "李娜", set(), off) == date(2027, 1, 1)


def test_blocked_days_read_the_rota_only_when_asked():
    rota = frame(
        "rota",
        [
            {"date": date(2027, 2, 7), "consultant": "李娜", "shift": "off"},
            {"date": date(2027, 2, 8), "consultant": "李娜", "shift": "on"},
        ],
    )
    assert cal.blocked_days(None, rota, use_rota=False) == (set(), {})
    assert cal.blocked_days(None, rota, use_rota=True) == (set(), {"李娜": {date(2027, 2, 7)}})


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 10, 1), ("due.day.holiday", {"name": "国庆节"})),
        (date(2026, 2, 14), ("due.day.makeup", {})),
        (date(2026, 11, 22), None),
    ],
)
def test_describe_day_names_holidays_and_make_up_days(day, expected):
    assert cal.describe_day(day) == expected


def test_describe_day_says_when_the_store_is_closed():
    sheet = frame("calendar", [{"date": date(2027, 2, 6), "kind": "closed", "name": "春节闭店"}])
    assert cal.describe_day(date(2027, 2, 6), sheet) == ("due.day.closed", {})


@pytest.mark.parametrize("year", [1900, 1984, 2025, 2026, 2033, 2057, 2100])
def test_the_precomputed_lunar_table_agrees_with_lunar_python(year):
    from lunar_python import Lunar

    for month in range(1, 13):
        for day in (1, 29):
            s = Lunar.fromYmd(year, month, day).getSolar()
            assert cal.lunar_to_solar(year, month, day) == date(s.getYear(), s.getMonth(), s.getDay())


def test_years_outside_the_table_still_convert_through_the_library():
    assert cal.lunar_to_solar(2101, 1, 1) is not None and cal.lunar_to_solar(1899, 8, 15) is not None


def test_the_calendar_sheet_adds_and_drops_greetings_by_date():
    sheet = frame(
        "calendar",
        [
            {"date": date(2027, 2, 6), "kind": "closed", "name": "春节初一", "greeting": True},  # same day as 春节
            {"date": date(2027, 2, 20), "kind": "holiday", "name": "元宵节", "greeting": False},  # not this year
            {"date": date(2027, 3, 15), "kind": "holiday", "name": "店庆", "greeting": True},
        ],
    )
    got = cal.festivals_between(["春节", "元宵节"], date(2027, 1, 1), date(2027, 12, 31), sheet)
    assert got == [(date(2027, 2, 6), "春节"), (date(2027, 3, 15), "店庆")]

"""Cell values as managers type them: each accepted form, and what is refused or warned."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import pytest

from workbook import schema, values

TODAY = dt.date(2026, 11, 20)
CUSTOMERS = schema.sheet("customers")
CONTACTS = schema.sheet("contacts")


def parse(v, column, **kw):
    return values.parse_value(v, column, today=TODAY, **kw)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (dt.date(2026, 11, 3), dt.date(2026, 11, 3)),
        (dt.datetime(2026, 11, 3, 15, 30), dt.date(2026, 11, 3)),
        (46329.0, dt.date(2026, 11, 3)),  # an Excel serial, 1900 system
        ("2026-11-03", dt.date(2026, 11, 3)),
        ("2026/11/3", dt.date(2026, 11, 3)),
        ("2026.11.3", dt.date(2026, 11, 3)),
        ("2026年11月3日", dt.date(2026, 11, 3)),
        ("2026年11月3号", dt.date(2026, 11, 3)),
        ("２０２６年１１月３日", dt.date(2026, 11, 3)),
        ("20261103", dt.date(2026, 11, 3)),
        (" 2026-11-03 ", dt.date(2026, 11, 3)),
        ("2026-11-03 14:30", dt.date(2026, 11, 3)),
        ("25/11/2026", dt.date(2026, 11, 25)),  # day first: 25 cannot be a month
        ("11/25/2026", dt.date(2026, 11, 25)),  # month first: 25 cannot be a month
    ],
)
def test_dates_are_accepted_in_the_forms_managers_type(typed, expected):
    p = parse(typed, CUSTOMERS.column("first_contact"))
    assert p.accepted and p.code is None
    assert p.value == expected


def test_an_excel_serial_in_the_1904_system_counts_from_1904():
    p = parse(46329.0 - 1462, CUSTOMERS.column("first_contact"), date1904=True)
    assert p.value == dt.date(2026, 11, 3)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("11月3日", dt.date(2026, 11, 3)),
        ("1月5日", dt.date(2027, 1, 5)),
        ("9/1", dt.date(2026, 9, 1)),
        ("3/11", dt.date(2027, 3, 11)),
    ],
)
def test_a_date_without_a_year_takes_the_nearest_year_and_is_warned(typed, expected):
    p = parse(typed, CUSTOMERS.column("first_contact"))
    assert p.accepted and p.value == expected
    assert p.code == "problem.date_year_guessed" and p.params["date"] == expected.isoformat()


def test_an_ambiguous_year_last_date_is_read_month_first_and_warned_with_the_other_reading():
    p = parse("3/11/2026", CUSTOMERS.column("first_contact"))
    assert p.accepted and p.value == dt.date(2026, 3, 11)
    assert p.code == "problem.date_ambiguous" and p.params["alt"] == "2026-11-03"


@pytest.mark.parametrize("typed", ["abc", "2026-13-01", "2026-02-30", "明天", True, dt.time(9, 0), -5.0, "13/13/2026"])
def test_what_is_not_a_date_is_refused(typed):
    p = parse(typed, CUSTOMERS.column("first_contact"))
    assert not p.accepted and p.value is None and p.code == "problem.bad_date"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026-11-03 14:30", dt.datetime(2026, 11, 3, 14, 30)),
        ("2026/11/3 9:05:00", dt.datetime(2026, 11, 3, 9, 5)),
        ("2026年11月3日 14:30", dt.datetime(2026, 11, 3, 14, 30)),
        ("2026年11月3日14点30分", dt.datetime(2026, 11, 3, 14, 30)),
        (dt.date(2026, 11, 3), dt.datetime(2026, 11, 3)),
        (46329.5, dt.datetime(2026, 11, 3, 12, 0)),
    ],
)
def test_date_times_are_accepted(typed, expected):
    p = parse(typed, schema.sheet("deliveries").column("scheduled"))
    assert p.accepted and p.value == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (13800138000.0, "13800138000"),
        (13800138000, "13800138000"),
        ("13800138000", "13800138000"),
        ("138 0013 8000", "13800138000"),
        ("138-0013-8000", "13800138000"),
        ("+86 138 0013 8000", "+8613800138000"),
        ("0571-88886666", "057188886666"),
        ("13800138000.0", "13800138000"),
    ],
)
def test_phones_become_digits_never_floats(typed, expected):
    p = parse(typed, CUSTOMERS.column("phone"))
    assert p.accepted and p.value == expected and p.code is None


def test_a_landline_stored_as_a_number_is_flagged_for_its_lost_leading_zero():
    p = parse(57188886666.0, CUSTOMERS.column("phone"))
    assert p.accepted and p.value == "57188886666" and p.code == "problem.phone_lost_zero"


@pytest.mark.parametrize("typed", ["abc", "138", 1.5, "138 0013 8000 / 139 0013 9000"])
def test_what_is_not_a_phone_is_refused(typed):
    assert parse(typed, CUSTOMERS.column("phone")).code == "problem.bad_phone"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("H", "H"), (" h ", "H"), ("a级", "A"), ("F1", "F"), ("战败", "F"), ("F2", "Z"), ("休眠", "Z"), ("订单", "O")],
)
def test_grades_in_any_case_with_stray_spaces_and_aliases(typed, expected):
    assert parse(typed, CUSTOMERS.column("grade")).value == expected


def test_an_unknown_grade_is_refused_naming_the_grades():
    p = parse("X", CUSTOMERS.column("grade"))
    assert p.code == "problem.bad_grade" and "H" in p.params["choices"]


@pytest.mark.parametrize("typed", ["是", "√", "✓", "Y", "y", "TRUE", True, 1.0, "yes"])
def test_yes_in_its_many_spellings(typed):
    assert parse(typed, CUSTOMERS.column("birthday_lunar")).value is True


@pytest.mark.parametrize("typed", ["否", "×", "N", "false", False, 0.0, "no"])
def test_no_in_its_many_spellings(typed):
    assert parse(typed, CUSTOMERS.column("birthday_lunar")).value is False


def test_a_yes_no_cell_with_other_text_is_refused():
    assert parse("maybe", CUSTOMERS.column("birthday_lunar")).code == "problem.bad_yesno"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [("试驾", "test_drive"), ("Test drive", "test_drive"), ("test_drive", "test_drive"), ("来店", "visit")],
)
def test_choices_by_code_label_in_either_language_or_alias(typed, expected):
    assert parse(typed, CONTACTS.column("type")).value == expected


def test_an_unknown_choice_is_refused_but_an_open_list_keeps_the_text():
    assert parse("飞鸽传书", CONTACTS.column("type")).code == "problem.bad_choice"
    p = parse("抖音", CUSTOMERS.column("source"))
    assert p.accepted and p.value == "抖音"


@pytest.mark.parametrize(("typed", "expected"), [(3.0, 3), ("4", 4), ("２", 2), ("2人", 2)])
def test_integers(typed, expected):
    assert parse(typed, CONTACTS.column("people")).value == expected


@pytest.mark.parametrize("typed", [2.5, "two", True])
def test_what_is_not_an_integer_is_refused(typed):
    assert parse(typed, CONTACTS.column("people")).code == "problem.bad_integer"


@pytest.mark.parametrize(
    ("typed", "expected"),
    [(150000.0, 150000.0), ("150,000", 150000.0), ("¥15000", 15000.0), ("15万", 150000.0), ("15w", 150000.0)],
)
def test_money(typed, expected):
    assert parse(typed, CUSTOMERS.column("budget")).value == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("9:30", "09:30"),
        ("09:30", "09:30"),
        (dt.time(14, 5), "14:05"),
        (0.5, "12:00"),
        ("下午3点", "15:00"),
        ("9点半", None),
    ],
)
def test_times_of_day(typed, expected):
    p = parse(typed, CONTACTS.column("time"))
    assert p.value == expected


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        (dt.date(2026, 11, 1), "2026-11"),
        ("2026-11", "2026-11"),
        ("2026年11月", "2026-11"),
        ("2026/1", "2026-01"),
        (202611.0, "2026-11"),
    ],
)
def test_months(typed, expected):
    assert parse(typed, schema.sheet("targets").column("month")).value == expected


def test_a_column_is_typed_per_the_frame_contract_and_notes_point_at_their_cells():
    raw = ["2026-11-03", "", None, "abc", dt.date(2026, 1, 2), "11月3日"]
    series, notes = values.parse_column(raw, CUSTOMERS.column("first_contact"), today=TODAY)
    assert series.dtype == "datetime64[ns]"
    assert series[0] == pd.Timestamp("2026-11-03") and pd.isna(series[1]) and pd.isna(series[3])
    assert [(n.index, n.code, n.accepted) for n in notes] == [
        (3, "problem.bad_date", False),
        (5, "problem.date_year_guessed", True),
    ]


@pytest.mark.parametrize(
    ("column", "dtype"),
    [
        (CUSTOMERS.column("name"), "string"),
        (CUSTOMERS.column("phone"), "string"),
        (CUSTOMERS.column("grade"), "string"),
        (CUSTOMERS.column("budget"), "float64"),
        (CUSTOMERS.column("birthday_lunar"), "boolean"),
        (CONTACTS.column("people"), "Int64"),
        (schema.sheet("deliveries").column("scheduled"), "datetime64[ns]"),
    ],
)
def test_column_dtypes_follow_the_contract(column, dtype):
    series, _ = values.parse_column(["", None], column)
    assert str(series.dtype) == dtype and series.isna().all()


def test_text_cells_holding_numbers_lose_their_trailing_zero():
    series, _ = values.parse_column([308.0, " X5 ", 1.5], CUSTOMERS.column("model"))
    assert list(series) == ["308", "X5", "1.5"]


def test_long_all_text_columns_take_the_arrow_path_with_the_same_results():
    raw = [f" C{i:05d} " for i in range(1500)] + ["", "   "]
    series, notes = values.parse_column(raw, CUSTOMERS.column("customer_id"))
    assert str(series.dtype) == "string" and notes == []
    assert series[0] == "C00000" and series.isna().sum() == 2


def test_long_phone_columns_normalise_odd_cells_and_flag_bad_ones():
    raw = [f"138{i:08d}" for i in range(1500)] + ["138 0013 8000", "abc", ""]
    for tail in ([], [57188886666.0]):  # all text (Arrow), then with a number cell (general path)
        series, notes = values.parse_column(raw + tail, CUSTOMERS.column("phone"))
        assert series[1500] == "13800138000" and pd.isna(series[1501]) and pd.isna(series[1502])
        assert (1501, "problem.bad_phone") in [(n.index, n.code) for n in notes]
    assert series[1503] == "57188886666" and notes[-1].code == "problem.phone_lost_zero"

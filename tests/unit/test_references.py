"""Names and IDs pointing nowhere (logic/references.py), on real workbooks made with the template."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from i18n import describe
from logic.references import _unknown, reference_problems, workbook_problems
from tests.support.shared import validation_problems
from workbook.reading import read_workbook
from workbook.template import write_workbook

ROOT = Path(__file__).resolve().parents[2]
DAY = dt.date(2026, 11, 20)


def staff(*names: str) -> list[dict]:
    return [{"name": n, "role": "consultant", "active": True} for n in names]


def customer(cid: str | None, name: str, phone: str, consultant: str) -> dict:
    return {
        "customer_id": cid,
        "name": name,
        "phone": phone,
        "consultant": consultant,
        "first_contact": dt.date(2026, 11, 3),
        "grade": "A",
    }


def data() -> dict[str, list[dict]]:
    return {
        "staff": [*staff("王芳", "李娜"), {"name": "老陈", "role": "consultant", "active": False}],
        "customers": [
            customer("C00001", "赵一", "13800000001", "王芳"),
            customer("C00002", "钱二", "13800000002", " 李娜 "),  # stray spaces match, as in logic/
            customer("C00003", "孙三", "13800000003", "赵无名"),
            customer("C00004", "周四", "13800000004", "老陈"),  # left the store, still on the sheet
        ],
        "contacts": [
            {"date": dt.date(2026, 11, 4), "customer_id": "C00001", "consultant": "王芳", "type": "call"},
            {"date": dt.date(2026, 11, 5), "customer_id": "C99999", "consultant": "王芳", "type": "call"},
            {"date": dt.date(2026, 11, 6), "customer": "散客", "consultant": "李娜", "type": "visit"},  # no ID
        ],
        "plans": [
            {"date": DAY, "consultant": "赵无名", "customer_id": "C00001", "activity": "call"},
            {"date": DAY, "consultant": "王芳", "customer_id": "C99999", "customer": "查无此人", "activity": "call"},
        ],
        "targets": [
            {"month": "2026-11", "consultant": "王芳", "leads": 10},
            {"month": "2026-11", "consultant": "赵无名", "leads": 10},
        ],
    }


@pytest.fixture(scope="module")
def messy(tmp_path_factory) -> Path:
    return write_workbook(tmp_path_factory.mktemp("refs") / "refs.xlsx", lang="zh", data=data())


def where(problems) -> set[tuple[str | None, int | None, str | None, str | None, str]]:
    return {(p.sheet, p.row, p.column, p.value, p.code) for p in problems}


def test_the_test_workbook_passes_the_ooxml_validator(messy: Path) -> None:
    assert validation_problems(messy) == []


def test_a_consultant_not_on_the_staff_sheet_is_warned_on_every_sheet_that_names_him(messy: Path) -> None:
    wb = read_workbook(messy, today=DAY)
    found = [p for p in workbook_problems(wb) if p.code == "problem.unknown_consultant"]
    # rows: data starts below the header; the template's header row is read from the file
    rows = {k: wb.frames[k].set_index("consultant")["_row"] for k in ("customers", "plans", "targets")}
    assert where(found) == {
        ("客户", int(rows["customers"]["赵无名"]), "销售顾问", "赵无名", "problem.unknown_consultant"),
        ("活动预订", int(rows["plans"]["赵无名"]), "销售顾问", "赵无名", "problem.unknown_consultant"),
        ("目标", int(rows["targets"]["赵无名"]), "销售顾问", "赵无名", "problem.unknown_consultant"),
    }
    assert all(p.severity == "warning" for p in found)
    assert describe(found[0], "zh").startswith("销售顾问“赵无名”不在员工表中")
    # the sheet is named as it stands in the file, whatever language the message is in
    assert describe(found[0], "en").startswith("销售顾问 “赵无名” is not on the 员工 sheet")


def test_a_customer_id_not_on_the_customers_sheet_is_warned_where_it_is_used(messy: Path) -> None:
    wb = read_workbook(messy, today=DAY)
    found = [p for p in workbook_problems(wb) if p.code == "problem.unknown_customer"]
    assert {(p.sheet, p.column, p.value) for p in found} == {
        ("接触记录", "客户编号", "C99999"),
        ("活动预订", "客户编号", "C99999"),
    }
    plan = wb.frames["plans"]
    plan_row = int(plan.loc[plan["customer_id"] == "C99999", "_row"].iloc[0])
    assert plan_row in {p.row for p in found if p.sheet == "活动预订"}
    assert describe(found[0], "zh").startswith("客户编号 C99999 不在客户表中")


def test_empty_cells_inactive_staff_and_stray_spaces_are_not_problems(messy: Path) -> None:
    wb = read_workbook(messy, today=DAY)
    values = {p.value.strip() for p in workbook_problems(wb) if p.value}
    assert values == {"赵无名", "C99999"}


def test_headers_and_sheet_names_are_reported_as_found_in_an_english_workbook(tmp_path: Path) -> None:
    wb = read_workbook(write_workbook(tmp_path / "en.xlsx", lang="en", data=data()), today=DAY)
    found = workbook_problems(wb, "en")
    assert {(p.sheet, p.column) for p in found} >= {("Customers", "Consultant"), ("Plans", "Customer ID")}
    assert any(describe(p, "en").startswith("Consultant “赵无名” is not on the Staff sheet") for p in found)


def test_a_name_on_a_staff_row_left_out_for_an_error_says_so(tmp_path: Path) -> None:
    rows = data()
    rows["staff"].append({"name": "赵无名", "active": True})  # no role: an error, the row is left out
    wb = read_workbook(write_workbook(tmp_path / "left.xlsx", lang="zh", data=rows), today=DAY)
    found = [p for p in workbook_problems(wb) if p.value == "赵无名"]
    assert found and {p.code for p in found} == {"problem.unknown_consultant_maybe_left_out"}
    assert "员工表有 1 行因错误未读入" in describe(found[0], "zh")


def test_with_an_empty_staff_sheet_no_consultant_is_checked(tmp_path: Path) -> None:
    rows = data()
    rows["staff"] = []
    wb = read_workbook(write_workbook(tmp_path / "nostaff.xlsx", lang="zh", data=rows), today=DAY)
    assert {p.code for p in workbook_problems(wb)} == {"problem.unknown_customer"}


def test_frames_without_names_or_headers_fall_back_to_the_schema_in_the_language(messy: Path) -> None:
    wb = read_workbook(messy, today=DAY)
    found = reference_problems(wb.frames, lang="en")
    assert {p.sheet for p in found} == {"Customers", "Contacts", "Plans", "Targets"}


@pytest.mark.slow
def test_the_sample_points_nowhere_nowhere(sample_workbook: Path) -> None:
    wb = read_workbook(sample_workbook, today=DAY)
    assert _pointing_nowhere(workbook_problems(wb)) == []


def test_the_shipped_samples_point_nowhere_nowhere_and_carry_one_wrong_number() -> None:
    for name in ("sample_zh.xlsx", "sample_en.xlsx"):
        wb = read_workbook(ROOT / "sample_data" / name, today=DAY)
        found = workbook_problems(wb)
        assert _pointing_nowhere(found) == [], name
        assert [p.code for p in found] == ["problem.wrong_number"], name


def _pointing_nowhere(problems: list) -> list:
    return [p for p in problems if p.code != "problem.wrong_number"]


def _wrong_number_book(tmp_path: Path, card_phone: str, dialled: str | None, void: bool | None = None) -> Path:
    day = dt.date(2026, 11, 20)
    data = {
        "staff": [{"name": "李娜", "role": "consultant", "active": True}],
        "customers": [
            {"customer_id": "C0001", "name": "王建国", "phone": card_phone, "consultant": "李娜",
             "first_contact": day - dt.timedelta(days=30), "grade": "B"},
        ],
        "contacts": [
            {"contact_id": "K0001", "date": day, "customer_id": "C0001", "consultant": "李娜", "type": "call",
             "outcome": "wrong_number", "dialled": dialled, "void": void},
        ],
    }  # fmt: skip
    return write_workbook(tmp_path / "w.xlsx", "zh", data)


@pytest.mark.parametrize(
    ("card_phone", "dialled", "void", "warned"),
    [
        ("13800000001", "13800000001", None, True),  # the number on the card is the one found wrong
        ("13800000002", "13800000001", None, False),  # corrected since
        ("13800000001", "13800000001", True, False),  # the wrong-number row was voided
    ],
)
def test_a_wrong_number_is_a_warning_on_the_customers_phone_until_corrected(
    tmp_path, card_phone, dialled, void, warned
):
    problems = workbook_problems(read_workbook(_wrong_number_book(tmp_path, card_phone, dialled, void)))
    found = [p for p in problems if p.code == "problem.wrong_number"]
    assert bool(found) is warned
    if warned:
        (p,) = found
        assert (p.severity, p.sheet, p.row, p.column, p.value) == ("warning", "客户", 2, "手机", card_phone)
        assert describe(p, "zh") == "王建国 的手机号“13800000001”在 2026-11-20 拨打时为空号/错号;请核对并更正号码"


NAMES = ["李娜", "王伟", "王 伟", " 李娜", "李娜\u3000", "张三", "", "   ", "Li Na", "li na", "123"]


@given(st.lists(st.one_of(st.none(), st.sampled_from(NAMES), st.text(max_size=4)), max_size=60))
@settings(max_examples=200, deadline=None, derandomize=True)
def test_the_arrow_look_up_flags_exactly_what_stripping_each_cell_flags(cells) -> None:
    """Cells a known name as they stand are settled in one look-up; the rest, stripped one by one, must
    give what stripping every cell gives (padded names, full-width spaces, blanks, other text)."""
    known = {"李娜", "王伟", "Li Na", "123"}
    series = pd.Series(cells, dtype="string[pyarrow]")
    values, bad = _unknown(series, known)
    each = [None if v is None else (str(v).strip() or None) for v in cells]
    expected = {i: v for i, v in enumerate(each) if v is not None and v not in known}
    assert values == expected and bad == sorted(expected)
    as_objects = pd.Series(cells, dtype=object)  # a column of another dtype is looked at the same way
    assert _unknown(as_objects, known)[0] == expected

"""The reader on real workbooks from the template and the sample, and on the ways managers
reshape them: columns moved, title rows, blank rows, dates as Chinese text, phones as
numbers, unknown columns, other languages and aliases, a LibreOffice re-save."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from i18n import describe
from tests.support import hostile
from workbook import schema
from workbook.errors import UnusableWorkbook
from workbook.reading import ROW, LoadedWorkbook, read_workbook
from workbook.sample import generate, write_sample
from workbook.template import write_workbook

TODAY = dt.date(2026, 11, 20)


def tiny_data() -> dict[str, list[dict]]:
    return {
        "staff": [
            {"name": "张伟", "role": "manager", "phone": "13900000001", "active": True},
            {"name": "王芳", "role": "consultant", "phone": "13900000002", "active": True},
            {"name": "李娜", "role": "consultant", "phone": "13900000003", "active": True},
        ],
        "customers": [
            {
                "customer_id": "C00001",
                "name": "赵一",
                "sex": "M",
                "phone": "13800000001",
                "consultant": "王芳",
                "source": "walk_in",
                "first_contact": dt.date(2026, 11, 3),
                "model": "X5",
                "grade": "H",
                "expected_purchase": dt.date(2026, 11, 25),
                "budget": 150000.0,
                "birthday_lunar": True,
            },
            {
                "customer_id": "C00002",
                "name": "钱二",
                "sex": "F",
                "phone": "13800000002",
                "consultant": "李娜",
                "source": "online",
                "first_contact": dt.date(2026, 10, 1),
                "model": "S5",
                "grade": "B",
            },
            {
                "customer_id": "C00003",
                "name": "孙三",
                "phone": "13800000003",
                "consultant": "王芳",
                "first_contact": dt.date(2026, 9, 9),
                "grade": "F",
                "note": "选了竞品",
            },
        ],
        "contacts": [
            {
                "contact_id": "K00001",
                "date": dt.date(2026, 11, 3),
                "time": "10:30",
                "customer_id": "C00001",
                "customer": "赵一",
                "phone": "13800000001",
                "consultant": "王芳",
                "type": "visit",
                "first_visit": True,
                "people": 2,
                "result": "看车",
                "grade_after": "H",
                "next_date": dt.date(2026, 11, 4),
            },
            {
                "contact_id": "K00002",
                "date": dt.date(2026, 11, 4),
                "customer_id": "C00001",
                "consultant": "王芳",
                "type": "call",
                "result": "约试驾",
            },
        ],
    }


@pytest.fixture(scope="module")
def tiny(tmp_path_factory) -> Path:
    return write_workbook(tmp_path_factory.mktemp("tiny") / "tiny.xlsx", lang="zh", data=tiny_data())


@pytest.fixture(scope="module")
def tiny_read(tiny) -> LoadedWorkbook:
    return read_workbook(tiny, today=TODAY)


def same_data(a: LoadedWorkbook, b: LoadedWorkbook, sheets=("customers", "contacts", "staff")) -> None:
    for key in sheets:
        left = a.frames[key].drop(columns=[ROW])
        right = b.frames[key].drop(columns=[ROW])
        pd.testing.assert_frame_equal(left, right, check_dtype=True)
    assert a.settings == b.settings


# --------------------------------------------------------------------------- the template


def test_a_template_workbook_reads_clean_with_every_sheet_in_schema_order(tiny_read):
    wb = tiny_read
    assert wb.problems == []
    assert wb.lang == "zh"
    assert list(wb.frames) == [s.key for s in schema.SHEETS]
    for s in schema.SHEETS:
        assert list(wb.frames[s.key].columns) == [*s.column_keys(), ROW]
    assert wb.sheet_names["customers"] == "客户"
    assert wb.headers["customers"]["phone"] == "手机"


def test_the_frame_contract_dtypes(tiny_read):
    c = tiny_read.frames["customers"]
    assert str(c["name"].dtype) == "string" and str(c["phone"].dtype) == "string"
    assert str(c["first_contact"].dtype) == "datetime64[ns]"
    assert str(c["budget"].dtype) == "float64" and str(c["birthday_lunar"].dtype) == "boolean"
    assert str(c[ROW].dtype) == "int64"
    k = tiny_read.frames["contacts"]
    assert str(k["people"].dtype) == "Int64" and str(k["type"].dtype) == "string"


def test_values_come_back_as_written(tiny_read):
    c = tiny_read.frames["customers"].set_index("customer_id")
    assert c.loc["C00001", "phone"] == "13800000001"
    assert c.loc["C00001", "first_contact"] == pd.Timestamp("2026-11-03")
    assert c.loc["C00001", "grade"] == "H" and c.loc["C00001", "source"] == "walk_in"
    assert c.loc["C00001", "budget"] == 150000.0 and bool(c.loc["C00001", "birthday_lunar"]) is True
    assert pd.isna(c.loc["C00002", "birthday_lunar"])
    assert list(tiny_read.frames["customers"][ROW]) == [2, 3, 4]
    k = tiny_read.frames["contacts"]
    assert k.loc[0, "type"] == "visit" and k.loc[0, "time"] == "10:30" and k.loc[0, "people"] == 2


def test_settings_are_typed_with_defaults_filled(tiny_read):
    s = tiny_read.settings
    assert s["new_lead_intro_hours"] == 24 and s["birthday_greeting"] is True
    assert s["calling_hours_start"] == "09:00"
    assert isinstance(s["greeting_festivals"], tuple) and "春节" in s["greeting_festivals"]
    assert set(s) == {x.key for x in schema.SETTINGS}


def test_the_fingerprint_is_size_mtime_and_hash(tiny, tiny_read):
    st = tiny.stat()
    size, mtime_ns, sha = tiny_read.fingerprint
    assert (size, mtime_ns) == (st.st_size, st.st_mtime_ns) and len(sha) == 64


def test_an_english_workbook_is_detected_as_english(tmp_path):
    path = write_workbook(tmp_path / "en.xlsx", lang="en", data=tiny_data())
    wb = read_workbook(path, today=TODAY)
    assert wb.lang == "en" and wb.sheet_names["customers"] == "Customers"
    assert wb.problems == []


# --------------------------------------------------------------------------- the sample


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_checked_in_samples_read_without_errors(lang):
    path = Path(__file__).resolve().parents[2] / "sample_data" / f"sample_{lang}.xlsx"
    if not path.exists():
        pytest.skip("sample_data not generated yet")
    wb = read_workbook(path, today=TODAY)
    assert wb.errors == [] and wb.lang == lang
    assert len(wb.frames["customers"]) > 100 and len(wb.frames["contacts"]) > 1000


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_s_sample_reads_without_errors_and_keeps_every_row(tmp_path, lang):
    path = write_sample(tmp_path / "s.xlsx", size="S", lang=lang, today=TODAY, seed=1)
    wb = read_workbook(path, today=TODAY)
    assert wb.errors == []
    data = generate(size="S", lang=lang, today=TODAY, seed=1)
    for key in ("customers", "contacts", "deliveries", "lost"):
        assert len(wb.frames[key]) == len(data[key]), key
    assert wb.lang == lang


# --------------------------------------------------------------------------- what managers do to files


def reshape(src: Path, dst: Path, edit) -> Path:
    """A test-only rewrite of a workbook through openpyxl (never done to a manager's file)."""
    book = openpyxl.load_workbook(src)
    edit(book)
    book.save(dst)
    return dst


def _customers(book):
    return book["客户"]


def test_columns_moved_title_row_blank_rows_and_unknown_columns_read_to_the_same_data(tiny, tiny_read, tmp_path):
    def edit(book):
        ws = _customers(book)
        for t in list(ws.tables):
            del ws.tables[t]
        # move the phone column to the far right, add an unknown column, a title row, blank rows
        last = ws.max_column
        for r in range(1, ws.max_row + 1):
            ws.cell(r, last + 1).value = ws.cell(r, 4).value
            ws.cell(r, 4).value = None
        ws.cell(1, 4).value = "微信号"  # an unknown column where the phone was
        ws.insert_rows(3)  # a blank row between the first two customers
        ws.insert_rows(1)
        ws.insert_rows(1)
        ws.cell(1, 1).value = "2026年11月 客户清单"
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=6)

    wb = read_workbook(reshape(tiny, tmp_path / "moved.xlsx", edit), today=TODAY)
    assert wb.errors == []
    assert wb.header_rows["customers"] == 3
    assert list(wb.frames["customers"][ROW]) == [4, 6, 7]
    same_data(tiny_read, wb)


def test_dates_retyped_as_chinese_text_and_phones_turned_into_numbers_read_the_same(tiny, tiny_read, tmp_path):
    def edit(book):
        ws = _customers(book)
        heads = {c.value: c.column for c in ws[1]}
        for r in range(2, ws.max_row + 1):
            d = ws.cell(r, heads["首次接触"]).value
            if d is not None:
                ws.cell(r, heads["首次接触"]).value = f"{d.year}年{d.month}月{d.day}日"
            ws.cell(r, heads["手机"]).value = int(ws.cell(r, heads["手机"]).value)
        ws2 = book["接触记录"]
        heads2 = {c.value: c.column for c in ws2[1]}
        ws2.cell(2, heads2["日期"]).value = "2026/11/3"
        ws2.cell(3, heads2["日期"]).value = "2026.11.4"

    wb = read_workbook(reshape(tiny, tmp_path / "typed.xlsx", edit), today=TODAY)
    assert wb.errors == [] and wb.warnings == []
    same_data(tiny_read, wb)


def test_sheets_and_headers_in_the_other_language_or_aliases_are_found(tiny, tiny_read, tmp_path):
    def edit(book):
        book["客户"].title = "A-C卡"
        book["接触记录"].title = "Contacts"
        ws = book["A-C卡"]
        for c in ws[1]:
            if c.value == "手机":
                c.value = "联系电话"
            elif c.value == "级别":
                c.value = "Grade"

    wb = read_workbook(reshape(tiny, tmp_path / "alias.xlsx", edit), today=TODAY)
    assert wb.errors == []
    assert wb.sheet_names["customers"] == "A-C卡" and wb.headers["customers"]["phone"] == "联系电话"
    same_data(tiny_read, wb)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_a_libreoffice_resave_reads_to_the_same_data(tiny, tiny_read, tmp_path):
    out = tmp_path / "lo"
    out.mkdir()
    src = tmp_path / "in.xlsx"
    shutil.copy(tiny, src)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "xlsx",
         "--outdir", str(out), str(src)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    wb = read_workbook(out / "in.xlsx", today=TODAY)
    assert wb.errors == []
    same_data(tiny_read, wb)


# --------------------------------------------------------------------------- problems on rows


def _bad_rows(book):
    ws = _customers(book)
    heads = {c.value: c.column for c in ws[1]}
    ws.cell(2, heads["级别"]).value = "XX"  # required column: error, row left out
    ws.cell(3, heads["预计购买日期"]).value = "下个月"  # optional column: warning, cell empty
    ws.cell(4, heads["客户姓名"]).value = None  # required value missing
    row = ws.max_row + 2  # after a blank row
    for key, val in {
        "客户姓名": "周四",
        "手机": "13800000002",
        "销售顾问": "王芳",
        "首次接触": "11月3日",
        "级别": "a",
    }.items():
        ws.cell(row, heads[key]).value = val  # no ID; shares a phone with 钱二 of 李娜


def test_bad_values_give_errors_or_warnings_with_sheet_row_column_and_value(tiny, tmp_path):
    wb = read_workbook(reshape(tiny, tmp_path / "bad.xlsx", _bad_rows), today=TODAY)
    by = {(p.row, p.code): p for p in wb.problems}
    grade = by[(2, "problem.bad_grade")]
    assert (grade.severity, grade.sheet, grade.column, grade.value) == ("error", "客户", "级别", "XX")
    assert "XX" in describe(grade, "zh") and "XX" in describe(grade, "en")
    assert by[(3, "problem.bad_date")].severity == "warning"
    assert by[(4, "problem.required_missing")].severity == "error"
    assert by[(6, "problem.date_year_guessed")].severity == "warning"
    frame = wb.frames["customers"]
    assert list(frame[ROW]) == [3, 6]  # rows 2 and 4 left out; row 5 blank
    assert pd.isna(frame.loc[0, "expected_purchase"])
    assert frame.loc[1, "grade"] == "A" and pd.isna(frame.loc[1, "customer_id"])


def test_the_same_phone_under_two_consultants_is_warned_on_both_rows(tiny, tmp_path):
    wb = read_workbook(reshape(tiny, tmp_path / "bad.xlsx", _bad_rows), today=TODAY)
    shared = [p for p in wb.problems if p.code == "problem.duplicate_phone"]
    assert sorted(p.row for p in shared) == [3, 6]
    assert all(p.severity == "warning" and p.value == "13800000002" for p in shared)
    assert "王芳" in describe(shared[0], "zh") and "李娜" in describe(shared[0], "zh")


def test_a_duplicated_id_is_warned_on_both_rows_and_the_first_kept(tiny, tmp_path):
    def edit(book):
        ws = _customers(book)
        ws.cell(3, 1).value = "C00001"

    wb = read_workbook(reshape(tiny, tmp_path / "dup.xlsx", edit), today=TODAY)
    dup = [p for p in wb.problems if p.code == "problem.duplicate_id"]
    assert sorted(p.row for p in dup) == [2, 3] and all(p.severity == "warning" for p in dup)
    assert list(wb.frames["customers"][ROW]) == [2, 4]


def test_a_duplicated_staff_name_is_warned(tiny, tmp_path):
    def edit(book):
        book["员工"].cell(4, 1).value = "王芳"

    wb = read_workbook(reshape(tiny, tmp_path / "staff.xlsx", edit), today=TODAY)
    assert sorted(p.row for p in wb.problems if p.code == "problem.duplicate_staff") == [3, 4]
    assert list(wb.frames["staff"]["name"]) == ["张伟", "王芳"]


def test_unknown_settings_and_bad_setting_values_are_warned_and_defaults_used(tiny, tmp_path):
    def edit(book):
        ws = book["设置"]
        heads = {c.value: c.column for c in ws[1]}
        for r in range(2, ws.max_row + 1):
            if ws.cell(r, heads["设置项"]).value == "新客户首次问候(小时)":
                ws.cell(r, heads["值"]).value = "一天"
            if ws.cell(r, heads["设置项"]).value == "H级跟进间隔(天)":
                ws.cell(r, heads["值"]).value = 1
        ws.cell(ws.max_row + 1, heads["设置项"]).value = "咖啡口味"
        ws.cell(ws.max_row, heads["值"]).value = "拿铁"
        ws.cell(ws.max_row + 1, heads["设置项"]).value = "grade_interval_A"
        ws.cell(ws.max_row, heads["值"]).value = "5"

    wb = read_workbook(reshape(tiny, tmp_path / "set.xlsx", edit), today=TODAY)
    codes = {p.code: p for p in wb.problems}
    assert codes["problem.bad_setting"].value == "一天" and codes["problem.bad_setting"].severity == "warning"
    assert codes["problem.unknown_setting"].value == "咖啡口味"
    assert wb.settings["new_lead_intro_hours"] == 24
    assert wb.settings["grade_interval_H"] == 1 and wb.settings["grade_interval_A"] == 5


def test_a_missing_required_sheet_makes_the_workbook_unusable_naming_the_sheets_found(tiny, tmp_path):
    def edit(book):
        del book["接触记录"]

    with pytest.raises(UnusableWorkbook) as info:
        read_workbook(reshape(tiny, tmp_path / "nosheet.xlsx", edit))
    assert info.value.code == "problem.required_sheet_missing"
    assert "接触记录" in describe(info.value, "zh") and "客户" in describe(info.value, "zh")


def test_a_missing_optional_sheet_gives_an_empty_frame(tiny, tmp_path):
    def edit(book):
        del book["会议记录"]

    wb = read_workbook(reshape(tiny, tmp_path / "nomeet.xlsx", edit), today=TODAY)
    assert wb.frames["meetings"].empty and "meetings" not in wb.sheet_names
    assert list(wb.frames["meetings"].columns) == [*schema.sheet("meetings").column_keys(), ROW]


def test_a_required_column_missing_is_one_error_and_the_rows_still_read(tiny, tmp_path):
    def edit(book):
        ws = _customers(book)
        for t in list(ws.tables):
            del ws.tables[t]
        heads = {c.value: c.column for c in ws[1]}
        ws.delete_cols(heads["级别"])

    wb = read_workbook(reshape(tiny, tmp_path / "nocol.xlsx", edit), today=TODAY)
    missing = [p for p in wb.problems if p.code == "problem.column_missing"]
    assert len(missing) == 1 and missing[0].row == 1 and missing[0].severity == "error"
    assert len(wb.frames["customers"]) == 3 and wb.frames["customers"]["grade"].isna().all()


def test_a_1904_workbook_reads_its_serial_dates_right(tmp_path):
    heads = [c.zh for c in schema.sheet("customers").columns]
    row = {"客户姓名": "赵一", "手机": "13800000001", "销售顾问": "王芳", "首次接触": 46329.0 - 1462, "级别": "H"}
    sheets = [(s.zh, hostile.sheet_xml([[c.zh for c in s.columns]])) for s in schema.SHEETS if s.key != "customers"]
    sheets.append(("客户", hostile.sheet_xml([heads, [row.get(h) for h in heads]])))
    wb = read_workbook(hostile.raw_xlsx(tmp_path / "mac.xlsx", sheets, date1904=True), today=TODAY)
    assert wb.date1904 is True
    assert wb.frames["customers"].loc[0, "first_contact"] == pd.Timestamp("2026-11-03")


def test_duplicates_are_found_in_a_big_sheet_too(tmp_path):
    heads = [c.zh for c in schema.sheet("customers").columns]

    def row(i, cid):
        values = {"客户编号": cid, "客户姓名": f"客户{i}", "手机": f"138{i:08d}", "销售顾问": "王芳",
                  "首次接触": "2026-11-03", "级别": "B"}  # fmt: skip
        return [values.get(h) for h in heads]

    rows = [row(i, f"C{i:05d}") for i in range(6000)] + [row(9999, "C00000")]
    wb = read_workbook(hostile.full_workbook(tmp_path / "big.xlsx", rows={"客户": rows}), today=TODAY)
    assert sorted(p.row for p in wb.problems if p.code == "problem.duplicate_id") == [2, 6002]
    assert len(wb.frames["customers"]) == 6000


def test_problems_come_in_sheet_order_though_the_largest_sheet_is_read_on_its_own_thread(tiny, tmp_path):
    def edit(book):
        _customers(book).cell(2, 1 + [c.key for c in schema.sheet("customers").columns].index("grade")).value = "XX"
        contacts = book["接触记录"]
        date_col = 1 + [c.key for c in schema.sheet("contacts").columns].index("date")
        for r in range(4, 400):  # the contacts sheet becomes the largest: it is read apart
            contacts.cell(r, 1).value = f"K{r:05d}"
            contacts.cell(r, date_col).value = "不是日期"
            contacts.cell(
                r, 1 + [c.key for c in schema.sheet("contacts").columns].index("customer_id")
            ).value = "C00001"

    wb = read_workbook(reshape(tiny, tmp_path / "order.xlsx", edit), today=TODAY)
    order = [s.zh for s in schema.SHEETS]
    sheets = [p.sheet for p in wb.problems]
    assert "客户" in sheets and "接触记录" in sheets
    assert sheets == sorted(sheets, key=order.index)  # customers' problems before the contacts'
    assert list(wb.frames) == [s.key for s in schema.SHEETS]
    bad_dates = [p for p in wb.problems if p.sheet == "接触记录" and p.row is not None and p.row >= 4]
    assert len({p.row for p in bad_dates}) == 396  # every row of the sheet read apart was checked

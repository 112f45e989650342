"""The workbook check page through AppTest: its filters follow a language switch."""

from __future__ import annotations

import shutil

import pytest

import i18n
from tests.support.apptest_helpers import ROOT, app_test, shown_text


@pytest.fixture
def wb(tmp_path):
    copy = tmp_path / "store.xlsx"
    shutil.copyfile(ROOT / "sample_data" / "sample_zh.xlsx", copy)  # it has problems to filter
    return copy


def _filter(at, kind: str, label_key: str, lang: str):
    label = i18n.t(label_key, lang)
    [widget] = [w for w in getattr(at, kind) if w.label == label]
    return widget


def test_the_filter_chips_take_the_new_languages_labels_and_keep_the_choice(wb, tmp_path, monkeypatch):
    at = app_test(monkeypatch, tmp_path, wb, page="pages/health.py", lang="zh")
    assert not at.exception, at.exception
    severity = _filter(at, "multiselect", "health.filter.severity", "zh")
    assert severity.options == ["错误", "警告"]
    severity.set_value(["warning"]).run()
    zh_id = _filter(at, "multiselect", "health.filter.severity", "zh").id

    at.selectbox(key="ui_lang").select("en").run()
    assert not at.exception, at.exception
    severity = _filter(at, "multiselect", "health.filter.severity", "en")
    # a widget the browser has not seen yet: it cannot keep showing the Chinese chips
    assert severity.id != zh_id
    assert severity.options == ["Error", "Warning"]
    assert severity.value == ["warning"]
    shown = [c.value for c in at.caption if c.value.startswith("Showing ")]
    assert shown and not shown[0].startswith("Showing 0 ")


def test_the_chosen_sheet_stays_chosen_after_a_language_switch(wb, tmp_path, monkeypatch):
    at = app_test(monkeypatch, tmp_path, wb, page="pages/health.py", lang="zh")
    sheet = _filter(at, "selectbox", "health.filter.sheet", "zh")
    assert sheet.options[0] == i18n.t("health.filter.all_sheets", "zh")
    name = sheet.options[1]  # a sheet's name as in the file: the same in either UI language
    sheet.set_value(name).run()
    at.selectbox(key="ui_lang").select("en").run()
    assert not at.exception, at.exception
    sheet = _filter(at, "selectbox", "health.filter.sheet", "en")
    assert sheet.options[0] == i18n.t("health.filter.all_sheets", "en")
    assert sheet.value == name


def _messy(path):
    """A workbook with one error, 30 budgets that are no amount, and a consultant not on the staff sheet."""
    import datetime as dt

    from workbook.template import write_workbook

    def cust(i: int, **extra):
        row = {"customer_id": f"C{i:05d}", "name": f"客户{i}", "phone": f"138{i:08d}", "consultant": "王芳",
               "first_contact": dt.date(2026, 11, 3), "grade": "A", "budget": "待定"}  # fmt: skip
        return {**row, **extra}

    rows = [cust(i) for i in range(1, 31)]
    rows.append(cust(31, budget=None, grade=None))  # grade is required: an error, the row is left out
    rows.append(cust(32, budget=None, consultant="赵无名"))
    data = {"staff": [{"name": "王芳", "role": "consultant"}], "customers": rows}
    return write_workbook(path, lang="zh", data=data)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_many_problems_of_one_kind_are_one_expandable_line_after_the_errors(tmp_path, monkeypatch, lang):
    path = _messy(tmp_path / "messy.xlsx")
    at = app_test(monkeypatch, tmp_path, path, page="pages/health.py", lang=lang)
    assert not at.exception, at.exception
    [group] = at.main.expander
    if lang == "zh":
        assert shown_text(group.label) == "客户 · 预算(元): 30 行 — 不是金额, 例如 第 2 行 待定 …"
    else:
        assert shown_text(group.label) == "客户 · 预算(元): 30 rows — not an amount, e.g. row 2 待定 …"
    # the rows stay reachable inside the line: all 30, each with its Excel row
    [inside] = group.table
    assert list(inside.value[i18n.t("health.col.row", lang)]) == list(range(2, 32))
    # errors first, then single warnings, then the grouped line
    sections = [m.value for m in at.main.markdown if m.value.startswith("#### ")]
    assert sections == [
        "#### " + i18n.t("health.section.error", lang, count=1),
        "#### " + i18n.t("health.section.warning", lang, count=31),
    ]
    errors, singles, _ = at.main.table
    assert list(errors.value[i18n.t("health.col.severity", lang)]) == [i18n.t("word.error", lang)]
    [unknown] = singles.value[i18n.t("health.col.message", lang)]
    expected = "销售顾问“赵无名”不在员工表中" if lang == "zh" else "销售顾问 “赵无名” is not on the 员工 sheet"
    assert unknown.startswith(expected)
    labels = [b.proto.label for b in at.get("download_button")]
    assert i18n.t("health.download", lang) in labels
    # the sidebar counts what the page lists, the consultant pointing nowhere included
    counted = i18n.t("ui.sidebar.problems", lang, errors=1, warnings=31)
    assert any(counted in m.value for m in at.sidebar.markdown)


def _p(severity, code, sheet, row, column, value, **params):
    from workbook.errors import Problem

    return Problem(severity, code, {"column": column, "value": value, **params}, sheet, row, column, value)


def test_groups_keep_kinds_sheets_and_columns_apart_and_put_errors_first():
    from ui import render

    problems = [
        _p("warning", "problem.bad_money", "客户", 5, "预算(元)", "2474-12-15"),
        _p("warning", "problem.bad_money", "客户", 6, "预算(元)", "2447-07-30"),
        _p("warning", "problem.bad_date", "客户", 7, "预算(元)", "x"),  # another kind
        _p("warning", "problem.bad_money", "交车", 8, "预算(元)", "y"),  # another sheet
        _p("error", "problem.bad_grade", "客户", 9, "级别", "hH"),
    ]
    groups = render.problem_groups(problems)
    assert [[p.row for p in g] for g in groups] == [[9], [5, 6], [7], [8]]
    assert render.group_label(groups[1], "zh") == "客户 · 预算(元): 2 行 — 不是金额, 例如 第 5 行 2474-12-15 …"
    assert render.group_label(groups[1], "en") == "客户 · 预算(元): 2 rows — not an amount, e.g. row 5 2474-12-15 …"


def test_the_csv_download_holds_every_row_with_headers_in_the_language():
    import csv
    import io

    from ui import render

    problems = [_p("warning", "problem.bad_money", "客户", r, "预算(元)", "2474-12-15") for r in range(5, 2005)]
    data = render.problems_csv(problems, "zh")
    assert data.startswith("\ufeff".encode())  # Excel reads Chinese CSV as UTF-8 only with the BOM
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["类别", "工作表", "行号", "列", "单元格内容", "怎么修正"]
    assert len(rows) == 2001 and rows[1][:5] == ["警告", "客户", "5", "预算(元)", "2474-12-15"]
    assert rows[-1][2] == "2004"


def test_the_csv_download_keeps_formulas_typed_into_cells_as_text():
    import csv
    import io

    from ui import render

    hostile = ["=cmd|' /C calc'!A0", '=HYPERLINK("http://x","y")', "+86 138", "-2+3", "@SUM(A1)", "\tx", "\r=1"]
    problems = [_p("warning", "problem.bad_phone", "客户", 5 + i, "手机号", v) for i, v in enumerate(hostile)]
    rows = list(csv.reader(io.StringIO(render.problems_csv(problems, "en").decode("utf-8-sig"), newline="")))
    assert [r[4] for r in rows[1:]] == ["'" + v for v in hostile]
    assert [r[2] for r in rows[1:]] == [str(5 + i) for i in range(len(hostile))]  # row numbers stay numbers
    assert all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for r in rows[1:] for cell in r)

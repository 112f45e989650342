"""`cli.py check` tells many problems of one kind in one sheet and column as one line, like the
health page (`workbook.problem_groups`); `--json` still lists every problem as CONTRACTS.md fixes it."""

from __future__ import annotations

import datetime as dt
import json

import pytest

import cli
import i18n
from workbook import problem_groups
from workbook.template import write_workbook

BUDGETS = 40  # customers whose budget is no amount: one group


def _messy(path):
    """40 budgets that are no amount, 3 customers without a grade (errors, one group), one bad
    phone and two consultants not on the staff sheet (single warnings)."""

    def cust(i: int, **extra):
        row = {"customer_id": f"C{i:05d}", "name": f"客户{i}", "phone": f"138{i:08d}", "consultant": "王芳",
               "first_contact": dt.date(2026, 11, 3), "grade": "A", "budget": "待定"}  # fmt: skip
        return {**row, **extra}

    rows = [cust(i) for i in range(1, BUDGETS + 1)]
    rows += [cust(i, budget=None, grade=None) for i in range(BUDGETS + 1, BUDGETS + 4)]
    rows.append(cust(50, budget=None, consultant="赵无名"))
    rows.append(cust(51, budget=None, consultant="钱无名"))
    data = {"staff": [{"name": "王芳", "role": "consultant"}], "customers": rows}
    return write_workbook(path, lang="zh", data=data)


def _run(capsys, *argv: str) -> tuple[int, str]:
    code = cli.main(["check", *argv])
    return code, capsys.readouterr().out


def test_rows_are_told_as_short_ranges():
    assert problem_groups.row_ranges([9, 5, 6, 7, None, 12, 8, 15, 16]) == "5-9, 12, 15-16"
    assert problem_groups.row_ranges([]) == ""
    assert problem_groups.row_ranges(range(2, 200, 2), limit=3) == "2, 4, 6, …"


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_text_output_groups_repeated_problems_errors_first(tmp_path, capsys, lang):
    path = _messy(tmp_path / "messy.xlsx")
    code, out = _run(capsys, str(path), "--lang", lang)
    assert code == 0
    lines = out.splitlines()
    budget = "客户 · 预算(元): 40 行 — 不是金额, 例如 第 2 行 待定 …"
    if lang == "en":
        budget = "客户 · 预算(元): 40 rows — not an amount, e.g. row 2 待定 …"
    error, warning = i18n.t("word.error", lang), i18n.t("word.warning", lang)
    assert f"{warning}  {budget}" in lines
    rows_line = lines[lines.index(f"{warning}  {budget}") + 1]
    assert rows_line.strip() == i18n.t("check.group.rows", lang, rows=f"2-{BUDGETS + 1}")
    # the three missing grades are one error line, before every warning
    missing = [i for i, line in enumerate(lines) if line.startswith(f"{error}  ") and " 3 " in line]
    assert len(missing) == 1
    assert lines.index(i18n.t("health.section.error", lang, count=3)) < missing[0]
    assert missing[0] < lines.index(i18n.t("health.section.warning", lang, count=BUDGETS + 2))
    # the two consultants pointing nowhere stay rows of their own, with row numbers
    assert sum("赵无名" in line for line in lines) == 1 and sum("钱无名" in line for line in lines) == 1
    assert len(lines) < 20  # not one line per problem
    assert lines[-1] == i18n.t("check.usable", lang, errors=3, warnings=BUDGETS + 2)


def test_two_of_a_kind_are_not_grouped(tmp_path, capsys):
    path = _messy(tmp_path / "messy.xlsx")
    _code, out = _run(capsys, str(path), "--lang", "en")
    assert "2 rows —" not in out  # the two unknown consultants (one sheet, column and kind) are listed


def test_the_json_output_still_lists_every_problem_with_the_contracts_fields(tmp_path, capsys):
    path = _messy(tmp_path / "messy.xlsx")
    code, out = _run(capsys, str(path), "--json", "--lang", "en")
    assert code == 0
    result = json.loads(out)
    assert set(result) == {"usable", "problems"} and result["usable"] is True
    problems = result["problems"]
    assert len(problems) == 3 + BUDGETS + 2
    assert all(set(p) == {"severity", "code", "sheet", "row", "column", "value", "message"} for p in problems)
    budgets = [p for p in problems if p["code"] == "problem.bad_money"]
    assert [p["row"] for p in budgets] == list(range(2, BUDGETS + 2))
    assert {(p["severity"], p["sheet"], p["column"], p["value"]) for p in budgets} == {
        ("warning", "客户", "预算(元)", "待定")
    }


def test_an_unusable_file_is_still_one_line_and_exit_2(tmp_path, capsys):
    path = tmp_path / "not.xlsx"
    path.write_bytes(b"")
    code, out = _run(capsys, str(path), "--lang", "en")
    assert code == 2 and len(out.strip().splitlines()) == 1 and out.startswith(i18n.t("check.unusable", "en"))

"""Rendering helpers: problems as a table."""

from __future__ import annotations

from ui import render
from workbook.errors import Problem


def test_problems_become_rows_with_sheet_row_column_value_and_what_to_do():
    p = Problem("error", "no.such.code", {}, sheet="客户", row=12, column="手机", value="abc")
    frame = render.problems_frame([p], "zh")
    row = frame.iloc[0]
    assert (row["sheet"], int(row["row"]), row["column"], row["value"]) == ("客户", 12, "手机", "abc")
    assert row["_severity"] == "error" and row["message"] == "no.such.code"

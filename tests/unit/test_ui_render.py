"""Rendering helpers: tel: links, choice labels in the UI language, problems as a table."""

from __future__ import annotations

import pandas as pd

from ui import render
from workbook.errors import Problem


def test_a_phone_becomes_a_tel_link_with_digits_only():
    assert render.tel("138 0013-8000") == "tel:13800138000"
    assert render.tel("+86 138") == "tel:+86138"


def test_a_missing_phone_has_no_link():
    assert render.tel(None) is None
    assert render.tel(pd.NA) is None
    assert render.tel("") is None


def test_choice_codes_are_shown_as_labels_in_the_language_asked_for():
    df = pd.DataFrame({"type": pd.array(["call", "test_drive", pd.NA], dtype="string"), "result": ["a", "b", "c"]})
    assert render.labelled(df, "contacts", "zh")["type"].tolist()[:2] == ["电话", "试驾"]
    assert render.labelled(df, "contacts", "en")["type"].tolist()[:2] == ["Call", "Test drive"]
    assert pd.isna(render.labelled(df, "contacts", "en")["type"].iloc[2])


def test_headers_come_from_the_schema_in_either_language():
    assert render.headers("customers", "zh")["phone"] == "手机"
    assert render.headers("customers", "en")["phone"] == "Phone"


def test_problems_become_rows_with_sheet_row_column_value_and_what_to_do():
    p = Problem("error", "no.such.code", {}, sheet="客户", row=12, column="手机", value="abc")
    frame = render.problems_frame([p], "zh")
    row = frame.iloc[0]
    assert (row["sheet"], int(row["row"]), row["column"], row["value"]) == ("客户", 12, "手机", "abc")
    assert row["_severity"] == "error" and row["message"] == "no.such.code"

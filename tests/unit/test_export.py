"""A4 exports: a new workbook per call, titles, headers, formats and print setup."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime
from pathlib import Path

import pandas as pd
from lxml import etree
from python_calamine import CalamineWorkbook

from tests.support.shared import validation_problems
from workbook.export import export_workbook

ROOT = Path(__file__).resolve().parents[2]
NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


def _frame() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "客户": ["王芳", "=1+1", None],
            "手机": ["13812345678", "13900000000", "13700000000"],
            "到期": [pd.Timestamp("2026-11-20"), pd.Timestamp("2026-11-18"), pd.NaT],
            "逾期天数": [0, 2, pd.NA],
            "已完成": [True, False, None],
        }
    ).astype({"逾期天数": "Int64"})


def _open(data: bytes, tmp_path: Path) -> Path:
    path = tmp_path / "export.xlsx"
    path.write_bytes(data)
    return path


def test_a_frame_is_exported_under_a_title_with_its_headers(tmp_path: Path) -> None:
    data = export_workbook([("今日跟进", _frame())], lang="zh", title="跟进清单 2026-11-20")
    rows = CalamineWorkbook.from_path(str(_open(data, tmp_path))).get_sheet_by_name("今日跟进").to_python()
    assert rows[0][0] == "跟进清单 2026-11-20"
    assert rows[1] == ["客户", "手机", "到期", "逾期天数", "已完成"]
    assert rows[2] == ["王芳", "13812345678", date(2026, 11, 20), 0, "是"]
    assert rows[3][0] == "=1+1" and rows[3][4] == "否"
    assert rows[4][2:] == ["", "", ""]


def test_rows_as_dicts_or_lists_with_headers_and_a_dict_of_sheets_are_accepted(tmp_path: Path) -> None:
    data = export_workbook(
        {"A": [{"name": "Li", "at": datetime(2026, 11, 20, 9, 30)}], "B": [("x", 1)]}, lang="en", title="T"
    )
    wb = CalamineWorkbook.from_path(str(_open(data, tmp_path)))
    assert wb.sheet_names == ["A", "B"]
    assert wb.get_sheet_by_name("A").to_python()[1:] == [["name", "at"], ["Li", datetime(2026, 11, 20, 9, 30)]]
    data = export_workbook([("C", [("x", 1)], ["letter", "n"])], lang="en", title="T")
    assert CalamineWorkbook.from_path(str(_open(data, tmp_path))).get_sheet_by_name("C").to_python()[1] == [
        "letter",
        "n",
    ]


def test_print_setup_is_a4_landscape_one_page_wide_with_repeated_title_and_header(tmp_path: Path) -> None:
    data = export_workbook([("今日跟进", _frame())], lang="zh", title="跟进清单")
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        sheet = etree.fromstring(z.read("xl/worksheets/sheet1.xml"))
        book = etree.fromstring(z.read("xl/workbook.xml"))
        styles = z.read("xl/styles.xml").decode()
    setup = sheet.find("m:pageSetup", NS)
    assert setup.get("paperSize") == "9" and setup.get("orientation") == "landscape"
    assert setup.get("fitToHeight") == "0"
    names = {d.get("name"): d.text for d in book.find("m:definedNames", NS)}
    assert names["_xlnm.Print_Titles"].endswith("!$1:$2")
    assert "跟进清单" in sheet.find("m:headerFooter/m:oddHeader", NS).text
    assert 'formatCode="yyyy-mm-dd"' in styles


def test_long_or_odd_sheet_titles_become_valid_unique_names(tmp_path: Path) -> None:
    title = "一个非常非常长的表名/带斜杠[和括号]一个非常非常长的表名"
    data = export_workbook([(title, []), (title, [])], lang="zh", title="x")
    names = CalamineWorkbook.from_path(str(_open(data, tmp_path))).sheet_names
    assert len(names) == 2 and len(set(names)) == 2
    assert all(len(n) <= 31 and "/" not in n and "[" not in n for n in names)


def test_yes_and_no_are_the_words_of_the_language_asked_for(tmp_path: Path) -> None:
    data = export_workbook({"S": [{"done": True}, {"done": False}]}, lang="en", title="T")
    rows = CalamineWorkbook.from_path(str(_open(data, tmp_path))).get_sheet_by_name("S").to_python()
    assert [r[0] for r in rows[2:]] == ["Yes", "No"]


def test_an_export_passes_the_ooxml_validator(tmp_path: Path) -> None:
    path = _open(export_workbook([("今日跟进", _frame()), ("Other", [])], lang="zh", title="跟进"), tmp_path)
    assert validation_problems(path) == []

"""The check page tells of rows left below a table; the sidebar opens a macro workbook."""

from __future__ import annotations

import pytest

from tests.support.apptest_helpers import app_test, shown_text
from tests.support.macro import make_macro_workbook
from tests.support.raw_edit import customers_typed_below
from tests.support.writer_support import customers_workbook

pytestmark = pytest.mark.slow  # each test runs the app on a real workbook


def test_the_check_page_warns_of_rows_after_a_gap_below_the_table_with_the_fix(tmp_path, monkeypatch):
    path = customers_typed_below(customers_workbook(tmp_path / "店.xlsx"), 6, 7)
    at = app_test(monkeypatch, tmp_path, path, page="pages/health.py", lang="en")
    assert not at.exception
    # a few problems are shown as a static table (it wraps the long "what to do" text)
    messages = [shown_text(str(v)) for table in at.table for v in table.value.to_numpy().ravel()]
    assert any("Rows 6-7" in m and "Table Design > Resize Table" in m for m in messages), messages


def test_the_sidebar_opens_a_macro_workbook(tmp_path, monkeypatch):
    first = customers_workbook(tmp_path / "店.xlsx")
    macro = make_macro_workbook(customers_workbook(tmp_path / "plain.xlsx"), tmp_path / "宏.xlsm")
    at = app_test(monkeypatch, tmp_path, first, page="pages/health.py", lang="zh")
    at.text_input(key="ui_open_path").input(str(macro)).run()
    at.button(key="ui_open_button").click().run()
    assert not at.exception and not at.error
    assert any("宏.xlsm" in shown_text(m.value) for m in at.markdown)

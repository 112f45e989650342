"""An older workbook keeps working in the app before and after a write has added a column and a sheet to it."""

from __future__ import annotations

from datetime import date

import pytest

from tests.support.apptest_helpers import app_test
from tests.support.older import older_workbook
from workbook import operations, writing

PAGES = ("pages/due.py", "pages/health.py", "pages/morning.py")


@pytest.mark.parametrize("page", PAGES)
def test_the_page_shows_an_older_workbook_before_and_after_it_is_upgraded(monkeypatch, tmp_path, page):
    path = older_workbook(
        tmp_path / "旧.xlsx", without_columns={"contacts": {"followup_kind"}}, without_sheets={"reschedules"}
    )
    before = app_test(monkeypatch, tmp_path, path, page=page, lang="zh")
    assert not before.exception and not before.error
    ops = [
        operations.log_contact("C0001", "call", date(2026, 11, 19), consultant="王磊", followup_kind="monthly"),
        operations.reschedule("C0001", "monthly", date(2026, 11, 25)),
    ]
    assert writing.apply(path, ops).status == "written"
    after = app_test(monkeypatch, tmp_path, path, page=page, lang="zh")
    assert not after.exception and not after.error

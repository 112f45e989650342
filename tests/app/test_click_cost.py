"""A click costs its write, not a re-read: after the app's own write the cache holds the overlaid workbook."""

from __future__ import annotations

import os
import shutil

import pytest

from tests.support.apptest_helpers import app_test
from tests.support.due_scenario import TODAY, scenario
from ui import loading
from workbook import operations, writing
from workbook.reading import read_workbook
from workbook.template import write_workbook


@pytest.fixture
def workbook(tmp_path):
    return write_workbook(tmp_path / "store.xlsx", "zh", scenario(), settings={"greeting_festivals": ""})


@pytest.fixture
def reads(monkeypatch) -> list[str]:
    """Every whole-workbook read the app makes from now on (the real reader, counted)."""
    made: list[str] = []
    real = loading.read_workbook

    def counted(path, **kwargs):
        made.append(str(path))
        return real(path, **kwargs)

    monkeypatch.setattr(loading, "read_workbook", counted)
    return made


def page(monkeypatch, tmp_path, wb, **kw):
    # as tests/app/test_due_page.py: AppTest's pages-folder mode would swallow the click
    monkeypatch.setattr("ui.session._leave_pages_folder_mode", lambda: None)
    at = app_test(monkeypatch, tmp_path, wb, page="pages/due.py", today=TODAY, **kw)
    assert not at.exception, at.exception
    return at


def _log_new_lead(at, note: str):
    at.text_area(key="card_C0001_note").input(note)
    return at.button(key="card_C0001_rf_save").click().run()


def test_logging_a_follow_up_shows_the_new_state_without_reading_the_file_again(monkeypatch, tmp_path, workbook, reads):
    at = page(monkeypatch, tmp_path, workbook, lang="zh", actor="李娜")
    reads.clear()
    at = _log_new_lead(at, "已电话问候")
    assert not at.exception, at.exception
    assert reads == [], "the write's rerun drew the page from the workbook the app already held"
    new_id = read_workbook(workbook).frames["contacts"]["contact_id"].iloc[-1]
    assert f"due_void_{new_id}" in [b.key for b in at.button], "the confirmation: today's own entry, to take back"
    held = loading.cached(workbook)
    assert held is not None and held.workbook is not None, "the cache is keyed by the file as the write left it"
    fresh = read_workbook(workbook)
    assert held.workbook.fingerprint[:2] == fresh.fingerprint[:2]
    for sheet in ("contacts", "customers"):
        held_frame, read_frame = held.workbook.frames[sheet], fresh.frames[sheet]
        assert held_frame.reset_index(drop=True).equals(read_frame.reset_index(drop=True)), (
            f"the held {sheet} are what a read of the written file gives, Excel rows included"
        )


def test_a_change_saved_by_another_program_after_the_write_is_read_again(monkeypatch, tmp_path, workbook, reads):
    at = _log_new_lead(page(monkeypatch, tmp_path, workbook, lang="zh", actor="李娜"), "已电话问候")
    assert not at.exception, at.exception
    reads.clear()
    copy = tmp_path / "excel-save.xlsx"
    shutil.copyfile(workbook, copy)
    writing.apply(copy, [operations.log_contact("C0002", "call", TODAY, result="门店来电")], actor="王磊")
    os.replace(copy, workbook)  # what Excel's save looks like: a changed copy put in place
    at.run()
    assert not at.exception, at.exception
    assert reads == [str(workbook)], "the changed file is read once"
    held = loading.cached(workbook)
    assert held is not None and "门店来电" in set(held.workbook.frames["contacts"]["result"].dropna())


def test_a_write_into_a_file_that_changed_since_the_read_reads_it_again(monkeypatch, tmp_path, workbook, reads):
    loaded = loading.load(workbook)
    writing.apply(workbook, [operations.log_contact("C0002", "call", TODAY, result="别人先写")])
    ops = [operations.log_contact("C0001", "call", TODAY, result="我后写")]
    result = writing.apply(workbook, ops, expected=loaded.workbook.fingerprint)
    assert result.reapplied
    assert not loading.after_write(workbook, loaded, ops, result)
    assert loading.cached(workbook) is None, "the next run reads the file"

"""The app's reads of a workbook: an unchanged one is opened from its snapshot, a changed one re-read where it changed."""

from __future__ import annotations

import gc
import os
import shutil
import time
import weakref
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from tests.support.raw_edit import edit_member, edit_sheet
from tests.support.reads import assert_as_full_read, spy_parsed_whole
from tests.support.sample import SAMPLE_TODAY
from ui import loading
from workbook import operations, reading, snapshot, writing
from workbook.reading import LoadedWorkbook, read_workbook


@pytest.fixture(autouse=True)
def _today_and_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DEALER_TODAY", SAMPLE_TODAY.isoformat())
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def _restart(path: Path) -> None:
    """What a new app process sees: nothing in memory, the snapshots on disk."""
    loading.wait_for_snapshots()
    loading.invalidate(path)


def test_the_cache_folder_is_the_users_own(tmp_path: Path) -> None:
    assert loading.cache_dir() == tmp_path / "cache" / "dealer-workbook"
    assert loading.snapshot_dir().parent == loading.cache_dir()


def test_an_unchanged_workbook_is_opened_from_its_snapshot_without_parsing(sample_workbook: Path) -> None:
    first = loading.load(sample_workbook).workbook
    assert first is not None and first.sheet_reads  # parsed
    _restart(sample_workbook)
    again = loading.load(sample_workbook).workbook
    assert again is not None and again.guard_seconds == first.guard_seconds  # from the snapshot: not vetted again
    for key, frame in first.frames.items():
        pd.testing.assert_frame_equal(again.frames[key], frame, check_exact=True)
    assert again.problems == first.problems and again.settings == first.settings


def test_a_workbook_saved_elsewhere_since_parses_only_what_changed_and_its_snapshot_is_replaced(
    sample_workbook: Path,
) -> None:
    first = loading.load(sample_workbook).workbook
    assert first is not None
    _restart(sample_workbook)
    edit_sheet(sample_workbook, first.sheet_names["targets"], lambda xml: xml.replace(b"<v>14</v>", b"<v>15</v>", 1))
    again = loading.load(sample_workbook).workbook
    assert again is not None and again.sheet_reads and again.fingerprint != first.fingerprint
    assert {k for k, r in again.sheet_reads.items() if r != first.sheet_reads.get(k)} == {"targets"}
    for key, frame in read_workbook(sample_workbook, today=SAMPLE_TODAY).frames.items():
        pd.testing.assert_frame_equal(again.frames[key], frame, check_exact=True)
    loading.wait_for_snapshots()
    kept = snapshot.load(sample_workbook, loading.snapshot_dir(), SAMPLE_TODAY)
    assert kept is not None and kept.current and kept.workbook.fingerprint == again.fingerprint


def test_an_outside_save_while_the_app_runs_parses_only_the_sheet_that_changed(sample_workbook: Path) -> None:
    first = loading.load(sample_workbook).workbook
    assert first is not None
    edit_sheet(sample_workbook, first.sheet_names["targets"], lambda xml: xml.replace(b"<v>14</v>", b"<v>15</v>", 1))
    again = loading.load(sample_workbook).workbook
    assert again is not None
    parsed = {k for k, r in again.sheet_reads.items() if r is not first.sheet_reads.get(k)}
    assert parsed == {"targets"}
    assert (again.frames["targets"] != first.frames["targets"]).any().any()


def test_progress_is_told_each_sheet_parsed(sample_workbook: Path) -> None:
    told: list[str] = []
    loading.load(sample_workbook, progress=lambda sheet, done: told.append(sheet))
    wb = loading.cached_workbook(sample_workbook)
    assert wb is not None and sorted(told) == sorted(wb.sheet_names.values())


def test_an_outside_save_after_opening_from_the_snapshot_parses_only_the_sheet_that_changed(sample_workbook: Path):
    loading.load(sample_workbook)
    _restart(sample_workbook)
    opened = loading.load(sample_workbook).workbook
    assert opened is not None and opened.guard is not None  # the snapshot carries what a partial read needs
    edit_sheet(sample_workbook, opened.sheet_names["targets"], lambda xml: xml.replace(b"<v>14</v>", b"<v>15</v>", 1))
    again = loading.load(sample_workbook).workbook
    assert again is not None
    assert {k for k, r in again.sheet_reads.items() if r is not opened.sheet_reads.get(k)} == {"targets"}
    full = read_workbook(sample_workbook, today=SAMPLE_TODAY)
    for key, frame in full.frames.items():
        pd.testing.assert_frame_equal(again.frames[key], frame, check_exact=True)
    assert again.problems == full.problems and again.settings == full.settings


def _logged(wb: LoadedWorkbook, result: str) -> operations.Op:
    customer = wb.frames["customers"].iloc[0]
    return operations.log_contact(
        customer["customer_id"], "call", SAMPLE_TODAY, result=result, consultant=customer["consultant"],
        followup_kind="grade_interval", time="10:00", recorded_by="test",
    )  # fmt: skip


def _saved_by_another_program(path: Path, ops: list[operations.Op]) -> None:
    """`ops` written by another process's writer to a copy, the copy then moved over the file (as Excel saves)."""
    copy = path.with_name("other.xlsx")
    shutil.copyfile(path, copy)
    assert writing.apply(copy, ops, actor="other").status == "written"
    os.replace(copy, path)


def _written_by_the_app(
    path: Path, op: Callable[[LoadedWorkbook], operations.Op]
) -> tuple[LoadedWorkbook, LoadedWorkbook]:
    """The app's read, then its own write of `op(read)` kept as the app keeps it: (the read, the state after)."""
    held = loading.load(path)
    wb = held.workbook
    assert wb is not None
    ops = [op(wb)]
    result = writing.apply(path, ops, actor="test", expected=wb.fingerprint)
    assert loading.after_write(path, held, ops, result)
    written = loading.cached_workbook(path)
    assert written is not None
    return wb, written


def test_after_the_apps_own_append_rows_appended_by_another_program_are_parsed_alone(
    sample_workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wb, written = _written_by_the_app(sample_workbook, lambda wb: _logged(wb, "called"))
    assert written.sheet_reads["targets"] is wb.sheet_reads["targets"]
    kept = written.sheet_reads["contacts"]  # the rows read: the written frame's first ones
    pd.testing.assert_frame_equal(kept.frame, wb.frames["contacts"], check_exact=True)
    assert len(written.frames["contacts"]) == len(kept.frame) + 1
    _saved_by_another_program(sample_workbook, [_logged(wb, "called back by the other program")])
    parsed = spy_parsed_whole(monkeypatch)
    again = loading.load(sample_workbook).workbook
    assert again is not None and "contacts" not in parsed
    assert_as_full_read(again, sample_workbook)
    assert list(again.frames["contacts"]["result"].iloc[-2:]) == ["called", "called back by the other program"]


def test_after_the_apps_own_edit_of_a_row_the_sheet_is_not_kept_and_is_parsed_whole_on_the_next_change(
    sample_workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wb, written = _written_by_the_app(
        sample_workbook, lambda wb: operations.void_contact(str(wb.frames["contacts"]["contact_id"].iloc[-1]))
    )
    assert "contacts" not in written.sheet_reads
    _saved_by_another_program(sample_workbook, [_logged(wb, "called")])
    parsed = spy_parsed_whole(monkeypatch)
    again = loading.load(sample_workbook).workbook
    assert again is not None and "contacts" in parsed
    assert_as_full_read(again, sample_workbook)


def test_rows_another_program_appends_after_opening_from_the_snapshot_are_parsed_alone(
    sample_workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    loading.load(sample_workbook)
    _restart(sample_workbook)
    opened = loading.load(sample_workbook).workbook
    assert opened is not None and opened.guard is not None  # from the snapshot, with the sheets' stamps
    _saved_by_another_program(sample_workbook, [_logged(opened, "called")])
    parsed = spy_parsed_whole(monkeypatch)
    again = loading.load(sample_workbook).workbook
    assert again is not None and "contacts" not in parsed
    assert_as_full_read(again, sample_workbook)


def _snapshot_frames_alive_at_each_parse(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """From now on: how many of the frames of the snapshots loaded are still alive as each sheet's parse begins."""
    refs: list[weakref.ref[pd.DataFrame]] = []
    alive: list[int] = []
    load, whole = snapshot.load, reading._Reader._sheet

    def spy_load(*args, **kwargs):
        kept = load(*args, **kwargs)
        if kept is not None:
            refs.extend(weakref.ref(f) for f in kept.workbook.frames.values())
            refs.extend(weakref.ref(r.frame) for r in kept.workbook.sheet_reads.values())
        return kept

    def spy_sheet(self, *args):
        gc.collect()
        alive.append(sum(r() is not None for r in refs))
        return whole(self, *args)

    monkeypatch.setattr(snapshot, "load", spy_load)
    monkeypatch.setattr(reading._Reader, "_sheet", spy_sheet)
    return alive


@pytest.mark.parametrize("start", ["read_ahead", "first_run"])
def test_a_snapshot_of_no_use_to_the_read_is_let_go_of_before_the_file_is_parsed(
    sample_workbook: Path, monkeypatch: pytest.MonkeyPatch, start: str
) -> None:
    """The next morning after an edit that changed the shared strings mid-table (LibreOffice reorders them,
    Excel drops the unused): no sheet can be taken from the snapshot, and holding its frames while the
    file is parsed cost 340 MB at L."""
    first = loading.load(sample_workbook).workbook
    assert first is not None
    _restart(sample_workbook)
    staff = first.frames["staff"]["name"].iloc[0].encode()
    edit_member(sample_workbook, "xl/sharedStrings.xml", lambda xml: xml.replace(b">" + staff + b"<", b">Zed<", 1))
    del first
    alive = _snapshot_frames_alive_at_each_parse(monkeypatch)
    if start == "read_ahead":
        assert loading.read_ahead(sample_workbook)
    again = loading.load(sample_workbook).workbook
    assert again is not None and (again.frames["staff"]["name"] == "Zed").any()
    assert len(alive) == len(again.sheet_reads) and set(alive) == {0}


def test_a_read_dropped_while_its_snapshot_is_still_being_written_opens_from_that_snapshot(
    sample_workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read dropped (a change the cache cannot show, a conflict) while its snapshot is still being
    written on its thread: that snapshot is waited for rather than the workbook parsed again."""
    real_save = snapshot.save

    def slow_save(*args: object, **kwargs: object) -> object:
        time.sleep(0.5)  # a large workbook's snapshot takes this long to write
        return real_save(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(snapshot, "save", slow_save)
    first = loading.load(sample_workbook).workbook
    assert first is not None and first.sheet_reads  # parsed; its snapshot is being written
    loading.invalidate(sample_workbook)
    again = loading.load(sample_workbook).workbook
    assert again is not None and again.guard_seconds == first.guard_seconds  # from the snapshot: not vetted again
    for key, frame in first.frames.items():
        pd.testing.assert_frame_equal(again.frames[key], frame, check_exact=True)
    loading.wait_for_snapshots()


def _held_by_excel(path: Path) -> None:
    path.with_name("~$" + path.name).write_bytes(b"\x04user")


def _queued_by_the_app(path: Path, result: str) -> None:
    """The app's change while Excel holds the file: queued in the journal, kept as the app keeps it."""
    held = loading.load(path)
    wb = held.workbook
    assert wb is not None
    ops = [_logged(wb, result)]
    done = writing.apply(path, ops, actor="test", expected=wb.fingerprint)
    assert done.status == "queued"
    assert loading.after_change(path, held, ops, done)


def _as_a_new_read_shows_it(path: Path) -> None:
    """The cached state equals what the app shows after reading the file afresh (read, then the journal's waiting ops)."""
    kept = loading.cached(path)
    assert kept is not None and kept.workbook is not None
    loading.wait_for_snapshots()
    loading.invalidate(path)
    fresh = loading.load(path).workbook
    assert fresh is not None and fresh.frames.keys() == kept.workbook.frames.keys()
    for key, frame in fresh.frames.items():
        pd.testing.assert_frame_equal(kept.workbook.frames[key], frame, check_exact=True, obj=key)
    assert kept.workbook.settings == fresh.settings


def test_a_change_queued_while_excel_holds_the_file_is_shown_without_reading_the_file(
    sample_workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _held_by_excel(sample_workbook)
    _queued_by_the_app(sample_workbook, "queued while held")
    parsed = spy_parsed_whole(monkeypatch)
    monkeypatch.setattr(snapshot, "load", lambda *a, **k: pytest.fail("the snapshot was loaded again"))
    shown = loading.load(sample_workbook).workbook
    assert shown is not None and parsed == []
    assert shown.frames["contacts"]["result"].iloc[-1] == "queued while held"
    monkeypatch.undo()
    _as_a_new_read_shows_it(sample_workbook)


def test_changes_queued_one_after_another_are_all_shown(sample_workbook: Path) -> None:
    _held_by_excel(sample_workbook)
    for n in range(3):
        _queued_by_the_app(sample_workbook, f"queued {n}")
    shown = loading.cached_workbook(sample_workbook)
    assert shown is not None
    assert list(shown.frames["contacts"]["result"].iloc[-3:]) == ["queued 0", "queued 1", "queued 2"]
    _as_a_new_read_shows_it(sample_workbook)


def test_a_change_queued_after_a_restart_with_changes_already_waiting_shows_them_all(sample_workbook: Path) -> None:
    _held_by_excel(sample_workbook)
    _queued_by_the_app(sample_workbook, "before the restart")
    _restart(sample_workbook)
    _queued_by_the_app(sample_workbook, "after the restart")
    shown = loading.cached_workbook(sample_workbook)
    assert shown is not None
    assert list(shown.frames["contacts"]["result"].iloc[-2:]) == ["before the restart", "after the restart"]
    _as_a_new_read_shows_it(sample_workbook)


def test_a_change_queued_into_a_file_saved_elsewhere_since_the_read_is_read_again(sample_workbook: Path) -> None:
    held = loading.load(sample_workbook)
    wb = held.workbook
    assert wb is not None
    _saved_by_another_program(sample_workbook, [_logged(wb, "saved elsewhere")])
    _held_by_excel(sample_workbook)
    ops = [_logged(wb, "queued")]
    done = writing.apply(sample_workbook, ops, actor="test")
    assert done.status == "queued"
    assert not loading.after_change(sample_workbook, held, ops, done)
    assert loading.cached(sample_workbook) is None
    again = loading.load(sample_workbook).workbook
    assert again is not None
    assert list(again.frames["contacts"]["result"].iloc[-2:]) == ["saved elsewhere", "queued"]

"""The contacts sheet deflated ahead of the first write: that write copies its middle and writes what the whole path writes."""

from __future__ import annotations

import shutil
import threading
import time
import zipfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import python_calamine

from tests.support.raw_edit import edit_sheet
from tests.support.shared import validation_problems
from ui import loading
from workbook import flush_points, operations, prepared, writing

TODAY = date(2026, 11, 20)


def _customer(path: Path) -> str:
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    return str(rows[100][0])


def _log(customer: str, note: str) -> operations.Append:
    return operations.log_contact(customer, "visit", TODAY, result=note, consultant="王磊", time="10:00")


def _content(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        return {n: z.read(n) for n in z.namelist()}


def _touch_middle(xml: bytes) -> bytes:
    """A date in a row half-way down the sheet changed, as a hand edit in Excel would change it."""
    at = xml.find(b"<v>45", xml.find(b'<c r="B', len(xml) // 2))
    return xml[: at + 3] + b"44" + xml[at + 5 :]


def _forget(*paths: Path) -> None:
    for p in paths:
        flush_points.forget(str(p))
        prepared.forget(str(p))


@pytest.fixture
def twins(sample_workbook: Path, tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """The S sample twice, as a freshly started app finds it: one prepared, one written the whole way."""
    ready, whole = tmp_path / "ready.xlsx", tmp_path / "whole.xlsx"
    shutil.copyfile(sample_workbook, ready)
    shutil.copyfile(sample_workbook, whole)
    yield ready, whole
    _forget(ready, whole)


def test_the_first_write_after_preparing_copies_the_prepared_middle_and_writes_what_the_whole_path_writes(
    twins: tuple[Path, Path],
) -> None:
    ready, whole = twins
    before = ready.read_bytes(), ready.stat().st_mtime_ns
    parts = writing.prepare(ready)
    assert parts == ["xl/worksheets/sheet2.xml"]  # the contacts sheet
    assert (ready.read_bytes(), ready.stat().st_mtime_ns) == before  # preparing writes nothing
    kept = prepared.recall(str(ready))[parts[0]]
    customer = _customer(ready)
    done = writing.apply(ready, [_log(customer, "first")], actor="王磊")
    reference = writing.apply(whole, [_log(customer, "first")], actor="王磊")
    assert done.ids == reference.ids
    assert _content(ready) == _content(whole)
    layout = flush_points.recall(str(ready))[parts[0]]
    with zipfile.ZipFile(ready) as z:
        info = z.getinfo(parts[0])
    data = ready.read_bytes()
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    written = data[start : start + info.compress_size]
    # the middle is the prepared bytes themselves, copied: the write did not deflate it
    prepared_middle = kept.packed[kept.layout.middle.compressed : kept.layout.tail.compressed]
    assert written[layout.middle.compressed : layout.tail.compressed] == prepared_middle
    assert prepared.recall(str(ready)) == {}  # used: the sheet is now the write's, with its own layout
    assert validation_problems(ready) == []


def test_the_next_writes_after_a_prepared_first_write_stay_equal_to_the_whole_path(twins: tuple[Path, Path]) -> None:
    ready, whole = twins
    writing.prepare(ready)
    customer = _customer(ready)
    for note in ("first", "second", "third"):
        done = writing.apply(ready, [_log(customer, note)], actor="王磊")
        flush_points.forget(str(whole))
        reference = writing.apply(whole, [_log(customer, note)], actor="王磊")
        assert done.ids == reference.ids
    assert _content(ready) == _content(whole)


def test_a_file_saved_by_another_program_after_preparing_is_written_the_whole_way(twins: tuple[Path, Path]) -> None:
    ready, whole = twins
    writing.prepare(ready)
    sheet = "xl/worksheets/sheet2.xml"
    for path in (ready, whole):
        edit_sheet(path, "接触记录", _touch_middle)
    assert _content(ready)[sheet] == _content(whole)[sheet]
    customer = _customer(ready)
    writing.apply(ready, [_log(customer, "after")], actor="王磊")
    writing.apply(whole, [_log(customer, "after")], actor="王磊")
    assert _content(ready) == _content(whole)


def test_a_write_to_another_sheet_keeps_the_prepared_contacts_for_the_next_click(twins: tuple[Path, Path]) -> None:
    ready, _whole = twins
    parts = writing.prepare(ready)
    customer = _customer(ready)
    writing.apply(ready, [operations.update_customer(customer, {"grade": "H"})], actor="王磊")
    assert list(prepared.recall(str(ready))) == parts  # the contacts member was copied as it was
    writing.apply(ready, [_log(customer, "then")], actor="王磊")
    assert prepared.recall(str(ready)) == {}
    assert validation_problems(ready) == []


def test_a_sheet_this_process_wrote_last_needs_no_preparing(twins: tuple[Path, Path]) -> None:
    ready, _whole = twins
    writing.apply(ready, [_log(_customer(ready), "first")], actor="王磊")
    assert writing.prepare(ready) == []


def test_a_write_to_the_contacts_waits_for_a_preparation_under_way_and_one_to_another_sheet_does_not(
    twins: tuple[Path, Path],
) -> None:
    ready, _whole = twins
    customer = _customer(ready)
    results: list[str] = []

    def write(ops: list[operations.Op], what: str) -> threading.Thread:
        def run() -> None:
            writing.apply(ready, ops, actor="王磊")
            results.append(what)

        thread = threading.Thread(target=run)
        thread.start()
        return thread

    with prepared.preparing(str(ready)):
        other = write([operations.update_customer(customer, {"grade": "H"})], "customers")
        other.join(30)
        assert results == ["customers"]
        contacts = write([_log(customer, "x")], "contacts")
        time.sleep(0.5)
        assert contacts.is_alive() and results == ["customers"]
    contacts.join(30)
    assert results == ["customers", "contacts"]


def test_the_app_prepares_each_version_of_a_large_file_once_and_not_the_one_it_wrote(
    twins: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ready, _whole = twins
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(writing, "PREPARE_FROM", ready.stat().st_size + 1)
    assert loading.prepare_writes(ready) is None  # smaller than a person would notice
    monkeypatch.setattr(writing, "PREPARE_FROM", 0)
    before = loading.load(ready)
    thread = loading.prepare_writes(ready)
    assert thread is not None
    thread.join(30)
    assert list(prepared.recall(str(ready))) == ["xl/worksheets/sheet2.xml"]
    assert loading.prepare_writes(ready) is None  # this version is done
    op = _log(_customer(ready), "click")
    result = writing.apply(ready, [op], actor="王磊", expected=before.workbook.fingerprint)  # type: ignore[union-attr]
    assert loading.after_write(ready, before, [op], result)
    assert loading.prepare_writes(ready) is None  # the file it wrote has its own flush points
    edit_sheet(ready, "接触记录", _touch_middle)
    again = loading.prepare_writes(ready)  # saved by someone else: prepared again
    assert again is not None
    again.join(30)
    assert list(prepared.recall(str(ready))) == ["xl/worksheets/sheet2.xml"]
    loading.wait_for_snapshots()

"""The contacts sheet deflated ahead of the first write: that write copies its middle and writes what the whole path writes."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import python_calamine

from tests.support.raw_edit import edit_sheet
from tests.support.shared import validation_problems
from tests.support.writer_support import log_visit, zip_content
from ui import loading
from workbook import deflate, flush_points, operations, prepared, writing

TODAY = date(2026, 11, 20)
CONTACTS = "xl/worksheets/sheet2.xml"


def _customer(path: Path) -> str:
    rows = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0).to_python()
    return str(rows[100][0])


def _log(customer: str, note: str) -> operations.Append:
    return log_visit(customer, note, TODAY)


def _touch_middle(xml: bytes) -> bytes:
    """A date in a row half-way down the sheet changed, as a hand edit in Excel would change it."""
    at = xml.find(b"<v>45", xml.find(b'<c r="B', len(xml) // 2))
    return xml[: at + 3] + b"44" + xml[at + 5 :]


@pytest.fixture
def deflated(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The sizes of the stretches the writer deflates, in order."""
    sizes: list[int] = []
    real = deflate.deflate

    def counting(pieces, level, end, parallel=True):  # type: ignore[no-untyped-def]
        sizes.append(sum(len(p) for p in pieces))
        return real(pieces, level, end, parallel)

    monkeypatch.setattr(deflate, "deflate", counting)
    return sizes


@pytest.fixture
def twins(sample_workbook: Path, tmp_path: Path) -> Iterator[tuple[Path, Path, Path]]:
    """The S sample twice, as a freshly started app finds it (one to prepare, one written the whole
    way), and the folder preparations are kept in."""
    ready, whole = tmp_path / "ready.xlsx", tmp_path / "whole.xlsx"
    shutil.copyfile(sample_workbook, ready)
    shutil.copyfile(sample_workbook, whole)
    yield ready, whole, tmp_path / "prepared"
    for p in (ready, whole):
        flush_points.forget(str(p))


def _prepare(path: Path, folder: Path) -> dict[str, prepared.Prepared]:
    version = prepared.version_of(path)
    found = writing.prepare(path)
    prepared.store(folder, path, found, version)
    return found


def test_the_first_write_after_preparing_copies_the_prepared_middle_and_writes_what_the_whole_path_writes(
    twins: tuple[Path, Path, Path], deflated: list[int]
) -> None:
    ready, whole, folder = twins
    before = ready.read_bytes(), ready.stat().st_mtime_ns
    found = _prepare(ready, folder)
    assert list(found) == [CONTACTS]
    assert (ready.read_bytes(), ready.stat().st_mtime_ns) == before  # preparing writes nothing to the workbook
    middle = found[CONTACTS].layout.middle.size
    customer = _customer(ready)
    deflated.clear()
    done = writing.apply(ready, [_log(customer, "first")], actor="王磊", prepared_in=folder)
    assert middle > 1_000_000 and max(deflated) < middle // 10  # the middle was copied, not deflated again
    deflated.clear()
    reference = writing.apply(whole, [_log(customer, "first")], actor="王磊", prepared_in=folder)
    assert max(deflated) >= middle  # the whole way: nothing was prepared for this file
    assert done.ids == reference.ids
    assert zip_content(ready) == zip_content(whole)
    assert prepared.load(folder, ready) == {} and list(folder.iterdir()) == []  # used: the sheet is the write's now
    assert validation_problems(ready) == []


def test_the_next_writes_after_a_prepared_first_write_stay_equal_to_the_whole_path(
    twins: tuple[Path, Path, Path],
) -> None:
    ready, whole, folder = twins
    _prepare(ready, folder)
    customer = _customer(ready)
    for note in ("first", "second", "third"):
        done = writing.apply(ready, [_log(customer, note)], actor="王磊", prepared_in=folder)
        flush_points.forget(str(whole))
        reference = writing.apply(whole, [_log(customer, note)], actor="王磊")
        assert done.ids == reference.ids
    assert zip_content(ready) == zip_content(whole)


def test_a_file_saved_by_another_program_after_preparing_is_written_the_whole_way(
    twins: tuple[Path, Path, Path], deflated: list[int]
) -> None:
    ready, whole, folder = twins
    middle = _prepare(ready, folder)[CONTACTS].layout.middle.size
    for path in (ready, whole):
        edit_sheet(path, "接触记录", _touch_middle)
    customer = _customer(ready)
    deflated.clear()
    writing.apply(ready, [_log(customer, "after")], actor="王磊", prepared_in=folder)
    assert max(deflated) >= middle
    writing.apply(whole, [_log(customer, "after")], actor="王磊")
    assert zip_content(ready) == zip_content(whole)


def test_a_write_to_another_sheet_keeps_the_prepared_contacts_for_the_next_click(
    twins: tuple[Path, Path, Path], deflated: list[int]
) -> None:
    ready, _whole, folder = twins
    middle = _prepare(ready, folder)[CONTACTS].layout.middle.size
    customer = _customer(ready)
    writing.apply(ready, [operations.update_customer(customer, {"grade": "H"})], actor="王磊", prepared_in=folder)
    assert list(prepared.load(folder, ready)) == [CONTACTS]  # the contacts member was copied as it was
    deflated.clear()
    writing.apply(ready, [_log(customer, "then")], actor="王磊", prepared_in=folder)
    assert max(deflated) < middle // 10
    assert prepared.load(folder, ready) == {}
    assert validation_problems(ready) == []


def test_the_preparing_process_keeps_what_preparing_in_this_process_makes(twins: tuple[Path, Path, Path]) -> None:
    ready, _whole, folder = twins
    job = prepared.start(ready, folder)
    assert job.wait(60) == 0
    kept = prepared.load(folder, ready)
    here = writing.prepare(ready)
    assert list(kept) == list(here) == [CONTACTS]
    assert kept[CONTACTS] == here[CONTACTS]  # the bytes, the member they were made from, the whole layout


def test_what_is_kept_is_not_taken_for_another_workbook_another_format_or_other_bytes(
    twins: tuple[Path, Path, Path],
) -> None:
    ready, whole, folder = twins
    _prepare(ready, folder)
    assert prepared.load(folder, whole) == {}
    index = next(folder.glob("*.json"))
    text = index.read_text(encoding="utf-8")
    assert f'"format": {prepared.FORMAT}' in text
    index.write_text(text.replace(f'"format": {prepared.FORMAT}', f'"format": {prepared.FORMAT + 1}'), encoding="utf-8")
    assert prepared.load(folder, ready) == {}
    index.write_text(text, encoding="utf-8")
    assert list(prepared.load(folder, ready)) == [CONTACTS]
    binary = folder / json.loads(text)["parts"][0]["bin"]
    packed = bytearray(binary.read_bytes())
    packed[len(packed) // 2] ^= 0xFF
    binary.write_bytes(bytes(packed))
    assert prepared.load(folder, ready) == {}


def _under_way(path: Path) -> subprocess.Popen[bytes]:
    """A preparation that stays under way until killed (a process that only sleeps)."""
    job = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    prepared._jobs[os.path.realpath(path)] = job
    return job


def test_a_write_to_the_contacts_waits_for_a_preparation_under_way_and_one_to_another_sheet_does_not(
    twins: tuple[Path, Path, Path],
) -> None:
    ready, _whole, folder = twins
    customer = _customer(ready)
    job = _under_way(ready)
    try:
        writing.apply(ready, [operations.update_customer(customer, {"grade": "H"})], actor="王磊", prepared_in=folder)
        assert job.poll() is None  # written while the preparation is still under way
        threading.Timer(1.0, job.kill).start()
        t0 = time.monotonic()
        result = writing.apply(ready, [_log(customer, "x")], actor="王磊", prepared_in=folder)
        assert result.status == "written" and job.poll() is not None and time.monotonic() - t0 >= 0.9
    finally:
        job.kill()
        job.wait()


def test_the_app_prepares_each_version_of_a_large_file_once_and_not_the_one_it_wrote(
    twins: tuple[Path, Path, Path], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    ready, _whole, _folder = twins
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(writing, "PREPARE_FROM", ready.stat().st_size + 1)
    assert loading.prepare_writes(ready) is None  # smaller than a person would notice
    monkeypatch.setattr(writing, "PREPARE_FROM", 0)
    before = loading.load(ready)
    job = loading.prepare_writes(ready)
    assert job is not None and job.wait(60) == 0
    assert list(prepared.load(loading.prepared_dir(), ready)) == [CONTACTS]
    assert loading.prepare_writes(ready) is None  # this version is done
    assert prepared.is_current(loading.prepared_dir(), ready)  # and a new start of the app finds it done
    op = _log(_customer(ready), "click")
    result = writing.apply(
        ready, [op], actor="王磊", expected=before.workbook.fingerprint, prepared_in=loading.prepared_dir()
    )  # type: ignore[union-attr]
    assert loading.after_write(ready, before, [op], result)
    assert loading.prepare_writes(ready) is None  # the file it wrote has its own flush points
    edit_sheet(ready, "接触记录", _touch_middle)
    assert not prepared.is_current(loading.prepared_dir(), ready)
    again = loading.prepare_writes(ready)  # saved by someone else: prepared again
    assert again is not None and again.wait(60) == 0
    assert list(prepared.load(loading.prepared_dir(), ready)) == [CONTACTS]
    loading.wait_for_snapshots()


def test_a_preparation_under_way_stops_with_the_app(twins: tuple[Path, Path, Path]) -> None:
    ready, _whole, _folder = twins
    job = _under_way(ready)
    prepared.stop_all()  # what the app's exit runs
    assert job.poll() is not None and prepared._jobs == {}


def test_on_windows_the_preparation_starts_below_normal_priority_without_a_window() -> None:
    flags = prepared.start_options("win32")["creationflags"]
    assert flags == 0x00004000 | 0x08000000
    if sys.platform == "win32":  # the names Windows' subprocess gives them
        assert flags == subprocess.BELOW_NORMAL_PRIORITY_CLASS | subprocess.CREATE_NO_WINDOW
    assert prepared.start_options("linux") == {}


def test_a_messy_workbook_prepared_is_written_as_the_whole_path_writes_it(tmp_path: Path, deflated: list[int]) -> None:
    """Title rows above the headers, a column moved, dates typed as text, no tables, openpyxl's XML."""
    from tests.support.messy import write_messy

    ready = write_messy(tmp_path / "messy.xlsx", TODAY)
    whole = Path(shutil.copyfile(ready, tmp_path / "whole.xlsx"))
    folder = tmp_path / "prepared"
    found = _prepare(ready, folder)
    assert len(found) == 1
    middle = next(iter(found.values())).layout.middle.size
    customer = str(python_calamine.CalamineWorkbook.from_path(str(ready)).get_sheet_by_index(0).to_python()[5][0])
    deflated.clear()
    done = writing.apply(ready, [_log(customer, "messy")], actor="王磊", prepared_in=folder)
    assert max(deflated) < middle // 10
    reference = writing.apply(whole, [_log(customer, "messy")], actor="王磊")
    assert done.ids == reference.ids and done.ids
    assert zip_content(ready) == zip_content(whole)
    assert validation_problems(ready) == []
    for p in (ready, whole):
        flush_points.forget(str(p))


def test_the_cache_folder_keeps_the_preparations_of_the_last_three_workbooks_only(
    twins: tuple[Path, Path, Path],
) -> None:
    ready, _whole, folder = twins
    found = writing.prepare(ready)
    names = [ready.with_name(f"book{n}.xlsx") for n in range(5)]
    for n, name in enumerate(names):
        shutil.copyfile(ready, name)
        prepared.store(folder, name, found, [n, n])
        time.sleep(0.01)  # a later time for each
    kept = [name for name in names if prepared.load(folder, name)]
    assert kept == names[-3:]
    assert len(list(folder.glob("*.bin"))) == 3

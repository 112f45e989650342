"""The journal of waiting changes: torn lines, garbage lines and `cli.py sync`'s account of them."""

from __future__ import annotations

import errno
import json
import os
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
import python_calamine

from tests.support.cli import run_cli
from workbook import journal, operations, writing
from workbook.errors import WriteRefused


def results(path: Path) -> list[str]:
    """The result column of every contact row, in order."""
    sheet = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name("接触记录").to_python()
    return [r[11] for r in sheet[1:] if r and r[0]]


def half_a_write_then_a_full_disk() -> Callable[[int, bytes | memoryview], int]:
    """An `os.write` whose first call writes half its bytes and whose later calls find the disk full."""
    real_write = os.write
    calls = []

    def write(fd: int, data: bytes | memoryview) -> int:
        calls.append(len(data))
        if len(calls) == 1:
            return real_write(fd, bytes(data[: len(data) // 2]))
        raise OSError(errno.ENOSPC, "No space left on device")

    return write


def contact(result: str) -> operations.Op:
    return operations.log_contact("C0001", "call", date(2026, 11, 22), result=result)


def fresh(pristine: bytes, book: Path) -> None:
    """The workbook as it was made, with no journal, rejected file or backups beside it."""
    book.write_bytes(pristine)
    journal.journal_path(book).unlink(missing_ok=True)
    journal.rejected_path(book).unlink(missing_ok=True)
    shutil.rmtree(book.with_name(f".{book.name}.backups"), ignore_errors=True)


# --------------------------------------------------------------------------- torn lines


@pytest.mark.slow
def test_a_journal_cut_at_every_byte_of_its_last_entry_keeps_every_change(book: Path) -> None:
    pristine = book.read_bytes()
    journal.add(book, [contact("第一条")])
    journal.add(book, [contact("第二条")])
    journal.add(book, [contact("被截断的第三条")])
    whole = journal.journal_path(book).read_bytes()
    start = whole.rindex(b"\n", 0, len(whole) - 1) + 1  # where the last entry begins
    end = len(whole) - 1  # its closing newline
    for cut in range(start, len(whole) + 1):
        fresh(pristine, book)
        journal.journal_path(book).write_bytes(whole[:cut])
        journal.add(book, [contact("断电后的下一条")])  # queued after the crash: must not be glued on
        result = writing.flush_pending(book)
        complete = cut >= end  # the last entry's JSON is whole (its newline may be missing)
        torn = start < cut < end
        expected = ["第一条", "第二条", *(["被截断的第三条"] if complete else []), "断电后的下一条"]
        assert results(book) == expected, f"cut at byte {cut}"
        assert [r["code"] for r in result.rejected] == (["journal.unreadable"] if torn else []), f"cut at byte {cut}"
        kept = journal.rejected(book)
        assert len(kept) == int(torn), f"cut at byte {cut}"
        if torn:
            assert kept[0]["raw"] == whole[start:cut].decode("utf-8", errors="replace")
        assert not journal.journal_path(book).exists(), f"cut at byte {cut}: the journal is empty once written"


def test_an_append_after_a_torn_line_starts_on_a_line_of_its_own(book: Path) -> None:
    journal.journal_path(book).write_bytes('{"id": "x", "op": {"op": "append", "result": "半'.encode()[:-1])
    journal.add(book, [contact("新的")])
    lines = journal.journal_path(book).read_bytes().split(b"\n")
    assert len(lines) == 3 and lines[2] == b"" and json.loads(lines[1])["op"]["values"]["result"] == "新的"
    assert [operations.flatten(op)[0].values["result"] for op in journal.pending(book)] == ["新的"]


def test_an_append_that_fails_half_way_is_cut_off_and_the_change_refused(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    book.with_name("~$" + book.name).write_bytes(b"\x04user")  # Excel holds it: changes are queued
    writing.apply(book, [contact("已排队")])
    before = journal.journal_path(book).read_bytes()
    monkeypatch.setattr(os, "write", half_a_write_then_a_full_disk())
    with pytest.raises(WriteRefused) as refused:
        writing.apply(book, [contact("磁盘满时")])
    monkeypatch.undo()
    assert refused.value.code == "write.disk_full"
    assert journal.journal_path(book).read_bytes() == before


def test_a_half_entry_that_could_not_be_cut_off_is_set_aside_and_the_rest_still_lands(
    book: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    owner = book.with_name("~$" + book.name)
    owner.write_bytes(b"\x04user")
    writing.apply(book, [contact("之前的")])

    def no_truncate(fd: int, length: int) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(os, "write", half_a_write_then_a_full_disk())
    monkeypatch.setattr(os, "ftruncate", no_truncate)
    with pytest.raises(WriteRefused):
        writing.apply(book, [contact("半条")])
    monkeypatch.undo()
    writing.apply(book, [contact("之后的")])
    owner.unlink()
    result = writing.flush_pending(book)
    assert results(book) == ["之前的", "之后的"]
    assert [r["code"] for r in result.rejected] == ["journal.unreadable"]
    assert [r["code"] for r in journal.rejected(book)] == ["journal.unreadable"]


# --------------------------------------------------------------------------- entries that are not operations

NOT_OPERATIONS = [
    "[1, 2, 3]",
    '"just text"',
    "null",
    '{"id": "a1", "op": {"op": "explode", "sheet": "contacts"}}',
    '{"id": "a2", "op": {"op": "append", "sheet": "../../etc", "values": {}}}',
    '{"id": "a3", "op": {"op": "append", "sheet": "contacts", "values": {"no_such_column": 1}}}',
    '{"id": "a4", "op": {"op": "update", "sheet": "customers"}}',
    '{"id": "a5"}',
    '{"op": {"op": "append", "sheet": "contacts", "values": {}}}',
    '{"id": "a6", "op": {"op": "append", "sheet": "contacts", "values": [1]}}',
    '{"id": "a7", "op": {"op": "append", "sheet": "contacts", "values": {"date": {"$date": "2026-13-45"}}}}',
    '{"id": "a8", "op": {"op": "group", "ops": [{"op": "nope"}]}}',
    '{"id": "a9", "op": {"op": "append", "sheet": "contacts", "values": {"result": [1, 2]}}}',
    '{"id": "b1", "op": {"op": "update", "sheet": "customers", "key": {"customer_id": {"x": 1}}, "values": {}}}',
]


@pytest.mark.parametrize("line", NOT_OPERATIONS)
def test_a_line_that_is_not_an_operation_is_set_aside_and_the_good_ones_land(book: Path, line: str) -> None:
    journal.add(book, [contact("好的一")])
    with open(journal.journal_path(book), "a", encoding="utf-8") as f:
        f.write(line + "\n")
    journal.add(book, [contact("好的二")])
    assert len(writing.pending(book)) == 2  # the pages' overlay still works meanwhile
    result = writing.flush_pending(book)
    assert results(book) == ["好的一", "好的二"]
    assert [r["code"] for r in result.rejected] == ["journal.not_an_operation"]
    kept = journal.rejected(book)
    assert [(r["code"], r["raw"], r["params"]["line"]) for r in kept] == [("journal.not_an_operation", line, 2)]


def test_garbage_lines_are_set_aside_even_while_the_workbook_is_held(book: Path) -> None:
    owner = book.with_name("~$" + book.name)
    owner.write_bytes(b"\x04user")
    writing.apply(book, [contact("等待中")])
    with open(journal.journal_path(book), "ab") as f:
        f.write(b"\xff\xfe garbage\n")
    result = writing.flush_pending(book)
    assert result.status == "queued" and [r["code"] for r in result.rejected] == ["journal.unreadable"]
    assert len(writing.pending(book)) == 1 and len(journal.entries(book)) == 1
    assert journal.rejected(book)[0]["raw"].endswith("garbage")


def test_a_torn_line_of_the_rejected_file_itself_is_shown_not_hidden(book: Path) -> None:
    journal.reject(book, {"id": "x", "op": None}, "write.row_gone", {"sheet": "s", "key": "k"})
    with open(journal.rejected_path(book), "ab") as f:
        f.write(b'{"id": "y", "co')
    assert [r["code"] for r in journal.rejected(book)] == ["write.row_gone", "journal.unreadable"]


# --------------------------------------------------------------------------- cli.py sync


def test_sync_writes_the_good_entries_lists_the_rejected_ones_and_exits_2(book: Path) -> None:
    journal.add(book, [contact("好的")])
    with open(journal.journal_path(book), "a", encoding="utf-8") as f:
        f.write('{"id": "z", "op": {"op": "append", "sheet": "../../etc", "values": {}}}\n{"id": "torn", "op": {"op\n')
    journal.add(book, [operations.set_grade("C0404", "A")])  # no such customer: rejected when applied
    synced = run_cli("sync", str(book), "--lang", "en")
    assert synced.returncode == 2, synced.stderr
    assert results(book) == ["好的"]
    assert "Line 2 of the queue is not a change" in synced.stderr
    assert "Line 3 of the queue cannot be read" in synced.stderr
    assert "3 queued change(s) could not be written" in synced.stderr
    assert "1 queued change(s) written" in synced.stdout
    assert "Traceback" not in synced.stderr
    assert [r["code"] for r in journal.rejected(book)] == [
        "journal.not_an_operation",
        "journal.unreadable",
        "write.row_gone",
    ]
    again = run_cli("sync", str(book), "--lang", "en")
    assert again.returncode == 0 and "No queued changes" in again.stdout


def test_sync_of_a_journal_holding_only_garbage_sets_it_aside_and_exits_2(book: Path) -> None:
    journal.journal_path(book).write_text("[1, 2, 3]\n", encoding="utf-8")
    synced = run_cli("sync", str(book), "--lang", "en")
    assert synced.returncode == 2 and "not a change this app can make" in synced.stderr
    assert not journal.journal_path(book).exists()


def test_sync_exits_75_while_the_file_is_held_and_still_reports_the_lines_it_set_aside(book: Path) -> None:
    book.with_name(f".~lock.{book.name}#").write_text(",Li Na,other-host,x,;", encoding="utf-8")
    journal.add(book, [contact("等待中")])
    with open(journal.journal_path(book), "a", encoding="utf-8") as f:
        f.write("[1, 2, 3]\n")
    synced = run_cli("sync", str(book), "--lang", "en")
    assert synced.returncode == 75 and "not a change this app can make" in synced.stderr
    assert len(journal.entries(book)) == 1


def test_the_app_loads_a_workbook_whose_journal_holds_garbage_and_shows_the_waiting_change(book: Path) -> None:
    from ui import loading

    book.with_name("~$" + book.name).write_bytes(b"\x04user")  # held: the change keeps waiting
    writing.apply(book, [contact("等待中")])
    with open(journal.journal_path(book), "a", encoding="utf-8") as f:
        f.write('[1, 2, 3]\n{"id": "q", "op": {"op": "append", "sheet": "../../etc", "values": {}}}\n')
    loaded = loading.load(book)
    assert loaded.error is None and loaded.workbook is not None
    assert list(loaded.workbook.frames["contacts"]["result"]) == ["等待中"]
    assert [r["code"] for r in journal.rejected(book)] == ["journal.not_an_operation"] * 2

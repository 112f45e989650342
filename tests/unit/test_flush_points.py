"""A large sheet written with flush points lets the next write copy its middle compressed, with the same content."""

from __future__ import annotations

import dataclasses
import os
import random
import re
import shutil
import struct
import subprocess
import zipfile
import zlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import python_calamine

from tests.support.raw_edit import edit_sheet
from tests.support.shared import validation_problems
from tests.support.writer_support import log_visit, zip_content
from workbook import flush_points, operations, schema, writing
from workbook.book import Book
from workbook.flush_points import Layout, crc32_combine
from workbook.operations import Group

TODAY = date(2026, 11, 20)


def _ids(path: Path) -> tuple[str, str]:
    """A customer's ID and the ID of a contact far from both ends of the contacts sheet."""
    book = python_calamine.CalamineWorkbook.from_path(str(path))
    customers = book.get_sheet_by_index(0).to_python()
    contacts = book.get_sheet_by_index(1).to_python()
    return str(customers[100][0]), str(contacts[len(contacts) // 2][0])


def _log(customer: str, note: str) -> operations.Append:
    return log_visit(customer, note, TODAY)


def _compressed(path: Path, part: str) -> bytes:
    data = path.read_bytes()
    with zipfile.ZipFile(path) as z:
        info = z.getinfo(part)
    n, k = struct.unpack_from("<HH", data, info.header_offset + 26)
    start = info.header_offset + 30 + n + k
    return data[start : start + info.compress_size]


def _middle(path: Path, layout: Layout) -> bytes:
    return _compressed(path, layout.part)[layout.middle.compressed : layout.tail.compressed]


def _only_layout(path: Path) -> Layout:
    layouts = flush_points.recall(str(path))
    assert len(layouts) == 1, layouts
    return next(iter(layouts.values()))


def _laid_anew(now: Layout, before: Layout) -> bool:
    """Whether the whole sheet was written again: its middle takes in rows the earlier tail held
    (a write that copies the middle keeps its rows as they were)."""
    return now.rows[: len(before.rows)] == before.rows and len(now.rows) > len(before.rows)


@pytest.fixture
def twins(sample_workbook: Path, tmp_path: Path) -> Iterator[tuple[Path, Path]]:
    """The S sample twice: one written by this process's writes in turn, one always written whole."""
    fast, whole = tmp_path / "fast.xlsx", tmp_path / "whole.xlsx"
    shutil.copyfile(sample_workbook, fast)
    shutil.copyfile(sample_workbook, whole)
    yield fast, whole
    flush_points.forget(str(fast))
    flush_points.forget(str(whole))


def _write_both(fast: Path, whole: Path, ops: object) -> tuple[writing.WriteResult, writing.WriteResult]:
    done = writing.apply(fast, ops, actor="王磊")
    flush_points.forget(str(whole))  # no layout: the whole sheet is read, scanned and deflated
    return done, writing.apply(whole, ops, actor="王磊")


@pytest.mark.parametrize("sizes", [(0, 5), (5, 0), (1, 1), (1000, 70000), (123457, 3)])
def test_crc32_combine_gives_the_crc_of_the_two_pieces_joined(sizes: tuple[int, int]) -> None:
    rng = random.Random(sum(sizes))
    a, b = rng.randbytes(sizes[0]), rng.randbytes(sizes[1])
    assert crc32_combine(zlib.crc32(a), zlib.crc32(b), len(b)) == zlib.crc32(a + b)


def test_a_first_write_lays_flush_points_in_the_contacts_sheet_and_the_file_stays_valid(
    twins: tuple[Path, Path],
) -> None:
    fast, _whole = twins
    customer, _contact = _ids(fast)
    writing.apply(fast, [_log(customer, "first")], actor="王磊")
    layout = _only_layout(fast)
    raw = _compressed(fast, layout.part)
    # each flush point ends with the empty stored block zlib writes for a full flush
    assert raw[layout.middle.compressed - 4 : layout.middle.compressed] == b"\x00\x00\xff\xff"
    assert raw[layout.tail.compressed - 4 : layout.tail.compressed] == b"\x00\x00\xff\xff"
    assert layout.rows and layout.head.size < 10_000 and layout.tail.size < 10_000
    assert validation_problems(fast) == []


def test_the_next_appends_copy_the_middle_compressed_and_write_what_the_whole_path_writes(
    twins: tuple[Path, Path],
) -> None:
    fast, whole = twins
    customer, _contact = _ids(fast)
    first = _write_both(fast, whole, [_log(customer, "first")])
    laid = _only_layout(fast)
    middle = _middle(fast, laid)
    for note in ("second", "third"):
        done, reference = _write_both(fast, whole, [_log(customer, note)])
        assert done.ids == reference.ids
        now = _only_layout(fast)
        assert _middle(fast, now) == middle  # the very bytes: the middle was neither inflated nor deflated
        assert now.rows == laid.rows and now.tail.size > laid.tail.size
    assert first[0].ids == first[1].ids
    assert zip_content(fast) == zip_content(whole)
    assert validation_problems(fast) == []


def test_a_file_saved_by_another_program_since_takes_the_whole_path(twins: tuple[Path, Path], tmp_path: Path) -> None:
    fast, whole = twins
    customer, _contact = _ids(fast)
    _write_both(fast, whole, [_log(customer, "first")])
    stale = _only_layout(fast)
    # the same content saved again by another zip writer: same CRCs and sizes inside, other compressed bytes
    resaved = tmp_path / "resaved.xlsx"
    with zipfile.ZipFile(fast) as src, zipfile.ZipFile(resaved, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as dst:
        for info in src.infolist():
            dst.writestr(info, src.read(info))
    os.replace(resaved, fast)
    _write_both(fast, whole, [_log(customer, "second")])
    # the whole path lays its points anew: the middle now takes in the row the first write appended
    assert _laid_anew(_only_layout(fast), stale)
    assert zip_content(fast) == zip_content(whole)


def test_a_layout_that_does_not_match_the_file_is_not_used(twins: tuple[Path, Path]) -> None:
    fast, whole = twins
    customer, _contact = _ids(fast)
    _write_both(fast, whole, [_log(customer, "first")])
    layout = _only_layout(fast)
    # a record whose compressed CRC is off by one: the member is not the one it describes
    wrong = dataclasses.replace(
        layout,
        member=flush_points.WrittenMember(
            layout.member.crc, layout.member.size, layout.member.compress_size, layout.member.packed_crc ^ 1, []
        ),
    )
    flush_points.remember(str(fast), {layout.part: wrong})
    _write_both(fast, whole, [_log(customer, "second")])
    assert _laid_anew(_only_layout(fast), layout)
    assert zip_content(fast) == zip_content(whole)


def test_taking_back_the_contact_just_logged_finds_it_in_the_tail_and_leaves_the_middle_compressed(
    twins: tuple[Path, Path],
) -> None:
    fast, whole = twins
    customer, contact = _ids(fast)
    first, _ = _write_both(fast, whole, [_log(customer, "first")])
    laid = _only_layout(fast)
    middle = _middle(fast, laid)
    # the card's take-back: the ID was given out after the middle's highest, so the middle cannot hold it
    sheet = Book(fast.read_bytes(), flush_points.recall(str(fast))).sheet(schema.sheet("contacts").name("zh"))
    assert sheet.split and sheet.rows_with_text(1, first.ids[0], 2) == {max(laid.rows) + 2}
    assert sheet.split  # found without inflating the middle
    assert len(sheet.rows_with_text(1, contact, 2) or ()) == 1 and not sheet.split  # an older ID: read whole
    _write_both(fast, whole, [operations.void_contact(first.ids[0])])
    now = _only_layout(fast)
    assert _middle(fast, now) == middle and now.rows == laid.rows
    assert zip_content(fast) == zip_content(whole)
    # later logs copy the middle as it is and keep its bound: the earlier of two logs of the day (taken
    # back from today's list) is found in the tail too, although the second log's write took it in as
    # the column's highest ID
    second, _ = _write_both(fast, whole, [_log(customer, "second")])
    before = _only_layout(fast)
    assert before.middle_ids == laid.middle_ids and before.id_max != laid.id_max
    _write_both(fast, whole, [operations.void_contact(first.ids[0])])
    assert _middle(fast, _only_layout(fast)) == middle and _only_layout(fast).rows == laid.rows
    assert zip_content(fast) == zip_content(whole)
    _write_both(fast, whole, [operations.void_contact(second.ids[0])])
    assert _middle(fast, _only_layout(fast)) == middle
    assert zip_content(fast) == zip_content(whole)
    # a contact of the middle, taken back: the whole sheet, and the bound laid anew with the middle
    _write_both(fast, whole, [operations.void_contact(contact)])
    again = _only_layout(fast)
    assert _laid_anew(again, laid) and again.middle_ids == again.id_max
    assert zip_content(fast) == zip_content(whole)
    assert validation_problems(fast) == []


def test_a_search_that_then_needs_the_middle_sees_how_the_middle_writes_its_text(twins: tuple[Path, Path]) -> None:
    fast, _whole = twins
    customer, contact = _ids(fast)
    row = 1 + _row_index(fast, contact)
    # the middle's contact written with a character reference (as some programs write text): only a
    # read of the column sees it
    escaped = f'<c r="A{row}" t="inlineStr"><is><t>&#{ord(contact[0])};{contact[1:]}</t></is></c>'.encode()
    cell = re.compile(rf'<c r="A{row}"[^>]*>.*?</c>'.encode())
    edit_sheet(fast, schema.sheet("contacts").name("zh"), lambda xml: cell.sub(escaped, xml, count=1))
    first = writing.apply(fast, [_log(customer, "first")], actor="王磊")
    sheet = Book(fast.read_bytes(), flush_points.recall(str(fast))).sheet(schema.sheet("contacts").name("zh"))
    assert sheet.rows_with_text(1, first.ids[0], 2) is not None and sheet.split  # the head and tail only
    assert sheet.rows_with_text(1, contact, 2) is None and not sheet.split  # the whole sheet: left to the column
    assert sheet.column_values(1, 2)[row] == contact


def _row_index(path: Path, contact: str) -> int:
    contacts = python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(1).to_python()
    return next(i for i, r in enumerate(contacts) if r[0] == contact)


@pytest.mark.parametrize("void_first", [True, False], ids=["void_then_log", "log_then_void"])
def test_a_write_that_needs_the_middle_reads_the_whole_sheet_and_writes_the_same(
    twins: tuple[Path, Path], void_first: bool
) -> None:
    fast, whole = twins
    customer, contact = _ids(fast)
    _write_both(fast, whole, [_log(customer, "first")])
    laid = _only_layout(fast)
    ops = [operations.void_contact(contact), _log(customer, "second")]
    done, reference = _write_both(fast, whole, Group(tuple(ops if void_first else ops[::-1])))
    assert done.ids == reference.ids
    assert zip_content(fast) == zip_content(whole)
    assert _laid_anew(_only_layout(fast), laid)
    # the whole sheet was written again: new flush points, and the next append uses them
    _write_both(fast, whole, [_log(customer, "third")])
    assert zip_content(fast) == zip_content(whole)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_reads_the_contacts_a_write_appended_after_the_middle_was_copied(
    twins: tuple[Path, Path], tmp_path: Path
) -> None:
    fast, whole = twins
    customer, _contact = _ids(fast)
    for note in ("first", "second"):
        _write_both(fast, whole, [_log(customer, f"flush-{note}")])
    out = tmp_path / "out"
    contacts_only = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,2"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", contacts_only, "--outdir", str(out), str(fast)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    text = b"".join(p.read_bytes() for p in out.glob("*.csv"))
    assert text.count(b"flush-first") == 1 and text.count(b"flush-second") == 1
    assert text.count(b"\n") >= len(_only_layout(fast).rows)

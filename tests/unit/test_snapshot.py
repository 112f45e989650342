"""The typed snapshot of a read: taken back exactly as read; current only for the very file it was made from,
on any day when no date in it was typed without a year; else what a new read takes unchanged sheets from."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from tests.support.hostile import markup_workbook
from tests.support.raw_edit import customers_typed_below, date_without_a_year, edit_sheet
from tests.support.sample import SAMPLE_TODAY
from workbook import snapshot
from workbook.reading import LoadedWorkbook, read_workbook


def _same_read(got: LoadedWorkbook, read: LoadedWorkbook) -> None:
    assert got.frames.keys() == read.frames.keys()
    for key, frame in read.frames.items():
        assert got.frames[key].dtypes.to_dict() == frame.dtypes.to_dict(), key
        pd.testing.assert_frame_equal(got.frames[key], frame, check_exact=True, obj=key)
    assert got.problems == read.problems and len(read.problems) > 0
    assert got.settings == read.settings
    assert (got.lang, got.sheet_names, got.headers, got.header_rows) == (
        read.lang,
        read.sheet_names,
        read.headers,
        read.header_rows,
    )
    assert (got.fingerprint, got.date1904, got.path) == (read.fingerprint, read.date1904, read.path)
    assert got.highest_ids == read.highest_ids


@pytest.fixture
def messy_workbook(tmp_path: Path) -> Path:
    """Names that look like markup with a right-to-left override inside, rows typed under a table."""
    return customers_typed_below(markup_workbook(tmp_path / "messy.xlsx", "zh", SAMPLE_TODAY), 4000, 4003)


@pytest.mark.parametrize("which", ["sample_workbook", "sample_workbook_en", "messy_workbook"])
def test_a_snapshot_gives_back_exactly_what_the_read_gave(which: str, request: pytest.FixtureRequest, tmp_path: Path):
    path: Path = request.getfixturevalue(which)
    if which == "sample_workbook":
        customers_typed_below(path, 4000)  # a row typed under the table: a problem of another kind too
    read = read_workbook(path, today=SAMPLE_TODAY)
    assert snapshot.save(read, tmp_path / "cache", SAMPLE_TODAY) is not None
    got = snapshot.load(path, tmp_path / "cache", SAMPLE_TODAY)
    assert got is not None and got.current
    _same_read(got.workbook, read)
    for name, r in read.sheet_reads.items():  # what a later read of a changed file takes from it
        assert got.workbook.sheet_reads[name] == r, name


def test_a_snapshot_of_a_changed_file_is_not_current_and_a_new_read_takes_the_unchanged_sheets_from_it(
    sample_workbook: Path, tmp_path: Path
) -> None:
    read = read_workbook(sample_workbook, today=SAMPLE_TODAY)
    snapshot.save(read, tmp_path / "cache", SAMPLE_TODAY)
    customers_typed_below(sample_workbook, 4000)
    got = snapshot.load(sample_workbook, tmp_path / "cache", SAMPLE_TODAY)
    assert got is not None and not got.current
    again = read_workbook(sample_workbook, today=SAMPLE_TODAY, previous=got.workbook)
    parsed = {k for k, r in again.sheet_reads.items() if r != got.workbook.sheet_reads.get(k)}
    assert parsed == {"customers"}
    _same_read(again, read_workbook(sample_workbook, today=SAMPLE_TODAY))


def test_a_file_with_the_same_size_and_time_but_other_bytes_is_told_by_its_hash(sample_workbook: Path, tmp_path: Path):
    read = read_workbook(sample_workbook, today=SAMPLE_TODAY)
    snapshot.save(read, tmp_path / "cache", SAMPLE_TODAY)
    st = sample_workbook.stat()
    data = bytearray(sample_workbook.read_bytes())
    data[-30] ^= 0xFF  # one byte of the zip directory's tail: same size
    sample_workbook.write_bytes(bytes(data))
    os.utime(sample_workbook, ns=(st.st_atime_ns, st.st_mtime_ns))
    got = snapshot.load(sample_workbook, tmp_path / "cache", SAMPLE_TODAY)
    assert got is not None and not got.current


def test_a_snapshot_holds_on_another_day_unless_a_date_in_it_was_typed_without_a_year(
    sample_workbook: Path, tmp_path: Path
) -> None:
    read = read_workbook(sample_workbook, today=SAMPLE_TODAY)
    snapshot.save(read, tmp_path / "cache", SAMPLE_TODAY)
    later = SAMPLE_TODAY + dt.timedelta(days=1)
    got = snapshot.load(sample_workbook, tmp_path / "cache", later)
    assert got is not None and got.current  # the next morning's first open takes it
    _same_read(got.workbook, read_workbook(sample_workbook, today=later))

    edit_sheet(sample_workbook, read.sheet_names["contacts"], date_without_a_year)
    dated = read_workbook(sample_workbook, today=SAMPLE_TODAY)
    snapshot.save(dated, tmp_path / "cache", SAMPLE_TODAY)
    got = snapshot.load(sample_workbook, tmp_path / "cache", SAMPLE_TODAY)
    assert got is not None and got.current
    got = snapshot.load(sample_workbook, tmp_path / "cache", later)
    assert got is not None and not got.current
    again = read_workbook(sample_workbook, today=later, previous=got.workbook)
    assert {k for k, r in again.sheet_reads.items() if r != got.workbook.sheet_reads.get(k)} == {"contacts"}
    _same_read(again, read_workbook(sample_workbook, today=later))


def test_a_snapshot_made_by_another_version_is_not_used_and_is_removed(sample_workbook: Path, tmp_path: Path):
    read = read_workbook(sample_workbook, today=SAMPLE_TODAY)
    kept = snapshot.save(read, tmp_path / "cache", SAMPLE_TODAY)
    assert kept is not None
    meta = json.loads((kept / "meta.json").read_text("utf-8"))
    (kept / "meta.json").write_text(json.dumps({**meta, "version": "an older release"}), "utf-8")
    assert snapshot.load(sample_workbook, tmp_path / "cache", SAMPLE_TODAY) is None
    assert not kept.exists()


def test_a_snapshot_of_a_file_gone_is_not_used(sample_workbook: Path, tmp_path: Path) -> None:
    read = read_workbook(sample_workbook, today=SAMPLE_TODAY)
    snapshot.save(read, tmp_path / "cache", SAMPLE_TODAY)
    sample_workbook.rename(sample_workbook.with_suffix(".moved"))
    assert snapshot.load(sample_workbook, tmp_path / "cache", SAMPLE_TODAY) is None


@pytest.mark.parametrize("damage", ["cut_frame", "garbled_meta", "missing_frame"])
def test_a_damaged_snapshot_is_ignored_and_removed(sample_workbook: Path, tmp_path: Path, damage: str) -> None:
    read = read_workbook(sample_workbook, today=SAMPLE_TODAY)
    kept = snapshot.save(read, tmp_path / "cache", SAMPLE_TODAY)
    assert kept is not None
    frame = kept / "1.arrow"
    if damage == "cut_frame":
        frame.write_bytes(frame.read_bytes()[: frame.stat().st_size // 2])
    elif damage == "garbled_meta":
        (kept / "meta.json").write_bytes(b"\x00{not json")
    else:
        frame.unlink()
    assert snapshot.load(sample_workbook, tmp_path / "cache", SAMPLE_TODAY) is None
    assert not kept.exists()


def test_only_the_last_few_workbooks_keep_a_snapshot(sample_workbook: Path, tmp_path: Path) -> None:
    read = read_workbook(sample_workbook, today=SAMPLE_TODAY)
    copies = []
    for i in range(snapshot.KEEP + 2):
        copy = Path(shutil.copyfile(sample_workbook, tmp_path / f"copy{i}.xlsx"))
        copies.append(copy)
        wb = read_workbook(copy, today=SAMPLE_TODAY)
        snapshot.save(wb, tmp_path / "cache", SAMPLE_TODAY)
        os.utime(snapshot.entry(copy, tmp_path / "cache"), ns=(i * 10**9, i * 10**9))  # saved one after another
    snapshot.save(read, tmp_path / "cache", SAMPLE_TODAY)
    kept = [p for p in (tmp_path / "cache").iterdir() if p.is_dir()]
    assert len(kept) == snapshot.KEEP
    assert snapshot.entry(sample_workbook, tmp_path / "cache") in kept
    assert snapshot.load(copies[0], tmp_path / "cache", SAMPLE_TODAY) is None


def test_a_saved_snapshot_is_one_per_workbook(sample_workbook: Path, tmp_path: Path) -> None:
    read = read_workbook(sample_workbook, today=SAMPLE_TODAY)
    snapshot.save(read, tmp_path / "cache", SAMPLE_TODAY)
    snapshot.save(read, tmp_path / "cache", SAMPLE_TODAY)
    assert [p.name for p in (tmp_path / "cache").iterdir()] == [snapshot.entry(sample_workbook, tmp_path).name]


def test_a_read_json_cannot_carry_is_not_kept_and_the_earlier_snapshot_goes(sample_workbook: Path, tmp_path: Path):
    read = read_workbook(sample_workbook, today=SAMPLE_TODAY)
    kept = snapshot.save(read, tmp_path / "cache", SAMPLE_TODAY)
    assert kept is not None and kept.exists()
    odd = dataclasses.replace(read, settings={**read.settings, "odd": {1, 2}})  # a set: JSON has none
    assert snapshot.save(odd, tmp_path / "cache", SAMPLE_TODAY) is None
    assert not kept.exists()

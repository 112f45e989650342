"""The typed snapshot of a read: taken back exactly as read, and only for the very file it was made from."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from tests.support.hostile import markup_workbook
from tests.support.raw_edit import customers_typed_below
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
    assert got is not None
    _same_read(got, read)


def test_a_snapshot_of_a_changed_file_is_not_used_and_is_removed(sample_workbook: Path, tmp_path: Path) -> None:
    read = read_workbook(sample_workbook, today=SAMPLE_TODAY)
    kept = snapshot.save(read, tmp_path / "cache", SAMPLE_TODAY)
    customers_typed_below(sample_workbook, 4000)
    assert snapshot.load(sample_workbook, tmp_path / "cache", SAMPLE_TODAY) is None
    assert kept is not None and not kept.exists()


def test_a_file_with_the_same_size_and_time_but_other_bytes_is_told_by_its_hash(sample_workbook: Path, tmp_path: Path):
    read = read_workbook(sample_workbook, today=SAMPLE_TODAY)
    snapshot.save(read, tmp_path / "cache", SAMPLE_TODAY)
    st = sample_workbook.stat()
    data = bytearray(sample_workbook.read_bytes())
    data[-30] ^= 0xFF  # one byte of the zip directory's tail: same size
    sample_workbook.write_bytes(bytes(data))
    os.utime(sample_workbook, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert snapshot.load(sample_workbook, tmp_path / "cache", SAMPLE_TODAY) is None


def test_a_snapshot_made_by_another_version_or_for_another_day_is_not_used(sample_workbook: Path, tmp_path: Path):
    read = read_workbook(sample_workbook, today=SAMPLE_TODAY)
    kept = snapshot.save(read, tmp_path / "cache", SAMPLE_TODAY)
    assert snapshot.load(sample_workbook, tmp_path / "cache", SAMPLE_TODAY.replace(day=21)) is None
    assert kept is not None and not kept.exists()
    kept = snapshot.save(read, tmp_path / "cache", SAMPLE_TODAY)
    assert kept is not None
    meta = json.loads((kept / "meta.json").read_text("utf-8"))
    (kept / "meta.json").write_text(json.dumps({**meta, "version": "an older release"}), "utf-8")
    assert snapshot.load(sample_workbook, tmp_path / "cache", SAMPLE_TODAY) is None
    assert not kept.exists()


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

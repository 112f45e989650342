"""The first ID a write allocates comes from the app's read of that very file, with no scan of the sheet."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.sample import SAMPLE_TODAY
from workbook import operations, writing
from workbook.book import Book
from workbook.reading import LoadedWorkbook, read_workbook
from workbook.schema import SHEETS


def _contact(wb: LoadedWorkbook) -> operations.Op:
    customer = wb.frames["customers"].iloc[3]
    return operations.log_contact(str(customer["customer_id"]), "call", SAMPLE_TODAY, result="约周六试驾")


@pytest.mark.parametrize("fixture", ["sample_workbook", "sample_workbook_en"])
def test_the_read_finds_the_highest_id_the_writer_finds_in_every_sheet_it_allocates_in(
    fixture: str, request: pytest.FixtureRequest
) -> None:
    path: Path = request.getfixturevalue(fixture)
    wb = read_workbook(path, today=SAMPLE_TODAY)
    book = Book(path.read_bytes())
    allocating = [s.key for s in SHEETS if s.id_prefix and s.key in wb.sheet_names]
    assert sorted(wb.highest_ids) == sorted(allocating) and "contacts" in allocating
    for key in allocating:
        decl = next(s for s in SHEETS if s.key == key)
        header_row, number, digits = wb.highest_ids[key]
        col = list(wb.headers[key]).index(decl.id_column)  # the sample's columns stand in schema order
        assert header_row == wb.header_rows[key]
        found = book.sheet(wb.sheet_names[key]).id_max(col + 1, decl.id_prefix or "", header_row + 1)
        assert found == (number, digits) and number > 0, key


def test_a_write_given_the_read_of_the_same_file_takes_its_highest_id(sample_workbook: Path) -> None:
    wb = read_workbook(sample_workbook, today=SAMPLE_TODAY)
    header_row, _number, _digits = wb.highest_ids["contacts"]
    # a number no scan would find: the write can only have taken it from what it was given
    told = {"contacts": (header_row, 900000, 6)}
    result = writing.apply(sample_workbook, [_contact(wb)], expected=wb.fingerprint, known_ids=told)
    assert result.status == "written" and result.ids == ["K900001"]


def test_a_write_given_the_read_finds_the_same_id_it_finds_by_scanning(sample_workbook: Path, tmp_path: Path) -> None:
    wb = read_workbook(sample_workbook, today=SAMPLE_TODAY)
    copy = tmp_path / "copy.xlsx"
    copy.write_bytes(sample_workbook.read_bytes())
    told = writing.apply(sample_workbook, [_contact(wb)], expected=wb.fingerprint, known_ids=wb.highest_ids)
    scanned = writing.apply(copy, [_contact(wb)])
    assert told.ids == scanned.ids and told.ids


@pytest.mark.parametrize("fingerprint", ["another file", "written by the app"])
def test_what_a_read_of_another_file_found_is_not_used(sample_workbook: Path, fingerprint: str) -> None:
    wb = read_workbook(sample_workbook, today=SAMPLE_TODAY)
    told = {"contacts": (wb.highest_ids["contacts"][0], 900000, 6)}
    size, mtime_ns, _sha = wb.fingerprint
    # a fingerprint without a SHA-256 is the app's own write's: the IDs it allocated are not in what was read
    expected = (size, mtime_ns, "0" * 64) if fingerprint == "another file" else (size, mtime_ns, "")
    result = writing.apply(sample_workbook, [_contact(wb)], expected=expected, known_ids=told)
    assert result.ids and result.ids != ["K900001"]


def test_a_second_id_in_the_same_write_follows_the_first(sample_workbook: Path) -> None:
    wb = read_workbook(sample_workbook, today=SAMPLE_TODAY)
    header_row, number, digits = wb.highest_ids["contacts"]
    ops = [_contact(wb), _contact(wb)]
    result = writing.apply(sample_workbook, ops, expected=wb.fingerprint, known_ids=wb.highest_ids)
    width = max(4, digits)
    assert result.ids == [f"K{number + 1:0{width}d}", f"K{number + 2:0{width}d}"]
    assert read_workbook(sample_workbook, today=SAMPLE_TODAY).highest_ids["contacts"] == (header_row, number + 2, width)

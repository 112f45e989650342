"""The guard refuses hostile and broken files with one clear code, and passes real ones.

`vet` never hands anything to calamine, so these run in-process; reading what passes the
guard is tested in a subprocess in test_check_cli.py.
"""

from __future__ import annotations

import functools
import os
import time
import zipfile

import pytest

from i18n import describe
from tests.support import hostile
from tests.support.shared import CORPUS, needs_corpus
from workbook import limits
from workbook.errors import UnusableWorkbook
from workbook.guard import vet


def refused(path) -> UnusableWorkbook:
    with pytest.raises(UnusableWorkbook) as info:
        vet(path)
    return info.value


def small(tmp_path, name="ok.xlsx", rows=(("客户姓名", "手机"), ("张三", "13800138000"))):
    return hostile.raw_xlsx(tmp_path / name, [("客户", hostile.sheet_xml(rows))])


def test_a_plain_workbook_passes_with_its_fingerprint_and_extent(tmp_path):
    path = small(tmp_path)
    report = vet(path)
    assert report.size == path.stat().st_size
    assert report.mtime_ns == path.stat().st_mtime_ns
    assert len(report.sha256) == 64
    assert report.fingerprint == (report.size, report.mtime_ns, report.sha256)
    assert report.data == path.read_bytes()
    (sheet,) = report.sheets
    assert sheet.name == "客户" and sheet.max_row >= 2 and sheet.max_col >= 2
    assert report.date1904 is False


def test_the_1904_date_system_flag_is_read_from_the_workbook_part(tmp_path):
    path = hostile.raw_xlsx(tmp_path / "mac.xlsx", [("S", hostile.sheet_xml([["a"]]))], date1904=True)
    assert vet(path).date1904 is True


@pytest.mark.parametrize("ref", ["XFD1048576", "XFD1", "A1048576"])
def test_a_stray_value_on_excels_last_row_or_column_is_refused_whatever_the_dimension_says(tmp_path, ref):
    error = refused(hostile.stray_cell(tmp_path / "stray.xlsx", ref=ref, dimension="A1:B2"))
    assert error.code == "problem.stray_cell"
    assert error.params["sheet"] == "Sheet1"


def test_a_far_away_value_making_an_absurd_extent_is_refused(tmp_path):
    error = refused(hostile.stray_cell(tmp_path / "far.xlsx", ref="XFA1000000"))
    assert error.code == "problem.sheet_too_large"


def test_a_stray_value_hidden_in_a_wide_sheet_is_found_among_multi_letter_columns(tmp_path):
    rows = [[f"h{i}" for i in range(40)], list(range(40))]
    xml = hostile.sheet_xml(rows).replace(b"</row></sheetData>", b'<c r="XFD2"><v>1</v></c></row></sheetData>')
    assert refused(hostile.raw_xlsx(tmp_path / "w.xlsx", [("S", xml)])).code == "problem.stray_cell"


@functools.cache
def _long_sheet() -> bytes:
    return hostile.sheet_xml([[f"v{r}{c}" for c in range(5)] for r in range(12_000)])


def _long_sheet_with(cell: bytes, at_row: int = 6_000) -> bytes:
    """12,000 rows of five columns (several inflate chunks) with `cell` inside row `at_row`."""
    xml = _long_sheet()
    row_end = xml.index(b"</row>", xml.index(f'<row r="{at_row}">'.encode()))
    return xml[:row_end] + cell + xml[row_end:]


@pytest.mark.parametrize(
    "cell",
    [
        b'<c r="XFD1048576"><v>1</v></c>',
        b'<c r="A1048576"><v>1</v></c>',
        b'<c r="AAAA1"><v>1</v></c>',  # four letters: past XFD
        b'<c\nr="XFD1"><v>1</v></c>',  # r after a newline, not a space
        b"<c r='XFD1'><v>1</v></c>",  # single quotes
        b'<c r="xfd1"><v>1</v></c>',  # lower case
    ],
)
def test_a_stray_value_in_the_middle_of_a_long_sheet_is_found_however_it_is_written(tmp_path, cell):
    path = hostile.raw_xlsx(tmp_path / "mid.xlsx", [("S", _long_sheet_with(cell))])
    assert refused(path).code == "problem.stray_cell"


def test_a_long_plain_sheet_passes_with_its_exact_columns(tmp_path):
    (sheet,) = vet(hostile.raw_xlsx(tmp_path / "long.xlsx", [("S", _long_sheet_with(b""))])).sheets
    assert sheet.max_col == 5 and 12_000 <= sheet.max_row <= 99_999


def test_a_cell_whose_r_is_not_its_first_attribute_is_still_placed(tmp_path):
    xml = hostile.sheet_xml([["a"]]).replace(
        b"</sheetData>", b'<row r="2"><c s="0" r="XFD1048576"><v>1</v></c></row></sheetData>'
    )
    assert refused(hostile.raw_xlsx(tmp_path / "order.xlsx", [("S", xml)])).code == "problem.stray_cell"


def test_prefixed_elements_are_scanned_too(tmp_path):
    xml = (
        f'<?xml version="1.0"?><x:worksheet xmlns:x="{hostile.NS}"><x:sheetData>'
        '<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>'
        '<x:row r="1048576"><x:c r="XFD1048576"><x:v>1</x:v></x:c></x:row>'
        "</x:sheetData></x:worksheet>"
    ).encode()
    assert refused(hostile.raw_xlsx(tmp_path / "p.xlsx", [("S", xml)])).code == "problem.stray_cell"


def test_cells_without_references_are_placed_by_order_and_refused_past_column_xfd(tmp_path):
    error = refused(hostile.wide_cells_without_refs(tmp_path / "wide.xlsx", n_cols=limits.EXCEL_MAX_COLS + 5))
    assert error.code == "problem.stray_cell"


@pytest.mark.slow
def test_rows_without_references_past_the_last_row_are_refused(tmp_path):
    error = refused(hostile.rows_without_refs(tmp_path / "rows.xlsx", n_rows=limits.EXCEL_MAX_ROWS + 2))
    assert error.code == "problem.stray_cell"


def test_a_value_far_down_a_narrow_sheet_is_allowed(tmp_path):
    report = vet(hostile.stray_cell(tmp_path / "down.xlsx", ref="B900000"))
    assert report.sheets[0].max_row >= 900_000


def test_a_zip_bomb_is_refused_before_it_is_inflated_in_full(tmp_path):
    path = hostile.zip_bomb(tmp_path / "bomb.xlsx", inflated_mb=48)
    t0 = time.perf_counter()
    assert refused(path).code == "problem.zip_bomb"
    assert time.perf_counter() - t0 < 5


def test_a_zip_whose_declared_sizes_lie_is_refused(tmp_path):
    assert refused(hostile.lying_zip_bomb(tmp_path / "lying.xlsx", inflated_mb=2)).code == "problem.zip_bomb"


def test_a_part_declaring_a_huge_size_is_refused_from_the_directory_alone(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_ENTRY_INFLATED", 1000)
    assert refused(small(tmp_path, rows=[["x" * 2000]])).code == "problem.zip_bomb"


def test_xml_entity_declarations_are_refused(tmp_path):
    assert refused(hostile.entity_bomb(tmp_path / "ent.xlsx")).code == "problem.xml_entities"


def test_too_many_zip_entries_are_refused(tmp_path):
    error = refused(hostile.many_entries(tmp_path / "many.xlsx", n=limits.MAX_ENTRIES + 1))
    assert error.code == "problem.too_many_parts"


@pytest.mark.parametrize(
    ("build", "code"),
    [
        (lambda p: hostile.ole2(p), "problem.old_xls"),
        (lambda p: hostile.ole2(p, encrypted=True), "problem.encrypted"),
        (lambda p: hostile.csv_renamed(p), "problem.csv_renamed"),
        (lambda p: p.write_bytes(b"") and p, "problem.file_empty"),
        (lambda p: p.write_bytes(b"<html><table><tr><td>1</td></tr></table></html>") and p, "problem.markup_renamed"),
        (lambda p: p.write_bytes(os.urandom(3000) + b"\0") and p, "problem.not_workbook"),
        (lambda p: p.write_bytes(b"PK\x03\x04garbage") and p, "problem.damaged"),
    ],
    ids=["xls", "encrypted", "csv", "empty", "html", "random", "bad-zip"],
)
def test_files_that_are_not_workbooks_get_their_own_reason(tmp_path, build, code):
    path = tmp_path / "f.xlsx"
    build(path)
    assert refused(path).code == code


def test_a_truncated_workbook_is_damaged(tmp_path):
    good = small(tmp_path, rows=[[f"v{i}" for i in range(20)] for _ in range(200)])
    assert refused(hostile.truncated(tmp_path / "cut.xlsx", good)).code == "problem.damaged"


def test_a_part_whose_bytes_do_not_match_its_crc_is_damaged_and_named(tmp_path):
    data = bytearray(small(tmp_path).read_bytes())
    name = b"xl/worksheets/sheet1.xml"
    at = data.find(name)
    while at >= 0:  # the CRC the local header and the central directory declare, both changed alike
        for signature, name_at, crc_at in ((b"PK\x03\x04", 30, 14), (b"PK\x01\x02", 46, 16)):
            start = at - name_at
            if start >= 0 and data[start : start + 4] == signature:
                data[start + crc_at] ^= 0xFF
        at = data.find(name, at + 1)
    path = tmp_path / "crc.xlsx"
    path.write_bytes(bytes(data))
    error = refused(path)
    assert error.code == "problem.damaged" and error.params["detail"] == name.decode()


def test_a_zip_that_is_not_a_spreadsheet_is_not_a_workbook(tmp_path):
    path = tmp_path / "doc.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    assert refused(path).code == "problem.not_workbook"


def test_an_opendocument_spreadsheet_is_named_as_such(tmp_path):
    path = tmp_path / "calc.xlsx"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", "<office:document-content/>")
    assert refused(path).code == "problem.ods"


def test_a_missing_path_and_a_folder_are_refused(tmp_path):
    assert refused(tmp_path / "nope.xlsx").code == "problem.file_missing"
    assert refused(tmp_path).code == "problem.file_is_directory"


def test_the_message_names_the_file_in_both_languages(tmp_path):
    error = refused(hostile.ole2(tmp_path / "old.xls"))
    assert "old.xls" in describe(error, "zh") and ".xlsx" in describe(error, "zh")
    assert "old .xls" in describe(error, "en")


@needs_corpus
def test_every_workbook_excel_saved_in_the_corpus_passes_the_guard():
    files = sorted([*CORPUS.glob("*.xlsx"), *CORPUS.glob("*.xlsm")])
    assert files
    for path in files:
        report = vet(path)
        assert all(s.max_row <= limits.MAX_ROW and s.max_col <= limits.MAX_COL for s in report.sheets), path.name

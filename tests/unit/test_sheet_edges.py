"""The edges of a sheet the writer grows: sparklines on the last row, rows left below a table, macro workbooks."""

from __future__ import annotations

import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest

from i18n import describe
from tests.support.macro import MACRO_WORKBOOK, VBA_PROJECT, make_macro_workbook
from tests.support.raw_edit import customers_typed_below, edit_sheet, insert_before_end
from tests.support.shared import validation_problems
from tests.support.writer_support import changed_members, customers_workbook, raw_members
from workbook import backup, guard, journal, operations, reading, schema, writing
from workbook.book import Book
from workbook.cells import col_letter
from workbook.errors import UnusableWorkbook, WriteRefused

WIDTH = len(schema.sheet("customers").columns)  # the template's customers table, column A to the last

X14 = "http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"
XM = "http://schemas.microsoft.com/office/excel/2006/main"


def _sparkline_ext(cell: str, data: str) -> bytes:
    return (
        f'<extLst><ext uri="{{05C60535-1F16-4fd2-B633-F4F36F0B64E0}}" xmlns:x14="{X14}">'
        f'<x14:sparklineGroups xmlns:xm="{XM}"><x14:sparklineGroup displayEmptyCellsAs="gap">'
        '<x14:colorSeries rgb="FF376092"/><x14:colorNegative rgb="FFD00000"/><x14:colorAxis rgb="FF000000"/>'
        '<x14:colorMarkers rgb="FFD00000"/><x14:colorFirst rgb="FFD00000"/><x14:colorLast rgb="FFD00000"/>'
        '<x14:colorHigh rgb="FFD00000"/><x14:colorLow rgb="FFD00000"/>'
        f"<x14:sparklines><x14:sparkline><xm:f>{data}</xm:f><xm:sqref>{cell}</xm:sqref></x14:sparkline>"
        "</x14:sparklines></x14:sparklineGroup></x14:sparklineGroups></ext></extLst>"
    ).encode()


X14_VALIDATION = (
    f'<ext uri="{{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}}" xmlns:x14="{X14}"><x14:dataValidations count="1" '
    f'xmlns:xm="{XM}"><x14:dataValidation type="list" allowBlank="1"><x14:formula1><xm:f>\'员工\'!$A$2:$A$9</xm:f>'
    "</x14:formula1><xm:sqref>R2:R3</xm:sqref></x14:dataValidation></x14:dataValidations></ext>"
).encode()


def test_an_append_under_a_sparkline_on_the_last_row_leaves_the_sparkline_one_cell(tmp_path: Path) -> None:
    path = customers_workbook(tmp_path / "店.xlsx")
    ext = _sparkline_ext("S3", "'客户'!M3:N3").replace(b"</extLst>", X14_VALIDATION + b"</extLst>")
    edit_sheet(path, "客户", lambda xml: insert_before_end(xml, b"</worksheet>", ext))
    assert validation_problems(path) == []
    writing.apply(path, [operations.add_customer(name="王五", phone="13800000003", consultant="王磊",
                                                   first_contact=date(2026, 11, 3), grade="A")])  # fmt: skip
    sheet = Book(path.read_bytes()).sheet("客户")
    assert sheet.tables()[0].ref == (1, 1, 4, WIDTH)  # the table did grow
    assert "<xm:sqref>S3</xm:sqref>" in sheet.xml and 'sqref="I2:I2003"' in sheet.xml
    assert "<xm:sqref>R2:R4</xm:sqref>" in sheet.xml  # an x14 validation ending on the last row does grow
    assert validation_problems(path) == []


def _add_wang_wu(path: Path) -> None:
    writing.apply(path, [operations.add_customer(name="王五", phone="13800000003", consultant="王磊",
                                                   first_contact=date(2026, 11, 3), grade="A")])  # fmt: skip


def test_rows_typed_right_under_the_table_are_taken_into_it_and_the_append_follows_them(tmp_path: Path) -> None:
    path = customers_typed_below(customers_workbook(tmp_path / "店.xlsx"), 4, 5)
    wb = reading.read_workbook(path)
    assert list(wb.frames["customers"]["_row"]) == [2, 3, 4, 5]
    assert not [p for p in wb.problems if p.code == "problem.rows_below_table"]
    fmt = (
        b'<conditionalFormatting sqref="I2:I3"><cfRule type="containsBlanks" dxfId="0" priority="99">'
        b"<formula>LEN(TRIM(I2))=0</formula></cfRule></conditionalFormatting>"
    )
    edit_sheet(path, "客户", lambda xml: insert_before_end(xml, b"<dataValidations", fmt))
    _add_wang_wu(path)
    sheet = Book(path.read_bytes()).sheet("客户")
    table = sheet.tables()[0]
    assert table.ref == (1, 1, 6, WIDTH) and f'ref="A1:{col_letter(WIDTH)}6"' in table.xml
    assert 'conditionalFormatting sqref="I2:I6"' in sheet.xml  # formats ending on the table's last row follow it
    assert sheet.rows_values(6, 6)[6][2] == "王五"
    customers = reading.read_workbook(path).frames["customers"]
    assert list(customers["name"]) == ["张三", "李四", "手输4", "手输5", "王五"]
    assert validation_problems(path) == []


def test_rows_after_a_gap_below_the_table_are_read_and_warned_of_with_the_fix(tmp_path: Path) -> None:
    path = customers_typed_below(customers_workbook(tmp_path / "店.xlsx"), 6, 7, 9)
    wb = reading.read_workbook(path)
    assert list(wb.frames["customers"]["_row"]) == [2, 3, 6, 7, 9]  # the rows stay in every list
    warned = [p for p in wb.problems if p.code == "problem.rows_below_table"]
    assert [(p.severity, p.sheet, p.row) for p in warned] == [("warning", "客户", 6), ("warning", "客户", 9)]
    assert "6-7" in describe(warned[0], "en") and "Resize Table" in describe(warned[0], "en")
    assert "调整表格大小" in describe(warned[0], "zh") and "tbl_customers" in describe(warned[0], "zh")
    assert not wb.errors


def test_a_run_right_under_the_table_is_not_warned_of_but_one_after_it_and_a_gap_is(tmp_path: Path) -> None:
    path = customers_typed_below(customers_workbook(tmp_path / "店.xlsx"), 4, 7)
    warned = [p for p in reading.read_workbook(path).problems if p.code == "problem.rows_below_table"]
    assert [p.row for p in warned] == [7]
    _add_wang_wu(path)  # the table takes in row 4, the new customer lands on row 5, row 7 stays outside
    sheet = Book(path.read_bytes()).sheet("客户")
    assert sheet.tables()[0].ref == (1, 1, 5, WIDTH) and sheet.rows_values(5, 5)[5][2] == "王五"
    assert validation_problems(path) == []


@pytest.fixture
def macro_book(tmp_path: Path) -> Path:
    return make_macro_workbook(customers_workbook(tmp_path / "plain.xlsx"), tmp_path / "店.xlsm")


def test_a_macro_workbook_is_read_like_any_other(macro_book: Path) -> None:
    wb = reading.read_workbook(macro_book)
    assert list(wb.frames["customers"]["name"]) == ["张三", "李四"] and wb.problems == []


def test_a_write_to_a_macro_workbook_leaves_its_vba_project_and_macro_content_types_untouched(
    macro_book: Path, tmp_path: Path
) -> None:
    before = tmp_path / "before.xlsm"
    shutil.copyfile(macro_book, before)
    _add_wang_wu(macro_book)
    assert changed_members(before, macro_book) == {"xl/worksheets/sheet1.xml", "xl/tables/table1.xml"}
    assert raw_members(macro_book)["xl/vbaProject.bin"] == raw_members(before)["xl/vbaProject.bin"]
    with zipfile.ZipFile(macro_book) as z:
        types = z.read("[Content_Types].xml").decode()
    assert MACRO_WORKBOOK in types and VBA_PROJECT in types
    assert list(reading.read_workbook(macro_book).frames["customers"]["name"])[-1] == "王五"
    assert validation_problems(macro_book) == []


def test_a_macro_workbooks_backup_keeps_the_xlsm_name_and_its_bytes(macro_book: Path) -> None:
    original = macro_book.read_bytes()
    _add_wang_wu(macro_book)
    [kept] = backup.list_backups(macro_book)
    assert kept.suffix == ".xlsm" and kept.read_bytes() == original
    assert backup.resolve(macro_book, kept.name) == kept


def test_a_change_to_a_macro_workbook_held_by_excel_is_queued_beside_it_and_written_later(macro_book: Path) -> None:
    owner = macro_book.with_name("~$" + macro_book.name)
    owner.write_bytes(b"\x04user")  # Excel holds it
    assert writing.apply(macro_book, [operations.set_grade("C0001", "A")]).status == "queued"
    assert journal.journal_path(macro_book).name == ".店.xlsm.pending.jsonl"
    owner.unlink()
    assert writing.flush_pending(macro_book).status == "written"
    assert reading.read_workbook(macro_book).frames["customers"].set_index("customer_id").loc["C0001", "grade"] == "A"
    assert validation_problems(macro_book) == []


def test_a_binary_workbook_or_an_old_xls_named_xlsm_is_still_refused(tmp_path: Path) -> None:
    xlsb = tmp_path / "binary.xlsm"
    with zipfile.ZipFile(xlsb, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.bin", b"\x83\x01\x00")
    with pytest.raises(UnusableWorkbook) as refused:
        guard.vet(xlsb)
    assert refused.value.code == "problem.xlsb"
    old = tmp_path / "old.xlsm"
    old.write_bytes(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504))
    with pytest.raises(UnusableWorkbook) as refused:
        guard.vet(old)
    assert refused.value.code == "problem.old_xls"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_a_macro_workbook_the_writer_wrote(macro_book: Path, tmp_path: Path) -> None:
    _add_wang_wu(macro_book)
    out = tmp_path / "out"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "csv", "--outdir", str(out), str(macro_book)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    assert (out / "店.csv").read_bytes().count(b"1380000000") == 3


def test_a_total_typed_under_the_table_is_not_taken_in_and_the_check_page_shows_the_row(tmp_path: Path) -> None:
    path = customers_workbook(tmp_path / "店.xlsx")
    total = b'<row r="4"><c r="K4"><f>SUM(K2:K3)</f><v>0</v></c></row>'
    edit_sheet(path, "客户", lambda xml: insert_before_end(xml, b"</sheetData>", total))
    before = path.read_bytes()
    with pytest.raises(WriteRefused) as refused:
        _add_wang_wu(path)
    assert refused.value.code == "write.below_table_used" and path.read_bytes() == before
    assert {p.row for p in reading.read_workbook(path).errors} == {4}  # not "0 errors" while appends are refused

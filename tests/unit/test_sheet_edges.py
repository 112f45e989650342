"""The edges of a sheet the writer grows: sparklines on the last row, rows left below a table, macro workbooks."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from tests.support.raw_edit import edit_sheet, insert_before_end
from tests.support.shared import validation_problems
from tests.support.writer_support import customers_workbook
from workbook import operations, writing
from workbook.book import Book

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


def test_an_append_under_a_sparkline_on_the_last_row_leaves_the_sparkline_one_cell(tmp_path: Path) -> None:
    path = customers_workbook(tmp_path / "店.xlsx")
    ext = _sparkline_ext("S3", "'客户'!M3:N3")
    edit_sheet(path, "客户", lambda xml: insert_before_end(xml, b"</worksheet>", ext))
    assert validation_problems(path) == []
    writing.apply(path, [operations.add_customer(name="王五", phone="13800000003", consultant="王磊",
                                                   first_contact=date(2026, 11, 3), grade="A")])  # fmt: skip
    sheet = Book(path.read_bytes()).sheet("客户")
    assert sheet.tables()[0].ref == (1, 1, 4, 19)  # the table did grow
    assert "<xm:sqref>S3</xm:sqref>" in sheet.xml and 'sqref="I2:I2003"' in sheet.xml
    assert validation_problems(path) == []

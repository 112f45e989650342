"""Rows appended to a large sheet since the last read: only they are parsed, and the result is a full read's."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.support.raw_edit import edit_sheet, insert_before_end, sheet_part
from tests.support.reads import assert_as_full_read, spy_parsed_whole
from tests.support.sample import SAMPLE_TODAY
from workbook import appended, guard, operations, writing
from workbook.errors import UnusableWorkbook
from workbook.reading import LoadedWorkbook, read_workbook

_TEXTS = ["", " ", "abc", "2026-13-01", "2026/11/3", "11月3日", "C00001", "C99999", "13800000000", "是", "H", "王伟"]
_NUMBERS = ["0", "-3", "45000.5", "46000", "99999999"]
_COLUMNS = "ABCDEFGHIJKLMNOPQRSTUV"  # the contacts sheet's columns and two past its table


@pytest.fixture
def parsed_whole(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    return spy_parsed_whole(monkeypatch)


class _Read:
    """The S sample's first read, shown briefly (Hypothesis prints the arguments of a failing example)."""

    def __init__(self, path: Path) -> None:
        self.path, self.wb = path, read_workbook(path, today=SAMPLE_TODAY)
        self.last_row = int(self.wb.frames["contacts"]["_row"].max())
        xml = _sheet_xml(path, self.wb.sheet_names["contacts"])
        self.copied = re.search(rb'<row r="5".*?</row>', xml, re.S).group(0)  # type: ignore[union-attr]

    def __repr__(self) -> str:
        return f"_Read({self.path.name})"


@pytest.fixture(scope="module")
def first_read(_sample_master_zh: Path) -> _Read:
    return _Read(_sample_master_zh)


def _sheet_xml(path: Path, sheet: str) -> bytes:
    with zipfile.ZipFile(path) as z:
        return z.read(sheet_part(path, sheet))


def _renumbered(row: bytes, r: int) -> bytes:
    """A row's XML moved to row `r` (what copying a row and pasting it lower down leaves)."""
    return re.sub(rb'(<row r="|<c r="[A-Z]+)[0-9]+"', lambda m: m.group(1) + b'%d"' % r, row)


def _new_id(row: bytes) -> bytes:
    """The row with an ID of its own in column A."""
    return re.sub(
        rb'<c r="A([0-9]+)"[^>]*?(?:/>|>.*?</c>)', rb'<c r="A\1" t="inlineStr"><is><t>K99999</t></is></c>', row, count=1
    )


def _cell(ref: str, value: str) -> str:
    if re.fullmatch(r"-?[0-9.]+", value):
        return f'<c r="{ref}"><v>{value}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(value)}</t></is></c>'


def _rows_xml(rows: list[tuple[int, dict[int, str]]], after: int) -> bytes:
    out, r = [], after
    for gap, cells in rows:
        r += gap + 1
        out.append(
            f'<row r="{r}">' + "".join(_cell(f"{_COLUMNS[c]}{r}", v) for c, v in sorted(cells.items())) + "</row>"
        )
    return "".join(out).encode()


_values = st.sampled_from(_TEXTS + _NUMBERS) | st.sampled_from([f"K{n:05d}" for n in (1, 4, 77777)])
_row = st.tuples(st.integers(0, 2), st.dictionaries(st.integers(0, len(_COLUMNS) - 1), _values, max_size=8))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=st.lists(_row, min_size=1, max_size=6), duplicate=st.booleans())
def test_random_rows_appended_to_the_contacts_read_again_give_what_a_full_read_gives(
    first_read: _Read,
    tmp_path_factory: pytest.TempPathFactory,
    parsed_whole: list[str],
    rows: list,
    duplicate: bool,
) -> None:
    """Typed by hand below the table or after gaps, blank, with bad values, an ID already used: only they are
    parsed, and every frame, problem and highest ID is what a full read of the file gives."""
    first = first_read.wb
    path = Path(shutil.copyfile(first_read.path, tmp_path_factory.mktemp("grown") / "s.xlsx"))
    added = _rows_xml(rows, first_read.last_row)
    if duplicate:  # an earlier row copied below: its ID twice
        added += _renumbered(first_read.copied, first_read.last_row + 20)
    edit_sheet(path, first.sheet_names["contacts"], lambda xml: insert_before_end(xml, b"</sheetData>", added))
    parsed_whole.clear()
    partial = read_workbook(path, today=SAMPLE_TODAY, previous=first)
    assert parsed_whole == []  # the contacts grown: nothing parsed from its header down
    assert_as_full_read(partial, path)


def _append(path: Path, wb: LoadedWorkbook, rows: bytes, edit=lambda xml: xml) -> None:
    edit_sheet(path, wb.sheet_names["contacts"], lambda xml: edit(insert_before_end(xml, b"</sheetData>", rows)))


def test_a_used_range_selection_and_validation_rewritten_as_excel_does_still_parse_the_appended_rows_alone(
    first_read: _Read, sample_workbook: Path, parsed_whole: list[str]
) -> None:
    rows = _new_id(_renumbered(first_read.copied, first_read.last_row + 1))

    def excel(xml: bytes) -> bytes:
        xml = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:T%d"/>' % (first_read.last_row + 1), xml)
        xml = xml.replace(b'<selection pane="bottomLeft"/>', b'<selection pane="bottomLeft" activeCell="A9"/>')
        return xml.replace(b'sqref="T2:T', b'sqref="T1:T', 1)  # a validation's range grown

    _append(sample_workbook, first_read.wb, rows, excel)
    partial = read_workbook(sample_workbook, today=SAMPLE_TODAY, previous=first_read.wb)
    assert parsed_whole == []
    assert len(partial.frames["contacts"]) == len(first_read.wb.frames["contacts"]) + 1
    assert_as_full_read(partial, sample_workbook)


@pytest.mark.parametrize(
    "change",
    [
        "a cell of an earlier row changed",
        "a row numbered above the last one",
        "a row without its number",
        "a merged range added",
    ],
)
def test_any_other_change_with_the_appended_rows_parses_the_sheet_whole(
    first_read: _Read, sample_workbook: Path, parsed_whole: list[str], change: str
) -> None:
    last = first_read.last_row
    rows = _new_id(_renumbered(first_read.copied, last + 1))
    edit = {
        "a cell of an earlier row changed": lambda xml: xml.replace(b"<v>", b"<v>1", 1),
        "a row numbered above the last one": lambda xml: xml,
        "a row without its number": lambda xml: xml,
        "a merged range added": lambda xml: xml.replace(
            b"</sheetData>", b'</sheetData><mergeCells count="1"><mergeCell ref="L2:M2"/></mergeCells>', 1
        ),
    }[change]
    if change == "a row numbered above the last one":
        rows = _renumbered(first_read.copied, last)
    if change == "a row without its number":
        rows = re.sub(rb'<row r="[0-9]+"', b"<row", rows)
    _append(sample_workbook, first_read.wb, rows, edit)
    partial = read_workbook(sample_workbook, today=SAMPLE_TODAY, previous=first_read.wb)
    assert "contacts" in parsed_whole
    assert_as_full_read(partial, sample_workbook)


def test_the_stamp_tells_appended_rows_only_from_the_bytes_stamped(first_read: _Read, sample_workbook: Path) -> None:
    before = guard.vet(sample_workbook)
    stamp = next(x.rows for x in before.sheets if x.name == first_read.wb.sheet_names["contacts"])
    assert stamp is not None and stamp.last_row == first_read.last_row
    rows = _renumbered(first_read.copied, first_read.last_row + 3)
    _append(sample_workbook, first_read.wb, rows)
    after = next(x for x in guard.vet(sample_workbook, before).sheets if x.rows is not None and x.grown is not None)
    assert after.grown is not None and after.grown.rows == rows and after.grown.after == first_read.last_row
    assert after.rows is not None and after.rows.last_row == first_read.last_row + 3
    assert after.rows.size == stamp.size + len(rows)
    # fed in any chunks, the same stamp
    xml = _sheet_xml(sample_workbook, first_read.wb.sheet_names["contacts"])
    for size in (1, 977, 300_000):
        stamper = appended.Stamper()
        for i in range(0, len(xml), size if size > 1 else len(xml)):
            stamper.feed(xml[i : i + (size if size > 1 else len(xml))])
        assert stamper.finish()[0] == after.rows


def test_the_apps_own_appends_leave_the_rows_read_as_they_were(first_read: _Read, sample_workbook: Path) -> None:
    """What the app relies on after its own write: the writer appends without touching the rows before."""
    wb = first_read.wb
    customer = wb.frames["customers"].iloc[0]
    ops = [
        operations.log_contact(customer["customer_id"], "call", SAMPLE_TODAY, result=f"r{i}", time="10:00")
        for i in range(2)
    ]
    for op in ops:
        assert writing.apply(sample_workbook, [op], actor="test").status == "written"
    partial = read_workbook(sample_workbook, today=SAMPLE_TODAY, previous=wb)
    assert list(partial.frames["contacts"]["result"].iloc[-2:]) == ["r0", "r1"]
    assert_as_full_read(partial, sample_workbook)


def _empty_rows(first: int, count: int) -> bytes:
    """Rows laid out ahead with formatting and no value, as LibreOffice writes a formatted range below the data."""
    return b"".join(
        b'<row r="%d" s="1" customFormat="1"><c r="A%d" s="1"/><c r="B%d" s="3"/></row>' % (r, r, r)
        for r in range(first, first + count)
    )


def _a_contact_added_is_parsed_alone(path: Path, parsed_whole: list[str]) -> None:
    """The file read, a contact added by the writer, read again: the contacts are not parsed whole, and the
    result is a full read's."""
    before = read_workbook(path, today=SAMPLE_TODAY)
    customer = before.frames["customers"].iloc[0]
    op = operations.log_contact(customer["customer_id"], "call", SAMPLE_TODAY, result="added", time="10:00")
    assert writing.apply(path, [op], actor="test").status == "written"
    parsed_whole.clear()
    partial = read_workbook(path, today=SAMPLE_TODAY, previous=before)
    assert parsed_whole == []
    assert partial.frames["contacts"]["result"].iloc[-1] == "added"
    assert_as_full_read(partial, path)


def test_a_row_filled_among_rows_laid_out_ahead_is_parsed_alone(
    first_read: _Read, sample_workbook: Path, parsed_whole: list[str]
) -> None:
    """The earlier version ends in formatted rows without a value; the writer's next contact fills the first."""
    _append(sample_workbook, first_read.wb, _empty_rows(first_read.last_row + 1, 40))
    _a_contact_added_is_parsed_alone(sample_workbook, parsed_whole)


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice not installed")
def test_rows_the_writer_adds_to_a_workbook_libreoffice_saved_are_parsed_alone(
    _sample_master_zh: Path, tmp_path: Path, parsed_whole: list[str]
) -> None:
    out = tmp_path / "lo"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "xlsx",
         "--outdir", str(out), str(_sample_master_zh)],
        check=True, capture_output=True, timeout=300,
    )  # fmt: skip
    _a_contact_added_is_parsed_alone(out / _sample_master_zh.name, parsed_whole)


def test_appended_rows_calamine_cannot_read_refuse_the_file_as_a_full_read_does(
    first_read: _Read, sample_workbook: Path
) -> None:
    """A broken cell among the appended rows: the sheet is left to the whole sheet's read, which refuses the
    file with what calamine says of it, as a full read does."""
    broken = b'<row r="%d"><c r="A%d" t="n"><v>not a number</v></c></row>' % ((first_read.last_row + 1,) * 2)
    _append(sample_workbook, first_read.wb, broken)
    with pytest.raises(UnusableWorkbook) as whole:
        read_workbook(sample_workbook, today=SAMPLE_TODAY)
    with pytest.raises(UnusableWorkbook) as partial:
        read_workbook(sample_workbook, today=SAMPLE_TODAY, previous=first_read.wb)
    assert (partial.value.code, partial.value.params) == (whole.value.code, whole.value.params)

"""Every real Excel file in ../shared/corpus takes a cell edit and an appended row surgically, or refuses."""

from __future__ import annotations

import shutil
import subprocess
import warnings
from datetime import date
from pathlib import Path

import openpyxl
import pytest
import python_calamine

from i18n import describe
from tests.support.shared import CORPUS, needs_corpus, validation_problems
from tests.support.writer_support import changed_members
from workbook import writing
from workbook.book import Book
from workbook.cells import col_letter, format_range
from workbook.errors import WriteRefused

FILES = sorted([*CORPUS.glob("*.xlsx"), *CORPUS.glob("*.xlsm")])  # macro workbooks are written the same way
# openpyxl and the validator take several seconds on these two large sheets
HEAVY = {"poi__no_drawing_patriarch.xlsx", "closedxml__TemplateWithTableSourcePivotTables.xlsx"}
PARAMS = [pytest.param(f, id=f.name, marks=[pytest.mark.slow] if f.name in HEAVY else []) for f in FILES]
pytestmark = needs_corpus


def _first_data_sheet(path: Path) -> str:
    book = Book(path.read_bytes())
    sp = book.first_sheet_with_data()
    return sp.name if sp else next(s.name for s in book.sheets if s.kind == "worksheet")


def _openpyxl_sheets(path: Path) -> list[str] | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # openpyxl warns about every extension it drops
        try:
            wb = openpyxl.load_workbook(path)
        except Exception:
            return None
        names = wb.sheetnames
        wb.close()
        return names


def _opens_everywhere(path: Path, sheet: str, original: Path | None = None) -> list[list[object]]:
    if original is None or _openpyxl_sheets(original) is not None:
        names = _openpyxl_sheets(path)
        assert names is not None and sheet in names, "openpyxl cannot open the edited file"
    cal = python_calamine.CalamineWorkbook.from_path(str(path))
    return cal.get_sheet_by_name(sheet).to_python()


def _edit(path: Path, sheet: str) -> dict[str, str]:
    """Set B2 and append a row; returns what happened to each (done or the refusal's code)."""
    outcome = {}
    for name, action in (
        ("set", lambda: writing.edit_cells(path, sheet, {"B2": "=SUM(A1:A9) 不是公式"})),
        ("append", lambda: writing.append_cells(path, sheet, {"A": "new row", "B": 42.5, "C": date(2026, 11, 22)})),
    ):
        before = path.read_bytes()
        try:
            action()
            outcome[name] = "done"
        except WriteRefused as exc:
            assert describe(exc, "en") and describe(exc, "zh") != exc.code
            assert path.read_bytes() == before, "a refused edit changed the file"
            outcome[name] = exc.code
    return outcome


@pytest.mark.parametrize("src", PARAMS)
def test_corpus_file_takes_a_cell_and_a_row_with_every_other_part_byte_identical(src: Path, tmp_path: Path) -> None:
    path = tmp_path / src.name
    shutil.copyfile(src, path)
    sheet = _first_data_sheet(path)
    outcome = _edit(path, sheet)
    changed = changed_members(src, path)
    book = Book(src.read_bytes())
    sheet_part = next(s.part for s in book.sheets if s.name == sheet)
    table_parts = {t.part for t in book.sheet(sheet).tables()}
    allowed = {sheet_part, "xl/styles.xml", *table_parts}
    assert changed <= allowed, f"parts changed that needed no change: {changed - allowed}"
    if "done" in outcome.values():
        assert sheet_part in changed
    else:
        assert not changed
    assert validation_problems(path) == []
    rows = _opens_everywhere(path, sheet, src)
    flat = [v for row in rows for v in row]
    if outcome["set"] == "done":
        assert "=SUM(A1:A9) 不是公式" in flat
    if outcome["append"] == "done":
        assert "new row" in flat and 42.5 in flat and date(2026, 11, 22) in flat


def test_the_corpus_has_refusals_for_merged_formula_and_picture_cells(tmp_path: Path) -> None:
    seen = {}
    for name in (
        "closedxml__LO__xlsx__cell-anchored-hidden-shapes.xlsx",
        "poi__63934.xlsx",
        "calamine__picture_richdata.xlsx",
    ):
        src = CORPUS / name
        path = tmp_path / src.name
        shutil.copyfile(src, path)
        seen.update({code: src.name for code in _edit(path, _first_data_sheet(path)).values() if code != "done"})
    assert {"write.merged", "write.formula_cell", "write.rich_value_cell"} <= seen.keys()


def test_a_chartsheet_is_refused_and_left_untouched(tmp_path: Path) -> None:
    src = CORPUS / "poi__WithChartSheet.xlsx"
    path = tmp_path / src.name
    shutil.copyfile(src, path)
    chart = next(s.name for s in Book(path.read_bytes()).sheets if s.kind == "chartsheet")
    with pytest.raises(WriteRefused) as info:
        writing.edit_cells(path, chart, {"A1": "x"})
    assert info.value.code == "write.not_worksheet"
    assert path.read_bytes() == src.read_bytes()


def test_appending_to_a_table_extends_its_ref_and_autofilter(tmp_path: Path) -> None:
    src = CORPUS / "excelize__Book1.xlsx"
    path = tmp_path / src.name
    shutil.copyfile(src, path)
    book = Book(path.read_bytes())
    for info in book.sheets:
        tables = book.sheet(info.name).tables() if info.kind == "worksheet" else []
        if tables:
            break
    t = tables[0]
    r1, c1, r2, c2 = t.ref
    result = writing.append_cells(path, info.name, {col_letter(c1): "added"})
    row = int(result.ids[0])
    after = Book(path.read_bytes()).sheet(info.name).tables()[0]
    assert after.ref == (r1, c1, max(r2, row), c2)
    assert f'ref="{format_range(r1, c1, max(r2, row), c2)}"' in after.xml
    assert validation_problems(path) == []


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(_soffice() is None, reason="LibreOffice is not installed")
@pytest.mark.parametrize("name", ["poi__ConditionalFormattingSamples.xlsx", "excelize__Book1.xlsx", "poi__56644.xlsx"])
def test_libreoffice_opens_an_edited_corpus_file(name: str, tmp_path: Path) -> None:
    path = tmp_path / name
    shutil.copyfile(CORPUS / name, path)
    sheet = _first_data_sheet(path)
    _edit(path, sheet)
    out = tmp_path / "out"
    subprocess.run(
        [_soffice(), f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to", "csv", "--outdir", str(out), str(path)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    assert any(out.glob("*.csv"))


@pytest.mark.slow
@pytest.mark.skipif(_soffice() is None, reason="LibreOffice is not installed")
def test_a_workbook_resaved_by_libreoffice_still_takes_writes_surgically(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    shutil.copyfile(CORPUS / "sheetjs__AutoFilter.xlsx", src / "book.xlsx")
    out = tmp_path / "lo"
    subprocess.run(
        [_soffice(), f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(src / "book.xlsx")],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    path = out / "book.xlsx"
    before = tmp_path / "before.xlsx"
    shutil.copyfile(path, before)
    sheet = _first_data_sheet(path)
    outcome = _edit(path, sheet)
    assert outcome["append"] == "done"
    changed = changed_members(before, path)
    part = next(s.part for s in Book(before.read_bytes()).sheets if s.name == sheet)
    assert changed <= {part, "xl/styles.xml"}
    assert validation_problems(path) == []
    assert "new row" in [v for row in _opens_everywhere(path, sheet) for v in row]


@pytest.mark.slow
@pytest.mark.skipif(_soffice() is None, reason="LibreOffice is not installed")
def test_a_template_workbook_resaved_by_libreoffice_takes_keyed_writes(tmp_path: Path) -> None:
    from tests.support.writer_support import customers_workbook
    from workbook import operations

    src = customers_workbook(tmp_path / "店.xlsx")
    out = tmp_path / "lo"
    subprocess.run(
        [_soffice(), f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", "xlsx", "--outdir", str(out), str(src)],
        check=True, capture_output=True, timeout=240,
    )  # fmt: skip
    path = out / src.name
    before = tmp_path / "before.xlsx"
    shutil.copyfile(path, before)
    day = date(2026, 11, 22)
    result = writing.apply(
        path,
        [operations.log_contact("C0001", "call", day, grade_after="A"), operations.set_rota(day, "王磊", shift="on")],
    )
    assert result.ids == ["K0001"]
    book = Book(before.read_bytes())
    touched = {s.part for s in book.sheets if s.name in ("客户", "接触记录", "排班")}
    touched |= {t.part for name in ("客户", "接触记录", "排班") for t in book.sheet(name).tables()}
    assert changed_members(before, path) <= touched | {"xl/styles.xml"}
    assert validation_problems(path) == []
    rows = _opens_everywhere(path, "接触记录", before)
    assert rows[1][:8] == ["K0001", day, "", "C0001", "张三", "13800000001", "王磊", "电话"]

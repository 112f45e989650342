"""Older workbooks gain the columns and sheets a write needs, surgically, or the write is refused with the reason."""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
import python_calamine

from tests.support.older import older_workbook
from tests.support.shared import validation_problems
from tests.support.writer_support import changed_members
from workbook import operations, reading, schema, writing
from workbook.book import Book
from workbook.cells import col_letter
from workbook.errors import WriteRefused

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FIRST_RELEASE = FIXTURES / "first_release_zh.xlsx"
CONTACTS = schema.sheet("contacts")
RESCHEDULES = schema.sheet("reschedules")


def calamine_rows(path: Path, sheet: str) -> list[list[object]]:
    return python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def sheet_names(path: Path) -> list[str]:
    return python_calamine.CalamineWorkbook.from_path(str(path)).sheet_names


def member(path: Path, name: str) -> str:
    with zipfile.ZipFile(path) as z:
        return z.read(name).decode("utf-8")


def part_of(path: Path, sheet: str) -> str:
    return next(s.part for s in Book(path.read_bytes()).sheets if s.name == sheet)


def copy(path: Path, name: str) -> Path:
    out = path.with_name(name)
    shutil.copyfile(path, out)
    return out


def log(day: int, **values: object) -> operations.Op:
    return operations.log_contact("C0001", "call", date(2026, 12, day), consultant="王磊", **values)  # type: ignore[arg-type]


@pytest.fixture
def without_kind(tmp_path: Path) -> Path:
    """A workbook made before contacts had a follow-up kind column."""
    return older_workbook(tmp_path / "旧.xlsx", without_columns={"contacts": {"followup_kind"}})


@pytest.fixture
def without_reschedules(tmp_path: Path) -> Path:
    """A workbook made before the reschedules sheet existed."""
    return older_workbook(tmp_path / "旧.xlsx", without_sheets={"reschedules"})


# --------------------------------------------------------------------------- a missing column


def test_a_write_to_a_missing_choice_column_adds_it_after_the_table_and_reads_back(without_kind: Path) -> None:
    result = writing.apply(without_kind, [log(4, followup_kind="monthly")])
    assert result.status == "written"
    header, row = calamine_rows(without_kind, "接触记录")[:2]
    assert header[-1] == "回访类别" and header[:-1] == [c.zh for c in CONTACTS.columns if c.key != "followup_kind"]
    assert row[0] == "K0001" and row[-1] == "每月回访"
    loaded = reading.read_workbook(without_kind)
    assert loaded.errors == []
    assert loaded.frames["contacts"]["followup_kind"].tolist() == ["monthly"]
    assert validation_problems(without_kind) == []


def test_an_added_column_joins_the_table_with_its_filter_width_and_the_templates_dropdown(without_kind: Path) -> None:
    writing.apply(without_kind, [log(4, followup_kind="monthly")])
    book = Book(without_kind.read_bytes())
    sp = book.sheet("接触记录")
    width = len(CONTACTS.columns)
    last = col_letter(width)
    table = sp.tables()[0]
    assert table.ref == (1, 1, 2, width)
    assert f'ref="A1:{last}2"' in table.xml and f'<autoFilter ref="A1:{last}2"/>' in table.xml
    assert f'<tableColumns count="{width}">' in table.xml and 'name="回访类别"/></tableColumns>' in table.xml
    assert f'<col min="{width}" max="{width}" width="18.7109375" customWidth="1"/>' in sp.xml
    labels = ",".join(schema.choice_list("followup_kind").labels("zh"))
    assert re.search(rf'sqref="{last}2:{last}2002"><formula1>"{labels}"</formula1>', sp.xml)
    assert f'<dimension ref="A1:{last}2"/>' in sp.xml
    header_styles = {c.attrs.get("s") for c in sp.row_cells(1)}
    assert len(header_styles) == 1  # the new header wears its neighbours' format


def test_adding_a_column_changes_only_that_sheet_and_its_table(without_kind: Path, tmp_path: Path) -> None:
    before = copy(without_kind, "before.xlsx")
    writing.apply(without_kind, [log(4, followup_kind="monthly")])
    table = Book(before.read_bytes()).sheet("接触记录").tables()[0].part
    assert changed_members(before, without_kind) == {part_of(before, "接触记录"), table}


def test_a_second_write_lands_in_the_added_column_without_adding_it_again(without_kind: Path) -> None:
    writing.apply(without_kind, [log(4, followup_kind="monthly")])
    writing.apply(without_kind, [log(5, followup_kind="birthday")])
    rows = calamine_rows(without_kind, "接触记录")
    assert rows[0].count("回访类别") == 1
    assert [r[-1] for r in rows[1:]] == ["每月回访", "生日问候"]
    assert reading.read_workbook(without_kind).frames["contacts"]["followup_kind"].tolist() == ["monthly", "birthday"]
    assert validation_problems(without_kind) == []


def test_an_english_workbook_gains_the_column_under_its_english_header(tmp_path: Path) -> None:
    path = older_workbook(tmp_path / "old.xlsx", lang="en", without_columns={"contacts": {"grade_after"}})
    writing.apply(path, [log(4, grade_after="A")])
    header, row = calamine_rows(path, "Contacts")[:2]
    assert header[-1] == "Grade after" and row[-1] == "A"
    assert reading.read_workbook(path).frames["contacts"]["grade_after"].tolist() == ["A"]


def test_one_write_can_add_two_columns_and_update_the_customer_too(tmp_path: Path) -> None:
    path = older_workbook(tmp_path / "旧.xlsx", without_columns={"contacts": {"followup_kind", "grade_after"}})
    writing.apply(path, [log(4, followup_kind="monthly", grade_after="A")])
    header, row = calamine_rows(path, "接触记录")[:2]
    assert header[-2:] == ["接触后级别", "回访类别"] and row[-2:] == ["A", "每月回访"]
    assert Book(path.read_bytes()).sheet("接触记录").tables()[0].ref[3] == len(CONTACTS.columns)
    assert reading.read_workbook(path).frames["customers"]["grade"].tolist() == ["A"]
    assert validation_problems(path) == []


def test_a_change_waiting_while_the_file_was_open_adds_the_column_when_it_is_applied(without_kind: Path) -> None:
    lock = without_kind.with_name("~$" + without_kind.name)
    lock.write_bytes(b"\x04lina" + bytes(50))
    assert writing.apply(without_kind, [log(4, followup_kind="monthly")]).status == "queued"
    lock.unlink()
    assert writing.flush_pending(without_kind).flushed == 1
    assert calamine_rows(without_kind, "接触记录")[1][-1] == "每月回访"


def test_a_write_that_leaves_the_missing_column_empty_does_not_add_it(without_kind: Path) -> None:
    writing.apply(without_kind, [log(4, result="约周六试驾")])
    assert "回访类别" not in calamine_rows(without_kind, "接触记录")[0]


def test_a_value_beside_the_table_in_its_rows_refuses_the_column_and_leaves_the_file(without_kind: Path) -> None:
    last = col_letter(len(CONTACTS.columns))
    writing.edit_cells(without_kind, "接触记录", {f"{last}2": "经理手写"})
    before = without_kind.read_bytes()
    with pytest.raises(WriteRefused) as refused:
        writing.apply(without_kind, [log(4, followup_kind="monthly")])
    assert refused.value.code == "write.add_column_blocked"
    assert refused.value.params == {"sheet": "接触记录", "column": "回访类别", "cell": f"{last}2"}
    assert without_kind.read_bytes() == before


def test_a_value_below_the_table_does_not_block_the_new_column(without_kind: Path) -> None:
    last = col_letter(len(CONTACTS.columns))
    writing.edit_cells(without_kind, "接触记录", {f"{last}9": "合计"})
    assert writing.apply(without_kind, [log(4, followup_kind="monthly")]).status == "written"


def test_a_sheet_without_a_table_gains_the_column_after_its_header(without_kind: Path, tmp_path: Path) -> None:
    # as a sheet looks once another program dropped its table: no tableParts, no relationship to it
    part = part_of(without_kind, "接触记录")
    rels = part.replace("worksheets/", "worksheets/_rels/") + ".rels"
    bare = tmp_path / "bare.xlsx"
    with zipfile.ZipFile(without_kind) as src, zipfile.ZipFile(bare, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == rels:
                continue
            if info.filename == part:
                data = re.sub(rb"<tableParts\b.*?</tableParts>", b"", data)
            out.writestr(info, data)
    assert Book(bare.read_bytes()).sheet("接触记录").tables() == []
    writing.apply(bare, [log(4, followup_kind="monthly"), log(5, followup_kind="birthday")])
    rows = calamine_rows(bare, "接触记录")
    assert rows[0][-1] == "回访类别" and [r[-1] for r in rows[1:]] == ["每月回访", "生日问候"]
    assert reading.read_workbook(bare).frames["contacts"]["followup_kind"].tolist() == ["monthly", "birthday"]


def test_a_required_column_is_never_added(tmp_path: Path) -> None:
    path = older_workbook(tmp_path / "旧.xlsx", without_columns={"customers": {"first_contact"}})
    with pytest.raises(WriteRefused) as refused:
        writing.apply(path, [operations.add_customer(name="王五", phone="13900000003", consultant="王磊",
                                                     first_contact=date(2026, 12, 1), grade="B")])  # fmt: skip
    assert refused.value.code == "write.no_column"


def test_a_protected_sheet_is_not_given_a_column(without_kind: Path, tmp_path: Path) -> None:
    part = part_of(without_kind, "接触记录")
    protected = tmp_path / "protected.xlsx"
    with zipfile.ZipFile(without_kind) as src, zipfile.ZipFile(protected, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == part:
                data = data.replace(b"</sheetData>", b'</sheetData><sheetProtection sheet="1"/>')
            out.writestr(info, data)
    with pytest.raises(WriteRefused) as refused:
        writing.apply(protected, [log(4, followup_kind="monthly")])
    assert refused.value.code == "write.protected"


# --------------------------------------------------------------------------- a missing sheet


def test_a_write_to_a_missing_optional_sheet_appends_the_sheet_and_reads_back(without_reschedules: Path) -> None:
    old_names = sheet_names(without_reschedules)
    op = operations.reschedule("C0001", "monthly", date(2026, 12, 10), original_due=date(2026, 12, 5), reason="出差")
    result = writing.apply(without_reschedules, [op])
    assert result.status == "written" and result.ids == ["R0001"]
    assert sheet_names(without_reschedules) == [*old_names, "改期"]
    header, row = calamine_rows(without_reschedules, "改期")
    assert header == [c.zh for c in RESCHEDULES.columns]
    assert row[:6] == ["R0001", "C0001", "每月回访", date(2026, 12, 5), date(2026, 12, 10), "出差"]
    loaded = reading.read_workbook(without_reschedules)
    assert loaded.errors == []
    assert loaded.frames["reschedules"]["new_due"].dt.date.tolist() == [date(2026, 12, 10)]
    assert validation_problems(without_reschedules) == []


def test_adding_a_sheet_touches_only_its_own_parts_and_the_package_lists(without_reschedules: Path) -> None:
    before = copy(without_reschedules, "before.xlsx")
    writing.apply(without_reschedules, [operations.reschedule("C0001", "monthly", date(2026, 12, 10))])
    part = part_of(without_reschedules, "改期")
    table = Book(without_reschedules.read_bytes()).sheet("改期").tables()[0].part
    added = {part, table, part.replace("worksheets/", "worksheets/_rels/") + ".rels"}
    lists = {"[Content_Types].xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "docProps/app.xml"}
    assert changed_members(before, without_reschedules) == added | lists
    old_wb, new_wb = member(before, "xl/workbook.xml"), member(without_reschedules, "xl/workbook.xml")
    assert (
        re.search(r"<definedNames>.*</definedNames>", old_wb)[0]
        == re.search(  # type: ignore[index]
            r"<definedNames>.*</definedNames>", new_wb
        )[0]
    )  # type: ignore[index]
    assert "<vt:lpstr>改期</vt:lpstr>" in member(without_reschedules, "docProps/app.xml")


def test_the_added_sheet_has_a_unique_table_with_the_templates_dropdowns(without_reschedules: Path) -> None:
    writing.apply(without_reschedules, [operations.reschedule("C0001", "monthly", date(2026, 12, 10))])
    book = Book(without_reschedules.read_bytes())
    tables = [t for s in book.sheets for t in book.sheet(s.name).tables()]
    ids = [re.search(r' id="(\d+)"', t.xml)[1] for t in tables]  # type: ignore[index]
    assert len(set(ids)) == len(ids) and len({t.name for t in tables}) == len(tables)
    sp = book.sheet("改期")
    assert sp.tables()[0].name == RESCHEDULES.table_name and "TableStyleMedium2" in sp.tables()[0].xml
    assert re.search(r'sqref="C2:C2002"><formula1>"24小时内首次问候,', sp.xml)
    assert 'sqref="G2:G2002"><formula1>StaffNames</formula1>' in sp.xml
    assert 'sqref="E2:E2002"><formula1>36526</formula1><formula2>73050</formula2>' in sp.xml  # 2000-01-01..2099-12-31


def test_a_second_write_to_the_added_sheet_is_an_ordinary_append(without_reschedules: Path) -> None:
    writing.apply(without_reschedules, [operations.reschedule("C0001", "monthly", date(2026, 12, 10))])
    result = writing.apply(without_reschedules, [operations.reschedule("C0001", "birthday", date(2026, 12, 12))])
    assert result.ids == ["R0002"]
    assert [r[0] for r in calamine_rows(without_reschedules, "改期")] == ["改期编号", "R0001", "R0002"]
    assert sheet_names(without_reschedules).count("改期") == 1
    assert Book(without_reschedules.read_bytes()).sheet("改期").tables()[0].ref == (1, 1, 3, len(RESCHEDULES.columns))
    assert validation_problems(without_reschedules) == []


def test_an_english_workbook_gains_the_sheet_in_english(tmp_path: Path) -> None:
    path = older_workbook(tmp_path / "old.xlsx", lang="en", without_sheets={"meetings"})
    writing.apply(path, [operations.add_meeting_note(date(2026, 12, 4), "morning", "Rota checked")])
    assert sheet_names(path)[-1] == "Meetings"
    assert calamine_rows(path, "Meetings")[0] == [c.en for c in schema.sheet("meetings").columns]


def test_a_required_sheet_is_never_added(tmp_path: Path) -> None:
    path = older_workbook(tmp_path / "旧.xlsx", without_sheets={"plans"})
    with pytest.raises(WriteRefused) as refused:
        writing.apply(path, [operations.add_plan(date(2026, 12, 4), "王磊")])
    assert refused.value.code == "write.no_sheet_for"


@pytest.mark.slow
@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_libreoffice_opens_a_workbook_that_gained_a_column_and_a_sheet(tmp_path: Path) -> None:
    path = older_workbook(
        tmp_path / "old.xlsx", without_columns={"contacts": {"followup_kind"}}, without_sheets={"reschedules"}
    )
    writing.apply(path, [log(4, followup_kind="monthly"), operations.reschedule("C0001", "monthly", date(2026, 12, 9))])
    out = tmp_path / "out"
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1", "--outdir", str(out), str(path)],
        check=True, capture_output=True, timeout=180,
    )  # fmt: skip
    texts = {p.name: p.read_text(encoding="utf-8") for p in out.glob("*.csv")}
    contacts = next(t for n, t in texts.items() if "接触记录" in n)
    reschedules = next(t for n, t in texts.items() if "改期" in n)
    assert "回访类别" in contacts.splitlines()[0] and "每月回访" in contacts
    assert "R0001" in reschedules


# --------------------------------------------------------------------------- the first release's workbook


def test_the_first_releases_workbook_takes_a_contact_and_a_reschedule_surgically(tmp_path: Path) -> None:
    path = tmp_path / "first.xlsx"
    shutil.copyfile(FIRST_RELEASE, path)
    before = copy(path, "before.xlsx")
    customer = str(reading.read_workbook(path).frames["customers"]["customer_id"].iloc[0])
    ops = [
        operations.log_contact(customer, "call", date(2026, 11, 20), result="未接通", followup_kind="monthly"),
        operations.reschedule(customer, "monthly", date(2026, 11, 25), reason="出差"),
    ]
    result = writing.apply(path, ops)
    assert result.status == "written"
    loaded = reading.read_workbook(path)
    contact = loaded.frames["contacts"].set_index("contact_id").loc[result.ids[0]]
    assert contact["result"] == "未接通" and contact["followup_kind"] == "monthly"
    assert loaded.frames["reschedules"].set_index("reschedule_id").loc[result.ids[1], "reason"] == "出差"
    book = Book(before.read_bytes())
    touched = {part_of(before, "接触记录"), part_of(before, "改期"), "xl/styles.xml"}
    touched |= {t.part for name in ("接触记录", "改期") for t in book.sheet(name).tables()}
    assert changed_members(before, path) <= touched
    assert validation_problems(path) == []

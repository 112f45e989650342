"""Keyed operations on workbooks made by the template: IDs, labels, keys, conflicts, refusals."""

from __future__ import annotations

import json
import shutil
import zipfile
from datetime import date, datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
import python_calamine
from openpyxl.worksheet.table import Table

from i18n import describe
from tests.support.shared import validation_problems
from tests.support.writer_support import changed_members, customers_workbook
from workbook import backup, operations, overlay, writing
from workbook.book import Book
from workbook.errors import WriteConflict, WriteRefused


def rows(path: Path, sheet: str) -> list[list[object]]:
    return python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet).to_python()


def find(path: Path, sheet: str, first: object) -> list[object]:
    return next(r for r in rows(path, sheet) if r and r[0] == first)


def test_log_contact_lands_in_the_contacts_table_with_the_next_id_and_the_customers_owner(
    book: Path, tmp_path: Path
) -> None:
    before = tmp_path / "before.xlsx"
    shutil.copyfile(book, before)
    result = writing.apply(
        book,
        [
            operations.log_contact(
                "C0001", "call", date(2026, 11, 22), result="约周六试驾", next_date=date(2026, 11, 25)
            )
        ],
    )
    assert result.status == "written" and result.ids == ["K0001"]
    k = find(book, "接触记录", "K0001")
    assert k[1] == date(2026, 11, 22) and k[3] == "C0001" and k[4] == "张三" and k[5] == "13800000001"
    assert k[6] == "王磊" and k[7] == "电话" and k[11] == "约周六试驾" and k[14] == date(2026, 11, 25)
    sheet_part = next(s.part for s in Book(before.read_bytes()).sheets if s.name == "接触记录")
    table = Book(book.read_bytes()).sheet("接触记录").tables()[0]
    assert table.ref[0] == 1 and table.ref[2] >= 2
    assert changed_members(before, book) <= {sheet_part, table.part, "xl/styles.xml"}
    assert validation_problems(book) == []


def test_a_second_append_in_the_same_write_goes_below_the_first(book: Path) -> None:
    ops = [
        operations.log_contact("C0001", "call", date(2026, 11, 22)),
        operations.log_contact("C0001", "visit", date(2026, 11, 23)),
    ]
    assert writing.apply(book, ops).ids == ["K0001", "K0002"]
    got = [r[0] for r in rows(book, "接触记录")[1:] if r[0]]
    assert got == ["K0001", "K0002"]
    table = Book(book.read_bytes()).sheet("接触记录").tables()[0]
    assert table.ref[2] == 3
    assert validation_problems(book) == []


def test_a_grade_given_with_a_contact_updates_the_customer_too(book: Path) -> None:
    writing.apply(book, [operations.log_contact("C0001", "test_drive", date(2026, 11, 22), grade_after="A")])
    assert find(book, "客户", "C0001")[8] == "A"
    assert find(book, "接触记录", "K0001")[12] == "A"


def test_a_hand_added_customer_is_found_by_phone_and_given_an_id(book: Path) -> None:
    result = writing.apply(book, [operations.update_customer({"phone": "13800000002"}, {"grade": "H"})])
    assert result.ids == ["C0002"]
    assert find(book, "客户", "C0002")[1:4:2] == ["李四", "13800000002"]


def test_a_contact_for_a_hand_added_customer_gives_that_customer_an_id_and_links_to_it(book: Path) -> None:
    op = operations.log_contact(None, "call", date(2026, 11, 22), phone="138 0000 0002", result="问候")  # type: ignore[arg-type]
    result = writing.apply(book, [op])
    assert result.ids == ["K0001"]
    assert find(book, "客户", "C0002")[1:4:2] == ["李四", "13800000002"]
    contact = find(book, "接触记录", "K0001")
    assert contact[3] == "C0002" and contact[6] == "王磊"


def test_a_contact_with_an_unknown_phone_stays_a_walk_in_without_an_id(book: Path) -> None:
    op = operations.log_contact(None, "visit", date(2026, 11, 22), phone="13900000009", consultant="王磊")  # type: ignore[arg-type]
    writing.apply(book, [op])
    assert find(book, "接触记录", "K0001")[3] in (None, "")
    assert all(r[0] != "C0002" for r in rows(book, "客户"))


def test_two_rows_with_the_same_phone_make_the_write_refused_and_the_file_unchanged(tmp_path: Path) -> None:
    twin = {
        "name": "李四弟",
        "phone": "138 0000 0002",
        "consultant": "王磊",
        "first_contact": date(2026, 11, 3),
        "grade": "C",
    }
    path = customers_workbook(tmp_path / "b.xlsx")
    writing.apply(path, [operations.add_customer(**twin)])
    before = path.read_bytes()
    with pytest.raises(WriteRefused) as info:
        writing.apply(path, [operations.update_customer({"phone": "13800000002"}, {"grade": "H"})])
    assert info.value.code == "write.ambiguous_key" and "13800000002" in describe(info.value, "zh")
    assert path.read_bytes() == before


def test_a_cell_changed_by_the_manager_meanwhile_is_a_conflict_and_is_not_overwritten(book: Path) -> None:
    seen = writing.fingerprint(book)
    writing.apply(book, [operations.reassign("C0001", "李娜")])  # the manager, in between
    after_manager = book.read_bytes()
    with pytest.raises(WriteConflict) as info:
        writing.apply(book, [operations.reassign("C0001", "赵强", expect_consultant="王磊")], expected=seen)
    assert info.value.exit_code == 3 and "李娜" in describe(info.value, "zh")
    assert book.read_bytes() == after_manager


def test_a_file_changed_since_read_gets_the_keyed_change_reapplied_and_keeps_the_other_edit(book: Path) -> None:
    seen = writing.fingerprint(book)
    writing.apply(book, [operations.set_grade("C0001", "B")])  # someone else's edit
    result = writing.apply(book, [operations.reassign("C0001", "李娜", expect_consultant="王磊")], expected=seen)
    assert result.reapplied
    row = find(book, "客户", "C0001")
    assert row[4] == "李娜" and row[8] == "B"


def test_a_writes_own_fingerprint_tells_its_file_from_a_later_save(book: Path) -> None:
    first = writing.apply(book, [operations.set_grade("C0001", "B")])
    st = book.stat()
    assert first.fingerprint == writing.Fingerprint(st.st_size, st.st_mtime_ns, "")
    # the next write from it: the file is as that write left it
    second = writing.apply(book, [operations.set_grade("C0001", "A")], expected=first.fingerprint)
    assert not second.reapplied
    # someone saves in between (a row more: the size differs even within one clock tick)
    writing.apply(book, [operations.log_contact("C0001", "call", date(2026, 11, 22), result="in between")])
    assert writing.apply(book, [operations.set_grade("C0001", "H")], expected=second.fingerprint).reapplied
    assert find(book, "客户", "C0001")[8] == "H"


def test_a_row_that_is_gone_is_a_conflict(book: Path) -> None:
    with pytest.raises(WriteConflict) as info:
        writing.apply(book, [operations.set_grade("C0404", "A")])
    assert info.value.code == "write.row_gone"


def test_text_that_looks_like_a_formula_stays_text(book: Path) -> None:
    writing.apply(
        book, [operations.log_contact("C0001", "call", date(2026, 11, 22), result='=SUM(A1:A3) "quoted" <tag> & 中文')]
    )
    assert find(book, "接触记录", "K0001")[11] == '=SUM(A1:A3) "quoted" <tag> & 中文'
    wb = openpyxl.load_workbook(book)
    ws = wb["接触记录"]
    assert ws.cell(2, 12).data_type == "s" and ws.cell(2, 12).value.startswith("=SUM")
    wb.close()
    with zipfile.ZipFile(book) as z:
        sheet = next(n for n in z.namelist() if "worksheets/sheet" in n and "=SUM" in z.read(n).decode())
        assert "<f>" not in z.read(sheet).decode()


def test_control_characters_are_removed_and_newlines_kept(book: Path) -> None:
    writing.apply(book, [operations.log_contact("C0001", "call", date(2026, 11, 22), result="a\x00b\x07c\nd\te")])
    assert find(book, "接触记录", "K0001")[11] == "abc\nd\te"


def test_text_longer_than_the_column_allows_is_refused(book: Path) -> None:
    before = book.read_bytes()
    with pytest.raises(WriteRefused) as info:
        writing.apply(book, [operations.log_contact("C0001", "call", date(2026, 11, 22), result="长" * 2001)])
    assert info.value.code == "write.too_long"
    assert book.read_bytes() == before


def test_the_callers_backup_count_stands_for_the_file_it_read_and_a_changed_file_gives_its_own(book: Path) -> None:
    writing.apply(book, [operations.set_setting("backup_keep", 2)])
    for grade in "ABAB":  # the app passes the count it read with the file's fingerprint
        writing.apply(book, [operations.set_grade("C0001", grade)], expected=writing.fingerprint(book), backup_keep=4)
    assert len(backup.list_backups(book)) == 4
    read = writing.fingerprint(book)
    writing.apply(book, [operations.set_grade("C0001", "H")], backup_keep=4)  # a save after that read
    result = writing.apply(book, [operations.set_grade("C0001", "C")], expected=read, backup_keep=4)
    assert result.reapplied and len(backup.list_backups(book)) == 2  # the file's own count


def test_a_value_outside_a_closed_list_is_refused_with_the_allowed_codes(book: Path) -> None:
    with pytest.raises(WriteRefused) as info:
        writing.apply(book, [operations.set_grade("C0001", "Q")])
    params = info.value.params
    assert (info.value.code, params["expected"], params["value"]) == ("write.bad_value", "write.type.choice", "Q")
    # the writer carries codes only: whoever shows the refusal words it, the expected kind included
    assert "H, A, B, C" in describe(info.value, "en") and "write.type" not in describe(info.value, "zh")


def test_a_refused_date_says_in_the_language_shown_what_a_date_looks_like(book: Path) -> None:
    with pytest.raises(WriteRefused) as info:
        writing.apply(book, [operations.log_contact("C0001", "call", "next Tuesday")])
    assert info.value.params["expected"] == "write.type.date"
    assert "2026-11-03" in describe(info.value, "en") and "日期" in describe(info.value, "zh")


def test_an_english_workbook_gets_english_labels_and_yes_words(tmp_path: Path) -> None:
    path = customers_workbook(tmp_path / "en.xlsx", lang="en")
    writing.apply(
        path,
        [operations.set_rota(date(2026, 11, 22), "王磊", shift="off", order=2, appearance_ok=True, folder_ok=False)],
    )
    row = find(path, "Rota", date(2026, 11, 22))
    assert row[1:6] == ["王磊", "Day off", 2.0, "Yes", "No"]


def test_upsert_updates_the_row_with_that_composite_key_or_appends_one(book: Path) -> None:
    day = date(2026, 11, 22)
    writing.apply(book, [operations.set_rota(day, "王磊", shift="on", order=1)])
    writing.apply(book, [operations.set_rota(day, "王磊", order=3), operations.set_rota(day, "李娜", shift="leave")])
    got = [r[:4] for r in rows(book, "排班")[1:] if r[0]]
    assert got == [[day, "王磊", "上班", 3.0], [day, "李娜", "请假", ""]]


def test_set_setting_finds_the_row_by_its_label_and_writes_a_typed_value(book: Path) -> None:
    writing.apply(book, [operations.set_setting("backup_keep", 7), operations.set_setting("birthday_greeting", False)])
    assert find(book, "设置", "保留备份(份)")[1] == 7.0
    assert find(book, "设置", "生日问候")[1] == "否"
    assert writing.fingerprint(book)  # and the next write keeps 7 backups
    for _ in range(9):
        writing.apply(book, [operations.set_grade("C0001", "A")])
    assert len(backup.list_backups(book)) <= 7 + 1  # the day's newest is kept as well, possibly the same


def test_checklist_ticks_and_meeting_notes_and_targets(book: Path) -> None:
    at = datetime(2026, 11, 22, 10, 30)
    writing.apply(
        book,
        [
            operations.set_checklist_item("D0001", "PDI", True, by="王磊", at=at),
            operations.add_meeting_note(date(2026, 11, 22), "morning", "早会: 重点跟进H级", by="李娜"),
            operations.set_targets("2026-12", "王磊", leads=30, orders=8),
        ],
    )
    assert find(book, "交车检查", "D0001")[:5] == ["D0001", "PDI", "是", "王磊", at]
    assert find(book, "会议记录", "M0001")[1:5] == [date(2026, 11, 22), "早会", "", "早会: 重点跟进H级"]
    assert find(book, "目标", "2026-12")[:3] == ["2026-12", "王磊", 30.0]


def test_operations_survive_a_json_round_trip() -> None:
    op = operations.log_contact("C0001", "call", date(2026, 11, 22), grade_after="A", next_date=date(2026, 12, 1))
    op2 = operations.set_checklist_item("D1", "PDI", at=pd.Timestamp("2026-11-22 10:30"))
    for o in (op, op2):
        assert operations.from_json(json.loads(json.dumps(operations.to_json(o)))) == o


def test_pending_operations_are_overlaid_on_the_frames_as_if_made() -> None:
    frames = {
        "customers": pd.DataFrame(
            {"customer_id": pd.array(["C0001"], dtype="string"), "grade": pd.array(["H"], dtype="string"), "_row": [2]}
        ),
        "contacts": pd.DataFrame(
            {
                "contact_id": pd.array([], dtype="string"),
                "date": pd.Series([], dtype="datetime64[ns]"),
                "_row": pd.Series([], dtype="Int64"),
            }
        ),
    }
    shown = overlay.overlay(frames, [operations.log_contact("C0001", "call", date(2026, 11, 22), grade_after="A")])
    assert shown["customers"].loc[0, "grade"] == "A"
    assert len(shown["contacts"]) == 1 and shown["contacts"].loc[0, "date"] == pd.Timestamp(2026, 11, 22)
    assert bool(shown["contacts"].loc[0, "_pending"])
    assert frames["customers"].loc[0, "grade"] == "H"


def _plain_book(path: Path, *, epoch_1904: bool = False) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["Name", "When", "Total"])
    ws.append(["a", None, 1])
    ws.append(["b", None, 2])
    ws["C4"] = "=SUM(C2:C3)"
    if epoch_1904:
        wb.epoch = openpyxl.utils.datetime.CALENDAR_MAC_1904
    wb.save(path)
    return path


def test_a_1904_workbook_gets_dates_in_its_own_date_system(tmp_path: Path) -> None:
    path = _plain_book(tmp_path / "mac.xlsx", epoch_1904=True)
    writing.edit_cells(path, "Data", {"B2": date(2026, 11, 22), "B3": datetime(2026, 11, 22, 9, 30)})
    wb = openpyxl.load_workbook(path)
    assert wb["Data"]["B2"].value == datetime(2026, 11, 22) and wb["Data"]["B3"].value == datetime(2026, 11, 22, 9, 30)
    assert validation_problems(path) == []


def test_a_formula_cell_is_refused_and_the_file_left_untouched(tmp_path: Path) -> None:
    path = _plain_book(tmp_path / "f.xlsx")
    before = path.read_bytes()
    with pytest.raises(WriteRefused) as info:
        writing.edit_cells(path, "Data", {"C4": 3})
    assert info.value.code == "write.formula_cell" and "C4" in describe(info.value, "en")
    assert path.read_bytes() == before


def test_a_protected_sheet_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "p.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["x"])
    wb.active.protection.sheet = True
    wb.save(path)
    with pytest.raises(WriteRefused) as info:
        writing.edit_cells(path, "Sheet", {"A2": "y"})
    assert info.value.code == "write.protected"


def test_a_table_with_a_totals_row_refuses_appends(tmp_path: Path) -> None:
    path = tmp_path / "t.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in (["Name", "N"], ["a", 1], ["Total", 1]):
        ws.append(r)
    ws.add_table(Table(displayName="T1", ref="A1:B3", totalsRowCount=1))
    wb.save(path)
    with pytest.raises(WriteRefused) as info:
        writing.append_cells(path, "Sheet", {"A": "b", "B": 2})
    assert info.value.code == "write.table_totals"


def test_a_sheet_without_a_table_takes_the_row_after_its_last_used_row(tmp_path: Path) -> None:
    path = _plain_book(tmp_path / "n.xlsx")
    result = writing.append_cells(path, "Data", {"A": "c", "C": 3})
    assert result.ids == ["5"]
    assert rows(path, "Data")[4][:3] == ["c", "", 3.0]
    assert validation_problems(path) == []


def test_a_strict_ooxml_workbook_is_refused(tmp_path: Path) -> None:
    src = _plain_book(tmp_path / "s.xlsx")
    path = tmp_path / "strict.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/workbook.xml":
                data = data.replace(
                    b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
                    b"http://purl.oclc.org/ooxml/spreadsheetml/main",
                )
            zout.writestr(info, data)
    with pytest.raises(WriteRefused) as info:
        writing.edit_cells(path, "Data", {"A2": "x"})
    assert info.value.code == "write.strict_ooxml"


def test_backups_keep_the_newest_n_and_one_a_day_for_two_weeks(tmp_path: Path) -> None:
    path = tmp_path / "w.xlsx"
    path.write_bytes(b"x")
    now = datetime(2026, 11, 22, 12, 0)
    for day in range(20):
        for hour in (9, 15):
            backup.write_backup(path, b"old", now=datetime(2026, 11, 22 - day, hour, 0))
    backup.rotate(path, keep=3, now=now)
    kept = backup.list_backups(path)
    days = {b.name[:8] for b in kept}
    assert len(kept) == 3 + 13  # 3 newest (2 today + 1 yesterday), then one for each older day within 14 days
    assert "20261108" in days and "20261107" not in days


def test_validations_and_formats_that_end_on_the_last_row_grow_with_an_appended_row(tmp_path: Path) -> None:
    from openpyxl.formatting.rule import CellIsRule
    from openpyxl.worksheet.datavalidation import DataValidation

    path = tmp_path / "dv.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in (["Name", "Kind"], ["a", "x"], ["b", "y"]):
        ws.append(r)
    dv = DataValidation(type="list", formula1='"x,y"')
    dv.add("B2:B3")
    ws.add_data_validation(dv)
    ws.conditional_formatting.add("A2:B3", CellIsRule(operator="equal", formula=['"x"']))
    ws.auto_filter.ref = "A1:B3"
    wb.save(path)
    writing.append_cells(path, "Sheet", {"A": "c", "B": "x"})
    xml = Book(path.read_bytes()).sheet("Sheet").xml
    assert 'sqref="B2:B4"' in xml and 'sqref="A2:B4"' in xml and '<autoFilter ref="A1:B4"' in xml
    assert '<dimension ref="A1:B4"' in xml
    assert validation_problems(path) == []


def test_what_the_writer_wrote_the_reader_reads_as_the_same_codes_and_types(book: Path) -> None:
    reading = pytest.importorskip("workbook.reading")
    day = date(2026, 11, 22)
    writing.apply(
        book,
        [
            operations.log_contact(
                "C0001", "test_drive", day, grade_after="A", followup_kind="new_lead_24h", first_visit=True, people=3
            ),
            operations.set_rota(day, "王磊", shift="off", appearance_ok=False),
            operations.set_setting("language", "en"),
        ],
    )
    wb = reading.read_workbook(book)
    assert not [p for p in wb.problems if p.severity == "error"]
    k = wb.frames["contacts"].iloc[0]
    assert (k["contact_id"], k["type"], k["followup_kind"], k["grade_after"], k["consultant"]) == (
        "K0001",
        "test_drive",
        "new_lead_24h",
        "A",
        "王磊",
    )
    assert bool(k["first_visit"]) and k["people"] == 3 and k["date"] == pd.Timestamp(day)
    assert wb.frames["customers"].set_index("customer_id").loc["C0001", "grade"] == "A"
    rota = wb.frames["rota"].iloc[0]
    assert rota["shift"] == "off" and not bool(rota["appearance_ok"])
    assert wb.settings["language"] == "en"
    assert (
        writing.apply(book, [operations.set_grade("C0001", "B", expect="A")], expected=wb.fingerprint).reapplied
        is False
    )


def test_a_cell_inside_an_array_formula_range_is_refused(tmp_path: Path) -> None:
    from openpyxl.worksheet.formula import ArrayFormula

    path = tmp_path / "arr.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append([1, 2])
    ws.append([3, 4])
    ws["C1"] = ArrayFormula("C1:C2", "=A1:A2*B1:B2")
    wb.save(path)
    before = path.read_bytes()
    with pytest.raises(WriteRefused) as info:
        writing.edit_cells(path, "Sheet", {"C2": 9})
    assert info.value.code == "write.array_formula" and "C1:C2" in describe(info.value, "en")
    assert path.read_bytes() == before


def test_overlay_on_the_readers_frames_keeps_their_dtypes_and_fills_the_customer(book: Path) -> None:
    reading = pytest.importorskip("workbook.reading")
    wb = reading.read_workbook(book)
    ops = [
        operations.log_contact("C0001", "call", date(2026, 11, 22), grade_after="A", first_visit=True, people=2),
        operations.set_targets("2026-12", "王磊", leads=3),
    ]
    shown = overlay.overlay(wb.frames, ops)
    for key in ("contacts", "targets", "customers"):
        before = wb.frames[key].dtypes.drop("_row")
        assert shown[key].dtypes.drop(["_row", "_pending"]).equals(before), key
    k = shown["contacts"].iloc[-1]
    assert (k["consultant"], k["customer"], k["phone"], k["type"]) == ("王磊", "张三", "13800000001", "call")
    assert bool(k["_pending"]) and pd.isna(k["_row"])


def test_a_record_for_an_unknown_customer_id_is_refused(book: Path) -> None:
    before = book.read_bytes()
    with pytest.raises(WriteRefused) as info:
        writing.apply(book, [operations.log_contact("C0404", "call", date(2026, 11, 22), consultant="王磊")])
    assert info.value.code == "write.unknown_customer" and "C0404" in describe(info.value, "zh")
    assert book.read_bytes() == before


X14_EXT = (
    '<extLst><ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">'
    '<x14:conditionalFormattings><x14:conditionalFormatting xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main">'
    '<x14:cfRule type="dataBar" id="{00000000-0000-0000-0000-000000000001}"><x14:dataBar minLength="0" maxLength="100">'
    '<x14:cfvo type="autoMin"/><x14:cfvo type="autoMax"/></x14:dataBar></x14:cfRule>'
    "<xm:sqref>B2:B3</xm:sqref></x14:conditionalFormatting></x14:conditionalFormattings></ext></extLst>"
)


def test_an_x14_conditional_format_ending_on_the_last_row_grows_too(tmp_path: Path) -> None:
    src = _plain_book(tmp_path / "plain.xlsx")
    path = tmp_path / "x14.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b'<c r="C4"><f>SUM(C2:C3)</f><v></v></c>', b"").replace(
                    b"</worksheet>", X14_EXT.encode() + b"</worksheet>"
                )
            zout.writestr(info, data)
    assert "xm:sqref>B2:B3<" in Book(path.read_bytes()).sheet("Data").xml
    writing.append_cells(path, "Data", {"A": "c", "B": 3})
    xml = Book(path.read_bytes()).sheet("Data").xml
    assert "xm:sqref>B2:B4<" in xml
    assert validation_problems(path) == []


def test_a_column_added_by_hand_beside_the_table_still_lands_in_the_tables_new_row(tmp_path: Path) -> None:
    path = tmp_path / "beside.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Contacts"
    headers = ["Contact ID", "Date", "Customer ID", "Consultant", "Type", "Result", "Next date"]
    ws.append(headers)
    ws.append(["K0001", datetime(2026, 11, 1), "C0001", "王磊", "Call", "ok", None])
    ws.add_table(Table(displayName="tbl_contacts", ref="A1:F2"))  # "Next date" (G) was added beside the table
    wb.create_sheet("Customers").append(["Customer ID", "Name", "Phone", "Consultant", "First contact", "Grade"])
    wb["Customers"].append(["C0001", "张三", "13800000001", "王磊", datetime(2026, 11, 1), "H"])
    wb.save(path)
    op = operations.log_contact("C0001", "visit", date(2026, 11, 22), result="came", next_date=date(2026, 11, 29))
    assert writing.apply(path, [op]).ids == ["K0002"]
    assert Book(path.read_bytes()).sheet("Contacts").tables()[0].ref == (1, 1, 3, 6)
    assert rows(path, "Contacts")[2] == [
        "K0002",
        date(2026, 11, 22),
        "C0001",
        "王磊",
        "Visit",
        "came",
        date(2026, 11, 29),
    ]
    assert validation_problems(path) == []

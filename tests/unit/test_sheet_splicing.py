"""The writer's sheet splicing on XML shapes other programs write: rows found on demand, rows
or cells without their r attribute first, IDs in shared strings, several edits of one sheet."""

from __future__ import annotations

import re
import zipfile
from datetime import date
from pathlib import Path

import pytest
import python_calamine

from tests.support import hostile
from tests.support.shared import validation_problems
from workbook import ids, operations, schema, writing
from workbook.book import Book
from workbook.cells import col_letter
from workbook.errors import WriteRefused
from workbook.package import Package
from workbook.shared_strings import SharedStrings
from workbook.sheet_part import SheetPart

CONTACTS = schema.sheet("contacts")
CUSTOMERS = schema.sheet("customers")
HEAD = [c.zh for c in CONTACTS.columns]
ID_COL = col_letter(CONTACTS.columns.index(CONTACTS.column("contact_id")) + 1)


def _customers() -> list[list[object]]:
    row = {c.key: None for c in CUSTOMERS.columns} | {
        "customer_id": "C0001",
        "name": "王芳",
        "phone": "13800000001",
        "consultant": "张伟",
        "grade": "B",
    }
    return [[row[c.key] for c in CUSTOMERS.columns]]


def _workbook(path: Path, contacts_rows_xml: str, shared: list[str] | None = None) -> Path:
    """Every schema sheet; the contacts sheet's data rows are exactly the XML given."""
    header = hostile.sheet_xml([HEAD]).decode()
    contacts = header.replace("</sheetData>", contacts_rows_xml + "</sheetData>").encode()
    hostile.full_workbook(path, replace={CONTACTS.zh: contacts}, rows={CUSTOMERS.zh: _customers()})
    if shared is not None:
        _add_shared_strings(path, shared)
    return path


def _add_shared_strings(path: Path, strings: list[str]) -> None:
    sst = (
        f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{hostile.NS}" count="{len(strings)}" '
        f'uniqueCount="{len(strings)}">' + "".join(f"<si><t>{s}</t></si>" for s in strings) + "</sst>"
    )
    with zipfile.ZipFile(path) as z:
        members = {i.filename: z.read(i) for i in z.infolist()}
    members["xl/sharedStrings.xml"] = sst.encode()
    members["xl/_rels/workbook.xml.rels"] = members["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>",
        b'<Relationship Id="rIdSst" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
        b'sharedStrings" Target="sharedStrings.xml"/></Relationships>',
    )
    members["[Content_Types].xml"] = members["[Content_Types].xml"].replace(
        b"</Types>",
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.'
        b'spreadsheetml.sharedStrings+xml"/></Types>',
    )
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in members.items():
            z.writestr(name, data)


PART = f"xl/worksheets/sheet{schema.SHEETS.index(CONTACTS) + 1}.xml"


def _contacts(path: Path) -> list[list[object]]:
    return python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_name(CONTACTS.zh).to_python()


def _contact_ids(path: Path) -> list[object]:
    return [r[0] for r in _contacts(path)[1:] if r and r[0] != ""]


def _id_row(r: int, text: str, *, row_attrs: str = "", r_last: bool = False) -> str:
    """A data row holding one inline-string ID; `r_last` puts the cell's r after its type."""
    attrs = f't="inlineStr" r="{ID_COL}{r}"' if r_last else f'r="{ID_COL}{r}" t="inlineStr"'
    row = row_attrs or f'r="{r}"'
    return f"<row {row}><c {attrs}><is><t>{text}</t></is></c></row>"


def _log(path: Path, n: int = 1) -> list[str]:
    op = operations.log_contact(customer_id="C0001", type="call", on=date(2026, 11, 20), result="通话")
    return writing.apply(path, [op] * n, actor="测试").ids


def test_rows_without_r_attributes_are_numbered_by_position_and_the_append_follows_them(tmp_path: Path) -> None:
    rows = '<row><c t="inlineStr"><is><t>K0007</t></is></c></row><row><c t="inlineStr"><is><t>K0003</t></is></c></row>'
    path = _workbook(tmp_path / "no_r.xlsx", rows)
    assert _log(path) == ["K0008"]
    assert _contact_ids(path) == ["K0007", "K0003", "K0008"]
    assert _contacts(path)[3][0] == "K0008"
    assert validation_problems(path) == []


def test_a_row_with_r_after_other_attributes_is_still_found(tmp_path: Path) -> None:
    rows = _id_row(2, "K0010", row_attrs='spans="1:1" r="2"') + _id_row(5, "K0011")
    path = _workbook(tmp_path / "late_r.xlsx", rows)
    assert _log(path) == ["K0012"]
    rows = _contacts(path)
    assert [rows[r - 1][0] for r in (2, 5, 6)] == ["K0010", "K0011", "K0012"]


def test_an_id_in_a_cell_whose_r_is_not_its_first_attribute_still_counts_for_the_next_id(tmp_path: Path) -> None:
    rows = _id_row(2, "K0002") + _id_row(3, "K0950", r_last=True)
    path = _workbook(tmp_path / "cell_r_late.xlsx", rows)
    assert _log(path) == ["K0951"]


def test_ids_in_shared_strings_count_whatever_their_case_and_spaces(tmp_path: Path) -> None:
    rows = "".join(f'<row r="{r}"><c r="{ID_COL}{r}" t="s"><v>{i}</v></c></row>' for r, i in ((2, 0), (3, 1), (4, 2)))
    path = _workbook(tmp_path / "sst.xlsx", rows, shared=["K0004", " k0120 ", "备注 K9999"])
    assert _log(path) == ["K0121"]


def test_several_appends_to_one_sheet_in_one_write_all_land_in_order(tmp_path: Path) -> None:
    path = _workbook(tmp_path / "three.xlsx", _id_row(2, "K0001"))
    assert _log(path, 3) == ["K0002", "K0003", "K0004"]
    assert _contact_ids(path) == ["K0001", "K0002", "K0003", "K0004"]
    assert validation_problems(path) == []


def test_untouched_text_keeps_its_exact_bytes_and_new_chinese_text_reads_back(tmp_path: Path) -> None:
    rows = (
        f'<row r="2"><c r="{ID_COL}2" t="inlineStr"><is><t>K0001</t></is></c>'
        '<c r="L2" t="inlineStr"><is><t xml:space="preserve">客户说：“下周再来” &amp; 带家人</t></is></c></row>'
    )
    path = _workbook(tmp_path / "text.xlsx", rows)
    before = zipfile.ZipFile(path).read(PART)
    _log(path)
    after = zipfile.ZipFile(path).read(PART)
    kept = before[before.index(b'<row r="2">') : before.index(b"</sheetData>")]
    assert kept in after
    rows = _contacts(path)
    assert rows[2][CONTACTS.columns.index(CONTACTS.column("result"))] == "通话"
    assert rows[1][11] == "客户说：“下周再来” & 带家人"


def test_reading_a_sheet_again_after_an_edit_sees_the_edit() -> None:
    xml = hostile.sheet_xml([["编号", "备注"], ["K1", "旧"]])
    book = Book(_package(xml))
    sp = book.sheet("S")
    sp.set_cells(2, {2: "新的"})
    sp.commit()
    assert sp.rows_values(2, 2) == {2: {1: "K1", 2: "新的"}}
    assert sp.append_row({"A": "K2"}) == 3
    sp.commit()
    assert sp.column_values(1, 2) == {2: "K1", 3: "K2"}
    assert "新的".encode() in b"".join(bytes(c) for c in sp.chunks())


def _package(sheet: bytes, shared: list[str] | None = None) -> bytes:
    """A one-sheet package ("S"); `shared` = the shared strings' <si> bodies, as XML."""
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("_rels/.rels", hostile._ROOT_RELS)
        z.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{hostile.NS}" xmlns:r="{hostile.RNS}"><sheets><sheet name="S" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>",
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'worksheet" Target="worksheets/sheet1.xml"/>'
            + (
                '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                'sharedStrings" Target="sharedStrings.xml"/>'
                if shared is not None
                else ""
            )
            + "</Relationships>",
        )
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        if shared is not None:
            z.writestr(
                "xl/sharedStrings.xml",
                f'<sst xmlns="{hostile.NS}">' + "".join(f"<si>{x}</si>" for x in shared) + "</sst>",
            )
    return buf.getvalue()


def _sheet(rows_xml: str) -> bytes:
    return f'<worksheet xmlns="{hostile.NS}"><sheetData>{rows_xml}</sheetData></worksheet>'.encode()


KEYS_SHARED = [
    "<t>C0001</t>",
    "<r><t>C00</t></r><r><rPr><b/></rPr><t>03</t></r>",  # one key typed in two formats
    '<t xml:space="preserve"> C0004 </t>',
    "<t>C00011</t>",
    "<t>&#67;0005</t>",  # a character reference
]
KEYS_ROWS = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>编号</t></is></c></row>'
    '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'
    '<row r="3"><c r="A3" t="inlineStr"><is><t>C0002</t></is></c></row>'
    '<row r="4"><c r="A4" t="s"><v>1</v></c></row>'
    '<row r="5"><c r="A5" s="1" t="s"><v>2</v></c></row>'
    '<row r="6"><c r="A6"><v>7</v></c><c r="B6" t="s"><v>0</v></c></row>'
    '<row r="7"><c r="A7" t="s"><v>3</v></c></row>'
    '<row r="8"><c r="A8" t="str"><f>"C000"&amp;2</f><v>C0002</v></c></row>'
    '<row r="9"><c r="A9" t="s"><v>4</v></c></row>'
    '<row r="10"><c r="A10" t="inlineStr"/><c r="B10" t="inlineStr"><is><t>C0001</t></is></c></row>'
)


def test_a_key_is_found_by_searching_for_it_in_every_form_a_cell_can_hold_it() -> None:
    book = Book(_package(_sheet(KEYS_ROWS), KEYS_SHARED))
    sp = book.sheet("S")
    expected = {"C0001": {2}, "C0002": {3, 8}, "C0003": {4}, "C0004": {5}, "C0005": {9}, "C0009": set()}
    for key, rows in expected.items():
        assert sp.rows_with_text(1, key, 2) == rows, key
    # the same answer as reading the whole column
    column = sp.column_values(1, 2)
    for key, rows in expected.items():
        assert {r for r, v in column.items() if str(v).strip() == key} == rows, key


def test_a_key_that_could_also_be_a_number_a_truth_value_or_an_error_is_left_to_the_column_read() -> None:
    sp = Book(_package(_sheet(KEYS_ROWS), KEYS_SHARED)).sheet("S")
    for key in ("7", "1e3", "TRUE", "false", "#N/A", "A&B", " C0001"):
        assert sp.rows_with_text(1, key, 2) is None, key


def test_an_id_only_in_another_column_does_not_raise_the_next_id(tmp_path: Path) -> None:
    rows = (
        f'<row r="2"><c r="{ID_COL}2" t="s"><v>0</v></c><c r="L2" t="s"><v>1</v></c></row>'
        f'<row r="3"><c r="{ID_COL}3" t="s"><v>2</v></c><c r="L3" t="inlineStr"><is><t>K0950</t></is></c></row>'
    )
    path = _workbook(tmp_path / "elsewhere.xlsx", rows, shared=["K0005", "K0900", "K0004"])
    assert _log(path) == ["K0006"]


def test_shared_and_inline_ids_together_continue_from_the_highest_and_keep_its_width(tmp_path: Path) -> None:
    rows = f'<row r="2"><c r="{ID_COL}2" t="s"><v>0</v></c></row>' + _id_row(3, "K00009")
    path = _workbook(tmp_path / "mixed.xlsx", rows, shared=["K00012"])
    assert _log(path) == ["K00013"]
    rows = f'<row r="2"><c r="{ID_COL}2" t="s"><v>0</v></c></row>' + _id_row(3, "K00020")
    path = _workbook(tmp_path / "mixed2.xlsx", rows, shared=["K00012"])
    assert _log(path, 2) == ["K00021", "K00022"]
    assert validation_problems(path) == []


def test_the_highest_id_is_found_without_reading_the_column_and_agrees_with_reading_it() -> None:
    rows = (
        '<row r="1"><c r="A1" t="inlineStr"><is><t>编号</t></is></c></row>'
        '<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c></row>'  # K0900 only in B
        '<row r="3"><c r="A3" t="s"><v>2</v></c></row>'
        '<row r="4"><c r="A4" t="inlineStr"><is><t>K0031</t></is></c></row>'
        '<row r="5"><c r="A5"><v>3</v></c></row>'  # the number 3, not shared string 3
        '<row r="6"><c r="B6" t="inlineStr"><is><t>K0999</t></is></c></row>'
    )
    shared = ["<t>K0005</t>", "<t>K0900</t>", "<t> k0030 </t>", "<t>K0800</t>"]
    sp = Book(_package(_sheet(rows), shared)).sheet("S")
    assert sp.id_max(1, "K", 2) == (31, 4)
    assert max(map(int, sp.id_numbers(1, "K", 2))) == 31
    # look-alikes typed by hand are not IDs on any path (the reader's, the quick one, the column read):
    # full-width digits, an ideographic space, the Kelvin sign a case-blind pattern would take for "K"
    alike = ["K\uff19\uff19\uff19", "\u3000K0995", "\u212a0996", "K0997\u00a0"]
    rows += "".join(
        f'<row r="{7 + i}"><c r="A{7 + i}" t="inlineStr"><is><t>{t}</t></is></c></row>' for i, t in enumerate(alike)
    )
    sp = Book(_package(_sheet(rows), shared)).sheet("S")
    assert sp.id_max(1, "K", 2) == (31, 4)
    assert max(map(int, sp.id_numbers(1, "K", 2))) == 31
    assert ids.highest_id(list(sp.column_values(1, 2).values()), "K") == (31, 4)
    # a cell without r cannot be placed by a search: the quick way gives up rather than guess
    no_r = rows.replace('<c r="A3" t="s">', '<c t="s">')
    assert Book(_package(_sheet(no_r), shared)).sheet("S").id_max(1, "K", 2) is None


def test_a_shared_string_read_by_its_offset_is_the_one_a_full_split_gives() -> None:
    items = [f"<t>s{i}</t>" if i % 7 else f"<r><t>r{i}</t></r><r><t>&amp;</t></r>" for i in range(6000)]
    xml = ("<sst>" + "".join(f"<si>{x}</si>" for x in items) + "</sst>").encode()
    split = SharedStrings(xml)
    whole = [split.get(i) for i in range(len(split._raw))]  # the table split into strings first
    assert whole[1] == "s1" and whole[7] == "r7&"
    by_offset = SharedStrings(xml)
    for i in (5999, 0, 3000, 7, 4242):
        assert by_offset.get(i) == whole[i], i
    assert by_offset.get(6000) is None and by_offset.get(-1) is None
    assert by_offset._raw_items is None  # no split was needed


def test_a_key_in_a_sheet_without_inline_text_is_found_by_finding_its_shared_index() -> None:
    # no inline or formula text: the shared-string cells alone answer, found by a plain find;
    # the number 0 in A11 and the index 0 in another column (B6) are not the key "C0001"
    plain = "".join(r for r in re.findall(r"<row .*?</row>", KEYS_ROWS) if "inlineStr" not in r and '"str"' not in r)
    plain += '<row r="11"><c r="A11"><v>0</v></c></row><row r="12"><c r="A12" s="3" t="s"><v>0</v></c></row>'
    sp = Book(_package(_sheet(plain), KEYS_SHARED)).sheet("S")
    expected = {"C0001": {2, 12}, "C0003": {4}, "C0004": {5}, "C0005": {9}, "C0002": set()}
    for key, rows in expected.items():
        assert sp.rows_with_text(1, key, 2) == rows, key
    column = sp.column_values(1, 2)
    for key, rows in expected.items():
        assert {r for r, v in column.items() if str(v).strip() == key} == rows, key
    # the first row asked for counts: row 2 is left out when the search starts at row 3
    assert Book(_package(_sheet(plain), KEYS_SHARED)).sheet("S").rows_with_text(1, "C0001", 3) == {12}


def test_a_key_standing_in_very_many_cells_is_left_to_the_column_read_which_finds_every_one() -> None:
    # past the find's limit of look-alike cells the search gives up rather than guess
    rows = "".join(
        f'<row r="{r}"><c r="A{r}" t="s"><v>1</v></c><c r="B{r}" t="s"><v>0</v></c></row>' for r in range(2, 702)
    )
    sp = Book(_package(_sheet(rows), ["<t>C0001</t>", "<t>C0002</t>"])).sheet("S")
    assert sp.rows_with_text(1, "C0002", 2) is None
    assert {r for r, v in sp.column_values(1, 2).items() if v == "C0002"} == set(range(2, 702))
    assert set(sp.column_values(2, 2).values()) == {"C0001"}


def test_shared_strings_are_placed_by_their_offsets_exactly_as_counting_them_would() -> None:
    items = [f"<t>s{i}</t>" if i % 5 else f"<r><t>s{i}</t></r>" for i in range(3000)]
    xml = ('<?xml version="1.0"?><sst count="3000">' + "".join(f"<si>{x}</si>" for x in items) + "</sst>").encode()
    # every alignment of "<si>" against the 4-byte words the table is read as
    for pad in range(4):
        padded = xml.replace(b'count="3000">', b'count="3000">' + b" " * pad, 1)
        table = SharedStrings(padded)
        for i in (0, 1, 2, 3, 999, 1500, 2999):
            pos = padded.find(f">s{i}<".encode())
            assert table._index_at(pos) == padded[: pos + 1].count(b"<si>") - 1, (pad, i)
            assert table.get(i) == f"s{i}", (pad, i)
        assert table.get(3000) is None
        # an item split into runs is found by its text like any other
        assert table.indices_of("s5") == [5] and table.indices_of("s6") == [6] and table.indices_of("s7x") == []
    # a character reference at either 2-byte alignment marks its item, which is found by its text
    for pad in range(2):
        refs = xml.replace(b"<t>s1234</t>", b"<t>" + b" " * pad + b"s&#49;234</t>", 1)
        table = SharedStrings(refs)
        assert table._plain and table.indices_of("s1234") == [1234], pad


def test_a_shared_string_table_with_si_in_its_text_is_read_alike_by_splitting_it() -> None:
    # ":si" or "<si" standing elsewhere than as an item's tag: counted, so not read by offsets
    xml = b"<sst><si><t>a:si</t></si><si><t>b</t></si><si><t>c</t></si></sst>"
    table = SharedStrings(xml)
    assert not table._plain
    assert [table.get(i) for i in range(3)] == ["a:si", "b", "c"]


def test_a_shared_string_table_that_is_not_plain_is_read_by_splitting_it() -> None:
    for xml in (
        b"<sst><si><t>a</t></si><si/><si><t>c</t></si></sst>",  # an empty item
        b'<sst><si><t>a</t></si><si foo="1"><t>b</t></si></sst>',  # an item with attributes
        b'<x:sst xmlns:x="urn:x"><x:si><x:t>a</x:t></x:si><x:si><x:t>b</x:t></x:si></x:sst>',  # a prefix
    ):
        table = SharedStrings(xml)
        assert not table._plain and table.indices_of("a") is None, xml
        assert table.get(0) == "a", xml


def test_a_damaged_part_is_refused_as_damaged() -> None:
    import io

    body = b"<sst>" + b"".join(b"<si><t>s%d</t></si>" % i for i in range(5000)) + b"</sst>"
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/a.xml", body)
    good = buf.getvalue()
    assert Package(good).read("xl/a.xml") == body
    info = zipfile.ZipFile(io.BytesIO(good)).getinfo("xl/a.xml")
    start = info.header_offset + 30 + len(info.filename) + len(info.extra)
    middle = start + info.compress_size // 2
    garbage = good[:start] + b"\xff" * info.compress_size + good[start + info.compress_size :]  # not deflate
    flipped = good[:middle] + bytes([good[middle] ^ 0x20]) + good[middle + 1 :]  # deflate, other text
    for damaged in (garbage, flipped):
        with pytest.raises(WriteRefused) as refused:
            Package(damaged).read("xl/a.xml")
        assert refused.value.code == "write.damaged"


def test_the_writer_refuses_a_part_inflating_past_its_declared_size_as_the_guard_does(tmp_path) -> None:
    lying = hostile.lying_zip_bomb(tmp_path / "lying.xlsx", inflated_mb=2)
    with pytest.raises(WriteRefused) as refused:
        Package(lying.read_bytes()).read("xl/worksheets/sheet1.xml")
    assert refused.value.code == "write.too_large"


INLINE_ROWS = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>编号</t></is></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>C0001</t></is></c><c r="B2" t="inlineStr"><is><t>C0002</t></is></c></row>'
    '<row r="3"><c r="A3" t="inlineStr"><is><t xml:space="preserve"> C0002 </t></is></c></row>'
    '<row r="4"><c r="A4" t="inlineStr"><is><t>C00011</t></is></c></row>'  # holds "C0001" as a part
    '<row r="5"><c r="A5" t="str"><f>"C0001"&amp;"1"</f><v>C00011</v></c></row>'  # in its formula only
    '<row r="6"><c r="A6" t="str"><f>"C000"&amp;3</f><v>C0003</v></c></row>'
    '<row r="7"><c r="A7" t="inlineStr"><is><t>客户C0003</t><rPh sb="0" eb="1"><t>C0001</t></rPh></is></c></row>'
    '<row r="8"><c r="A8" s="2"/><c r="B8" t="inlineStr"><is><t>C0003</t></is></c></row>'
    '<row r="9"><c r="A9" t="s"><v>0</v></c></row>'
    '<row r="10"><c r="A10" t="inlineStr"><is><t>C0001</t></is></c></row>'
)


def _column_oracle(sp: SheetPart, key: str, first: int = 2) -> set[int]:
    return {r for r, v in sp.column_values(1, first).items() if str(v).strip() == key}


def test_a_key_in_inline_text_is_found_from_where_the_text_stands_as_reading_the_column_would() -> None:
    sp = Book(_package(_sheet(INLINE_ROWS), ["<t>C0004</t>"])).sheet("S")
    assert sp._text_cells_with(1, "C0001", 2) == {2, 10}  # found by the find, not by reading the column
    expected = {"C0001": {2, 10}, "C0002": {3}, "C0003": {6}, "C00011": {4, 5}, "C0004": {9}, "C0009": set()}
    for key, rows in expected.items():
        assert sp.rows_with_text(1, key, 2) == rows == _column_oracle(sp, key), key
    assert sp.rows_with_text(1, "C0001", 3) == {10}
    # a row appended since is found as well
    sp.append_row({1: "C0009"})
    sp.commit()
    assert sp.rows_with_text(1, "C0009", 2) == {11} == _column_oracle(sp, "C0009")


@pytest.mark.parametrize(
    "cell",
    [
        '<c r="A11" t="inlineStr"><is><t>C&#48;001</t></is></c>',  # a character reference
        '<c r="A11" t="inlineStr"><is><r><t>C00</t></r><r><rPr><b/></rPr><t>01</t></r></is></c>',  # runs
        '<c r="A11" t="inlineStr"><is><t>_x0043_0001</t></is></c>',  # an _xHHHH_ escape
        '<c t="inlineStr"><is><t>C0001</t></is></c>',  # a cell without r
    ],
)
def test_a_key_the_find_cannot_see_in_a_cell_is_left_to_the_column_read_which_sees_it(cell: str) -> None:
    rows = INLINE_ROWS + f'<row r="11">{cell}</row>'
    sp = Book(_package(_sheet(rows), ["<t>C0004</t>"])).sheet("S")
    assert sp.rows_with_text(1, "C0001", 2) is None
    assert _column_oracle(sp, "C0001") == {2, 10, 11}

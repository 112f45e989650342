"""Older workbooks gain a column or a sheet the schema declares, by splicing, the first time a write needs it.

A column goes right after the sheet's header (after the Excel table's last column where there
is one): its header cell in the sheet's language with the neighbouring header's style, the
table's new column with the table (and its filter) widened, the column's width, and the
dropdown the template gives such a column. Existing rows stay empty in it. It is refused where
that cannot be done safely: the column beside the table holds data in the table's rows (or
belongs to a merged range or another table), the table does not start on the header row or
has a totals row, or the sheet is already as wide as Excel allows.

A sheet is appended after the last sheet: its part (a header row in the workbook's language,
an Excel table as the template makes it, the dropdowns), its relationships, its content type,
its entry in workbook.xml and its title in docProps/app.xml. Styles are reused, never
rewritten: the header takes an existing header's cell format (or the default), the table's
style does the banding. Other sheets, their order and the defined names are left as they are.
Which sheets may be added is the writer's decision (`workbook.writing`): those the schema
marks as not required.
"""

from __future__ import annotations

import html
import posixpath
import re
from collections.abc import Callable

from workbook import schema, template
from workbook.book import Book
from workbook.cells import MAX_COL, MAX_ROW, col_letter, excel_serial, format_range
from workbook.errors import WriteRefused
from workbook.markup import SHEET_TAG, TABLE_TAG, parse_attrs, xml_attr
from workbook.package import relationships, rels_name
from workbook.sheet_part import SheetInfo, SheetPart, TableInfo

MAIN_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL_WORKSHEET = REL_NS + "/worksheet"
REL_TABLE = REL_NS + "/table"
CT_WORKSHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
CT_TABLE = "application/vnd.openxmlformats-officedocument.spreadsheetml.table+xml"
WIDTH_PADDING = 0.7109375  # what Excel (and xlsxwriter) add to a column's character width

_TABLE_COLUMNS = re.compile(r"<(\w+:)?tableColumns\b([^>]*)>")
_TABLE_COLUMN = re.compile(r"<(?:\w+:)?tableColumn\b([^>]*?)/?>")
_DEFINED_NAME = re.compile(r"<(?:\w+:)?definedName\b([^>]*)>")


# --------------------------------------------------------------------------- a column


def add_column(book: Book, sp: SheetPart, header_row: int, lang: schema.Lang, decl: schema.Sheet, key: str) -> int:
    """Add the declared column `key` to sheet `sp` after its header; return its column number."""
    column = decl.column(key)
    header = column.header(lang)
    if sp.is_protected():
        raise WriteRefused("write.protected", sheet=sp.name)
    table = next((t for t in sp.tables() if t.ref[0] <= header_row <= t.ref[2]), None)
    header_cells = sp.row_cells(header_row)
    if table is not None:
        r1, _c1, r2, c2 = table.ref
        if r1 != header_row or table.totals_rows or not table.header_rows:
            raise WriteRefused("write.add_column_table", sheet=sp.name, column=header, table=table.name)
        last_col, bottom = c2, r2
    else:
        last_col = max((c.col for c in header_cells if sp.cell_value(c) not in (None, "")), default=0)
        bottom = max(sp.last_used_row(), header_row)
    new_col = last_col + 1
    if new_col > MAX_COL:
        raise WriteRefused("write.add_column_full", sheet=sp.name, column=header)
    _check_free(sp, header_row, bottom, new_col, header)

    neighbour = next((c for c in header_cells if c.col == last_col), None)
    style = int(neighbour.attrs["s"]) if neighbour is not None and "s" in neighbour.attrs else None
    sp.add_col_width(new_col, column.width + WIDTH_PADDING, _column_style(book, column))
    validation = _validation(book, decl, column, lang, new_col, header_row + 1, bottom)
    if validation:
        sp.add_validation(validation)
    sp.set_cell_styled(header_row, new_col, header, style)  # before the table takes in its header row
    if table is not None:
        _widen_table(sp, table, new_col, header)
    else:
        sp.widen_autofilter(header_row, last_col, new_col)
    sp.commit()
    return new_col


def _column_style(book: Book, column: schema.Column) -> int | None:
    """An existing cell format for a date or date-time column, so its cells need no format added."""
    if column.type not in ("date", "datetime"):
        return None
    styles = book.styles
    for i, fid in enumerate(styles.xf_numfmt):
        with_time = fid == 22 or "h" in styles.numfmts.get(fid, "").lower()
        if i and styles.is_date(i) and with_time == (column.type == "datetime"):
            return i
    return None


def _check_free(sp: SheetPart, top: int, bottom: int, c: int, header: str) -> None:
    """The new column's cells from the header row down to `bottom` hold nothing and belong to nothing."""
    for r, value in sp.column_values(c, top).items():
        if r <= bottom and value not in (None, ""):
            raise WriteRefused("write.add_column_blocked", sheet=sp.name, column=header, cell=f"{col_letter(c)}{r}")
    for r1, c1, r2, c2 in [*sp.merged_ranges(), *(t.ref for t in sp.tables())]:
        if c1 <= c <= c2 and r1 <= bottom and r2 >= top:
            raise WriteRefused(
                "write.add_column_blocked", sheet=sp.name, column=header, cell=f"{col_letter(c)}{max(r1, top)}"
            )


def _widen_table(sp: SheetPart, table: TableInfo, new_col: int, header: str) -> None:
    """The table takes in the new column: ref, filter and a tableColumn named as the header."""
    r1, c1, r2, _c2 = table.ref
    xml = table.xml
    names = {schema.normalize_token(parse_attrs(m.group(1)).get("name", "")) for m in _TABLE_COLUMN.finditer(xml)}
    if schema.normalize_token(header) in names:
        raise WriteRefused("write.add_column_table", sheet=sp.name, column=header, table=table.name)
    ids = [int(parse_attrs(m.group(1)).get("id", "0") or 0) for m in _TABLE_COLUMN.finditer(xml)]
    cols = _TABLE_COLUMNS.search(xml)
    if cols is None:
        raise WriteRefused("write.add_column_table", sheet=sp.name, column=header, table=table.name)
    p = cols.group(1) or ""
    end = xml.index(f"</{p}tableColumns>", cols.end())
    xml = xml[:end] + f'<{p}tableColumn id="{max(ids, default=0) + 1}" name="{xml_attr(header)}"/>' + xml[end:]
    count = len(ids) + 1
    opening = re.sub(r'\bcount="\d+"', f'count="{count}"', cols.group(0))
    table.xml = xml[: cols.start()] + opening + xml[cols.end() :]
    sp.resize_table(table, (r1, c1, r2, new_col))


# --------------------------------------------------------------------------- dropdowns


def _validation(
    book: Book, decl: schema.Sheet, column: schema.Column, lang: schema.Lang, c: int, first: int, bottom: int
) -> str | None:
    """The <dataValidation> the template gives this column (a list, a date range, a whole number), or None.

    A list over a defined name the workbook lacks (a long list added after the workbook was
    made) gets no dropdown: the column takes typed values as before."""
    rule = template.dropdown_rule(decl, column, lang)
    if rule is None:
        return None
    kind = rule["validate"]
    extra, formulas = "", ""
    if kind == "list":
        source = rule["source"]
        if isinstance(source, str):
            formula = source.lstrip("=")
            if formula not in _defined_names(book):
                return None
        else:
            formula = '"' + ",".join(source) + '"'
            if len(formula) > 257:  # Excel's limit for a list typed into the rule
                return None
        formulas = f"<formula1>{html.escape(formula, quote=False)}</formula1>"
    elif kind == "date":
        low, high = (excel_serial(rule[k], book.date1904) for k in ("minimum", "maximum"))
        extra = f' error="{xml_attr(rule.get("error_message", ""))}"'
        formulas = f"<formula1>{low}</formula1><formula2>{high}</formula2>"
    elif kind == "integer":
        kind, extra = "whole", ' operator="greaterThanOrEqual"'
        formulas = f"<formula1>{rule['value']}</formula1>"
    else:
        return None
    last = min(max(bottom, first) + template.DV_HEADROOM, MAX_ROW)
    letter = col_letter(c)
    return (
        f'<dataValidation type="{kind}" errorStyle="{rule.get("error_type", "stop")}"{extra} allowBlank="1" '
        f'showInputMessage="1" showErrorMessage="1" sqref="{letter}{first}:{letter}{last}">{formulas}</dataValidation>'
    )


def _defined_names(book: Book) -> set[str]:
    wb = book.pkg.read(book.workbook_part).decode("utf-8")
    return {parse_attrs(m.group(1)).get("name", "") for m in _DEFINED_NAME.finditer(wb)}


# --------------------------------------------------------------------------- a sheet


def add_sheet(book: Book, decl: schema.Sheet, lang: schema.Lang, header_style: int | None) -> SheetPart:
    """Append the declared sheet `decl` to the workbook, empty but for its header, and open it."""
    name = decl.name(lang)
    if any(s.name.casefold() == name.casefold() for s in book.sheets):
        raise WriteRefused("write.add_sheet_name_taken", sheet=name)
    pkg = book.pkg
    base = posixpath.dirname(book.workbook_part)
    sheet_part = _free_part(book, posixpath.join(base, "worksheets", "sheet{}.xml"))
    table_part = _free_part(book, posixpath.join(base, "tables", "table{}.xml"))
    table_id, table_name = _table_identity(book, decl.table_name)

    last_col = len(decl.columns)
    ref = format_range(1, 1, 2, last_col)
    pkg.add(sheet_part, _sheet_xml(book, decl, lang, header_style).encode("utf-8"))
    pkg.add(table_part, _table_xml(decl, lang, table_id, table_name, ref).encode("utf-8"))
    pkg.add(
        rels_name(sheet_part),
        (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{REL_TABLE}" '
            f'Target="{posixpath.relpath(table_part, posixpath.dirname(sheet_part))}"/></Relationships>'
        ).encode(),
    )
    _add_content_types(book, [(sheet_part, CT_WORKSHEET), (table_part, CT_TABLE)])
    rid = _add_workbook_relationship(book, sheet_part)
    _add_workbook_entry(book, name, rid)
    _add_app_title(book, name)
    book.sheets.append(SheetInfo(name, sheet_part, "worksheet"))
    return book.sheet(name)


def _free_part(book: Book, pattern: str) -> str:
    n = 1
    while book.pkg.has(pattern.format(n)):
        n += 1
    return pattern.format(n)


def _table_identity(book: Book, wanted: str) -> tuple[int, str]:
    """An id and a name no table (nor defined name) of the workbook has yet: Excel requires both unique."""
    ids, names = [], {n.casefold() for n in _defined_names(book)}
    for part in book.pkg.names():
        if part.endswith(".xml") and "/tables/" in part:
            m = TABLE_TAG.search(book.pkg.read(part).decode("utf-8-sig", "replace"))
            if m:
                a = parse_attrs(m.group(1))
                ids.append(int(a.get("id", "0") or 0))
                names |= {a.get("name", "").casefold(), a.get("displayName", "").casefold()}
    name, n = wanted, 2
    while name.casefold() in names:
        name, n = f"{wanted}_{n}", n + 1
    return max(ids, default=0) + 1, name


def _sheet_xml(book: Book, decl: schema.Sheet, lang: schema.Lang, header_style: int | None) -> str:
    style = f' s="{header_style}"' if header_style else ""
    cells = "".join(
        f'<c r="{col_letter(j)}1"{style} t="inlineStr"><is><t>{html.escape(c.header(lang), quote=False)}</t></is></c>'
        for j, c in enumerate(decl.columns, start=1)
    )
    widths = "".join(
        f'<col min="{j}" max="{j}" width="{c.width + WIDTH_PADDING}"{_style_attr(book, c)} customWidth="1"/>'
        for j, c in enumerate(decl.columns, start=1)
    )
    validations = [
        v for j, c in enumerate(decl.columns, start=1) if (v := _validation(book, decl, c, lang, j, 2, 2)) is not None
    ]
    dv = f'<dataValidations count="{len(validations)}">{"".join(validations)}</dataValidations>' if validations else ""
    last = col_letter(len(decl.columns))
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<worksheet xmlns="{MAIN_NS}" xmlns:r="{REL_NS}">'
        f'<dimension ref="A1:{last}1"/>'
        '<sheetViews><sheetView workbookViewId="0">'
        '<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>'
        '<selection pane="bottomLeft"/></sheetView></sheetViews>'
        '<sheetFormatPr defaultRowHeight="15"/>'
        f"<cols>{widths}</cols>"
        f'<sheetData><row r="1" ht="30" customHeight="1">{cells}</row></sheetData>'
        f"{dv}"
        '<pageMargins left="0.4" right="0.4" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>'
        '<pageSetup paperSize="9" orientation="landscape"/>'
        '<tableParts count="1"><tablePart r:id="rId1"/></tableParts></worksheet>'
    )


def _style_attr(book: Book, column: schema.Column) -> str:
    style = _column_style(book, column)
    return f' style="{style}"' if style is not None else ""


def _table_xml(decl: schema.Sheet, lang: schema.Lang, table_id: int, name: str, ref: str) -> str:
    columns = "".join(
        f'<tableColumn id="{j}" name="{xml_attr(c.header(lang))}"/>' for j, c in enumerate(decl.columns, start=1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<table xmlns="{MAIN_NS}" id="{table_id}" name="{name}" displayName="{name}" ref="{ref}" '
        f'totalsRowShown="0"><autoFilter ref="{ref}"/>'
        f'<tableColumns count="{len(decl.columns)}">{columns}</tableColumns>'
        f'<tableStyleInfo name="{template.TABLE_STYLE}" showFirstColumn="0" showLastColumn="0" '
        'showRowStripes="1" showColumnStripes="0"/></table>'
    )


def _add_content_types(book: Book, parts: list[tuple[str, str]]) -> None:
    name = "[Content_Types].xml"
    xml = book.pkg.read(name).decode("utf-8")
    xml = _before_closing(
        xml, "Types", lambda p: "".join(f'<{p}Override PartName="/{part}" ContentType="{ct}"/>' for part, ct in parts)
    )
    book.pkg.replace(name, xml.encode("utf-8"))


def _add_workbook_relationship(book: Book, part: str) -> str:
    name = rels_name(book.workbook_part)
    xml = book.pkg.read(name).decode("utf-8")
    taken = {i for i, _t, _p, _m in relationships(xml.encode("utf-8"), posixpath.dirname(book.workbook_part))}
    n = len(taken) + 1
    while f"rId{n}" in taken:
        n += 1
    rid = f"rId{n}"
    target = posixpath.relpath(part, posixpath.dirname(book.workbook_part))
    xml = _before_closing(
        xml, "Relationships", lambda p: f'<{p}Relationship Id="{rid}" Type="{REL_WORKSHEET}" Target="{target}"/>'
    )
    book.pkg.replace(name, xml.encode("utf-8"))
    return rid


def _add_workbook_entry(book: Book, name: str, rid: str) -> None:
    xml = book.pkg.read(book.workbook_part).decode("utf-8")
    ids = [int(parse_attrs(m.group(1)).get("sheetId", "0") or 0) for m in SHEET_TAG.finditer(xml)]
    sheet_id = max(ids, default=0) + 1
    bound = re.search(r'xmlns:(\w+)="' + re.escape(REL_NS) + '"', xml)
    r = bound.group(1) if bound else "r"
    declare = "" if bound else f' xmlns:r="{REL_NS}"'
    xml = _before_closing(
        xml, "sheets", lambda p: f'<{p}sheet name="{xml_attr(name)}" sheetId="{sheet_id}" {r}:id="{rid}"{declare}/>'
    )
    book.pkg.replace(book.workbook_part, xml.encode("utf-8"))


def _before_closing(xml: str, tag: str, element: Callable[[str], str]) -> str:
    """`xml` with `element(prefix)` spliced in just before the closing `tag`, written with that tag's prefix."""
    end = re.search(rf"</(\w+:)?{tag}>", xml)
    if end is None:
        raise WriteRefused("write.not_xlsx")
    return xml[: end.start()] + element(end.group(1) or "") + xml[end.start() :]


def _add_app_title(book: Book, name: str) -> None:
    """The sheet's title in docProps/app.xml, after the other worksheets' titles, where that list is found."""
    part = "docProps/app.xml"
    if not book.pkg.has(part):
        return
    xml = book.pkg.read(part).decode("utf-8")
    pairs = re.search(r"<HeadingPairs>(.*?)</HeadingPairs>", xml, re.S)
    titles = re.search(r"(<TitlesOfParts>\s*<vt:vector\b[^>]*>)(.*?)(</vt:vector>)", xml, re.S)
    if not pairs or not titles:
        return
    entries = re.findall(r"<vt:lpstr>(.*?)</vt:lpstr>", titles.group(2), re.S)
    sheet_names = {html.escape(s.name, quote=False) for s in book.sheets}
    variants = re.findall(r"<vt:variant>(.*?)</vt:variant>", pairs.group(1), re.S)
    counts = list(re.finditer(r"<vt:i4>(\d+)</vt:i4>", pairs.group(0)))
    if len(counts) * 2 != len(variants):
        return
    offset = 0
    for c in counts:
        count = int(c.group(1))
        if count and all(e in sheet_names for e in entries[offset : offset + count]):
            break  # this heading pair lists the worksheets
        offset += count
    else:
        return
    entries.insert(offset + count, html.escape(name, quote=False))
    body = "".join(f"<vt:lpstr>{e}</vt:lpstr>" for e in entries)
    opening = re.sub(r'\bsize="\d+"', f'size="{len(entries)}"', titles.group(1))
    pair_text = pairs.group(0)[: c.start()] + f"<vt:i4>{count + 1}</vt:i4>" + pairs.group(0)[c.end() :]
    xml = xml[: titles.start()] + opening + body + titles.group(3) + xml[titles.end() :]
    xml = xml.replace(pairs.group(0), pair_text, 1)
    book.pkg.replace(part, xml.encode("utf-8"))

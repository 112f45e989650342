"""Builders of broken, hostile and hand-made `.xlsx` files for the reader's tests.

Each builder writes one file at the path given and returns that path. `raw_xlsx` assembles
a workbook from sheet XML directly, so a test controls every byte calamine would see.
"""

from __future__ import annotations

import datetime as dt
import struct
import zipfile
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from xml.sax.saxutils import escape

from workbook.cells import col_letter

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
RNS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    "{sheets}</Types>"
)
_ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)


def _cell(ref: str, value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return f'<c r="{ref}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, int | float):
        return f'<c r="{ref}"><v>{value!r}</v></c>'
    if isinstance(value, dt.datetime | dt.date):
        # a real date: a serial number with a date style (style 1 below)
        base = dt.datetime(1899, 12, 30)
        if not isinstance(value, dt.datetime):
            value = dt.datetime(value.year, value.month, value.day)
        serial = (value - base).total_seconds() / 86400
        return f'<c r="{ref}" s="1"><v>{serial!r}</v></c>'
    return f'<c r="{ref}" t="inlineStr"><is><t xml:space="preserve">{escape(str(value))}</t></is></c>'


def sheet_xml(rows: Iterable[Sequence[object]], *, dimension: str | None = None, start_row: int = 1) -> bytes:
    """Worksheet XML for rows of Python values (str, int, float, bool, date, None)."""
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="{NS}" xmlns:r="{RNS}">']
    if dimension:
        out.append(f'<dimension ref="{dimension}"/>')
    out.append("<sheetData>")
    for r, row in enumerate(rows, start=start_row):
        cells = "".join(_cell(f"{col_letter(i)}{r}", v) for i, v in enumerate(row, start=1))
        out.append(f'<row r="{r}">{cells}</row>')
    out.append("</sheetData></worksheet>")
    return "".join(out).encode()


_STYLES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    f'<styleSheet xmlns="{NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
    '<fills count="1"><fill><patternFill patternType="none"/></fill></fills>'
    '<borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>'
    "</styleSheet>"
)


def raw_xlsx(
    path: Path,
    sheets: Sequence[tuple[str, bytes]],
    *,
    date1904: bool = False,
    extra: Sequence[tuple[str, bytes]] = (),
    compression: int = zipfile.ZIP_DEFLATED,
    skip_parts: Sequence[str] = (),
) -> Path:
    """A minimal valid workbook whose sheets hold exactly the XML given."""
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        for i in range(1, len(sheets) + 1)
    )
    overrides += (
        '<Override PartName="/xl/styles.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>'
    )
    pr = '<workbookPr date1904="1"/>' if date1904 else "<workbookPr/>"
    wb = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="{NS}" xmlns:r="{RNS}">{pr}<sheets>'
        + "".join(
            f'<sheet name="{escape(name, {chr(34): "&quot;"})}" sheetId="{i}" r:id="rId{i}"/>'
            for i, (name, _) in enumerate(sheets, start=1)
        )
        + "</sheets></workbook>"
    )
    rels = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(
            f'<Relationship Id="rId{i}" '
            'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
            f'Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        + f'<Relationship Id="rId{len(sheets) + 1}" '
        'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>'
        "</Relationships>"
    )
    with zipfile.ZipFile(path, "w", compression) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES.format(sheets=overrides))
        z.writestr("_rels/.rels", _ROOT_RELS)
        z.writestr("xl/workbook.xml", wb)
        z.writestr("xl/_rels/workbook.xml.rels", rels)
        z.writestr("xl/styles.xml", _STYLES)
        for i, (_, xml) in enumerate(sheets, start=1):
            if f"xl/worksheets/sheet{i}.xml" not in skip_parts:
                z.writestr(f"xl/worksheets/sheet{i}.xml", xml)
        for name, data in extra:
            z.writestr(name, data)
    return path


# --------------------------------------------------------------------------- hostile files


def stray_cell(path: Path, ref: str = "XFD1048576", dimension: str = "A1:B2") -> Path:
    """A tiny sheet with one stray value at `ref`, its `<dimension>` understating it."""
    xml = sheet_xml([["a", "b"], [1, 2]], dimension=dimension).replace(
        b"</sheetData>",
        f'<row r="{ref.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ")}"><c r="{ref}"><v>1</v></c></row></sheetData>'.encode(),
    )
    return raw_xlsx(path, [("Sheet1", xml)])


def zip_bomb(path: Path, inflated_mb: int = 600) -> Path:
    """A workbook whose sheet part inflates to `inflated_mb` MB of empty rows (declared size honest)."""
    raw_xlsx(path, [("Sheet1", b"")], skip_parts=("xl/worksheets/sheet1.xml",))
    header = f'<?xml version="1.0"?><worksheet xmlns="{NS}"><sheetData>'.encode()
    with (
        zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z,
        z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as f,
    ):
        f.write(header)
        block = b"<row/>" * ((1 << 20) // 6)
        for _ in range(inflated_mb):
            f.write(block)
        f.write(b"</sheetData></worksheet>")
    return path


def lying_zip_bomb(path: Path, inflated_mb: int = 300) -> Path:
    """A zip whose central directory declares a tiny size for an entry that inflates hugely."""
    zip_bomb(path, inflated_mb)
    data = bytearray(path.read_bytes())
    # patch every declared uncompressed size of the sheet entry to 1000 bytes
    name = b"xl/worksheets/sheet1.xml"
    i = 0
    while True:
        i = data.find(name, i)
        if i < 0:
            break
        for sig, off_size, off_name in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
            start = i - off_name
            if start >= 0 and data[start : start + 4] == sig:
                size = struct.unpack_from("<I", data, start + off_size)[0]
                if size != 0xFFFFFFFF:
                    struct.pack_into("<I", data, start + off_size, 1000)
        i += len(name)
    path.write_bytes(bytes(data))
    return path


def entity_bomb(path: Path) -> Path:
    """A sheet whose XML declares nested entities (billion laughs)."""
    ents = '<!ENTITY a0 "lol">' + "".join(f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, 10))
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE worksheet [{ents}]><worksheet xmlns="{NS}"><sheetData>'
        '<row r="1"><c r="A1" t="inlineStr"><is><t>&a9;</t></is></c></row></sheetData></worksheet>'
    ).encode()
    return raw_xlsx(path, [("Sheet1", xml)])


def ole2(path: Path, *, encrypted: bool = False) -> Path:
    """An OLE2 compound file: an old .xls, or (with a directory entry EncryptionInfo) an
    encrypted .xlsx. Only the header and one directory sector are real; enough to sniff."""
    sector = 512
    header = bytearray(sector)
    header[0:8] = bytes.fromhex("D0CF11E0A1B11AE1")
    struct.pack_into("<HHHHH", header, 24, 0x3E, 3, 0xFFFE, 9, 6)
    struct.pack_into("<I", header, 44, 1)  # one FAT sector
    struct.pack_into("<I", header, 48, 1)  # first directory sector = sector 1
    struct.pack_into("<I", header, 56, 4096)
    struct.pack_into("<I", header, 60, 0xFFFFFFFE)
    struct.pack_into("<I", header, 68, 0xFFFFFFFE)
    struct.pack_into("<I", header, 76, 0)  # DIFAT[0] = sector 0 holds the FAT
    for k in range(1, 109):
        struct.pack_into("<I", header, 76 + 4 * k, 0xFFFFFFFF)
    fat = bytearray(b"\xff" * sector)
    struct.pack_into("<III", fat, 0, 0xFFFFFFFD, 0xFFFFFFFE, 0xFFFFFFFE)
    names = ["Root Entry", "EncryptionInfo", "EncryptedPackage"] if encrypted else ["Root Entry", "Workbook"]
    directory = bytearray(sector)
    for k, nm in enumerate(names):
        raw = nm.encode("utf-16-le") + b"\0\0"
        off = k * 128
        directory[off : off + len(raw)] = raw
        struct.pack_into("<H", directory, off + 64, len(raw))
        directory[off + 66] = 5 if k == 0 else 2
    path.write_bytes(bytes(header) + bytes(fat) + bytes(directory) + b"\0" * sector)
    return path


def csv_renamed(path: Path) -> Path:
    path.write_text("客户姓名,手机\n张三,13800138000\n", encoding="utf-8")
    return path


def truncated(path: Path, good: Path, keep: float = 0.6) -> Path:
    """The first part of a good workbook, as a copy interrupted mid-way leaves it."""
    data = good.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def many_entries(path: Path, n: int = 20000) -> Path:
    raw_xlsx(path, [("Sheet1", sheet_xml([["a"]]))], extra=[(f"xl/media/x{i}.bin", b"") for i in range(n)])
    return path


def rows_without_refs(path: Path, n_rows: int = 1_100_000) -> Path:
    """A sheet whose rows and cells carry no `r=` at all (positions implied by order)."""
    body = b"<row><c><v>1</v></c></row>" * n_rows
    xml = f'<?xml version="1.0"?><worksheet xmlns="{NS}"><sheetData>'.encode() + body + b"</sheetData></worksheet>"
    return raw_xlsx(path, [("Sheet1", xml)])


def wide_cells_without_refs(path: Path, n_cols: int = 20000) -> Path:
    """One row of many cells without `r=`: calamine places them by order, past column XFD."""
    body = b'<row r="1">' + b"<c><v>1</v></c>" * n_cols + b"</row>"
    xml = f'<?xml version="1.0"?><worksheet xmlns="{NS}"><sheetData>'.encode() + body + b"</sheetData></worksheet>"
    return raw_xlsx(path, [("Sheet1", xml)])


def deflate_raw(data: bytes) -> bytes:
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    return c.compress(data) + c.flush()


def full_workbook(path: Path, replace: dict[str, bytes] | None = None, rows: dict[str, list] | None = None) -> Path:
    """Every schema sheet with its Chinese headers (and `rows` under them); `replace` swaps a
    sheet's XML by its Chinese name, to put broken content where the reader must look."""
    from workbook import schema

    replace = replace or {}
    rows = rows or {}
    sheets = [
        (s.zh, replace.get(s.zh) or sheet_xml([[c.zh for c in s.columns], *rows.get(s.zh, [])])) for s in schema.SHEETS
    ]
    return raw_xlsx(path, sheets)


def broken_sheet(kind: str) -> bytes:
    """Sheet XML that calamine refuses: a cell value that is not a number, or an unknown shared string."""
    body = {
        "bad_number": '<row r="1"><c r="A1" t="n"><v>abc</v></c></row>',
        "bad_shared_string": '<row r="1"><c r="A1" t="s"><v>99</v></c></row>',
    }[kind]
    return f'<?xml version="1.0"?><worksheet xmlns="{NS}"><sheetData>{body}</sheetData></worksheet>'.encode()


# --------------------------------------------------------------------------- text that looks like markup

HOSTILE_HOST = "hostile.example"
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE: shown raw it reverses the phone number after the name
MARKUP = (
    "**粗体**",
    ":red[红字]",
    f"![i](http://{HOSTILE_HOST}/x.png)",
    f"[链接](http://{HOSTILE_HOST}/l)",
    f"<img src=http://{HOSTILE_HOST}/y.png onerror=alert(1)>",
    "$x^2$",
    ":material/home:",
    f"<b>B</b> www.{HOSTILE_HOST}",
)
HOSTILE_HOLDER = f"**锁定者** ![h](http://{HOSTILE_HOST}/h.png) :red[x]{RLO}"


def markup_name(i: int, name: str) -> str:
    """The `i`-th hostile version of a name: markup around it and a right-to-left override inside."""
    return f"{MARKUP[i % len(MARKUP)]}{name[:1]}{RLO}{name[1:]}"


def markup_workbook(path: Path, lang: str, today: dt.date) -> Path:
    """The S sample (a real template workbook) whose customer, staff and checklist-item texts look like
    Markdown or HTML and carry a right-to-left override, opened by a LibreOffice whose user is hostile too."""
    from workbook import sample
    from workbook.checklist_defaults import default_rows
    from workbook.template import write_workbook

    data = sample.generate("S", lang, today, 1)
    names = {str(r["name"]): markup_name(i, str(r["name"])) for i, r in enumerate(data["customers"])}
    names.update({str(r["name"]): markup_name(i, str(r["name"])) for i, r in enumerate(data["staff"])})
    for rows in data.values():
        for r in rows:
            for k, v in r.items():
                if isinstance(v, str) and v in names:
                    r[k] = names[v]
    items = default_rows()
    for i, item in enumerate(items):
        item["item_zh"] = markup_name(i, str(item["item_zh"]))
        item["item_en"] = markup_name(i, str(item["item_en"]))
    data["checklist_items"] = items
    write_workbook(path, lang=lang, data=data)
    # a LibreOffice lock of another machine: its first field is the user the sidebar names
    path.with_name(f".~lock.{path.name}#").write_text(f"{HOSTILE_HOLDER},otherhost,/x,01.01.2026 09:00,", "utf-8")
    return path

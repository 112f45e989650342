"""A macro-enabled workbook (.xlsm) for tests, made from a template .xlsx by adding a VBA project part.

No Excel-made vbaProject.bin is at hand (xlsxwriter ships none, and no installed package holds
one), so `vba_project()` builds a small compound file (MS-CFB, version 3) by hand: a root
storage holding a PROJECT stream and an empty VBA storage. It is a well-formed OLE2 container,
not a project Excel would run; the writer never looks inside it, and the tests check that its
bytes, its part and the macro content types come through every write untouched.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path

MACRO_WORKBOOK = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
PLAIN_WORKBOOK = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
VBA_PROJECT = "application/vnd.ms-office.vbaProject"
VBA_REL = "http://schemas.microsoft.com/office/2006/relationships/vbaProject"

_SECTOR = 512
_FREE, _END, _FAT, _NONE = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF


def _entry(name: str, kind: int, left: int, right: int, child: int, start: int, size: int) -> bytes:
    encoded = (name + "\0").encode("utf-16-le") if name else b""
    return (
        encoded.ljust(64, b"\0")
        + struct.pack("<HBB3I", len(encoded), kind, 1, left, right, child)  # 1: black
        + bytes(16 + 4 + 8 + 8)  # CLSID, state bits, created, modified
        + struct.pack("<IQ", start, size)
    )


def vba_project() -> bytes:
    """A small, well-formed compound file standing in for xl/vbaProject.bin."""
    text = 'ID="{5B6A1C2D-0000-4000-8000-000000000001}"\r\nDocument=ThisWorkbook/&H00000000\r\nName="VBAProject"\r\n'
    project = text.encode("ascii").ljust(4096, b" ")  # 4096 bytes: in regular sectors, no mini stream
    n = len(project) // _SECTOR  # sectors 2 .. n+1
    fat = [_FAT, _END, *range(3, 2 + n), _END]
    fat_sector = struct.pack(f"<{_SECTOR // 4}I", *fat, *[_FREE] * (_SECTOR // 4 - len(fat)))
    directory = (
        _entry("Root Entry", 5, _NONE, _NONE, 1, _END, 0)
        + _entry("PROJECT", 2, 2, _NONE, _NONE, 2, len(project))
        + _entry("VBA", 1, _NONE, _NONE, _NONE, 0, 0)
        + _entry("", 0, _NONE, _NONE, _NONE, 0, 0)
    )
    header = (
        bytes.fromhex("D0CF11E0A1B11AE1")
        + bytes(16)
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + bytes(6)
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, _END, 0, _END, 0)
        + struct.pack("<109I", 0, *[_FREE] * 108)
    )
    return header + fat_sector + directory + project


def make_macro_workbook(xlsx: Path, xlsm: Path) -> Path:
    """`xlsx` turned into a macro-enabled workbook at `xlsm`, as Excel saves one: the VBA project
    part, its relationship and content type, and the workbook part's macro content type."""
    with zipfile.ZipFile(xlsx) as zin:
        items = [(info, zin.read(info)) for info in zin.infolist()]
    with zipfile.ZipFile(xlsm, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in items:
            if info.filename == "[Content_Types].xml":
                assert PLAIN_WORKBOOK.encode() in data
                data = data.replace(PLAIN_WORKBOOK.encode(), MACRO_WORKBOOK.encode()).replace(
                    b"<Default ", f'<Default Extension="bin" ContentType="{VBA_PROJECT}"/><Default '.encode(), 1
                )
            elif info.filename == "xl/_rels/workbook.xml.rels":
                rel = f'<Relationship Id="rIdVba1" Type="{VBA_REL}" Target="vbaProject.bin"/>'
                data = data.replace(b"</Relationships>", rel.encode() + b"</Relationships>")
            zout.writestr(info, data)
        zout.writestr("xl/vbaProject.bin", vba_project())
    return xlsm

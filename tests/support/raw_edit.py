"""Small raw edits of a workbook's parts, for what Excel, WPS or a script leave that the template never writes."""

from __future__ import annotations

import zipfile
from collections.abc import Callable
from pathlib import Path

from workbook.book import Book


def sheet_part(path: Path, sheet: str) -> str:
    """The zip member holding a sheet's XML."""
    return Book(path.read_bytes()).sheet(sheet).info.part


def edit_member(path: Path, member: str, edit: Callable[[bytes], bytes]) -> Path:
    """Rewrite one zip member in place through `edit`; every other member is copied as it is."""
    with zipfile.ZipFile(path) as zin:
        items = [(info, zin.read(info)) for info in zin.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
        for info, data in items:
            zout.writestr(info, edit(data) if info.filename == member else data)
    return path


def edit_sheet(path: Path, sheet: str, edit: Callable[[bytes], bytes]) -> Path:
    """Rewrite one sheet's XML in place through `edit`."""
    return edit_member(path, sheet_part(path, sheet), edit)


def insert_before_end(xml: bytes, end_tag: bytes, text: bytes) -> bytes:
    """`text` spliced in just before the (only) `end_tag`."""
    assert xml.count(end_tag) == 1, end_tag
    return xml.replace(end_tag, text + end_tag)

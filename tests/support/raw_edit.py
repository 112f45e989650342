"""Small raw edits of a workbook's parts, for what Excel, WPS or a script leave that the template never writes."""

from __future__ import annotations

import re
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


def _typed_customer(r: int, name: str, phone: str) -> bytes:
    """A customer row as WPS or a script leaves it: plain cells, no styles, not in the table."""
    return (
        f'<row r="{r}"><c r="B{r}" t="inlineStr"><is><t>{name}</t></is></c>'
        f'<c r="D{r}" t="inlineStr"><is><t>{phone}</t></is></c><c r="E{r}" t="inlineStr"><is><t>王磊</t></is></c>'
        f'<c r="G{r}"><v>46330</v></c><c r="I{r}" t="inlineStr"><is><t>B</t></is></c></row>'
    ).encode()


def customers_typed_below(path: Path, *rows: int) -> Path:
    """`path` (a Chinese template workbook) with customers typed on these rows of 客户, outside its table."""
    typed = b"".join(_typed_customer(r, f"手输{r}", f"1390000{r:04d}") for r in rows)
    return edit_sheet(path, "客户", lambda xml: insert_before_end(xml, b"</sheetData>", typed))


def date_without_a_year(xml: bytes) -> bytes:
    """A sheet whose B2 holds a date (the contacts sheet's first date) with it typed as 11月3日 instead."""
    row2 = re.search(rb'<c r="B2"([^>]*?)(?: t="\w+")?>(?:<v>[^<]*</v>|<is>.*?</is>)</c>', xml)
    assert row2 is not None
    cell = b'<c r="B2"%s t="inlineStr"><is><t>%s</t></is></c>' % (row2.group(1), "11月3日".encode())
    return xml[: row2.start()] + cell + xml[row2.end() :]

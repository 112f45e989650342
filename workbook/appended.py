"""Rows appended to a sheet since it was read: what lets the next read parse only them (#17 item 3).

The guard, as it inflates a large sheet, notes a `RowsStamp` of its bytes:
- the CRC-32 of the XML around the rows, leaving out what a program rewrites when rows are typed and
  the reader does not read: the used range, the selected cell, the ranges of validations and
  conditional formats;
- the CRC-32 and length of the rows, from `<sheetData>` to the end of the last row holding a value
  (rows after it with no value, formatting laid out ahead, add nothing to a read);
- that row's number.

A later version of the sheet is `Grown` from it when its rows start with the very bytes stamped and
go on with whole rows, each numbered, in order, after that row, and the XML around them is the same.
The reader then parses only those rows. Anything else (a row edited above, one inserted, a cell
added to the last row, a merged range changed) is parsed whole.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass

PARTIAL_FROM = 1 << 20  # a smaller sheet is parsed whole (a few milliseconds)
GROWN_LIMIT = 4 << 20  # more appended than this is parsed whole (calamine's own pace)
_HEAD_LIMIT = 1 << 20  # no <sheetData> this far in: no stamp
_WINDOW = 256 << 10  # bytes held back: </sheetData>, what follows it and the last row must fit
_OPEN = re.compile(rb"<sheetData\s*>")
_CLOSE = b"</sheetData>"
# what a program rewrites when rows are added and the reader does not read: the used range, the selected
# cell, and the ranges of validations and conditional formats (grown with an Excel table), also in extLst
_REWRITTEN = re.compile(
    rb"<dimension\b[^>]*>"
    rb"|<(sheetViews|dataValidations|conditionalFormatting|extLst)\b(?:[^>]*/>|.*?</\1>)",
    re.S,
)
_ROW_TAG = re.compile(rb"<row\b([^>]*)>")
_ROW_NUMBER = re.compile(rb'\sr\s*=\s*["\']([0-9]+)["\']')
_VALUE = re.compile(rb"<(?:\w+:)?(?:v|is|f)\b")  # what makes a row hold a value (a formula counts)
_ROW_END = re.compile(rb"(?:</row>|<row\b[^>]*/>)\s*\Z")


@dataclass(frozen=True)
class RowsStamp:
    """What a sheet's bytes were, enough to tell rows appended to them."""

    around: int  # CRC-32 of the XML before <sheetData> and from </sheetData> on, what _REWRITTEN finds left out
    crc: int  # CRC-32 of the rows from <sheetData> to the end of the last row holding a value
    size: int
    last_row: int  # the number of the last row holding a value; 0 for a sheet with none


@dataclass(frozen=True)
class Grown:
    """A sheet that is an earlier version (`base`: that member's CRC-32 and size) with rows appended."""

    base: tuple[int, int]
    after: int  # the earlier version's last row
    head: bytes  # this version's XML up to and including <sheetData>
    rows: bytes  # the rows appended
    tail: bytes  # this version's XML from </sheetData> on


class Stamper:
    """Fed a sheet's inflated bytes in order: its `RowsStamp` and, given an earlier version's stamp,
    whether it is that version grown by rows."""

    def __init__(self, earlier: RowsStamp | None = None, base: tuple[int, int] | None = None) -> None:
        self.earlier = earlier if base is not None else None
        self.base = base
        self.head: bytes | None = None  # up to and including <sheetData>, once found
        self.pending = b""  # not yet counted: the head until found, then the window held back
        self.crc = 0  # of the rows counted so far
        self.size = 0
        self.crc_at_earlier: int | None = None  # CRC-32 of the first `earlier.size` bytes of the rows
        self.after_earlier: list[bytes] | None = [] if self.earlier is not None else None
        self.failed = False

    def feed(self, chunk: bytes | memoryview) -> None:
        if self.failed:
            return
        if self.head is None:
            self.pending += chunk
            m = _OPEN.search(self.pending)
            if m is None:
                self.failed = len(self.pending) > _HEAD_LIMIT
                return
            self.head, self.pending = self.pending[: m.end()], self.pending[m.end() :]
        else:
            self.pending += chunk
        if len(self.pending) > 2 * _WINDOW:
            self._count(self.pending[:-_WINDOW])
            self.pending = self.pending[-_WINDOW:]

    def _count(self, data: bytes) -> None:
        """Add rows' bytes to the CRC, splitting where the earlier version's rows ended."""
        e = self.earlier
        if e is not None and self.crc_at_earlier is None and self.size + len(data) >= e.size:
            cut = e.size - self.size
            self.crc_at_earlier = zlib.crc32(data[:cut], self.crc)
            self._keep(data[cut:])
        elif self.crc_at_earlier is not None:
            self._keep(data)
        self.crc = zlib.crc32(data, self.crc)
        self.size += len(data)

    def _keep(self, data: bytes) -> None:
        if self.after_earlier is None:
            return
        self.after_earlier.append(data)
        if sum(map(len, self.after_earlier)) > GROWN_LIMIT:
            self.after_earlier = None

    def finish(self) -> tuple[RowsStamp | None, Grown | None]:
        if self.failed or self.head is None:
            return None, None
        end = self.pending.rfind(_CLOSE)
        if end < 0:
            return None, None
        last, tail = self.pending[:end], self.pending[end:]
        tags = list(_ROW_TAG.finditer(last))
        # rows at the end holding no value (formatting laid out ahead, as LibreOffice writes it) are left
        # out of the stamp: a read takes nothing from them, and a later version may fill them as it adds rows
        cut, i = len(last), len(tags) - 1
        while i >= 0 and _VALUE.search(last, tags[i].start(), cut) is None:
            cut, i = tags[i].start(), i - 1
        if i < 0 and self.size:  # no row with a value in the window: where those rows end is not known here
            cut, i = len(last), len(tags) - 1
        self._count(last[:cut])
        if self.crc_at_earlier is not None:
            self._keep(last[cut:])
        if i >= 0:
            number = _ROW_NUMBER.search(tags[i].group(1))
            if number is None:
                return None, None
            last_row = int(number.group(1))
        elif self.size > cut or last[:cut].strip():
            return None, None  # the last row lies before the window (or the rows are not rows)
        else:
            last_row = 0
        around = zlib.crc32(_REWRITTEN.sub(b"", tail), zlib.crc32(_REWRITTEN.sub(b"", self.head)))
        stamp = RowsStamp(around, self.crc, self.size, last_row)
        return stamp, self._grown(stamp, tail)

    def _grown(self, stamp: RowsStamp, tail: bytes) -> Grown | None:
        e, kept = self.earlier, self.after_earlier
        if e is None or kept is None or self.base is None or self.crc_at_earlier is None:
            return None
        if stamp.around != e.around or self.crc_at_earlier != e.crc:
            return None
        rows = b"".join(kept)
        if not rows or not _whole_rows(rows, e.last_row):
            return None
        assert self.head is not None
        return Grown(self.base, e.last_row, self.head, rows, tail)


def _whole_rows(rows: bytes, after: int) -> bool:
    """Whether `rows` is whole <row> elements, each numbered, in increasing order, after row `after`."""
    if not rows.startswith(b"<row") or _ROW_END.search(rows) is None or b"sheetData" in rows:
        return False
    previous = after
    for tag in _ROW_TAG.finditer(rows):
        number = _ROW_NUMBER.search(tag.group(1))
        if number is None or int(number.group(1)) <= previous:
            return False
        previous = int(number.group(1))
    return True

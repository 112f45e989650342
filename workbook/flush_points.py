"""Flush points in a sheet the writer deflated: what lets the next write leave the sheet's middle compressed.

When the writer deflates a large sheet it ends the stream with a full flush (zlib's Z_FULL_FLUSH: the
output is byte-aligned and nothing after it refers back) once after the head (the XML before the rows
and the first rows, where headers stand) and once before the tail (the last rows and what follows
`</sheetData>`). A `Layout` records where those points are, in the compressed and the inflated bytes,
the middle's CRC and what the write learned of the middle (its row numbers, its highest IDs, its array
formulas). The next write in this process finds the layout by the workbook's path and uses it only when
the member is, byte for byte, the one written (CRCs and sizes of both its compressed and inflated
bytes); it then inflates the head and the tail, copies the middle's compressed bytes unchanged and
recompresses the rest. Anything else (a file saved by Excel, another process's write) takes the whole
sheet, which lays new flush points.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field

from workbook import schema

# A sheet this large is written with flush points (below it, recompressing it all costs a few ms)
FLUSH_POINTS_FROM = 1 << 20
# The head keeps the rows a header may stand in inflated
HEAD_ROWS = schema.HEADER_SCAN_ROWS
# A tail grown past this by the writes that kept the middle makes the next write take the whole sheet
TAIL_LIMIT = 4 << 20
_KEPT_PATHS = 4  # workbooks remembered (a manager keeps one open; a few cover switching)

_POLY = 0xEDB88320  # CRC-32 (zip's), bit-reflected


def _multmodp(a: int, b: int) -> int:
    """a * b modulo the CRC polynomial (zlib's crc32.c, bit-reflected)."""
    m = 1 << 31
    p = 0
    while True:
        if a & m:
            p ^= b
            if a & (m - 1) == 0:
                return p
        m >>= 1
        b = (b >> 1) ^ _POLY if b & 1 else b >> 1


def _powers() -> list[int]:
    table = [1 << 30]  # x^1
    for _ in range(31):
        table.append(_multmodp(table[-1], table[-1]))
    return table


_X2N = _powers()  # x^(2^n) modulo the polynomial


def crc32_combine(crc1: int, crc2: int, len2: int) -> int:
    """The CRC-32 of A + B from crc32(A), crc32(B) and len(B) (zlib's crc32_combine)."""
    p, k = 1 << 31, 3  # x^0; a byte is 2^3 bits
    n = len2
    while n:
        if n & 1:
            p = _multmodp(_X2N[k & 31], p)
        n >>= 1
        k += 1
    return _multmodp(p, crc1) ^ crc2


@dataclass(frozen=True)
class Flush:
    """A piece of a member's content: end the compressed stream here with a full flush point."""


@dataclass(frozen=True)
class Sealed:
    """A piece of a member's content: the old member's compressed bytes start..end, copied as they are."""

    start: int
    end: int
    crc: int
    size: int


@dataclass(frozen=True)
class Stretch:
    """The content between two flush points of a written member: its offsets and CRC."""

    inflated: int  # where it starts in the member's content
    compressed: int  # where it starts in the member's compressed bytes
    size: int
    crc: int


@dataclass
class WrittenMember:
    """A member as the writer wrote it: what identifies its bytes, and its stretches."""

    crc: int
    size: int
    compress_size: int
    packed_crc: int  # CRC-32 of its compressed bytes
    stretches: list[Stretch]


@dataclass
class Layout:
    """A sheet member written with flush points around its middle, and what is known of the middle."""

    part: str
    member: WrittenMember
    head: Stretch
    middle: Stretch
    tail: Stretch
    rows: Sequence[int]  # the middle's row numbers, in order (a range where they have no gaps)
    id_max: dict[tuple[int, str, int], tuple[int, int]] = field(default_factory=dict)
    # (number, digits) no ID of the middle stands above, per column: the sheet's highest when the middle
    # was laid, kept while later writes copy the middle as it is (their IDs stand after it)
    middle_ids: dict[tuple[int, str, int], tuple[int, int]] = field(default_factory=dict)
    arrays: list[tuple[int, int, int, int]] | None = None  # array ranges of the whole sheet, when known
    shared_crc: int | None = None  # the shared-string table the IDs were read with

    @property
    def tail_size(self) -> int:
        return self.tail.size


_lock = threading.Lock()
_layouts: OrderedDict[str, dict[str, Layout]] = OrderedDict()


def remember(path: str, layouts: dict[str, Layout]) -> None:
    """Keep the layouts of the sheets just written to the workbook at `path` (replacing older ones)."""
    with _lock:
        _layouts.pop(path, None)
        if layouts:
            _layouts[path] = layouts
            while len(_layouts) > _KEPT_PATHS:
                _layouts.popitem(last=False)


def recall(path: str) -> dict[str, Layout]:
    """The layouts kept for the workbook at `path` (each still to be checked against the file)."""
    with _lock:
        return dict(_layouts.get(path, {}))


def forget(path: str) -> None:
    with _lock:
        _layouts.pop(path, None)

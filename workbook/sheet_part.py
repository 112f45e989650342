"""One worksheet's XML, edited by splicing new text over the rows that change.

The sheet stays the bytes read from the package. Rows are found by searching for their tags;
a key or the highest ID is found by searching for it where that is exact, else by reading the
column (docs/fast-paths.md says which searches are kept and why). A commit keeps the untouched
stretches as views of the bytes read, beside the new rows' text, so a large sheet is not copied.
"""

from __future__ import annotations

import bisect
import functools
import heapq
import html
import math
import operator
import posixpath
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

from workbook import flush_points
from workbook.cells import (
    MAX_COL,
    MAX_ROW,
    MAX_TEXT,
    CellValue,
    Written,
    classify,
    clean_text,
    col_index,
    col_letter,
    excel_serial,
    format_range,
    parse_range,
    split_ref,
)
from workbook.errors import WriteRefused
from workbook.flush_points import Flush, Layout, Sealed, WrittenMember
from workbook.ids import id_number, id_text
from workbook.markup import (
    TABLE_TAG,
    attrs_text,
    byte_pattern,
    occurs,
    parse_attrs,
    rich_text,
    unescape_excel,
    xml_attr,
)
from workbook.package import Package, relationships, rels_name
from workbook.shared_strings import SharedStrings
from workbook.styles import Styles

_EXCEL_ESCAPE = re.compile(r"_(x[0-9A-Fa-f]{4}_)")
_FORMULA_TAG = re.compile(r"<(\w+:)?f\b")
_MERGE_CELL = re.compile(r"<(?:\w+:)?mergeCell\b([^>]*?)/?>")
_SHEET_PROTECTION = re.compile(r"<(?:\w+:)?sheetProtection\b([^>]*?)/?>")
_COL_TAG = re.compile(r"<(?:\w+:)?col\b([^>]*?)/?>")
_DIMENSION_REF = re.compile(r"(<(?:\w+:)?dimension\b[^>]*?\bref=\")([^\"]*)(\")")
_TABLE_REF = re.compile(r"(<(?:\w+:)?table\b[^>]*?\bref=\")([^\"]*)(\")")
_AUTOFILTER_REF = re.compile(r"(<(?:\w+:)?autoFilter\b[^>]*?\bref=\")([^\"]*)(\")")
_SQREF_ATTR = re.compile(r"(<(?:\w+:)?(?:conditionalFormatting|dataValidation)\b[^>]*?\bsqref=\")([^\"]*)(\")")
_SQREF_ELEMENT = re.compile(r"(<(?:\w+:)?sqref>)([^<]*)(</(?:\w+:)?sqref>)")
# the extension elements whose xm:sqref may grow: x14 conditional formats and validations; never a
# sparkline's, which is the one cell it is drawn in (MS-XLSX CT_Sparkline)
_GROWABLE_X14 = re.compile(r"<((?:\w+:)?(?:conditionalFormatting|dataValidation))\b[^>]*(?<!/)>.*?</\1>", re.S)


def _as_text(raw: str) -> str:
    """Sheet XML is held as latin-1 text (one char per byte: cheap to decode, search and
    encode back unchanged); a piece taken out of it as a value is turned back into real text."""
    return raw if raw.isascii() else raw.encode("latin-1").decode("utf-8", "replace")


def _as_sheet(text: str) -> str:
    """Real text in the sheet's latin-1 form, to be spliced into its XML."""
    return text if text.isascii() else text.encode("utf-8").decode("latin-1")


def _xml_text(text: str) -> str:
    # Excel (and calamine) read "_xHHHH_" as an escaped character: protect a literal one.
    text = _EXCEL_ESCAPE.sub(r"_x005F_\1", text)
    text = html.escape(text, quote=False)
    # a literal CR would be normalised to LF by every XML parser
    return text.replace("\r", "&#13;")


def _number_text(value: int | float) -> str:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if not math.isfinite(value):
        raise ValueError("not a finite number")
    if value == int(value) and abs(value) < 1e15:
        return str(int(value))
    return repr(value)


@dataclass
class SheetInfo:
    """One sheet as listed in workbook.xml."""

    name: str
    part: str
    kind: str  # "worksheet" | "chartsheet" | "dialogsheet" | "macrosheet" | "other"
    state: str = "visible"


@dataclass
class Cell:
    """One <c> element of a row as found (or to be written)."""

    col: int
    attrs: dict[str, str]
    inner: str  # the text between <c ...> and </c>; "" for <c .../>
    text: str  # the whole element as found (rebuilt if the cell lacked its r attribute)

    @property
    def has_formula(self) -> bool:
        return _FORMULA_TAG.search(self.inner) is not None


@dataclass
class TableInfo:
    part: str
    xml: str
    ref: tuple[int, int, int, int]
    name: str
    header_rows: int
    totals_rows: int


@dataclass
class _PendingRow:
    cells: dict[int, str] = field(default_factory=dict)  # col -> new <c> xml ('' = delete)
    above: int | None = None  # for a new row: the row whose height and style carry on


class _SheetPatterns:
    """The patterns every sheet edit uses, for one namespace prefix ("" or e.g. "x:"), compiled
    once per process (`_sheet_patterns`)."""

    def __init__(self, prefix: str) -> None:
        p = re.escape(prefix)
        pb = p.encode("latin-1")
        self.row = re.compile(rf"<{p}row\b([^>]*?)(?:/>|>(.*?)</{p}row>)", re.S)
        self.row_start = re.compile(rb"<" + pb + rb"""row(?=[\s/>])(?:[^>]*?\sr\s*=\s*["'](\d+)["'])?[^>]*>""")
        self.row_numbers = re.compile(rb"<" + pb + rb'row(?=[\s/>])(?: r="(\d+)")?')
        self.cell = re.compile(rf"<{p}c\b([^>]*?)(?:/>|>(.*?)</{p}c>)", re.S)
        self.sheet_data = re.compile(rb"<" + pb + rb"sheetData\b[^>]*?(/?)>")
        self.cell_r_not_first = re.compile(rb"<" + pb + rb'c(?=[\s/>])(?! r=")')


@functools.lru_cache(maxsize=16)
def _sheet_patterns(prefix: str) -> _SheetPatterns:
    return _SheetPatterns(prefix)


_WORKSHEET = re.compile(rb"<(\w+:)?worksheet\b([^>]*)>")


def _column_pattern(prefix: str, letters: str) -> re.Pattern[bytes]:
    p = re.escape(prefix)
    return byte_pattern(rf'<{p}c r="{letters}(\d+)"(?:[^>]*?\st="(\w+)")?[^>]*?(?:/>|>(.*?)</{p}c>)', re.S)


class NeedsWholeSheet(Exception):
    """A sheet read without its middle was asked something only the whole sheet can answer, after
    it was edited: the write starts again with every sheet read whole."""


class SheetPart:
    """A worksheet's XML, edited by splicing new text over the rows that change."""

    def __init__(
        self,
        pkg: Package,
        info: SheetInfo,
        shared: SharedStrings,
        styles: Styles,
        date1904: bool,
        layout: Layout | None = None,
    ) -> None:
        self.pkg = pkg
        self.info = info
        self.shared = shared
        self.styles = styles
        self.date1904 = date1904
        self.name = info.name
        # A sheet written with flush points around its middle (`workbook.flush_points`) is read
        # without the middle: `_data` is its head and tail, `_hole` the offset where the middle
        # stands; the middle's rows are known from the layout, its compressed bytes are copied.
        self._hole: int | None = None
        self._layout: Layout | None = None
        self._id_facts: dict[tuple[int, str, int], tuple[int, int]] = {}
        split = pkg.read_split(info.part, layout) if layout is not None else None
        if split is not None and layout is not None:
            self._layout, self._hole = layout, len(split[0])
            self._id_facts = dict(layout.id_max)
        self._load(split[0] + split[1] if split is not None else pkg.read(info.part))

    def _load(self, raw: bytes) -> None:
        # The sheet stays bytes: every XML name and attribute we look for is ASCII, so whole-sheet
        # scans run on the bytes as read (no decode of a sheet of hundreds of MB), a row is
        # decoded as latin-1 (one char per byte: offsets stay the file's) when it is read, and
        # a value taken out of it is turned into real text on its own (`_as_text`).
        if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
            raise WriteRefused("write.unsupported_encoding", sheet=self.name)
        self._data: bytes | None = raw
        self._segments: list[tuple[int, int] | str] | None = None
        root = _WORKSHEET.search(raw)
        if not root:
            raise WriteRefused("write.not_worksheet", sheet=self.name)
        self.p = (root.group(1) or b"").decode("latin-1")
        self._pats = _sheet_patterns(self.p)
        self._row_re = self._pats.row
        self._row_start = self._pats.row_start
        self._cell_re = self._pats.cell
        self._tables: list[TableInfo] | None = None
        self._arrays: list[tuple[int, int, int, int]] | None = None
        self._touched = False
        self._index()
        self._head0, self._tail0 = self.head, self.tail
        if self._hole is not None and not self.data_start <= self._hole <= self.data_end:
            self._whole()

    _dirty = False

    @property
    def edited(self) -> bool:
        """Whether this write has changed the sheet yet (rows waiting or committed, cells moved)."""
        return bool(self.pending) or self._segments is not None or self._dirty or self._touched

    @property
    def split(self) -> bool:
        """Whether the sheet was read without its middle (its layout matched the file)."""
        return self._hole is not None

    def _whole(self) -> None:
        """Read the middle of a sheet read without it: now, if nothing was edited yet; else start the write again."""
        if self._hole is None:
            return
        untouched = not self.edited and (self.head, self.tail) == (self._head0, self._tail0)
        if not untouched:
            raise NeedsWholeSheet(self.name)
        self._hole = self._layout = None
        self._id_facts = {}
        # what was found in the head and tail alone (`_beyond_middle`) does not speak for the middle
        self._texts = None
        self._plainly_written = None
        self._load(self.pkg.read(self.info.part))

    def _beyond_middle(self, col: int, text: str, first_row: int) -> bool:
        """Whether a sheet read without its middle cannot hold `text` in `col` there: an ID ("PREFIX
        digits") numbered above the highest the middle can hold (`Layout.middle_ids`). That one was taken
        over the whole sheet when the middle was laid (the next ID a write gives relies on such a fact the
        same way), and rows appended since stand after the middle: an ID given out since, the row a card
        or today's list takes back after logging it, is found in the tail, and the middle stays compressed."""
        if self._hole is None or self._layout is None:
            return False
        for (c, prefix, first), (number, _digits) in self._layout.middle_ids.items():
            if c == col and first <= first_row and prefix:
                found = id_number(text, prefix)
                if found is not None and found[0] > number:
                    return True
        return False

    def _in_middle(self, r: int) -> bool:
        rows = self._layout.rows if self._hole is not None and self._layout is not None else None
        return rows is not None and rows[0] <= r <= rows[-1]

    @property
    def data(self) -> bytes:
        """The sheet's XML bytes, joined from the last commit's pieces when first asked."""
        if self._data is None or self._segments is not None:
            base = self._data or b""
            pieces: list[bytes] = []
            length = 0
            for seg in self._walk():
                if seg is None:
                    self._hole = length
                    continue
                piece = base[seg[0] : seg[1]] if isinstance(seg, tuple) else seg.encode("latin-1")
                pieces.append(piece)
                length += len(piece)
            self._data = b"".join(pieces)
            self._segments = None
        return self._data

    def _walk(self) -> Iterator[tuple[int, int] | str | None]:
        """The last commit's segments in order, with None where a sheet read without its middle
        has it: at the first range that reaches the hole (text spliced in at the hole itself is
        a row after the middle; one before it would have needed the middle's rows)."""
        hole = self._hole
        segments = self._segments if self._segments is not None else [(0, len(self._data or b""))]
        for seg in segments:
            if hole is not None and isinstance(seg, tuple) and seg[0] <= hole <= seg[1]:
                if seg[0] < hole:
                    yield (seg[0], hole)
                yield None
                if hole < seg[1]:
                    yield (hole, seg[1])
                hole = None
                continue
            yield seg
        if hole is not None:
            raise NeedsWholeSheet(self.name)

    @property
    def xml(self) -> str:
        """The sheet's XML as text (for inspection: the writer itself works on `data`)."""
        return self.data.decode("utf-8", "replace")

    def _text(self, start: int, end: int) -> str:
        """A stretch of the sheet as latin-1 text, offsets unchanged."""
        return self.data[start:end].decode("latin-1")

    plan: Sequence[int] | None = None  # the middle's row numbers, when `chunks` set it between flush points

    def chunks(self) -> list[bytes | memoryview | Flush | Sealed]:
        """The sheet's XML as pieces, for writing: untouched stretches are views of the bytes read
        from the file, so a large sheet is never joined or copied again. A large sheet's middle
        stands between two flush points (`workbook.flush_points`); where the sheet was read
        without its middle, the middle's compressed bytes are copied (`Sealed`)."""
        base = memoryview(self._data or b"")

        def piece(seg: tuple[int, int] | str) -> bytes | memoryview:
            return base[seg[0] : seg[1]] if isinstance(seg, tuple) else seg.encode("latin-1")

        layout = self._layout
        if self._hole is not None and layout is not None:
            middle = layout.middle
            sealed = Sealed(middle.compressed, layout.tail.compressed, middle.crc, middle.size)
            self.plan = layout.rows
            return [sealed if seg is None else piece(seg) for seg in self._walk()]
        segments = self._segments if self._segments is not None else [(0, len(base))]
        cut = self._middle_cut(segments)
        self.plan = None
        if cut is None:
            return [piece(seg) for seg in segments]
        (i0, u0), (i1, u1), rows = cut
        out: list[bytes | memoryview | Flush | Sealed] = []
        for i, seg in enumerate(segments):
            if isinstance(seg, str) or i not in (i0, i1):
                out.append(piece(seg))
                continue
            cuts = [u for j, u in ((i0, u0), (i1, u1)) if j == i]
            edges = [seg[0], *cuts, seg[1]]
            for k in range(len(edges) - 1):
                if k:
                    out.append(Flush())
                out.append(base[edges[k] : edges[k + 1]])
        self.plan = rows
        return out

    def layout(self, written: WrittenMember, shared_crc: int | None) -> Layout | None:
        """What the next write can know of this sheet as just written, where `chunks` set its
        middle between flush points: the points, the middle's rows, the IDs and array formulas seen."""
        if self.plan is None or len(written.stretches) != 3:
            return None
        head, middle, tail = written.stretches
        arrays = list(self._arrays) if self._arrays is not None else None
        ids = dict(self._id_facts)
        # a middle copied as it is keeps its bound; one laid now holds only rows read, none above the facts
        kept = self._layout.middle_ids if self._hole is not None and self._layout is not None else ids
        return Layout(self.info.part, written, head, middle, tail, self.plan, ids, dict(kept), arrays, shared_crc)

    def _middle_cut(
        self, segments: list[tuple[int, int] | str]
    ) -> tuple[tuple[int, int], tuple[int, int], Sequence[int]] | None:
        """Where a large sheet's middle starts and ends, as (segment, offset in `_data`): at the
        first row after the head rows and at the last row found in the bytes read; and its row
        numbers. None where the sheet is small, its rows are not all found by their r, or what
        would follow the middle is large."""
        data = self._data or b""
        if len(data) < flush_points.FLUSH_POINTS_FROM or self._starts is not None:
            return None
        ranges = [(i, seg) for i, seg in enumerate(segments) if isinstance(seg, tuple)]
        first: tuple[int, int, int] | None = None  # (segment, offset, row number)
        for i, (a, b) in ranges:
            for m in self._pats.row_numbers.finditer(data, a, b):
                if m.group(1) is None:
                    return None
                if int(m.group(1)) > flush_points.HEAD_ROWS:
                    first = (i, m.start(), int(m.group(1)))
                    break
            if first is not None:
                break
        tag = b"<" + self.p.encode("latin-1") + b'row r="'
        last: tuple[int, int, int] | None = None
        for i, (a, b) in reversed(ranges):
            at = data.rfind(tag, a, b)
            if at >= 0:
                m = self._pats.row_numbers.match(data, at)
                if m is None or m.group(1) is None:
                    return None
                last = (i, at, int(m.group(1)))
                break
        if first is None or last is None or (last[0], last[1]) <= (first[0], first[1]):
            return None
        size = [len(seg) if isinstance(seg, str) else seg[1] - seg[0] for seg in segments]
        tail = sum(size[last[0] :]) - (last[1] - segments[last[0]][0])  # type: ignore[index]
        if tail > flush_points.TAIL_LIMIT:
            return None
        rn = self.row_numbers
        rows = rn[bisect.bisect_left(rn, first[2]) : bisect.bisect_left(rn, last[2])]
        if rows and rows[-1] - rows[0] + 1 == len(rows):
            rows = range(rows[0], rows[-1] + 1)  # ascending and as many as the span: every row, held small
        return ((first[0], first[1]), (last[0], last[1]), rows) if rows else None

    def _index(self) -> None:
        """Find sheetData and the row numbers. Where every row tag starts with its r attribute
        (Excel, LibreOffice, openpyxl and xlsxwriter all write it so) a row's text is found on
        demand by searching for that tag; otherwise every row's span is indexed up front."""
        data = self.data
        sd = self._pats.sheet_data.search(data)
        if not sd:
            raise WriteRefused("write.not_worksheet", sheet=self.name)
        if sd.group(1) == b"/":
            # <sheetData/>: open it up so rows can be spliced in
            tag = self.p.encode("latin-1")
            data = data[: sd.start()] + b"<" + tag + b"sheetData></" + tag + b"sheetData>" + data[sd.end() :]
            self._data = data
            sd = self._pats.sheet_data.search(data)
        self.data_start = sd.end()
        # once per sheet, near its end: search from there
        self.data_end = data.rfind(b"</" + self.p.encode("latin-1") + b"sheetData>")
        if self.data_end < self.data_start:
            raise WriteRefused("write.not_worksheet", sheet=self.name)
        self.pending: dict[int, _PendingRow] = {}
        self.tail = self._text(self.data_end, len(data))
        self.head = self._text(0, self.data_start)
        # the row numbers are scanned for when first needed
        self._rows: list[int] | None = None
        self._starts: list[int] | None = None
        self._found: dict[int, int] = {}  # row index -> start offset, found on demand

    @property
    def row_numbers(self) -> list[int]:
        """The sheet's row numbers, in file order (ascending: a sheet whose rows are not is refused)."""
        if self._rows is None:
            self._scan_rows()
        return self._rows  # type: ignore[return-value]

    @row_numbers.setter
    def row_numbers(self, rows: list[int]) -> None:
        self._rows = rows

    def _set_rows(self, rows: list[int]) -> None:
        if any(map(operator.gt, rows, rows[1:])):
            raise WriteRefused("write.rows_out_of_order", sheet=self.name)
        self._rows = rows

    def _scan_rows(self) -> None:
        data = self.data
        self._starts = None
        self._found = {}
        if self._hole is not None and self._layout is not None:
            # the head's rows, the middle's (from the layout), the tail's
            head = self._pats.row_numbers.findall(data, self.data_start, self._hole)
            tail = self._pats.row_numbers.findall(data, self._hole, self.data_end)
            if b"" in head or b"" in tail:
                self._whole()
                self._scan_rows()
                return
            self._set_rows([*map(int, head), *self._layout.rows, *map(int, tail)])
            return
        found = self._pats.row_numbers.findall(data, self.data_start, self.data_end)
        if b"" not in found:
            self._set_rows(list(map(int, found)))
        else:
            # a row without r first: index every span (only rows may stand inside sheetData,
            # so the start tags alone delimit them)
            starts: list[tuple[int, int]] = []
            last = 0
            for m in self._row_start.finditer(data, self.data_start, self.data_end):
                ra = m.group(1)
                r = int(ra) if ra else last + 1
                starts.append((r, m.start()))
                last = r
            self._set_rows([r for r, _s in starts])
            self._starts = [s for _r, s in starts]

    def _start(self, i: int) -> int:
        """Where the i-th row's tag starts (i == number of rows: the end of sheetData)."""
        if i >= len(self.row_numbers):
            return self.data_end
        if self._in_middle(self.row_numbers[i]):
            self._whole()
            return self._start(i)
        if self._starts is not None:
            return self._starts[i]
        hit = self._found.get(i)
        if hit is not None:
            return hit
        # search between the nearest rows already found, from the nearer side
        known = sorted(self._found)
        k = bisect.bisect_left(known, i)
        lo_i, lo = (known[k - 1], self._found[known[k - 1]]) if k else (-1, self.data_start)
        hi_i, hi = (known[k], self._found[known[k]]) if k < len(known) else (len(self.row_numbers), self.data_end)
        tag = f'<{self.p}row r="{self.row_numbers[i]}"'.encode("latin-1")
        data = self.data
        pos = data.find(tag, lo, hi) if i - lo_i <= hi_i - i else data.rfind(tag, lo, hi)
        if pos < 0:  # cannot happen: the number was read from this very tag
            raise WriteRefused("write.not_worksheet", sheet=self.name)
        self._found[i] = pos
        return pos

    def _end(self, i: int) -> int:
        """Where the i-th row's text ends (the next row's start)."""
        rows = self.row_numbers
        if (
            self._hole is not None
            and i + 1 < len(rows)
            and self._in_middle(rows[i + 1])
            and not self._in_middle(rows[i])
        ):
            return self._hole  # the last head row ends where the middle would start
        return self._start(i + 1)

    _cells_checked = False

    def _check_cells(self) -> None:
        # the fast column scan needs r as each cell's first attribute (Excel, LibreOffice, xlsxwriter do so)
        if self._cells_checked:
            return
        self._whole()
        self._r_first = self._pats.cell_r_not_first.search(self.data, self.data_start, self.data_end) is None
        self._cells_checked = True

    # ------------------------------------------------------------------ reading

    def _row_index(self, r: int) -> int | None:
        i = bisect.bisect_left(self.row_numbers, r)
        return i if i < len(self.row_numbers) and self.row_numbers[i] == r else None

    def row_cells(self, r: int) -> list[Cell]:
        """The cells of row r as in the file (edits not applied)."""
        i = self._row_index(r)
        if i is None:
            return []
        return self._parse_row(r, self._text(self._start(i), self._end(i)))

    def _parse_row(self, r: int, text: str) -> list[Cell]:
        """The cells of row r, given its text (from its tag to the next row's)."""
        m = self._row_re.match(text)
        body = m.group(2) or "" if m else ""
        cells: list[Cell] = []
        last = 0
        for cm in self._cell_re.finditer(body):
            a = parse_attrs(cm.group(1))
            if "r" in a:
                _, c = split_ref(a["r"])
                text = cm.group(0)
            else:
                c = last + 1
                a = {"r": f"{col_letter(c)}{r}", **a}
                text = self._cell_xml(a, cm.group(2) or "")
            cells.append(Cell(c, a, cm.group(2) or "", text))
            last = c
        return cells

    def row_attrs(self, r: int) -> dict[str, str]:
        i = self._row_index(r)
        if i is None:
            return {}
        m = self._row_re.match(self._text(self._start(i), self._end(i)))
        return parse_attrs(m.group(1))

    def cell_value(self, cell: Cell) -> CellValue:
        """A cell's value: str, float, bool, or None (dates stay serial numbers here)."""
        return self._value(cell.attrs.get("t", "n"), cell.inner)

    def _value(self, t: str, inner: str) -> CellValue:
        inner = _as_text(inner)
        if t == "inlineStr":
            m = re.search(r"<(\w+:)?is\b[^>]*>(.*?)</(?:\w+:)?is>", inner, re.S)
            return rich_text(m.group(2)) if m else ""
        v = re.search(r"<(?:\w+:)?v\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?v>)", inner, re.S)
        if not v or v.group(1) is None:
            return None
        raw = html.unescape(v.group(1))
        if t == "s":
            try:
                return self.shared.get(int(raw))
            except ValueError:
                return None
        if t in ("str", "e"):
            return unescape_excel(raw)
        if t == "b":
            return raw.strip() in ("1", "true")
        try:
            return float(raw)
        except ValueError:
            return raw

    def rows_values(self, first: int = 1, last: int = 10) -> dict[int, dict[int, CellValue]]:
        """{row: {col: value}} for rows first..last as in the file."""
        out: dict[int, dict[int, CellValue]] = {}
        lo = bisect.bisect_left(self.row_numbers, first)
        hi = bisect.bisect_right(self.row_numbers, last)
        for r in self.row_numbers[lo:hi]:
            out[r] = {c.col: self.cell_value(c) for c in self.row_cells(r)}
        return out

    _columns: dict[tuple[int, int], dict[int, CellValue]] | None = None

    def column_values(self, col: int, first_row: int = 1) -> dict[int, CellValue]:
        """{row: value} of one column, rows >= first_row, empty cells left out (kept until the
        next commit: one write often looks a customer up twice). Do not modify the result."""
        self._whole()
        if self._columns is None:
            self._columns = {}
        hit = self._columns.get((col, first_row))
        if hit is None:
            hit = self._columns[(col, first_row)] = self._column_values(col, first_row)
        return hit

    def _column_values(self, col: int, first_row: int) -> dict[int, CellValue]:
        out: dict[int, CellValue] = {}
        self._check_cells()
        if not self._r_first:
            # cells without r, or with r not first: each row is parsed and its cells placed
            for r in self.row_numbers:
                if r >= first_row:
                    for c in self.row_cells(r):
                        if c.col == col:
                            v = self.cell_value(c)
                            if v is not None and v != "":
                                out[r] = v
            return out
        # every cell carries r first (Excel, LibreOffice, openpyxl, xlsxwriter): one pattern finds the column's cells
        start = self._start(bisect.bisect_left(self.row_numbers, first_row))
        for m in _column_pattern(self.p, col_letter(col)).finditer(self.data, start, self.data_end):
            raw = m.group(3)
            if raw:
                v = self._value(m.group(2).decode("latin-1") if m.group(2) else "n", raw.decode("latin-1"))
                if v is not None and v != "":
                    out[int(m.group(1))] = v
        return out

    _texts: dict[tuple[int, int, str], set[int]] | None = None

    def rows_with_text(self, col: int, text: str, first_row: int = 1) -> set[int] | None:
        """The rows (>= first_row) whose cell in `col` is the text `text` (blanks around it
        ignored), found by searching for it rather than reading the whole column; None when
        only reading the column can tell (the text could also be a number, a truth value or
        an error, needs escaping, or the sheet or its shared strings are not laid out plainly).
        Kept until the next commit, like `column_values`. A sheet read without its middle is
        searched without it for an ID above every ID the middle can hold (`_beyond_middle`)."""
        if not self._beyond_middle(col, text, first_row):
            self._whole()
        if not text or text != text.strip() or text[0] == "#" or text.lower() in ("true", "false"):
            return None
        try:
            float(text)
            return None
        except ValueError:
            pass
        if self._texts is None:
            self._texts = {}
        hit = self._texts.get((col, first_row, text))
        if hit is not None:
            return hit
        indices = self.shared.indices_of(text)
        if indices is None:
            return None
        # the shared-string cells: each place the key's index stands as a value, checked to be a
        # text cell of this column (a plain find, far quicker than reading the column)
        found: set[int] = set()
        for index in indices:
            rows = self._sst_rows_in_column(index, col)
            if rows is None:
                return None
            found.update(r for r in rows if r >= first_row)
        # the inline-text cells: each place the text itself stands
        data, a, b = self.data, self.data_start, self.data_end
        if data.find(b'"inlineStr"', a, b) >= 0 or data.find(b'"str"', a, b) >= 0:
            inline = self._text_cells_with(col, text, first_row)
            if inline is None:
                return None
            found.update(inline)
        self._texts[(col, first_row, text)] = found
        return found

    _plainly_written: bool | None = None

    def _text_cells_with(self, col: int, text: str, first_row: int, most: int = 4096) -> set[int] | None:
        """The rows (>= first_row) whose inline-text or formula-text cell in `col` is `text`,
        found from each place the text itself stands (the rows this app appended hold their
        keys so until Excel next saves the file); None when that cannot be told by a find: a
        cell could hold the text in a form the find does not see (runs, character references,
        _xHHHH_ escapes), or a place it stands is not inside a cell with r, or it stands in
        more than `most` places."""
        if any(ch in text for ch in "&<>\"'") or not self._plain_text_cells():
            return None
        data, a, b = self.data, self.data_start, self.data_end
        needle, rows = text.encode("utf-8"), set()
        pos, n = data.find(needle, a, b), 0
        while pos >= 0:
            n += 1
            cell = self._cell_holding(pos) if n <= most else None
            if cell is None:
                return None
            body_start, end, attrs = cell
            t = attrs.get("t")
            if t in ("inlineStr", "str") and body_start <= pos:
                try:
                    r, c = split_ref(attrs.get("r", ""))
                except ValueError:
                    return None
                if c == col and r >= first_row:
                    v = self._value(t, data[body_start:end].decode("latin-1"))
                    if isinstance(v, str) and v.strip() == text:
                        rows.add(r)
            pos = data.find(needle, max(end, pos + 1), b)
        return rows

    def _plain_text_cells(self) -> bool:
        """No text in the sheet is split into runs, written as character references or as
        _xHHHH_ escapes: every text stands in the XML as itself (once per sheet)."""
        if self._plainly_written is None:
            data, a, b = self.data, self.data_start, self.data_end
            run = b"<" + self.p.encode("latin-1") + b"r>"
            self._plainly_written = not any(occurs(data, mark, a, b) for mark in (b"&#", run, b"_x"))
        return self._plainly_written

    def _cell_holding(self, pos: int) -> tuple[int, int, dict[str, str]] | None:
        """(where its body starts, where it ends, attributes) of the cell whose start tag or
        body holds offset `pos`; None when no cell with attributes holds it."""
        data, p = self.data, self.p.encode("latin-1")
        start = data.rfind(b"<" + p + b"c ", self.data_start, pos)
        if start < 0:
            return None
        tag_end = data.find(b">", start, self.data_end)
        if tag_end < 0:
            return None
        if data[tag_end - 1 : tag_end] == b"/":  # a cell without a body
            if pos >= tag_end:
                return None
            attrs = parse_attrs(data[start + 2 + len(p) : tag_end - 1].decode("latin-1"))
            return tag_end + 1, tag_end + 1, attrs
        end = data.find(b"</" + p + b"c>", tag_end, self.data_end)
        if end < pos:
            return None
        return tag_end + 1, end, parse_attrs(data[start + 2 + len(p) : tag_end].decode("latin-1"))

    def id_max(self, col: int, prefix: str, first_row: int = 1) -> tuple[int, int] | None:
        """(number, digits) of the highest "PREFIX digits" ID in a column, (0, 0) when it has
        none; None when this quick way cannot tell (then `id_numbers` reads the column).

        The IDs are looked for where they can be and then checked, rather than read cell by
        cell: the shared strings that are IDs, highest first, until one is a cell of this
        column; and the inline-text IDs (rows this app appended since the file was last saved
        in Excel), each checked for its column. A sheet read without its middle starts from the
        highest ID its layout recorded for the whole sheet (the middle is unchanged since)."""
        key = (col, prefix, first_row)
        if self._hole is not None:
            fact = self._layout.id_max.get(key) if self._layout is not None else None
            best = self._inline_id_max(col, prefix, first_row, fact) if fact is not None else None
            if best is None:
                self._whole()
                return self.id_max(col, prefix, first_row)
        else:
            best = self._id_max(col, prefix, first_row)
        if best is not None:
            self._id_facts[key] = best
        return best

    def _id_max(self, col: int, prefix: str, first_row: int) -> tuple[int, int] | None:
        shared = self.shared
        items = shared.id_items(prefix)
        if items is None:
            return None
        best: tuple[int, int] = (0, 0)
        distinct = set(map(int, items))
        for value in sorted(distinct)[:-17:-1]:  # the 16 highest (timsort: IDs come nearly in order)
            found = shared.id_indices(prefix, value)
            hits = [self._sst_cell_in_column(i, col, first_row) for i, _w in found]
            if None in hits:
                return None
            if True in hits:
                best = (value, max(w for (_i, w), hit in zip(found, hits, strict=True) if hit))
                break
        else:
            if len(distinct) > 16:
                return None  # many IDs in the table that are not this column's: read the column
        return self._inline_id_max(col, prefix, first_row, best)

    def _inline_id_max(self, col: int, prefix: str, first_row: int, best: tuple[int, int]) -> tuple[int, int] | None:
        """The highest of `best` and the inline-text IDs of the column; None when that cannot be told."""
        data, p, rule = self.data, re.escape(self.p), id_text(prefix)
        if data.find(b"inlineStr", self.data_start, self.data_end) >= 0:
            inline = byte_pattern(rf'inlineStr"[^>]*><{p}is><{p}t(?:\s[^>]*)?>{rule}</{p}t></{p}is>')
            # the same texts found from their "<t" (an inline text is the one <t> closing its
            # <is>): a scan keyed on "<t" runs 2x faster than one keyed on every inline cell's
            # "inlineStr"; the cell each candidate stands in is then checked with `inline`
            texts = byte_pattern(rf"<{p}t(?:\s[^>]*)?>{rule}</{p}t></{p}is>")
            distinct = set(texts.findall(data, self.data_start, self.data_end))
            ranked = heapq.nlargest(17, distinct, key=int)  # no full sort of 10^5 IDs for the top few
            for digits in ranked[:16]:
                if (int(digits), len(digits)) <= best:
                    break
                hit = self._inline_id_in_column(inline, digits, col, first_row)
                if hit is None:
                    return None
                if hit:
                    best = (int(digits), len(digits))
                    break
            else:
                if len(ranked) > 16:
                    return None
        return best

    def _inline_id_in_column(self, inline: re.Pattern[bytes], digits: bytes, col: int, first_row: int) -> bool | None:
        """Whether an inline-text ID with these digits is a cell of `col` at or below `first_row`;
        None when no such cell could be placed (written another way: let the column be read)."""
        data, p = self.data, self.p.encode("latin-1")
        needle = digits + b"</" + p + b"t></" + p + b"is>"
        pos = data.rfind(needle, self.data_start, self.data_end)  # new IDs are near the end
        placed = False
        for _ in range(64):
            if pos < 0:
                return False if placed else None
            start = data.rfind(b'inlineStr"', self.data_start, pos)
            m = inline.match(data, start) if start >= 0 else None
            if m is not None and m.end() == pos + len(needle) and m.group(1) == digits:
                where = self._cell_at(start)
                if where is None:
                    return None
                placed = True
                if where[1] == col and where[0] >= first_row:
                    return True
            pos = data.rfind(needle, self.data_start, pos)
        return None

    def _cell_around(self, pos: int) -> dict[str, str] | None:
        """The attributes of the cell that holds offset `pos` (in its start tag or its body);
        None when the nearest cell tag before it does not hold it (a tag written another way)."""
        cell = self._cell_holding(pos)
        return cell[2] if cell is not None else None

    def _cell_at(self, pos: int) -> tuple[int, int] | None:
        """(row, column) of the cell that holds offset `pos`; None without an r."""
        attrs = self._cell_around(pos)
        try:
            return split_ref(attrs["r"]) if attrs and attrs.get("r") else None
        except ValueError:
            return None

    def _sst_places(self, index: int, from_end: bool = False) -> Iterator[tuple[int, int] | tuple[()] | None]:
        """Each cell whose value is the number `index`, in file order or from the end: (row,
        column) for a shared-string cell, () for another cell (a number that looks alike), None
        for one that cannot be placed by a find (no r, a tag written another way)."""
        data, p = self.data, self.p.encode("latin-1")
        needle = b"<" + p + b"v>" + str(index).encode() + b"</" + p + b"v>"
        a, b = self.data_start, self.data_end
        pos = data.rfind(needle, a, b) if from_end else data.find(needle, a, b)
        while pos >= 0:
            attrs = self._cell_around(pos)
            if attrs is None:
                yield None
            elif attrs.get("t") != "s":
                yield ()
            else:
                try:
                    yield split_ref(attrs.get("r", ""))
                except ValueError:
                    yield None  # no r: its place cannot be told from here
            pos = data.rfind(needle, a, pos) if from_end else data.find(needle, pos + len(needle), b)

    def _sst_rows_in_column(self, index: int, col: int, most: int = 512) -> set[int] | None:
        """The rows whose cell in `col` shows shared string `index`; None when that cannot be told
        by a find (a cell it cannot place, or more than `most` cells holding that number)."""
        rows: set[int] = set()
        for n, place in enumerate(self._sst_places(index)):
            if n == most or place is None:
                return None
            if place and place[1] == col:
                rows.add(place[0])
        return rows

    def _sst_cell_in_column(self, index: int, col: int, first_row: int) -> bool | None:
        """Whether a cell of `col` at or below `first_row` shows shared string `index`; None
        when that cannot be told quickly (a cell without r, or too many look-alike numbers)."""
        for n, place in enumerate(self._sst_places(index, from_end=True)):  # new IDs are near the end
            if n == 256 or place is None:
                return None
            if place and place[1] == col and place[0] >= first_row:
                return True
        return False

    def highest_id(self, col: int, prefix: str, first_row: int = 1) -> tuple[int, int]:
        """(number, digits) of the highest "PREFIX digits" ID in a column, found the quick way where it
        can be and else by reading the column (then digits is the widest of them, as `writing` widens
        a new ID); kept for the layout either way, so a later write need not read the column."""
        quick = self.id_max(col, prefix, first_row)
        if quick is None:
            digits = self.id_numbers(col, prefix, first_row)
            quick = (max(map(int, digits), default=0), max(map(len, digits), default=0))
            self._id_facts[(col, prefix, first_row)] = quick
        return quick

    def id_numbers(self, col: int, prefix: str, first_row: int = 1) -> list[str]:
        """The digit strings of every ID in a column (`workbook.ids`: what the quick searches and the reader take)."""
        match = re.compile(id_text(prefix)).fullmatch
        return [m.group(1) for v in self.column_values(col, first_row).values() if (m := match(str(v)))]

    def last_used_row(self) -> int:
        """The last row holding a value or formula (rows of formatting only do not count)."""
        for i in range(len(self.row_numbers) - 1, -1, -1):
            if byte_pattern(r"<(\w+:)?(v|is|f)\b").search(self.data, self._start(i), self._end(i)):
                return self.row_numbers[i]
        return 0

    def merged_ranges(self) -> list[tuple[int, int, int, int]]:
        out = []
        for m in _MERGE_CELL.finditer(self.tail):
            rng = parse_range(parse_attrs(m.group(1)).get("ref", ""))
            if rng:
                out.append(rng)
        return out

    def array_ranges(self) -> list[tuple[int, int, int, int]]:
        """Ranges filled by array (and data-table) formulas: none of their cells may be overwritten."""
        if self._arrays is None and self._hole is not None:
            known = self._layout.arrays if self._layout is not None else None
            if known is None:
                self._whole()
            else:  # the layout's are the whole sheet's; the head and tail are searched again
                self._arrays = [*known, *self._arrays_in()]
        if self._arrays is None:
            self._arrays = self._arrays_in()
        return self._arrays

    def _arrays_in(self) -> list[tuple[int, int, int, int]]:
        found: list[tuple[int, int, int, int]] = []
        data = self.data
        if (b't="array"' not in data and b't="dataTable"' not in data) or data.find(
            f"<{self.p}f".encode("latin-1"), self.data_start, self.data_end
        ) < 0:
            # plain searches are far cheaper than the regex below; a long needle most of all
            return found
        for m in byte_pattern(r"<(?:\w+:)?f\b([^>]*\bt=\"(?:array|dataTable)\"[^>]*)>").finditer(data):
            rng = parse_range(parse_attrs(m.group(1).decode("latin-1")).get("ref", ""))
            if rng:
                found.append(rng)
        return found

    def is_protected(self) -> bool:
        m = _SHEET_PROTECTION.search(self.tail)
        if not m:
            return False
        return parse_attrs(m.group(1)).get("sheet", "0").lower() in ("1", "true")

    def col_style(self, col: int) -> int | None:
        """The default style of a column from <cols>, if any."""
        for m in _COL_TAG.finditer(self.head):
            a = parse_attrs(m.group(1))
            try:
                if int(a.get("min", 0)) <= col <= int(a.get("max", 0)) and "style" in a:
                    return int(a["style"])
            except ValueError:
                continue
        return None

    def tables(self) -> list[TableInfo]:
        """The Excel tables (ListObjects) on this sheet."""
        if self._tables is None:
            self._tables = []
            rn = rels_name(self.info.part)
            if self.pkg.has(rn):
                for _i, typ, part, mode in relationships(self.pkg.read(rn), posixpath.dirname(self.info.part)):
                    if typ.endswith("/table") and mode != "External" and self.pkg.has(part):
                        xml = self.pkg.read(part).decode("utf-8-sig")
                        m = TABLE_TAG.search(xml)
                        a = parse_attrs(m.group(1)) if m else {}
                        rng = parse_range(a.get("ref", ""))
                        if rng:
                            self._tables.append(
                                TableInfo(
                                    part,
                                    xml,
                                    rng,
                                    a.get("name", ""),
                                    int(a.get("headerRowCount", "1")),
                                    int(a.get("totalsRowCount", "0")),
                                )
                            )
        return self._tables

    def table_at(self, r: int, c: int) -> TableInfo | None:
        for t in self.tables():
            r1, c1, r2, c2 = t.ref
            if r1 <= r <= r2 and c1 <= c <= c2:
                return t
        return None

    # ------------------------------------------------------------------ editing

    def _check_cell(self, r: int, c: int, existing: Cell | None) -> None:
        ref = f"{col_letter(c)}{r}"
        if not (1 <= r <= MAX_ROW and 1 <= c <= MAX_COL):
            raise WriteRefused("write.bad_ref", sheet=self.name, cell=ref)
        if self.is_protected():
            raise WriteRefused("write.protected", sheet=self.name)
        for r1, c1, r2, c2 in self.merged_ranges():
            if r1 <= r <= r2 and c1 <= c <= c2:
                raise WriteRefused("write.merged", sheet=self.name, cell=ref, range=format_range(r1, c1, r2, c2))
        for r1, c1, r2, c2 in self.array_ranges():
            if r1 <= r <= r2 and c1 <= c <= c2:
                raise WriteRefused("write.array_formula", sheet=self.name, cell=ref, range=format_range(r1, c1, r2, c2))
        if existing is not None:
            if existing.has_formula:
                raise WriteRefused("write.formula_cell", sheet=self.name, cell=ref)
            if "vm" in existing.attrs or "cm" in existing.attrs:
                raise WriteRefused("write.rich_value_cell", sheet=self.name, cell=ref)
        t = self.table_at(r, c)
        if t is not None and t.header_rows and r == t.ref[0]:
            raise WriteRefused("write.table_header", sheet=self.name, cell=ref, table=t.name)
        if t is not None and t.totals_rows and r > t.ref[2] - t.totals_rows:
            raise WriteRefused("write.table_totals", sheet=self.name, cell=ref, table=t.name)

    def _style_for(self, r: int, c: int, w: Written, existing: Cell | None, above: int | None) -> int | None:
        style: int | None = None
        if existing is not None and "s" in existing.attrs:
            style = int(existing.attrs["s"])
        elif above is not None:
            for cell in self.row_cells(above):
                if cell.col == c and "s" in cell.attrs:
                    style = int(cell.attrs["s"])
            if style is None:
                style = self.col_style(c)
        else:
            style = self.col_style(c)
        if w.kind in ("date", "datetime") and (style is None or not self.styles.is_date(style)):
            style = self.styles.date_style(w.kind == "datetime")
        elif w.kind == "number" and style is not None and self.styles.is_date(style):
            style = None  # a plain number under a date format would read back as a date
        return style

    def _cell_xml(self, attrs: dict[str, str], inner: str) -> str:
        p = self.p
        return f"<{p}c{attrs_text(attrs)}>{inner}</{p}c>" if inner else f"<{p}c{attrs_text(attrs)}/>"

    def _render(self, r: int, c: int, w: Written, style: int | None) -> str:
        p = self.p
        attrs: dict[str, str] = {"r": f"{col_letter(c)}{r}"}
        if style:
            attrs["s"] = str(style)
        if w.kind == "empty":
            return self._cell_xml(attrs, "") if style else ""
        if w.kind == "text":
            text = clean_text(w.value)
            if len(text) > MAX_TEXT:
                raise WriteRefused("write.too_long", sheet=self.name, cell=attrs["r"], length=len(text), limit=MAX_TEXT)
            attrs["t"] = "inlineStr"
            return self._cell_xml(attrs, f'<{p}is><{p}t xml:space="preserve">{_xml_text(text)}</{p}t></{p}is>')
        if w.kind == "bool":
            attrs["t"] = "b"
            return self._cell_xml(attrs, f"<{p}v>{'1' if w.value else '0'}</{p}v>")
        if w.kind == "number":
            try:
                num = _number_text(w.value)
            except ValueError as exc:
                raise WriteRefused("write.bad_number", sheet=self.name, cell=attrs["r"], value=repr(w.value)) from exc
            return self._cell_xml(attrs, f"<{p}v>{num}</{p}v>")
        if w.kind in ("date", "datetime"):
            try:
                serial = excel_serial(w.value, self.date1904)
            except ValueError as exc:
                raise WriteRefused("write.bad_date", sheet=self.name, cell=attrs["r"], value=str(w.value)) from exc
            return self._cell_xml(attrs, f"<{p}v>{_number_text(serial)}</{p}v>")
        raise WriteRefused("write.bad_type", value=repr(w.value)[:80], type=w.kind)

    def set_cell(self, ref: str, value: CellValue | Written, *, above: int | None = None) -> None:
        """Set one cell ("B2") to a value (str is always text, never a formula)."""
        r, c = split_ref(ref)
        self.set_cells(r, {c: value}, above=above)

    def set_cells(self, r: int, values: dict[int, CellValue | Written], *, above: int | None = None) -> None:
        """Set cells of row r ({column index: value}); `above` is the row whose styles carry on."""
        existing = {cell.col: cell for cell in self.row_cells(r)}
        if existing:
            # an ID overwritten may have been the highest seen: no longer known for the next write
            for key in [k for k in self._id_facts if k[0] in values]:
                del self._id_facts[key]
        pending = self.pending.setdefault(r, _PendingRow())
        for c, value in sorted(values.items()):
            w = value if isinstance(value, Written) else classify(value)
            old = existing.get(c)
            self._check_cell(r, c, old)
            style = self._style_for(r, c, w, old, above if old is None else None)
            pending.cells[c] = _as_sheet(self._render(r, c, w, style))

    def cell(self, r: int, c: int) -> Cell | None:
        return next((cell for cell in self.row_cells(r) if cell.col == c), None)

    def append_target(self, cols: list[int]) -> tuple[int, TableInfo | None, int | None]:
        """Where a new row goes: (row, table it lands in or None, row above to copy styles from)."""
        for t in self.tables():
            r1, c1, r2, c2 = t.ref
            if not cols or not any(c1 <= c <= c2 for c in cols):
                continue  # a column added by hand beside the table still goes in the table's new row
            if t.totals_rows:
                raise WriteRefused("write.table_totals", sheet=self.name, cell=f"{col_letter(c1)}{r2}", table=t.name)
            data_top = r1 + t.header_rows
            last = self._last_value_row(data_top, r2, c1, c2)
            if last < r2:
                # the table has empty rows at its end (a fresh table's placeholder row)
                new_r = max(last + 1, data_top)
                for c in cols:
                    cell = None if c1 <= c <= c2 else self.cell(new_r, c)
                    if cell is not None and self.cell_value(cell) not in (None, ""):
                        raise WriteRefused("write.below_table_used", sheet=self.name, row=new_r, table=t.name)
                return new_r, t, (last if last >= data_top else None)
            style_row = r2 if r2 >= data_top else None
            typed = self._rows_typed_below(t, cols)
            if typed > r2:
                # rows typed, pasted or written by another program right under the table without
                # growing it: the table takes them in first, as Excel does when one types there
                self._grow(typed, t, cols)
                r2 = typed
            new_r = r2 + 1
            for c in sorted({*range(c1, c2 + 1), *cols}):
                cell = self.cell(new_r, c)
                if (cell is not None and self.cell_value(cell) not in (None, "")) or self.table_at(
                    new_r, c
                ) is not None:
                    raise WriteRefused("write.below_table_used", sheet=self.name, row=new_r, table=t.name)
            return new_r, t, style_row
        last = self.last_used_row()
        return last + 1, None, (last if last > 0 else None)

    def _rows_typed_below(self, t: TableInfo, cols: list[int]) -> int:
        """The last of the rows that follow table `t` without a gap, each holding a typed value (not
        only formulas) in the table's columns (or those being written), and standing in no merged
        range or other table; the table's last row when none does (the reader warns of rows after a gap)."""
        _r1, c1, r2, c2 = t.ref
        wanted = {*range(c1, c2 + 1), *cols}
        merged = [m for m in self.merged_ranges() if m[2] > r2]
        last = r2
        for r in self.row_numbers[bisect.bisect_right(self.row_numbers, r2) :]:
            if r != last + 1:
                break
            typed = [
                cell
                for cell in self.row_cells(r)
                if cell.col in wanted and not cell.has_formula and self.cell_value(cell) not in (None, "")
            ]
            # a row of formulas only (a total typed under the table) is not a record: not taken in
            if not typed or any(m[0] <= r <= m[2] for m in merged):
                break
            if any(self.table_at(r, c) is not None for c in wanted):
                break
            last = r
        return last

    def _last_value_row(self, top: int, bottom: int, c1: int, c2: int) -> int:
        """The last row in top..bottom with a value in columns c1..c2 (top - 1 if none)."""
        lo = bisect.bisect_left(self.row_numbers, top)
        hi = bisect.bisect_right(self.row_numbers, bottom)
        for r in reversed(self.row_numbers[lo:hi]):
            for cell in self.row_cells(r):
                if c1 <= cell.col <= c2 and (cell.has_formula or self.cell_value(cell) not in (None, "")):
                    return r
        return top - 1

    def append_row(self, values: dict[str | int, CellValue | Written], *, header_row: int | None = None) -> int:
        """Append a row ({column letter or index: value}); returns its row number."""
        by_col = {(col_index(k) if isinstance(k, str) else k): v for k, v in values.items()}
        cols = sorted(by_col)
        if self.pending:
            self.commit()  # appends see earlier edits of the same write
        r, table, above = self.append_target(cols)
        if header_row is not None and above is not None and above <= header_row:
            above = None
        for c in cols:
            for r1, c1, r2, c2 in self.merged_ranges():
                if r1 <= r <= r2 and c1 <= c <= c2:
                    raise WriteRefused(
                        "write.merged", sheet=self.name, cell=f"{col_letter(c)}{r}", range=format_range(r1, c1, r2, c2)
                    )
        self.set_cells(r, by_col, above=above)
        self.pending[r].above = above
        self._grow(r, table, cols)
        return r

    def _grow(self, r: int, table: TableInfo | None, cols: list[int]) -> None:
        """Extend the table, its filters, validations and formats to cover new row r."""
        if table is not None:
            r1, c1, r2, c2 = table.ref
            if r > r2:
                self.resize_table(table, (r1, c1, r, c2))
                self._extend_sqrefs(r2, r, c1, c2)
        else:
            last = r - 1
            if cols:
                self._extend_sqrefs(last, r, min(cols), max(cols))

    def resize_table(self, table: TableInfo, ref: tuple[int, int, int, int]) -> None:
        """The table's range becomes `ref` in its part, and so does its filter where it covered the whole table."""
        old_ref, new_ref = format_range(*table.ref), format_range(*ref)
        xml = _TABLE_REF.sub(lambda m: m.group(1) + new_ref + m.group(3), table.xml, count=1)
        xml = _AUTOFILTER_REF.sub(
            lambda m: m.group(1) + (new_ref if m.group(2) == old_ref else m.group(2)) + m.group(3), xml, count=1
        )
        table.xml, table.ref = xml, ref
        self._touched = True
        self.pkg.replace(table.part, xml.encode("utf-8"))

    def _extend_sqrefs(self, old_last: int, new_last: int, c1: int, c2: int) -> None:
        """Ranges that end on the old last row within these columns now end on the new one."""

        def grow(text: str) -> str:
            out = []
            for piece in text.split():
                rng = parse_range(piece)
                if rng and rng[2] == old_last and not (rng[3] < c1 or rng[1] > c2):
                    out.append(format_range(rng[0], rng[1], new_last, rng[3]))
                else:
                    out.append(piece)
            return " ".join(out)

        tail = self.tail

        def attr_sub(m: re.Match[str]) -> str:
            return m.group(1) + xml_attr(grow(html.unescape(m.group(2)))) + m.group(3)

        tail = _SQREF_ATTR.sub(attr_sub, tail)
        tail = _GROWABLE_X14.sub(
            lambda x: _SQREF_ELEMENT.sub(lambda m: m.group(1) + grow(m.group(2)) + m.group(3), x.group(0)), tail
        )

        def af_sub(m: re.Match[str]) -> str:
            rng = parse_range(m.group(2))
            if rng and rng[2] == old_last:
                return m.group(1) + format_range(rng[0], rng[1], new_last, rng[3]) + m.group(3)
            return m.group(0)

        tail = _AUTOFILTER_REF.sub(af_sub, tail, count=1)
        self.tail = tail

    # ------------------------------------------------------------------ output

    def _new_row_xml(self, r: int, pend: _PendingRow) -> str:
        p = self.p
        i = self._row_index(r)
        if i is not None:
            attrs = self.row_attrs(r)
            cells = {c.col: c.text for c in self.row_cells(r)}
        else:
            attrs, cells = {}, {}
            above = self.row_attrs(pend.above) if pend.above else {}
            for k in ("s", "customFormat", "ht", "customHeight"):
                if k in above:
                    attrs[k] = above[k]
            for k, v in above.items():
                if ":" in k and not k.startswith("xmlns"):
                    attrs[k] = v
        attrs.pop("spans", None)
        attrs = {"r": str(r), **{k: v for k, v in attrs.items() if k != "r"}}
        for c, xml in pend.cells.items():
            if xml:
                cells[c] = xml
            else:
                cells.pop(c, None)
        body = "".join(cells[c] for c in sorted(cells))
        return f"<{p}row{attrs_text(attrs)}>{body}</{p}row>" if body else f"<{p}row{attrs_text(attrs)}/>"

    def commit(self) -> None:
        """Splice the pending rows into the XML: the text between them is referenced, not
        parsed or copied (it is joined only if the sheet is read again before it is written)."""
        if not self.pending:
            return
        self.data  # noqa: B018 -- join an earlier commit's pieces: offsets below are into `_data`
        nums, added = self.row_numbers, list(self.pending)
        head = self._update_dimension(self.head)
        segments: list[tuple[int, int] | str] = [head]
        length = len(head)
        cursor = self.data_start
        for r in sorted(self.pending):
            j = self._row_index(r)
            if j is not None:
                at, after = self._start(j), self._end(j)
            else:
                at = after = self._start(bisect.bisect_left(nums, r))
            text = self._new_row_xml(r, self.pending[r])
            segments += [(cursor, at), text]
            length += at - cursor + len(text)
            cursor = after
        segments += [(cursor, self.data_end), self.tail]
        length += self.data_end - cursor + len(self.tail)
        self._segments = segments  # `_data` stays: the segments point into it
        self.head, self.data_start = head, len(head)
        self.data_end = length - len(self.tail)
        self.pending = {}
        self._dirty = True  # cells we write carry r first: the cell check still holds
        self._found = {}
        self._columns = None
        self._texts = None
        self._plainly_written = None
        if self._starts is None:
            # every row we write carries r first: the rows stay searchable, only offsets moved
            new = sorted(set(added).difference(nums))
            self.row_numbers = nums + new if not nums or not new or new[0] > nums[-1] else sorted({*nums, *added})
        else:
            self._scan_rows()

    def _update_dimension(self, head: str) -> str:
        m = _DIMENSION_REF.search(head)
        if not m:
            return head
        rng = parse_range(m.group(2)) or (1, 1, 1, 1)
        r1, c1, r2, c2 = rng
        for r, pend in self.pending.items():
            for c, xml in pend.cells.items():
                if xml:
                    r1, c1, r2, c2 = min(r1, r), min(c1, c), max(r2, r), max(c2, c)
        return head[: m.start(2)] + format_range(r1, c1, r2, c2) + head[m.end(2) :]

    # ------------------------------------------------------------------ a column added (workbook.upgrade)

    def set_cell_styled(self, r: int, c: int, value: CellValue, style: int | None) -> None:
        """Set one cell with the style given: a header cell added beside its neighbours takes theirs."""
        existing = self.cell(r, c)
        self._check_cell(r, c, existing)
        pending = self.pending.setdefault(r, _PendingRow())
        pending.cells[c] = _as_sheet(self._render(r, c, classify(value), style))

    def add_col_width(self, c: int, width: float, style: int | None = None) -> None:
        """Give column c a width (and a cell format) in <cols>, unless a <col> already covers it."""
        spans = []
        for m in _COL_TAG.finditer(self.head):
            a = parse_attrs(m.group(1))
            try:
                lo, hi = int(a.get("min", 0)), int(a.get("max", 0))
            except ValueError:
                return  # a <cols> we do not understand is left as it is
            if lo <= c <= hi:
                return
            spans.append((lo, m.start(), m.end()))
        styled = f' style="{style}"' if style is not None else ""
        tag = f'<{self.p}col min="{c}" max="{c}" width="{width}"{styled} customWidth="1"/>'
        if spans:
            # <col> elements stay in column order
            at = next((start for lo, start, _end in spans if lo > c), spans[-1][2])
            self.head = self.head[:at] + tag + self.head[at:]
            return
        sheet_data = self.head.rfind(f"<{self.p}sheetData")
        self.head = self.head[:sheet_data] + f"<{self.p}cols>{tag}</{self.p}cols>" + self.head[sheet_data:]

    def add_validation(self, element: str) -> None:
        """Add one <dataValidation> (real text) to the sheet's dataValidations, made if missing."""
        p = self.p
        element = _as_sheet(element)
        m = re.search(rf"<{re.escape(p)}dataValidations\b[^>]*>", self.tail)
        if m and not m.group(0).endswith("/>"):
            end = self.tail.index(f"</{p}dataValidations>", m.end())
            tail = self.tail[:end] + element + self.tail[end:]
            count = re.search(r'\bcount="(\d+)"', m.group(0))
            if count:
                opening = m.group(0).replace(count.group(0), f'count="{int(count.group(1)) + 1}"')
                tail = tail[: m.start()] + opening + tail[m.end() :]
            self.tail = tail
            return
        block = f'<{p}dataValidations count="1">{element}</{p}dataValidations>'
        if m:  # an empty <dataValidations/>
            self.tail = self.tail[: m.start()] + block + self.tail[m.end() :]
            return
        # the schema's order: dataValidations come before these
        after = re.compile(
            rf"<{re.escape(p)}(?:hyperlinks|printOptions|pageMargins|pageSetup|headerFooter|rowBreaks|colBreaks|"
            r"customProperties|cellWatches|ignoredErrors|smartTags|drawing|legacyDrawing|legacyDrawingHF|picture|"
            rf"oleObjects|controls|webPublishItems|tableParts|extLst)\b|</{re.escape(p)}worksheet>"
        )
        found = after.search(self.tail)
        at = found.start() if found else len(self.tail)
        self.tail = self.tail[:at] + block + self.tail[at:]

    def widen_autofilter(self, header_row: int, old_last_col: int, new_last_col: int) -> None:
        """A sheet's own filter (no table) over the header row takes in the added column."""

        def sub(m: re.Match[str]) -> str:
            rng = parse_range(m.group(2))
            if rng and rng[0] == header_row and rng[3] == old_last_col:
                return m.group(1) + format_range(rng[0], rng[1], rng[2], new_last_col) + m.group(3)
            return m.group(0)

        self.tail = _AUTOFILTER_REF.sub(sub, self.tail, count=1)

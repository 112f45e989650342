"""The shared-string table of a workbook, read lazily: only the strings asked for are decoded."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from workbook.ids import id_text
from workbook.markup import byte_pattern, rich_text

_SI_WORD = int.from_bytes(b"<si>", "little")
_RUN_OPEN = int.from_bytes(b"<r", "little")
_CHAR_REF = int.from_bytes(b"&#", "little")
_PAIRS = (_RUN_OPEN, _CHAR_REF, int.from_bytes(b"<s", "little"), int.from_bytes(b":s", "little"))
_I = ord("i")


class SharedStrings:
    """The shared string table, split lazily: only the strings asked for are decoded.

    The writer never adds to it (new text is written inline), so it stays the bytes it was
    read as. Most writes need a few strings near its start (the header row) and the index of
    one key: those are found without splitting the whole table; the split into one raw string
    per item happens only when a whole column is read.
    """

    def __init__(self, xml: bytes | None) -> None:
        self._xml = xml or b""
        first, last = self._xml.find(b"<si>"), self._xml.rfind(b"</si>")
        self._first, self._last = first, last
        # no "<si>" at all: an empty table, or one whose items carry a prefix ("<x:si>"), split below
        items = first >= 0 or b":si" in self._xml or b"<si" in self._xml
        self._raw_items: list[str] | None = None if items else []
        # found by one vectorised pass when first needed (`_scan`): every item's "<si>" offset,
        # whether the table is plain, and where items split into runs or hold references start
        self._plain_: bool | None = None if first >= 0 else False
        self._starts: Any = None
        self._marks: Any = None
        self._cache: dict[int, str] = {}

    @property
    def _plain(self) -> bool:
        """Back-to-back <si>...</si> items (Excel, LibreOffice, xlsxwriter, openpyxl): an item is
        the text between one "<si>" and the next "</si>", so positions alone find it."""
        if self._plain_ is None:
            self._scan()
        return bool(self._plain_)

    @_plain.setter
    def _plain(self, value: bool) -> None:
        self._plain_ = value

    def _scan(self) -> None:
        """One pass over the table as 4-byte words at each of the 4 alignments (a "<si>" is one
        word in one of them) and as 2-byte words at both (a "<r", "&#", "<s" or ":s" is one):
        every item's offset, the marks of items that are not their text as such, and
        plainness (every "<si" is "<si>", no "x:si" prefix). The comparisons write into one
        scratch buffer: in a fresh process new memory costs a page fault per 4 KB, and a few
        megabytes of temporaries cost more than the comparisons themselves."""
        xml = self._xml
        starts, marks, opens = [], [], []
        scratch = np.empty(len(xml) // 2 + 1, dtype=bool)
        for k in range(4):
            n = (len(xml) - k) // 4
            if n > 0:
                words = np.frombuffer(xml, dtype="<u4", count=n, offset=k)
                starts.append(np.flatnonzero(np.equal(words, _SI_WORD, out=scratch[:n])) * 4 + k)
        for k in range(2):
            n = (len(xml) - k) // 2
            if n > 0:
                pairs = np.frombuffer(xml, dtype="<u2", count=n, offset=k)
                hit = scratch[:n]
                found = [np.flatnonzero(np.equal(pairs, word, out=hit)) * 2 + k for word in _PAIRS]
                marks.append(np.concatenate(found[:2]))
                opens.append(np.concatenate(found[2:]))
        empty = np.zeros(0, dtype=np.int64)
        # each alignment's offsets are in order already: a stable sort merges the runs
        self._starts = np.sort(np.concatenate(starts), kind="stable") if starts else empty
        self._marks = np.sort(np.concatenate(marks), kind="stable") if marks else empty
        if self._plain_ is None:
            # every "<s" or ":s" followed by "i" must be one of the "<si>" found
            at = np.concatenate(opens) if opens else empty
            at = at[at + 2 < len(xml)]
            si = int(np.count_nonzero(np.frombuffer(xml, dtype=np.uint8)[at + 2] == _I))
            self._plain_ = si == len(self._starts) and self._first >= 0

    @property
    def _raw(self) -> list[str]:
        """Every item's inner XML, as text."""
        if self._raw_items is None:
            text = self._xml.decode("utf-8")
            items = text[text.find("<si>") + 4 : text.rfind("</si>")].split("</si><si>") if self._plain else []
            if self._plain and len(items) == self._xml.count(b"<si>"):
                self._raw_items = items  # one split in C
            else:
                self._plain = False
                self._raw_items = re.findall(r"<(?:\w+:)?si\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?si>)", text, re.S)
        return self._raw_items

    def _offsets(self) -> Any:
        """Every item's "<si>" offset (a numpy array); for a plain table only."""
        if self._starts is None:
            self._scan()
        return self._starts

    def _index_at(self, pos: int) -> int:
        """The index of the item that holds byte offset `pos` (plain table)."""
        return int(np.searchsorted(self._offsets(), pos, side="right")) - 1

    def _item(self, index: int) -> str | None:
        """Item `index`'s inner XML, found by its offset: the table is not split into strings for
        the few a write looks at (header names, settings, keys)."""
        if self._raw_items is None and self._plain:
            starts = self._offsets()
            if not 0 <= index < len(starts):
                return None
            start = int(starts[index]) + 4
            return self._xml[start : self._xml.find(b"</si>", start)].decode("utf-8")
        raw = self._raw
        return raw[index] if 0 <= index < len(raw) else None

    def prefix(self, n: int) -> bytes | None:
        """The table's first `n` items as they stand, from the first "<si>" to the end of item n-1: equal
        bytes, equal strings for every index below n. None for a table that is not plain or has fewer items."""
        if not self._plain:
            return None
        starts = self._offsets()
        if n > len(starts):
            return None
        if n == 0:
            return b""
        return self._xml[self._first : self._xml.find(b"</si>", int(starts[n - 1])) + 5]

    def count(self) -> int | None:
        """How many items the table holds (plain table only)."""
        return len(self._offsets()) if self._plain else None

    def get(self, index: int) -> str | None:
        hit = self._cache.get(index)
        if hit is None:
            if index < 0:
                return None
            raw = self._item(index)
            if raw is None:
                return None
            hit = self._cache[index] = rich_text(raw)
        return hit

    def indices_of(self, text: str) -> list[int] | None:
        """The indices of the items whose text, stripped, is `text`; None when that cannot be
        told from a byte search (the table is not plain, or `text` needs escaping)."""
        if not self._plain or not text or text != text.strip() or any(ch in text for ch in "&<>\"'_"):
            return None
        xml, needle = self._xml, text.encode("utf-8")
        # an item holds the text as such unless it is split into runs or written as references
        # (the marks of "<r" and "&#" from `_scan`: "<rPh" is among them, and checked as well)
        candidates: set[int] = set()
        pos = xml.find(needle, self._first)
        while pos >= 0:
            if pos <= self._last:
                candidates.add(self._index_at(pos))
            pos = xml.find(needle, pos + 1)
        marks = self._marks[(self._marks >= self._first) & (self._marks <= self._last)]
        if len(marks):
            candidates.update(int(i) for i in np.unique(np.searchsorted(self._starts, marks, side="right") - 1))
        found: list[int] = []
        for index in sorted(candidates):
            hit = self._cache.get(index)
            if hit is None:
                hit = self._cache[index] = rich_text(self._item(index) or "")
            if hit.strip() == text:
                found.append(index)
        return found

    def id_items(self, prefix: str) -> list[bytes] | None:
        """The digits of every item that is an ID with this prefix (`workbook.ids`); None for a table
        that is not plain."""
        if not self._plain:
            return None
        return byte_pattern(rf"<si><t(?:\s[^>]*)?>{id_text(prefix)}</t></si>").findall(self._xml, self._first)

    def id_indices(self, prefix: str, value: int) -> list[tuple[int, int]]:
        """(index, number of digits) of the items that are the ID with number `value` (plain table)."""
        pattern = byte_pattern(rf"<si><t(?:\s[^>]*)?>{id_text(prefix, f'0*{value}')}</t></si>")
        return [(self._index_at(m.start()), len(m.group(1))) for m in pattern.finditer(self._xml, self._first)]

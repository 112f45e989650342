"""The little XML this package needs without a parser: attributes of one tag, escaping, rich text.

Every part is searched as text or bytes with patterns (a parser would hold a 700 MB sheet in
memory as a tree); these are the shared pieces of that.
"""

from __future__ import annotations

import functools
import html
import re

_ATTR = re.compile(r"""([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_PHONETIC = re.compile(r"<(\w+:)?rPh\b.*?</(?:\w+:)?rPh>", re.S)
_T = re.compile(r"<(?:\w+:)?t\b[^>]*?(?:/>|>(.*?)</(?:\w+:)?t>)", re.S)
_ESCAPED_CHAR = re.compile(r"_x([0-9A-Fa-f]{4})_")

# start tags more than one part is searched for: group 1 is the attributes' text
SHEET_TAG = re.compile(r"<(?:\w+:)?sheet\b([^>]*?)/?>")
TABLE_TAG = re.compile(r"<(?:\w+:)?table\b([^>]*)>")


# a needle whose first byte is this often a false start is looked for by a pattern instead
_FIRST_BYTE_TRIES = 64


@functools.cache
def _literal(needle: bytes) -> re.Pattern[bytes]:
    return re.compile(re.escape(needle))


def occurs(data: bytes, needle: bytes, start: int, end: int) -> bool:
    """Whether `needle` stands whole in `data[start:end]` (what `data.find(needle, start, end) >= 0`
    tells), for a short needle looked for across a whole sheet: from each place its first byte
    stands (memchr) while that byte is rare, else by a pattern. Python's own find skips at most the
    needle's length at a time: 20-30 ms for a two- or three-byte needle through L's 23 MB checklist
    sheet, 0.7 s through its 850 MB contacts sheet; the rare first byte takes under a millisecond of
    the first, the pattern about half of it."""
    first = needle[:1]
    pos = data.find(first, start, end)
    for _ in range(_FIRST_BYTE_TRIES):
        if pos < 0:
            return False
        if data.startswith(needle, pos, end):
            return True
        pos = data.find(first, pos + 1, end)
    return pos >= 0 and _literal(needle).search(data, pos, end) is not None


def parse_attrs(tag_text: str) -> dict[str, str]:
    """Attributes of one start tag's text, unescaped, in document order."""
    return {
        m.group(1): html.unescape(m.group(2) if m.group(2) is not None else m.group(3))
        for m in _ATTR.finditer(tag_text)
    }


def attrs_text(attrs: dict[str, str]) -> str:
    return "".join(f' {k}="{xml_attr(v)}"' for k, v in attrs.items())


def xml_attr(text: str) -> str:
    """Text escaped for an attribute value."""
    return html.escape(text, quote=True)


def unescape_excel(text: str) -> str:
    """Text with Excel's "_xHHHH_" character escapes turned back into the characters."""
    return _ESCAPED_CHAR.sub(lambda m: chr(int(m.group(1), 16)), text)


def rich_text(inner: str) -> str:
    """The plain text of an <si>/<is> body (runs joined, phonetic runs left out)."""
    inner = _PHONETIC.sub("", inner)
    return unescape_excel("".join(html.unescape(m.group(1) or "") for m in _T.finditer(inner)))


@functools.lru_cache(maxsize=256)
def byte_pattern(pattern: str, flags: int = 0) -> re.Pattern[bytes]:
    """A pattern (ASCII, written as text) compiled for searching a part's bytes."""
    return re.compile(pattern.encode("latin-1"), flags)

"""Cell formats (styles.xml): which ones show dates, and a date format added when none exists."""

from __future__ import annotations

import re

from workbook.errors import WriteRefused
from workbook.markup import parse_attrs
from workbook.package import Package

_NUMFMT = re.compile(r"<(?:\w+:)?numFmt\b([^>]*?)/?>")
_CELLXFS = re.compile(r"<(\w+:)?cellXfs\b[^>]*>(.*?)</(?:\w+:)?cellXfs>", re.S)
_XF = re.compile(r"<(?:\w+:)?xf\b([^>]*?)(?:/>|>)")
_FORMAT_LITERALS = re.compile(r'"[^"]*"|\[[^\]]*\]|\\.')
_DATE_PART = re.compile(r"[ymd]")

_BUILTIN_DATE_FORMATS = set(range(14, 23)) | set(range(27, 37)) | set(range(45, 48)) | set(range(50, 59))


class Styles:
    """Enough of styles.xml to know which cell formats show dates, and to add one."""

    def __init__(self, pkg: Package, part: str | None) -> None:
        self.pkg = pkg
        self.part = part
        self.xml = pkg.read(part).decode("utf-8") if part and pkg.has(part) else ""
        self.numfmts: dict[int, str] = {}
        for m in _NUMFMT.finditer(self.xml):
            a = parse_attrs(m.group(1))
            if "numFmtId" in a:
                self.numfmts[int(a["numFmtId"])] = a.get("formatCode", "")
        self.xf_numfmt: list[int] = []
        cx = _CELLXFS.search(self.xml)
        if cx:
            for m in _XF.finditer(cx.group(2)):
                self.xf_numfmt.append(int(parse_attrs(m.group(1)).get("numFmtId", "0")))
        self._added: dict[int, int] = {}

    def is_date(self, style: int) -> bool:
        if not 0 <= style < len(self.xf_numfmt):
            return False
        fid = self.xf_numfmt[style]
        if fid in _BUILTIN_DATE_FORMATS:
            return True
        code = self.numfmts.get(fid)
        if not code:
            return False
        code = _FORMAT_LITERALS.sub("", code).lower()
        return bool(_DATE_PART.search(code)) and "general" not in code

    def date_style(self, with_time: bool) -> int:
        """A cell format showing a date (or date-time): an existing one, else one added."""
        wanted = 22 if with_time else 14
        for i, fid in enumerate(self.xf_numfmt):
            if fid == wanted:
                return i
        if wanted in self._added:
            return self._added[wanted]
        if not self.xml or not re.search(r"</(\w+:)?cellXfs>", self.xml):
            raise WriteRefused("write.no_styles")
        m = re.search(r"</(\w+:)?cellXfs>", self.xml)
        prefix = m.group(1) or ""
        xf = f'<{prefix}xf numFmtId="{wanted}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
        self.xml = self.xml[: m.start()] + xf + self.xml[m.start() :]
        index = len(self.xf_numfmt)
        self.xf_numfmt.append(wanted)
        self.xml = re.sub(
            r"(<(?:\w+:)?cellXfs\b[^>]*?\bcount=\")(\d+)(\")",
            lambda mm: f"{mm.group(1)}{index + 1}{mm.group(3)}",
            self.xml,
            count=1,
        )
        self._added[wanted] = index
        self.pkg.replace(self.part, self.xml.encode("utf-8"))
        return index

"""A workbook opened for surgical edits: its sheets, styles and shared strings over one `Package`.

`Book(data)` opens a workbook held in memory; `book.sheet(name)` gives a `SheetPart` whose
edits touch only the rows they change; `book.write(fileobj)` writes the new package.
Anything that cannot be done safely raises `WriteRefused`. Nothing here knows the schema;
`workbook.writing` builds on it.
"""

from __future__ import annotations

import posixpath
import re
from typing import BinaryIO

from workbook import flush_points
from workbook.errors import WriteRefused
from workbook.flush_points import Layout
from workbook.markup import SHEET_TAG, parse_attrs
from workbook.package import Package, relationships, rels_name
from workbook.prepared import Prepared
from workbook.shared_strings import SharedStrings
from workbook.sheet_part import SheetInfo, SheetPart
from workbook.styles import Styles

STRICT_NS = "http://purl.oclc.org/ooxml/"
REL_OFFICE_DOC = "/officeDocument"
_WORKBOOK_PR = re.compile(r"<(?:\w+:)?workbookPr\b([^>]*?)/?>")


class Book:
    """A workbook opened for surgical edits."""

    def __init__(
        self,
        data: bytes,
        layouts: dict[str, Layout] | None = None,
        known_ids: dict[str, tuple[int, int, int]] | None = None,
        prepared: dict[str, Prepared] | None = None,
    ) -> None:
        self.pkg = Package(data)
        # the highest IDs a read of these very bytes found (`LoadedWorkbook.highest_ids`): the first ID a
        # write allocates in a sheet it has not yet changed needs no scan of that sheet
        self.known_ids = known_ids or {}
        self._layouts_in = dict(layouts or {})
        for part, ready in (prepared or {}).items():
            # a sheet deflated ahead of this write, where the file still holds the member it was made from
            if part not in self._layouts_in and self.pkg.adopt(part, ready.packed, ready.source):
                self._layouts_in[part] = ready.layout
        root_rels = relationships(self.pkg.read("_rels/.rels"), "") if self.pkg.has("_rels/.rels") else []
        wb_part = next((p for _i, t, p, _m in root_rels if t.endswith(REL_OFFICE_DOC)), "xl/workbook.xml")
        if not self.pkg.has(wb_part):
            raise WriteRefused("write.not_xlsx")
        self.workbook_part = wb_part
        wb = self.pkg.read(wb_part).decode("utf-8")
        if STRICT_NS in wb[:2000]:
            raise WriteRefused("write.strict_ooxml")
        wp = _WORKBOOK_PR.search(wb)
        self.date1904 = bool(wp) and parse_attrs(wp.group(1)).get("date1904", "0").lower() in ("1", "true")
        rels = (
            relationships(self.pkg.read(rels_name(wb_part)), posixpath.dirname(wb_part))
            if self.pkg.has(rels_name(wb_part))
            else []
        )
        by_id = {i: (t, p) for i, t, p, _m in rels}
        self.sheets: list[SheetInfo] = []
        for m in SHEET_TAG.finditer(wb):
            a = parse_attrs(m.group(1))
            rid = next((v for k, v in a.items() if k.endswith(":id")), None)
            typ, part = by_id.get(rid or "", ("", ""))
            kind = typ.rsplit("/", 1)[-1] if typ else "other"
            self.sheets.append(SheetInfo(a.get("name", ""), part, kind, a.get("state", "visible")))
        styles = next((p for _i, t, p, _m in rels if t.endswith("/styles")), None)
        sst = next((p for _i, t, p, _m in rels if t.endswith("/sharedStrings")), None)
        self.styles = Styles(self.pkg, styles)
        self.shared = SharedStrings(self.pkg.read(sst) if sst and self.pkg.has(sst) else None)
        self._shared_crc = self.pkg.by_name[sst].crc if sst and self.pkg.has(sst) else None
        self._open: dict[str, SheetPart] = {}

    def sheet_names(self) -> list[str]:
        return [s.name for s in self.sheets]

    def sheet(self, name: str) -> SheetPart:
        """The worksheet called `name` (exactly as in the file), opened for editing."""
        info = next((s for s in self.sheets if s.name == name), None)
        if info is None:
            raise WriteRefused("write.no_sheet", sheet=name)
        if info.kind != "worksheet" or not self.pkg.has(info.part):
            raise WriteRefused("write.not_worksheet", sheet=name)
        if info.part not in self._open:
            layout = self._layouts_in.get(info.part)
            if layout is not None and (
                layout.shared_crc != self._shared_crc or layout.tail_size > flush_points.TAIL_LIMIT
            ):
                layout = None  # IDs read with other shared strings, or a tail grown long: the whole sheet
            self._open[info.part] = SheetPart(self.pkg, info, self.shared, self.styles, self.date1904, layout)
        return self._open[info.part]

    def first_sheet_with_data(self) -> SheetPart | None:
        for s in self.sheets:
            if s.kind == "worksheet" and self.pkg.has(s.part):
                sp = self.sheet(s.name)
                if sp.last_used_row() > 0:
                    return sp
        return None

    def _flush_sheets(self) -> None:
        for sp in self._open.values():
            sp.commit()
            if sp._dirty:
                self.pkg.replace(sp.info.part, sp.chunks())
                sp._dirty = False

    def write(self, out: BinaryIO) -> None:
        self._flush_sheets()
        self.pkg.write(out)

    def layouts(self) -> dict[str, Layout]:
        """The sheets `write` set between flush points, as the next write in this process can use them."""
        out: dict[str, Layout] = {}
        for part, sp in self._open.items():
            written = self.pkg.written.get(part)
            layout = sp.layout(written, self._shared_crc) if written is not None else None
            if layout is not None:
                out[part] = layout
        return out

    def deflated_ahead(self, sp: SheetPart) -> Prepared | None:
        """The sheet's content as the file holds it, deflated with the flush points a write lays and
        their layout, for a write to come (`workbook.prepared`). None where a write would lay none
        (a small sheet, rows not all numbered), where it was read without its middle (this process
        wrote it last: its points stand), or once it was edited."""
        if sp.split or sp.edited:
            return None
        part = sp.info.part
        pieces = sp.chunks()
        if sp.plan is None:
            return None
        source = self.pkg.source(part)
        packed, written = self.pkg.deflated(part, pieces)
        layout = sp.layout(written, self._shared_crc)
        return Prepared(part, source, packed, layout) if layout is not None else None

    def changed_parts(self) -> list[str]:
        self._flush_sheets()
        return sorted(self.pkg.replaced)

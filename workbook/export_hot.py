"""The month's hot-lead table as a NEW A4-landscape workbook, laid out like the paper 月度Hot管理表.

Sheets: the hot customers (consultant, customer, model, grade at the start and now, expected
purchase, the contacts' results per week W1..W5), the per-consultant totals by grade, and the
chart images. The caller hands over a `HotExport` with every figure worked out (logic.hot_leads)
and every text in the UI language (`ui.hot_export` builds it); this only lays it out, with
xlsxwriter, and never touches the manager's workbook.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

import xlsxwriter

from workbook.export import print_setup
from workbook.schema import Lang

GRADE_FILLS: dict[str, str] = {
    "H": "#F8CBAD",
    "A": "#FCE4D6",
    "B": "#FFF2CC",
    "C": "#DDEBF7",
    "O": "#C6EFCE",
    "D": "#C6EFCE",
    "F": "#D9D9D9",
    "Z": "#EDEDED",
}
_SHEET_NAME_MAX = 31
NOTE_WIDTH = 26  # characters (Excel column width) of each week's notes column


def _wrapped_lines(text: str, width: int) -> int:
    """About how many lines `text` takes in a wrapped cell `width` wide (CJK characters count double)."""
    total = 0
    for line in text.split("\n"):
        shown = sum(2 if ord(ch) > 0x2E7F else 1 for ch in line) * 0.9  # the notes font is 9 pt, not 11
        total += max(1, -(-int(shown) // width))
    return total


def _png_size(data: bytes) -> tuple[int, int, float]:
    """Width, height and DPI (96 when unstated) of a PNG, from its IHDR and pHYs chunks."""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG image")
    width, height = struct.unpack(">II", data[16:24])
    dpi = 96.0
    at = data.find(b"pHYs", 8, 4096)
    if at > 0:
        ppu_x, _ppu_y, unit = struct.unpack(">IIB", data[at + 4 : at + 13])
        if unit == 1 and ppu_x:
            dpi = ppu_x * 0.0254
    return width, height, dpi


@dataclass(frozen=True)
class HotRow:
    """One hot customer as listed: who, the grades at the month's start and now, each week's notes."""

    consultant: str
    customer: str
    model: str
    start: str
    now: str
    expected: date | None
    notes: Sequence[str]  # one per week column


@dataclass(frozen=True)
class TotalsRow:
    """One line of the totals sheet: a consultant (or the total) and the counts, in column order."""

    label: str
    values: Sequence[int]
    is_total: bool = False


@dataclass(frozen=True)
class HotExport:
    """Everything the export shows, figures worked out and texts in the UI language."""

    lang: Lang  # picks the font
    title: str
    as_of: str
    list_sheet: str
    list_headers: Sequence[str]  # consultant, customer, model, start, now, expected, then one per week
    rows: Sequence[HotRow]
    empty: str  # said on the list when there are no rows
    totals_sheet: str
    totals_corner: str  # the header over the row labels
    # (group title, its column titles); a group titled "" is columns each standing alone
    totals_groups: Sequence[tuple[str, Sequence[str]]]
    totals: Sequence[TotalsRow]
    rules: str  # a note under the totals
    charts_sheet: str
    images: Sequence[tuple[str, bytes]] = ()  # (title, PNG bytes), placed on the charts sheet


def hot_workbook(export: HotExport) -> bytes:
    """The export workbook as bytes."""
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    font = "Microsoft YaHei" if export.lang == "zh" else "Calibri"
    base = {"font_name": font, "font_size": 10, "valign": "top", "border": 1}
    f_title = book.add_format({"font_name": font, "bold": True, "font_size": 16})
    f_sub = book.add_format({"font_name": font, "font_size": 10, "font_color": "#555555"})
    f_head = book.add_format(
        base
        | {
            "bold": True,
            "bg_color": "#1F4E78",
            "font_color": "#FFFFFF",
            "align": "center",
            "valign": "vcenter",
            "text_wrap": True,
        }
    )
    f_cell = book.add_format(base)
    f_wrap = book.add_format(base | {"text_wrap": True, "font_size": 9})
    f_date = book.add_format(base | {"num_format": "yyyy-mm-dd", "align": "center"})
    f_num = book.add_format(base | {"align": "center"})
    f_total = book.add_format(base | {"bold": True, "align": "center", "bg_color": "#D9E1F2"})
    f_total_name = book.add_format(base | {"bold": True, "bg_color": "#D9E1F2"})
    f_grade = {
        g: book.add_format(base | {"align": "center", "bold": True, "bg_color": c}) for g, c in GRADE_FILLS.items()
    }

    title, as_of = export.title, export.as_of

    # ------------------------------------------------------------------ the hot customers
    ws = book.add_worksheet(export.list_sheet[:_SHEET_NAME_MAX])
    weeks = len(export.list_headers) - 6
    widths = [10, 12, 11, 7, 7, 11, *([NOTE_WIDTH] * weeks)]
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    ws.write(0, 0, title, f_title)
    ws.write(1, 0, as_of, f_sub)
    head = 3
    ws.set_row(head, 30)
    for c, h in enumerate(export.list_headers):
        ws.write(head, c, h, f_head)
    r = head + 1
    for row in export.rows:
        ws.write(r, 0, row.consultant, f_cell)
        ws.write(r, 1, row.customer, f_cell)
        ws.write(r, 2, row.model, f_cell)
        for c, g in ((3, row.start), (4, row.now)):
            ws.write(r, c, g, f_grade.get(g, f_num))
        if row.expected is None:
            ws.write_blank(r, 5, None, f_date)
        else:
            ws.write_datetime(r, 5, datetime.combine(row.expected, datetime.min.time()), f_date)
        lines = 1
        for i, note in enumerate(row.notes[:weeks]):
            lines = max(lines, _wrapped_lines(note, NOTE_WIDTH))
            ws.write(r, 6 + i, note, f_wrap)
        ws.set_row(r, min(12.5 * lines + 3, 200))
        r += 1
    if not export.rows:
        ws.write(r, 0, export.empty, f_sub)
    ws.freeze_panes(head + 1, 2)
    print_setup(ws, title, repeat=(head, head))

    # ------------------------------------------------------------------ totals by consultant
    ws2 = book.add_worksheet(export.totals_sheet[:_SHEET_NAME_MAX])
    ws2.write(0, 0, title, f_title)
    ws2.write(1, 0, as_of, f_sub)
    top, sub = 3, 4
    ws2.set_column(0, 0, 12)
    ws2.merge_range(top, 0, sub, 0, export.totals_corner, f_head)
    idx = 1
    for group, labels in export.totals_groups:
        first_idx = idx
        for label in labels:
            if group:
                ws2.write(sub, idx, label, f_head)
            else:
                ws2.merge_range(top, idx, sub, idx, label, f_head)
            idx += 1
        if group:
            ws2.merge_range(top, first_idx, top, idx - 1, group, f_head)
    ws2.set_column(1, idx - 1, 7)
    ws2.set_row(sub, 30)
    r = sub + 1
    for line in export.totals:
        ws2.write(r, 0, line.label, f_total_name if line.is_total else f_cell)
        for i, value in enumerate(line.values):
            ws2.write_number(r, 1 + i, value, f_total if line.is_total else f_num)
        r += 1
    ws2.write(r + 1, 0, export.rules, f_sub)
    print_setup(ws2, title, repeat=(top, sub))

    # ------------------------------------------------------------------ charts
    images = export.images
    if images:
        ws3 = book.add_worksheet(export.charts_sheet[:_SHEET_NAME_MAX])
        ws3.write(0, 0, title, f_title)
        print_setup(ws3, title, repeat=None)
        # a 2 x 2 grid per A4 landscape page; xlsxwriter sizes by the PNG's own DPI, so do we
        box_w, box_h, cols_per_box, row_px = 540, 330, 9, 20
        rows_per_box = box_h // row_px + 2
        breaks: list[int] = []
        for i, (name, data) in enumerate(images):
            w, h, dpi = _png_size(data)
            w, h = w * 96 / dpi, h * 96 / dpi
            scale = min(1.0, box_w / w, box_h / h)
            row = 2 + (i // 2) * rows_per_box
            col = (i % 2) * cols_per_box
            ws3.insert_image(
                row,
                col,
                f"chart{i + 1}.png",
                {
                    "image_data": io.BytesIO(data),
                    "x_scale": scale,
                    "y_scale": scale,
                    "object_position": 3,
                    "description": name,
                },
            )
            if i % 4 == 3 and i + 1 < len(images):
                breaks.append(row + rows_per_box)
        ws3.set_h_pagebreaks(breaks)
    book.close()
    return buf.getvalue()

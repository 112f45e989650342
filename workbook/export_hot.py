"""The month's hot-lead table as a NEW A4-landscape workbook, laid out like the paper 月度Hot管理表.

Sheets: the hot customers (consultant, customer, model, grade at the start and now, expected
purchase, the contacts' results per week W1..W5), the per-consultant totals by grade, and the
chart images. Built with xlsxwriter; never touches the manager's workbook.
"""

from __future__ import annotations

import io
import struct
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path

import pandas as pd
import xlsxwriter

from i18n import t
from logic.hot_leads import MOVES, TOTAL, WEEKS, month_bounds
from workbook.schema import HOT_GRADES

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


def week_headers(month: str | date, lang: str) -> list[str]:
    """Column titles W1..W5 with their day ranges, e.g. "W1 11/01-11/07"."""
    first, last = month_bounds(month)
    out = []
    for i, w in enumerate(WEEKS):
        a = first + timedelta(days=7 * i)
        if a > last:
            break
        b = last if i == len(WEEKS) - 1 else min(a + timedelta(days=6), last)
        out.append(f"{w} {a:%m/%d}-{b:%m/%d}")
    return out


def _text(v: object) -> str:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return ""
    return str(v)


def _day(v: object) -> date | None:
    if v is None or v is pd.NaT or (not isinstance(v, str) and pd.isna(v)):
        return None
    return pd.Timestamp(v).date()


def hot_export(
    rows: pd.DataFrame,
    totals: pd.DataFrame,
    *,
    month: str,
    lang: str,
    start: date,
    now: date,
    today: date,
    store: str = "",
    images: Sequence[tuple[str, bytes]] = (),
) -> bytes:
    """The export workbook as bytes.

    `rows`: one per customer with consultant, name, model, start, now, expected_purchase and
    W1..W5 (see `logic.hot_leads.month_sheet`); `totals`: `monthly_table(..., by="consultant")`;
    `images`: (title, PNG bytes) pairs placed on the charts sheet.
    """
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False})
    font = "Microsoft YaHei" if lang == "zh" else "Calibri"
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

    title = t("hot.export.title", lang, store=store, month=month).strip()
    as_of = t("hot.export.as_of", lang, start=start.isoformat(), now=now.isoformat(), today=today.isoformat())

    def page_setup(ws: xlsxwriter.worksheet.Worksheet, header_row: int | None) -> None:
        ws.set_landscape()
        ws.set_paper(9)  # A4
        ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
        ws.fit_to_pages(1, 0)
        ws.center_horizontally()
        ws.set_header(f'&L&"{font},Bold"{title.replace("&", "&&")}&R{today.isoformat()}')
        ws.set_footer("&C" + t("hot.export.footer", lang))
        if header_row is not None:
            ws.repeat_rows(header_row)

    # ------------------------------------------------------------------ the hot customers
    ws = book.add_worksheet(t("hot.export.sheet.list", lang)[:_SHEET_NAME_MAX])
    weeks = week_headers(month, lang)
    headers = [
        t("hot.col.consultant", lang),
        t("hot.col.customer", lang),
        t("hot.col.model", lang),
        t("hot.col.start_grade", lang),
        t("hot.col.now_grade", lang),
        t("hot.col.expected", lang),
        *weeks,
    ]
    widths = [10, 12, 11, 7, 7, 11, *([NOTE_WIDTH] * len(weeks))]
    for c, w in enumerate(widths):
        ws.set_column(c, c, w)
    ws.write(0, 0, title, f_title)
    ws.write(1, 0, as_of, f_sub)
    head = 3
    ws.set_row(head, 30)
    for c, h in enumerate(headers):
        ws.write(head, c, h, f_head)
    r = head + 1
    for rec in rows.to_dict("records"):
        ws.write(r, 0, _text(rec.get("consultant")), f_cell)
        ws.write(r, 1, _text(rec.get("name")), f_cell)
        ws.write(r, 2, _text(rec.get("model")), f_cell)
        for c, col in ((3, "start"), (4, "now")):
            g = _text(rec.get(col))
            ws.write(r, c, g, f_grade.get(g, f_num))
        d = _day(rec.get("expected_purchase"))
        if d is None:
            ws.write_blank(r, 5, None, f_date)
        else:
            ws.write_datetime(r, 5, pd.Timestamp(d).to_pydatetime(), f_date)
        lines = 1
        for i, w in enumerate(WEEKS[: len(weeks)]):
            note = _text(rec.get(w))
            lines = max(lines, _wrapped_lines(note, NOTE_WIDTH))
            ws.write(r, 6 + i, note, f_wrap)
        ws.set_row(r, min(12.5 * lines + 3, 200))
        r += 1
    if len(rows) == 0:
        ws.write(r, 0, t("hot.empty", lang), f_sub)
    ws.freeze_panes(head + 1, 2)
    page_setup(ws, head)

    # ------------------------------------------------------------------ totals by consultant
    ws2 = book.add_worksheet(t("hot.export.sheet.totals", lang)[:_SHEET_NAME_MAX])
    groups = [
        ("hot.col.start", [*(f"start_{g}" for g in HOT_GRADES), "start_hot"]),
        # new leads now O/D/F/Z have their own column, so H+A+B+C+it is the subtotal (as on the page)
        ("hot.col.new", [*(f"new_{g}" for g in HOT_GRADES), "new_other", "new"]),
        ("", ["upgraded", "downgraded", *MOVES]),
        ("hot.col.now", [*(f"now_{g}" for g in HOT_GRADES), "now_hot"]),
    ]
    ws2.write(0, 0, title, f_title)
    ws2.write(1, 0, as_of, f_sub)
    top, sub = 3, 4
    ws2.set_column(0, 0, 12)
    ws2.merge_range(top, 0, sub, 0, t("hot.col.consultant", lang), f_head)
    order: list[str] = []
    idx = 1
    for group_key, cols in groups:
        first_idx = idx
        for col in cols:
            if col == "new_other":
                label = t("hot.col.new_other", lang)
            elif col == "new":
                label = t("hot.col.new_total", lang)
            elif col.endswith("_hot"):
                label = t("hot.col.hot", lang)
            elif col[-2:-1] == "_" and col[-1] in HOT_GRADES:
                label = col[-1]
            else:
                label = t(f"hot.col.{col}", lang)
            if group_key:
                ws2.write(sub, idx, label, f_head)
            else:
                ws2.merge_range(top, idx, sub, idx, label, f_head)
            order.append(col)
            idx += 1
        if group_key:
            ws2.merge_range(top, first_idx, top, idx - 1, t(group_key, lang), f_head)
    ws2.set_column(1, len(order), 7)
    ws2.set_row(sub, 30)
    r = sub + 1
    for name, rec in totals.iterrows():
        is_total = name == TOTAL
        label = t("hot.total", lang) if is_total else (_text(name) or t("hot.none", lang))
        ws2.write(r, 0, label, f_total_name if is_total else f_cell)
        for i, col in enumerate(order):
            if col == "new_other":
                value = int(rec["new"]) - sum(int(rec[f"new_{g}"]) for g in HOT_GRADES)
            else:
                value = int(rec[col])
            ws2.write_number(r, 1 + i, value, f_total if is_total else f_num)
        r += 1
    ws2.write(r + 1, 0, t("hot.rules", lang), f_sub)
    page_setup(ws2, None)
    ws2.repeat_rows(top, sub)

    # ------------------------------------------------------------------ charts
    if images:
        ws3 = book.add_worksheet(t("hot.export.sheet.charts", lang)[:_SHEET_NAME_MAX])
        ws3.write(0, 0, title, f_title)
        page_setup(ws3, None)
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


def write_hot_export(path: str | Path, rows: pd.DataFrame, totals: pd.DataFrame, **kwargs: object) -> Path:
    """Write `hot_export(...)` to a new file at `path`."""
    p = Path(path)
    p.write_bytes(hot_export(rows, totals, **kwargs))  # type: ignore[arg-type]
    return p

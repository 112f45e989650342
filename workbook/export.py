"""A4 exports: a NEW .xlsx (in memory) of one or more tables, ready to print; and the one A4 print
setup every .xlsx this product makes uses (`print_setup`: exports and the new workbook's template).

    data = export_workbook([("今日跟进", frame)], lang="zh", title="星辰汽车4S店 跟进清单 2026-11-20")

`tables` is a list of (sheet title, data) or (sheet title, rows, headers), or a dict
{sheet title: data}. `data` is a pandas DataFrame, a list of row dicts, or a list of row
lists/tuples with `headers`. Each sheet gets the title in its first row, bold headers with
filter buttons, column widths from the content, yyyy-mm-dd dates, yes/no words for booleans
(the workbook's own, `schema.YES_NO_LABELS`), then `print_setup`. Every text is the caller's:
nothing here translates. Never used on a manager's workbook: it only makes new files.
"""

from __future__ import annotations

import io
import math
import re
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime, time
from typing import Any

import pandas as pd
import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from workbook.schema import YES_NO_LABELS, Lang

Table = tuple[str, Any] | tuple[str, Any, Sequence[str]]
Tables = Sequence[Table] | Mapping[str, Any]

_BAD_SHEET_CHARS = re.compile(r"[\[\]:*?/\\]")
_MIN_WIDTH, _MAX_WIDTH = 6, 50
A4 = 9  # Excel's paper size code


def print_setup(ws: Worksheet, title: str, *, repeat: tuple[int, int] | None, landscape: bool = True) -> None:
    """A4, one page wide and as many tall as needed, centred, `repeat` rows (first, last) on every
    page, `title` top left, the printing date top right, page numbers at the foot."""
    ws.set_paper(A4)
    if landscape:
        ws.set_landscape()
    else:
        ws.set_portrait()
    ws.fit_to_pages(1, 0)
    if repeat is not None:
        ws.repeat_rows(*repeat)
    ws.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    ws.center_horizontally()
    ws.set_header(f"&L&B{title.replace('&', '&&')}&R&D")  # '&' is Excel's control character here
    ws.set_footer("&C&P / &N")


def export_workbook(tables: Tables, lang: Lang = "zh", title: str = "", *, landscape: bool = True) -> bytes:
    """The .xlsx bytes of `tables`, each on its own A4 sheet under `title` (texts as given)."""
    items = _normalize(tables)
    buffer = io.BytesIO()
    wb = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False,
                                      "strings_to_urls": False})  # fmt: skip
    fmt = {
        "title": wb.add_format({"bold": True, "font_size": 14}),
        "header": wb.add_format(
            {"bold": True, "bg_color": "#D9E1F2", "border": 1, "text_wrap": True, "valign": "vcenter"}
        ),
        "text": wb.add_format({"border": 1, "valign": "top", "text_wrap": True}),
        "number": wb.add_format({"border": 1, "valign": "top"}),
        "date": wb.add_format({"border": 1, "valign": "top", "num_format": "yyyy-mm-dd"}),
        "datetime": wb.add_format({"border": 1, "valign": "top", "num_format": "yyyy-mm-dd hh:mm"}),
    }
    yes, no = YES_NO_LABELS[lang]
    used: set[str] = set()
    for sheet_title, headers, rows in items:
        ws = wb.add_worksheet(_sheet_name(sheet_title, used))
        heading = " — ".join(x for x in (title, sheet_title) if x) if len(items) > 1 else (title or sheet_title)
        ws.write_string(0, 0, heading, fmt["title"])
        for j, h in enumerate(headers):
            ws.write_string(1, j, str(h), fmt["header"])
        widths = [_text_width(str(h)) for h in headers]
        for i, row in enumerate(rows, start=2):
            for j, value in enumerate(row):
                shown = _write(ws, i, j, value, fmt, yes, no)
                if j >= len(widths):
                    widths.append(0)
                widths[j] = max(widths[j], _text_width(shown))
        for j, w in enumerate(widths):
            ws.set_column(j, j, min(_MAX_WIDTH, max(_MIN_WIDTH, w + 2)))
        last_row = max(1, len(rows) + 1)
        if headers:
            ws.autofilter(1, 0, last_row, len(headers) - 1)
        ws.freeze_panes(2, 0)
        print_setup(ws, heading, repeat=(0, 1), landscape=landscape)
    if not items:
        wb.add_worksheet(_sheet_name(title or "Sheet1", used)).write_string(0, 0, title, fmt["title"])
    wb.close()
    return buffer.getvalue()


def _normalize(tables: Tables) -> list[tuple[str, list[str], list[list[Any]]]]:
    """(sheet title, headers, rows as lists) for every accepted input shape."""
    pairs: Iterable[Any] = tables.items() if isinstance(tables, Mapping) else tables
    out = []
    for item in pairs:
        sheet_title, data = str(item[0]), item[1]
        given = list(item[2]) if len(item) > 2 and item[2] is not None else None
        out.append((sheet_title, *_rows(data, given)))
    return out


def _rows(data: Any, headers: list[str] | None) -> tuple[list[str], list[list[Any]]]:
    if hasattr(data, "columns") and hasattr(data, "itertuples"):  # a pandas DataFrame
        cols = [str(c) for c in data.columns]
        return (headers or cols), [list(r) for r in data.itertuples(index=False, name=None)]
    rows = list(data or [])
    if rows and isinstance(rows[0], Mapping):
        keys: list[str] = list(headers or [])
        if not keys:
            for r in rows:
                keys.extend(k for k in r if k not in keys)
        return [str(k) for k in keys], [[r.get(k) for k in keys] for r in rows]
    return [str(h) for h in (headers or [])], [list(r) for r in rows]


def _write(ws: Worksheet, r: int, j: int, value: Any, fmt: dict[str, Any], yes: str, no: str) -> str:
    """Write one cell; return the text it shows (for the column width)."""
    if value is None or (isinstance(value, float) and math.isnan(value)) or _is_missing(value):
        ws.write_blank(r, j, None, fmt["text"])
        return ""
    if isinstance(value, bool):
        text = yes if value else no
        ws.write_string(r, j, text, fmt["text"])
        return text
    if hasattr(value, "to_pydatetime"):  # pandas Timestamp
        value = value.to_pydatetime()
    if isinstance(value, datetime):
        if value.time() == time(0, 0):
            ws.write_datetime(r, j, value, fmt["date"])
            return "yyyy-mm-dd"
        ws.write_datetime(r, j, value.replace(tzinfo=None), fmt["datetime"])
        return "yyyy-mm-dd hh:mm"
    if isinstance(value, date):
        ws.write_datetime(r, j, value, fmt["date"])
        return "yyyy-mm-dd"
    if isinstance(value, int | float) and not isinstance(value, bool):
        ws.write_number(r, j, value, fmt["number"])
        return f"{value:g}" if isinstance(value, float) else str(value)
    if hasattr(value, "item") and callable(value.item):  # numpy scalar
        return _write(ws, r, j, value.item(), fmt, yes, no)
    text = str(value)
    ws.write_string(r, j, text, fmt["text"])
    return text


def _is_missing(value: Any) -> bool:
    return value is pd.NA or value is pd.NaT


def _text_width(text: str) -> int:
    """Excel column width for `text`: CJK characters count double, long text wraps at the cap."""
    longest = max((line for line in text.split("\n")), key=len, default="")
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in longest)


def _sheet_name(title: str, used: set[str]) -> str:
    """A valid, unique Excel sheet name from `title` (31 characters, no []:*?/\\)."""
    base = _BAD_SHEET_CHARS.sub("_", title).strip("'") or "Sheet"
    name = base[:31]
    n = 2
    while name.lower() in used:
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
        n += 1
    used.add(name.lower())
    return name

"""One delivery's ceremony checklist as a NEW A4-portrait workbook: the printed form's content.

The page builds a `ChecklistForm` (every text already in the UI language) and both the print
view (HTML) and this export render it, so the two always say the same. Built with
xlsxwriter; never touches the manager's workbook.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from workbook.export import print_setup

TICK = "√"  # the tick Chinese paper forms use; in every CJK font, unlike ☑
COLUMNS = 6  # box, item, owner, due, by, at
WIDTHS = (5, 46, 20, 12, 10, 12)


@dataclass(frozen=True)
class FormItem:
    """One checklist line as printed."""

    done: bool
    text: str
    required: bool
    owner: str
    due: datetime | None
    by: str
    at: datetime | None


@dataclass(frozen=True)
class ChecklistForm:
    """The confirmation form of one delivery: facts, items by phase, footnote and signature lines."""

    title: str
    facts: Sequence[tuple[str, str]]
    headers: Sequence[str]
    phases: Sequence[tuple[str, Sequence[FormItem]]]
    footnote: str
    signatures: Sequence[str]
    sheet_name: str = "Checklist"


def checklist_export(form: ChecklistForm) -> bytes:
    """The .xlsx bytes of `form`: one A4-portrait sheet, one page wide, header row repeated."""
    buffer = io.BytesIO()
    options = {"in_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False}
    wb = xlsxwriter.Workbook(buffer, options)
    border = {"border": 1, "valign": "top", "text_wrap": True}
    fmt = {
        "title": wb.add_format({"bold": True, "font_size": 14, "align": "center", "valign": "vcenter"}),
        "bold": wb.add_format({"bold": True}),
        "value": wb.add_format(border),
        "header": wb.add_format({**border, "bold": True, "bg_color": "#E8ECF2"}),
        "phase": wb.add_format({**border, "bold": True, "bg_color": "#F3F5F8"}),
        "box": wb.add_format({**border, "align": "center", "font_size": 12}),
        "text": wb.add_format(border),
        "when": wb.add_format({**border, "num_format": "mm-dd hh:mm"}),
        "note": wb.add_format({"text_wrap": True, "valign": "top"}),
    }
    ws = wb.add_worksheet(re.sub(r"[\[\]:*?/\\]", "_", form.sheet_name)[:31] or "Sheet1")
    for j, width in enumerate(WIDTHS):
        ws.set_column(j, j, width)
    ws.merge_range(0, 0, 0, COLUMNS - 1, form.title, fmt["title"])
    ws.set_row(0, 24)
    row = 1
    # facts two to a line, "key value" with the key in bold: items' columns are too narrow for a key column
    for i in range(0, len(form.facts), 2):
        for (key, value), (first, last) in zip(form.facts[i : i + 2], ((0, 1), (2, COLUMNS - 1)), strict=False):
            ws.merge_range(row, first, row, last, "", fmt["value"])
            ws.write_rich_string(row, first, fmt["bold"], key, "  " + value, fmt["value"])
        if i + 1 >= len(form.facts):
            ws.merge_range(row, 2, row, COLUMNS - 1, "", fmt["value"])
        row += 1
    row += 1
    header_row = row
    for j, text in enumerate(form.headers[:COLUMNS]):
        ws.write_string(row, j, text, fmt["header"])
    row += 1
    for phase, items in form.phases:
        ws.merge_range(row, 0, row, COLUMNS - 1, phase, fmt["phase"])
        row += 1
        for item in items:
            ws.write_string(row, 0, TICK if item.done else "", fmt["box"])
            ws.write_string(row, 1, item.text + (" *" if item.required else ""), fmt["text"])
            ws.write_string(row, 2, item.owner, fmt["text"])
            _when(ws, row, 3, item.due, fmt)
            ws.write_string(row, 4, item.by, fmt["text"])
            _when(ws, row, 5, item.at, fmt)
            row += 1
    row += 1
    ws.merge_range(row, 0, row, COLUMNS - 1, form.footnote, fmt["note"])
    ws.set_row(row, 30)
    row += 2
    for line in form.signatures:
        ws.merge_range(row, 0, row, COLUMNS - 1, line, fmt["note"])
        ws.set_row(row, 28)
        row += 1
    print_setup(ws, form.title, repeat=(header_row, header_row), landscape=False)
    wb.close()
    return buffer.getvalue()


def _when(ws: Worksheet, row: int, col: int, value: datetime | None, fmt: dict[str, Any]) -> None:
    if value is None:
        ws.write_blank(row, col, None, fmt["when"])
    else:
        ws.write_datetime(row, col, value.replace(tzinfo=None), fmt["when"])

"""A sheet's rows straight from the cells with python-calamine, never through the product's reader, for counts to check it by."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from python_calamine import CalamineWorkbook

from workbook import schema


def raw_rows(path: Path, sheet_key: str, lang: str) -> list[dict[str, Any]]:
    """The sheet's non-empty rows below its header row, keyed by column key (labels as written)."""
    sheet = schema.sheet(sheet_key)
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(sheet.name(lang)).to_python()
    headers = {c.header(lang): c.key for c in sheet.columns}
    start = next(i for i, r in enumerate(rows) if sum(str(v) in headers for v in r) >= 2)
    index = {headers[str(v)]: j for j, v in enumerate(rows[start]) if str(v) in headers}
    out = []
    for r in rows[start + 1 :]:
        if all(v in ("", None) for v in r):
            continue
        out.append({k: r[j] if j < len(r) else "" for k, j in index.items()})
    return out


def day_of(value: Any) -> date | None:
    """The day of a cell calamine read as a date or date-time; None for anything else."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None

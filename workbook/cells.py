"""Cells as the writer sees them: A1 references, the value to write (`Written`), Excel serial dates.

Knows nothing of XML or the zip: `workbook.sheet_part` renders these into a sheet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from workbook.errors import WriteRefused

MAX_TEXT = 32767  # Excel's limit for one cell's text
MAX_ROW = 1_048_576
MAX_COL = 16_384

CellValue = str | int | float | bool | date | datetime | None

# --------------------------------------------------------------------------- A1 helpers


def col_letter(index: int) -> str:
    """1-based column index -> letters (1 -> A)."""
    out = ""
    while index:
        index, rem = divmod(index - 1, 26)
        out = chr(65 + rem) + out
    return out


def col_index(letters: str) -> int:
    """Column letters -> 1-based index (A -> 1)."""
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


_REF = re.compile(r"^\$?([A-Za-z]{1,3})\$?(\d+)$")


def split_ref(ref: str) -> tuple[int, int]:
    """'B12' -> (row 12, col 2)."""
    m = _REF.match(ref.strip())
    if not m:
        raise ValueError(f"not a cell reference: {ref!r}")
    return int(m.group(2)), col_index(m.group(1))


def parse_range(text: str) -> tuple[int, int, int, int] | None:
    """'A1:C10' -> (r1, c1, r2, c2); a single cell is a 1x1 range; None if unparseable."""
    parts = text.strip().split(":")
    try:
        if len(parts) == 1:
            r, c = split_ref(parts[0])
            return r, c, r, c
        if len(parts) == 2:
            r1, c1 = split_ref(parts[0])
            r2, c2 = split_ref(parts[1])
            return min(r1, r2), min(c1, c2), max(r1, r2), max(c1, c2)
    except ValueError:
        return None
    return None


def format_range(r1: int, c1: int, r2: int, c2: int) -> str:
    a = f"{col_letter(c1)}{r1}"
    b = f"{col_letter(c2)}{r2}"
    return a if a == b else f"{a}:{b}"


# --------------------------------------------------------------------------- values


_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean_text(text: str) -> str:
    """Text with the characters XML 1.0 cannot carry removed."""
    return _ILLEGAL_XML.sub("", text)


def excel_serial(value: date | datetime, date1904: bool) -> float | int:
    """A date or date-time as an Excel serial number in the workbook's date system."""
    if isinstance(value, datetime):
        d = value.date()
        frac = (value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6) / 86400
    else:
        d, frac = value, 0.0
    if date1904:
        if d < date(1904, 1, 1):
            raise ValueError("date before 1904-01-01")
        days = (d - date(1904, 1, 1)).days
    else:
        if d < date(1900, 1, 1):
            raise ValueError("date before 1900-01-01")
        # Excel counts the non-existent 1900-02-29; serials before March 1900 are one less
        days = (d - date(1899, 12, 31)).days if d < date(1900, 3, 1) else (d - date(1899, 12, 30)).days
    if isinstance(value, datetime):
        return round(days + frac, 10)
    return days


def serial_to_datetime(serial: float, date1904: bool) -> datetime:
    """An Excel serial number as a datetime (inverse of `excel_serial`)."""
    if date1904:
        base = datetime(1904, 1, 1)
    elif serial < 61:
        base = datetime(1899, 12, 31)
    else:
        base = datetime(1899, 12, 30)
    return base + timedelta(days=serial)


@dataclass(frozen=True)
class Written:
    """How one cell is to be written: kind 'text' | 'number' | 'bool' | 'date' | 'datetime' | 'empty'."""

    kind: str
    value: Any = None


def classify(value: CellValue) -> Written:
    """The Python value as a cell: str -> text, numbers -> number, dates -> date serial."""
    if value is None:
        return Written("empty")
    if isinstance(value, bool):
        return Written("bool", value)
    if isinstance(value, (int, float)):
        return Written("number", value)
    if isinstance(value, datetime):
        return Written("datetime", value)
    if isinstance(value, date):
        return Written("date", value)
    if isinstance(value, str):
        return Written("text", value)
    raise WriteRefused("write.bad_type", value=repr(value)[:80], type=type(value).__name__)

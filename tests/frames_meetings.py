"""Hand-built frames in the reader's contract shape, for the meeting and plan-vs-actual tests."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pandas as pd

from workbook import schema

_STRING_TYPES = {"text", "time", "month", "phone", "choice", "grade"}


def _column(values: list[Any], type_: str) -> pd.Series:
    if type_ in _STRING_TYPES:
        return pd.Series([None if v is None else str(v) for v in values], dtype="string")
    if type_ in ("date", "datetime"):
        cleaned = [pd.NaT if v is None else pd.Timestamp(v) for v in values]
        series = pd.Series(cleaned, dtype="datetime64[ns]")
        return series.dt.normalize() if type_ == "date" else series
    if type_ == "integer":
        return pd.Series(values, dtype="Int64")
    if type_ == "money":
        return pd.Series([float("nan") if v is None else float(v) for v in values], dtype="float64")
    if type_ == "yesno":
        return pd.Series(values, dtype="boolean")
    raise ValueError(type_)


def frame(sheet_key: str, rows: list[dict[str, Any]] | None = None) -> pd.DataFrame:
    """One sheet's frame: every schema column in order (missing ones all-NA) plus `_row`."""
    rows = rows or []
    sheet = schema.sheet(sheet_key)
    data = {c.key: _column([r.get(c.key) for r in rows], c.type) for c in sheet.columns}
    data["_row"] = pd.Series(range(2, 2 + len(rows)), dtype="int64")
    return pd.DataFrame(data)


def frames(**sheets: list[dict[str, Any]]) -> dict[str, pd.DataFrame]:
    """Every sheet of the schema as a frame; sheets not given are empty."""
    return {s.key: frame(s.key, sheets.get(s.key)) for s in schema.SHEETS}


def staff(*consultants: str, managers: tuple[str, ...] = ("Wang",)) -> list[dict[str, Any]]:
    """Staff rows: the given consultants (active) and managers."""
    rows: list[dict[str, Any]] = [{"name": n, "role": "consultant", "active": True} for n in consultants]
    rows += [{"name": n, "role": "manager", "active": True} for n in managers]
    return rows


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A time on a day."""
    return datetime(day.year, day.month, day.day, hour, minute)

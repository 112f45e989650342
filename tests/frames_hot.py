"""Hand-built frames in the reader's contract shape, for the hot-lead tests."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd

from workbook import schema

_STRING_TYPES = {"text", "time", "month", "phone", "choice", "grade"}


def _column(values: list[Any], type_: str) -> pd.Series:
    if type_ in _STRING_TYPES:
        return pd.Series([None if v is None else str(v) for v in values], dtype="string")
    if type_ in ("date", "datetime"):
        series = pd.Series([pd.NaT if v is None else pd.Timestamp(v) for v in values], dtype="datetime64[ns]")
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


def customer(cid: str | None, grade: str, first: date = date(2026, 9, 1), **more: Any) -> dict[str, Any]:
    """A customers row: consultant Li, model Aurora, source walk-in unless given."""
    row = {
        "customer_id": cid,
        "name": f"Cust {cid}",
        "phone": f"1380000{(cid or '0000')[-4:]:0>4}",
        "consultant": "Li",
        "source": "walk_in",
        "first_contact": first,
        "model": "Aurora",
        "grade": grade,
    }
    return row | more


def contact(
    cid: str | None, day: date, grade_after: str | None = None, result: str = "", **more: Any
) -> dict[str, Any]:
    """A contacts row of customer `cid` on `day`."""
    row = {
        "date": day,
        "customer_id": cid,
        "consultant": "Li",
        "type": "call",
        "result": result or None,
        "grade_after": grade_after,
    }
    return row | more

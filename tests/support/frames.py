"""Hand-built frames in the reader's contract shape (every schema column, typed, plus `_row`).

`frames(customers=[...], contacts=[...])` gives every sheet of the schema; rows are dicts by
column key with Python values (codes for choices). `customer()`, `contact()` and `delivery()`
make rows with sensible defaults so a test states only what matters to it.
"""

from __future__ import annotations

from datetime import date, datetime
from itertools import count
from typing import Any

import pandas as pd

from workbook import schema

_STRING_TYPES = {"text", "time", "month", "phone", "choice", "grade"}
_ids = count(1)


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
    unknown = {k for r in rows for k in r} - set(sheet.column_keys())
    if unknown:
        raise KeyError(f"sheet {sheet_key!r} has no columns {sorted(unknown)}")
    data = {c.key: _column([r.get(c.key) for r in rows], c.type) for c in sheet.columns}
    data["_row"] = pd.Series(range(2, 2 + len(rows)), dtype="int64")
    return pd.DataFrame(data)


def frames(**sheets: list[dict[str, Any]]) -> dict[str, pd.DataFrame]:
    """Every sheet of the schema as a frame; sheets not given are empty."""
    return {s.key: frame(s.key, sheets.get(s.key)) for s in schema.SHEETS}


def staff(*consultants: str, managers: tuple[str, ...] = ("王经理",)) -> list[dict[str, Any]]:
    """Staff rows: the given consultants and managers, all active."""
    rows = [{"name": n, "role": "consultant", "active": True} for n in consultants]
    return rows + [{"name": n, "role": "manager", "active": True} for n in managers]


def customer(cid: str = "C0001", first: date = date(2026, 11, 1), **values: Any) -> dict[str, Any]:
    """A customer row (grade B, consultant 李娜, a phone derived from the ID) with overrides."""
    digits = "".join(ch for ch in cid if ch.isdigit()) or "0"
    row = {
        "customer_id": cid,
        "name": "张伟",
        "sex": "M",
        "phone": f"139{int(digits):08d}",
        "consultant": "李娜",
        "first_contact": first,
        "grade": "B",
    }
    row.update(values)
    return row


def contact(cid: str, day: date, type_: str = "call", **values: Any) -> dict[str, Any]:
    """A contact row of a customer on a day (by 李娜 unless `consultant` is given)."""
    row = {"contact_id": f"K{next(_ids):05d}", "date": day, "customer_id": cid, "consultant": "李娜", "type": type_}
    row.update(values)
    return row


def delivery(cid: str, at: datetime | None, status: str = "done", **values: Any) -> dict[str, Any]:
    """A delivery row: done at `at` (or planned when status is planned)."""
    row: dict[str, Any] = {
        "delivery_id": f"D{next(_ids):05d}",
        "customer_id": cid,
        "consultant": "李娜",
        "status": status,
    }
    if status == "done":
        row["delivered_at"] = at
    else:
        row["scheduled"] = at
    row.update(values)
    return row

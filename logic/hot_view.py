"""What the monthly hot-lead (月度Hot管理表) screen decides around its table: months, names, filters, the "new, no longer hot" column.

The counting itself is `logic.hot_leads`; this module adds:
- the months offered: this month first, then the past year's;
- the consultant rows: active consultants of the staff sheet (`logic.plan_actual.consultants`),
  shown even with nothing to count; a row name not on the staff sheet is named in a warning;
- the list's filter choices: the values present, grades in `schema.HOT_GRADES` order;
- `NEW_OTHER`: new leads of the month no longer hot (now O/D/F/Z), so that the new H+A+B+C
  and this column add up to the new-lead subtotal.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta

import pandas as pd

from logic.hot_leads import TOTAL
from workbook.schema import HOT_GRADES

MONTHS_OFFERED = 13
NEW_OTHER = "new_other"


def month_choices(today: date, count: int = MONTHS_OFFERED) -> list[str]:
    """This month first, then the past year's months."""
    out, cursor = [], today.replace(day=1)
    for _ in range(count):
        out.append(f"{cursor:%Y-%m}")
        cursor = (cursor - timedelta(days=1)).replace(day=1)
    return out


def unknown_consultants(staff: pd.DataFrame | None, names: Sequence[object]) -> list[str]:
    """Those of `names` (a table's rows) not on the staff sheet, compared stripped as logic/ does."""
    if staff is None or staff.empty:
        return []
    known = {str(n).strip() for n in staff["name"].dropna()}
    return [str(n) for n in names if str(n).strip() and n != TOTAL and str(n).strip() not in known]


def with_new_other(table: pd.DataFrame) -> pd.DataFrame:
    """The monthly table with `NEW_OTHER` = new leads minus the new ones still H/A/B/C."""
    out = table.copy()
    out[NEW_OTHER] = out["new"] - sum(out[f"new_{g}"] for g in HOT_GRADES)
    return out


def filter_choices(hot: pd.DataFrame) -> dict[str, list[str]]:
    """The hot list's filter options: consultants, grades (hot order), models and sources present."""
    return {
        "consultant": sorted(hot["consultant"].dropna().unique().tolist()),
        "grade": [g for g in HOT_GRADES if g in set(hot["grade"].dropna())],
        "model": sorted(hot["model"].dropna().unique().tolist()),
        "source": sorted(hot["source"].dropna().unique().tolist()),
    }


def grade_mix(month_customers: pd.DataFrame) -> pd.DataFrame:
    """Customers hot now, counted per consultant ("" for none) and grade: columns consultant, now, count."""
    mc = month_customers
    now_hot = mc[mc["now"].isin(list(HOT_GRADES)).fillna(False)]
    return now_hot.groupby([now_hot["consultant"].fillna(""), "now"]).size().rename("count").reset_index()


def row_keys(customers: pd.DataFrame) -> dict[int, str]:
    """Each customer card's Excel row -> its key in the hot list: the ID, else "#<Excel row>" (as logic.grade_history)."""
    ids = customers["customer_id"].astype("string").str.strip()
    return {
        int(row): (str(cid) if isinstance(cid, str) and cid else f"#{int(row)}")
        for row, cid in zip(customers["_row"], ids, strict=True)
    }


def warnings_for(warnings: pd.DataFrame, keys: pd.Index) -> pd.Series:
    """Each customer key's warnings joined with "; " ("" for none), in the order of `keys`."""
    if not len(warnings):
        return pd.Series("", index=keys, dtype=str)
    joined = warnings.groupby("key")["warning"].agg("; ".join)
    return joined.reindex(keys).fillna("").astype(str)

"""Grade-consistency warnings: a lead grade that contradicts the customer's own record.

`grade_warnings(frames, settings, today)` returns `GradeWarning`s (customer, code, params);
the code is an i18n key of `i18n/due.py` (`due.grade.*`), so `w.message(lang)` is the text.
- `too_hot` / `too_cold`: the grade's purchase window (settings `grade_window_*`) does not
  match the expected purchase date (H but expected in 60 days; C but expected in 3 days);
- `expected_passed`: a hot lead whose expected purchase date has passed;
- `h_untouched`: an H lead without contact for `h_untouched_warning_days` or more;
- `delivered_not_d`: a completed delivery, yet graded H/A/B/C/O;
- `ordered_still_lead`: a planned delivery or an order contact, yet graded H/A/B/C;
- `d_without_delivery`: graded D without a completed delivery;
- `promise_too_late`: a hot lead promised a call (下次跟进日期) further off than its grade's
  contact interval (settings `grade_interval_*`) allows: an H customer promised one in three weeks.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from logic.followups import (
    NONE,
    contact_table,
    customer_table,
    day_number,
    day_numbers,
    delivery_table,
    latest_day,
    promised_days,
    setting_int,
    sheet_columns,
    to_dates,
)
from workbook.schema import HOT_GRADES

CODES = (
    "too_hot",
    "too_cold",
    "expected_passed",
    "h_untouched",
    "delivered_not_d",
    "ordered_still_lead",
    "d_without_delivery",
    "promise_too_late",
)


@dataclass(frozen=True)
class GradeWarning:
    """One customer whose grade looks wrong, and why (code + params for the message)."""

    customer_id: str | None
    customer: str
    consultant: str | None
    grade: str
    code: str  # one of CODES
    params: dict[str, Any] = field(default_factory=dict)
    row: int | None = None  # the customer's Excel row

    @property
    def key(self) -> str:
        return f"due.grade.{self.code}"

    def message(self, lang: str = "zh") -> str:
        from i18n import t

        return t(self.key, lang, **self.params)


def grade_warnings(frames: Mapping[str, pd.DataFrame], settings: Mapping[str, Any], today: date) -> list[GradeWarning]:
    """Every grade warning for the workbook on `today`, by consultant then customer."""
    cust = customer_table(frames)
    if not cust.n:
        return []
    t = day_number(today)
    f = cust.frame
    grade = f["grade"].fillna("").to_numpy(dtype=object)
    hot_rank = {g: i for i, g in enumerate(HOT_GRADES)}
    rank = np.array([hot_rank.get(g, -1) for g in grade])
    hot = rank >= 0
    windows = [setting_int(settings, f"grade_window_{g}") for g in HOT_GRADES]
    found: list[tuple[int, str, dict[str, Any]]] = []

    expected = sheet_columns(frames, "customers", ("expected_purchase",))["expected_purchase"]
    exp_days = day_numbers(expected)[f["_src"].to_numpy()]
    has_exp = hot & (exp_days > NONE)
    days = np.where(has_exp, exp_days - t, 0)
    for i in np.flatnonzero(has_exp & (days < 0)):
        found.append(
            (
                i,
                "expected_passed",
                {"days": int(-days[i]), "expected_date": to_dates(exp_days[i : i + 1])[0].isoformat()},
            )
        )
    ok = has_exp & (days >= 0)
    # the grade the date asks for: the hottest whose window holds it (beyond C's window: C)
    want = np.full(cust.n, len(HOT_GRADES) - 1)
    for r in range(len(HOT_GRADES) - 1, -1, -1):
        want = np.where(days <= windows[r], r, want)
    for i in np.flatnonzero(ok & (rank < want)):
        g = grade[i]
        found.append(
            (
                i,
                "too_hot",
                {"grade": g, "days": int(days[i]), "window": windows[rank[i]], "expected": HOT_GRADES[want[i]]},
            )
        )
    for i in np.flatnonzero(ok & (rank > want)):
        found.append(
            (
                i,
                "too_cold",
                {"grade": grade[i], "days": int(days[i]), "window": windows[want[i]], "expected": HOT_GRADES[want[i]]},
            )
        )

    con = contact_table(frames, cust, t)
    last = np.maximum(latest_day(cust.n, con.ci, con.day), cust.first)
    limit = setting_int(settings, "h_untouched_warning_days")
    idle = t - last
    for i in np.flatnonzero((grade == "H") & (idle >= limit)):
        found.append((i, "h_untouched", {"days": int(idle[i]), "limit": limit}))

    deliv = delivery_table(frames, cust)
    done = ~np.isnat(deliv.done_at)
    for i in np.flatnonzero(done & (hot | (grade == "O"))):
        found.append((i, "delivered_not_d", {"grade": grade[i], "delivered": str(deliv.done_at[i])[:10]}))
    ordered = deliv.planned | (latest_day(cust.n, con.ci, con.day, con.types("order")) > NONE)
    for i in np.flatnonzero(ordered & ~done & hot):
        found.append((i, "ordered_still_lead", {"grade": grade[i]}))
    for i in np.flatnonzero(~done & (grade == "D")):
        found.append((i, "d_without_delivery", {}))
    promised = promised_days(cust.n, con)
    reached = latest_day(cust.n, con.ci, con.day)
    interval = np.array([setting_int(settings, f"grade_interval_{g}") if g in HOT_GRADES else -1 for g in grade])
    gap = promised - reached
    for i in np.flatnonzero((promised > NONE) & (interval >= 0) & (gap > interval)):
        on = to_dates(promised[i : i + 1])[0].isoformat()
        found.append(
            (i, "promise_too_late", {"grade": grade[i], "days": int(gap[i]), "interval": int(interval[i]), "on": on})
        )

    ids = f["customer_id"].to_numpy(dtype=object, na_value=None)
    names = f["name"].to_numpy(dtype=object, na_value=None)
    owners = f["consultant"].to_numpy(dtype=object, na_value=None)
    rows = pd.to_numeric(f["_row"], errors="coerce").to_numpy(dtype="float64")
    out = [
        GradeWarning(
            customer_id=None if ids[i] is None else str(ids[i]),
            customer="" if names[i] is None else str(names[i]),
            consultant=None if owners[i] is None else str(owners[i]),
            grade=str(grade[i]),
            code=code,
            params=params,
            row=None if np.isnan(rows[i]) else int(rows[i]),
        )
        for i, code, params in found
    ]
    order = {c: n for n, c in enumerate(CODES)}
    out.sort(key=lambda w: (w.consultant or "", w.customer_id or "", order[w.code]))
    return out


def by_customer(warnings: list[GradeWarning]) -> dict[str, list[GradeWarning]]:
    """Warnings grouped by customer ID (hand-added rows without an ID under "#row:<n>")."""
    out: dict[str, list[GradeWarning]] = {}
    for w in warnings:
        out.setdefault(w.customer_id or f"#row:{w.row}", []).append(w)
    return out

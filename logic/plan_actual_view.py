"""What the plan-vs-actual (计划实绩表) screen shows around its table: the months offered, the day reached, the targets grid.

The table itself is `logic.plan_actual.plan_vs_actual`; this module decides on top of it:
- the months offered: this month first, then the coming one (for planning), then the past year;
- the day reached: today's day of the month, held within the month (0 before it starts);
- the targets grid: the table's consultants, then anyone with a target already, each target
  as text ("" when not set) so that an empty cell is not a grey "None".
"""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from logic.plan_actual import METRICS, PlanVsActual, month_bounds, month_key, next_month

PAST_MONTHS = 12


def month_choices(today: date) -> list[str]:
    """This month, the next, then the past year's months, newest first."""
    this_month = month_key(today)
    months = [this_month, next_month(this_month)]
    cursor = month_bounds(this_month)[0]
    for _ in range(PAST_MONTHS):
        cursor = month_bounds(month_key(cursor - timedelta(days=1)))[0]
        months.append(month_key(cursor))
    return months


def day_reached(month: str, today: date) -> tuple[int, int]:
    """(days of `month` gone by `today`, days in the month)."""
    first, last = month_bounds(month)
    return min(max((today - first).days + 1, 0), last.day), last.day


def targets_grid(table: PlanVsActual, have: pd.DataFrame) -> pd.DataFrame:
    """The targets editor's rows: consultant, then each metric's target as text ("" = not set)."""
    names = list(dict.fromkeys([*(line.consultant for line in table.lines if line.consultant), *have.index]))
    cells = {
        m: ["" if n not in have.index or pd.isna(have.at[n, m]) else str(int(have.at[n, m])) for n in names]
        for m in METRICS
    }
    return pd.DataFrame({"consultant": names, **cells})

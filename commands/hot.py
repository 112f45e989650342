"""`cli.py hot PATH --month YYYY-MM --json`: the monthly hot-lead table (月度Hot管理表), as the page shows it.

`table`: per consultant (the active ones first, as the page) and `total`: hot leads by grade at the month's
start (start_H .. start_C, start_hot), new leads by grade now (new_H .. new_C, new), upgraded, downgraded,
ordered, delivered, lost, dormant, and hot by grade now (now_H .. now_C, now_hot). `hot_list`: the customers
hot now with their last contact and next follow-up. From `logic.hot_leads`, as the page.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

import pandas as pd

from commands import figures as out
from commands.log import clock_now
from logic import hot_leads as hl
from logic.followups import due_followups
from logic.grade_history import grade_history
from logic.plan_actual import consultants, month_key
from workbook.reading import read_workbook

HELP = "the monthly hot-lead table / 月度Hot管理表"
LIST_COLUMNS: tuple[str, ...] = (
    "customer_id", "name", "phone", "consultant", "grade", "model", "source",
    "expected_purchase", "first_contact", "last_contact", "next_due",
)  # fmt: skip
DUE_HORIZON_DAYS = 60  # as the page: each hot customer's next follow-up within two months


def add_arguments(parser: argparse.ArgumentParser) -> None:
    out.add_path_and_json(parser)
    parser.add_argument("--month", type=out.month_arg, default=None, help="YYYY-MM (default: this month)")
    parser.add_argument("--today", type=out.day_arg, default=None, help="as of this date, YYYY-MM-DD (default: today)")


def _value(v: Any) -> Any:
    if v is None or (not isinstance(v, str) and pd.isna(v)):
        return None
    if isinstance(v, pd.Timestamp):
        return v.date()
    return v


def document(frames: dict, settings: dict, month: str, today: date) -> dict[str, Any]:
    """The month's hot table and today's hot list as JSON-ready values."""
    history = grade_history(frames, today)
    mc = hl.month_customers(frames, month, today, history)
    table = hl.monthly_table(mc, "consultant", groups=consultants(frames))
    rows = [
        {"consultant": name, **{c: int(v) for c, v in r.items()}} for name, r in table.iterrows() if name != hl.TOTAL
    ]
    due = due_followups(frames, settings, today, horizon_days=DUE_HORIZON_DAYS)
    hot = hl.hot_list(frames, today, due=due, history=history)
    return {
        "month": month,
        "start": hl.start_of(month),
        "now": hl.as_of(month, today),
        "table": rows,
        "total": {c: int(v) for c, v in table.loc[hl.TOTAL].items()},
        "hot_list": [{c: _value(r[c]) for c in LIST_COLUMNS if c in hot.columns} for _, r in hot.iterrows()],
    }


def run(args: argparse.Namespace) -> int:
    today = args.today or clock_now(None).date()
    month = args.month or month_key(today)
    wb = read_workbook(args.path, today=today)
    return out.show(document(wb.frames, wb.settings, month, today), args.json)

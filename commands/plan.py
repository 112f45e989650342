"""`cli.py plan PATH --month YYYY-MM --json`: plan vs actual (计划实绩表) for a month, as the page shows it.

Per consultant and for the store (`total`): each figure (leads, visits, test_drives, orders, deliveries)
as actual, target, progress (actual / target) and behind (progress below time progress); the rates over
the month's visits (capture_rate, test_drive_rate, close_rate), loss_rate, followup_rate and overdue.
`visits_from_log` is false when the workbook has no showroom log and visits are contact rows of type visit.
From `logic.plan_actual.plan_vs_actual`, as the page; `--today` places the month's time progress.
"""

from __future__ import annotations

import argparse
from typing import Any

from commands import figures as out
from commands.log import clock_now
from logic.plan_actual import RATIOS, Line, PlanVsActual, month_key, plan_vs_actual
from workbook.reading import read_workbook

HELP = "plan vs actual for a month / 计划实绩"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    out.add_path_and_json(parser)
    parser.add_argument("--month", type=out.month_arg, default=None, help="YYYY-MM (default: this month)")
    parser.add_argument("--today", type=out.day_arg, default=None, help="as of this date, YYYY-MM-DD (default: today)")


def _line(line: Line) -> dict[str, Any]:
    return {
        "targets_set": line.targets_set,
        **out.figures(line.figures),
        **{r: line.ratios[r] for r in RATIOS},
        "overdue": line.overdue,
    }


def document(table: PlanVsActual) -> dict[str, Any]:
    """The month's table as JSON-ready values."""
    return {
        "month": table.month,
        "today": table.today,
        "time_progress": table.time_progress,
        "visits_from_log": table.visits_from_log,
        "consultants": [{"consultant": line.consultant, **_line(line)} for line in table.lines],
        "total": _line(table.total),
    }


def run(args: argparse.Namespace) -> int:
    today = args.today or clock_now(None).date()
    month = args.month or month_key(today)
    wb = read_workbook(args.path, today=today)
    return out.show(document(plan_vs_actual(wb.frames, month, today, wb.settings)), args.json)

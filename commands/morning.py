"""`cli.py morning PATH --on YYYY-MM-DD --json`: the morning meeting's figures, as the page shows them.

Per consultant (in the board's order: on duty first, then by the rota's order): the rota cell, today's
appointments, test drives and deliveries, follow-ups due today and overdue, yesterday's results against
yesterday's plan, month to date against target, H leads; then the store's totals, the follow-ups of people
not on the board, and yesterday's traffic by hour. From `logic.morning_view.morning_view`, as the page.
"""

from __future__ import annotations

import argparse
from typing import Any

from commands import figures as out
from commands.log import clock_now
from logic.followups import due_followups
from logic.morning_view import MorningView, morning_view
from logic.plan_actual import METRICS
from workbook.reading import read_workbook

HELP = "the morning meeting's figures / 早会数据"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    out.add_path_and_json(parser)
    parser.add_argument("--on", type=out.day_arg, default=None, help="the meeting's day, YYYY-MM-DD (default: today)")


def document(mv: MorningView) -> dict[str, Any]:
    """The morning board as JSON-ready values."""
    board = mv.board
    lines = [
        {
            "consultant": x.consultant,
            "on_duty": x.on_duty,
            **x.rota.as_dict(),
            "appointments": x.appointments,
            "test_drives": x.test_drives,
            "deliveries": x.deliveries,
            "due_today": x.due_today,
            "overdue": x.overdue,
            "yesterday": dict(x.yesterday),
            "yesterday_planned": dict(x.yesterday_planned),
            "yesterday_plans": x.yesterday_plans,
            "yesterday_plans_done": x.yesterday_plans_done,
            "month": out.figures(x.month),
            "hot": len(x.hot),
            "hot_names": list(x.hot),
        }
        for x in board.lines
    ]
    totals = {
        "due_today": board.due_today,
        "overdue": board.overdue,
        "hot": board.hot_total,
        "orders_actual": mv.orders_actual,
        "orders_target": mv.orders_target,
        "orders_behind": mv.orders_behind,
        "yesterday": {m: sum(x.yesterday[m] for x in board.lines) for m in METRICS},
        "month_actual": {m: sum(x.month[m].actual for x in board.lines) for m in METRICS},
        "on_duty": sum(1 for x in board.lines if x.on_duty),
    }
    return {
        "on": board.day,
        "month": board.month,
        "time_progress": board.time_progress,
        "day_of_month": mv.day_of_month,
        "days_in_month": mv.days_in_month,
        "consultants": lines,
        "totals": totals,
        "others": [{"consultant": o.consultant, "due_today": o.due_today, "overdue": o.overdue} for o in board.others],
        "unchecked": list(mv.unchecked),
        "traffic_yesterday": out.traffic(mv.traffic),
    }


def run(args: argparse.Namespace) -> int:
    on = args.on or clock_now(None).date()
    wb = read_workbook(args.path, today=on)
    due = due_followups(wb.frames, wb.settings, on, lang=args.lang)  # as the page's due list
    return out.show(document(morning_view(wb.frames, wb.settings, on, due)), args.json)

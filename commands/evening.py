"""`cli.py evening PATH --on YYYY-MM-DD --json`: the evening meeting's figures, as the page shows them.

Per consultant: the day's results against the day's plan, plan rows done, the same-day entry check
(walk-ins without a card, cards without a grade, follow-ups due today still open, overdue), tomorrow's
plan rows and the day's lost cases; then the store's totals, the lost requests waiting for the manager and
the day's traffic by hour. From `logic.evening_view.evening_view`, as the page.
"""

from __future__ import annotations

import argparse
from typing import Any

from commands import figures as out
from commands.log import clock_now
from logic.evening_view import EveningView, evening_view, ungraded_rows
from logic.followups import due_followups
from logic.meetings import LostCase
from logic.plan_actual import METRICS
from workbook.reading import read_workbook

HELP = "the evening meeting's figures / 夕会数据"
CHECKS: tuple[str, ...] = ("visits_without_card", "cards_without_grade", "followups_due_open", "overdue")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    out.add_path_and_json(parser)
    parser.add_argument("--on", type=out.day_arg, default=None, help="the meeting's day, YYYY-MM-DD (default: today)")


def _case(c: LostCase) -> dict[str, Any]:
    return {
        "lost_id": c.lost_id,
        "consultant": c.consultant,
        "customer_id": c.customer_id,
        "customer": c.customer,
        "model": c.model,
        "reason": c.reason,
        "competitor": c.competitor,
        "decision": c.decision,
    }


def document(ev: EveningView) -> dict[str, Any]:
    """The evening board as JSON-ready values."""
    board = ev.board
    lines = [
        {
            "consultant": x.consultant,
            "results": dict(x.results),
            "planned": dict(x.planned),
            "plans": x.plans,
            "plans_done": x.plans_done,
            **{c: getattr(x, c) for c in CHECKS},
            "tomorrow_plans": len(x.tomorrow),
            "lost": len(x.lost),
        }
        for x in board.lines
    ]
    totals = {
        "results": {m: board.totals.get(m, 0) for m in METRICS},
        "planned": {m: sum(x.planned.get(m, 0) for x in board.lines) for m in METRICS if m != "leads"},
        "plans": sum(x.plans for x in board.lines),
        "plans_done": sum(x.plans_done for x in board.lines),
        **{c: sum(getattr(x, c) for x in board.lines) for c in CHECKS},
        "tomorrow_plans": sum(len(x.tomorrow) for x in board.lines),
        "lost": len(board.lost),
    }
    return {
        "on": board.day,
        "tomorrow": board.tomorrow,
        "consultants": lines,
        "totals": totals,
        "check_ok": ev.check_ok,
        "ungraded_rows": list(ev.ungraded_rows),
        "lost_cases": [_case(c) for c in board.lost],
        "pending_recent": [_case(c) for c in board.pending_recent],
        "pending_older": board.pending_older,
        "traffic": out.traffic(ev.traffic),
    }


def run(args: argparse.Namespace) -> int:
    on = args.on or clock_now(None).date()
    wb = read_workbook(args.path, today=on)
    due = due_followups(wb.frames, wb.settings, on, lang=args.lang)  # as the page's due list
    ungraded = ungraded_rows(
        wb.problems, wb.sheet_names.get("customers"), (wb.headers.get("customers") or {}).get("grade")
    )
    return out.show(document(evening_view(wb.frames, wb.settings, on, due, ungraded)), args.json)

"""`cli.py due PATH --on YYYY-MM-DD [--consultant NAME] [--json]`: the follow-ups due and overdue.

`--json` prints `{"on": "YYYY-MM-DD", "items": [...]}`: each item has customer_id, customer,
phone, consultant, kind, due, overdue_days (on - due), last_contact (null when none) and the
extras label, script, grade, window_opened, festival, delivery_id, rescheduled, and the no-answer
tries: attempts, last_attempt (null when none), out_of_contact; due_at (the time of day due,
"YYYY-MM-DDTHH:MM", null for an item without one) and window (the calling hours, "09:00-20:00"). Items are
those due on `--on` or earlier and not yet done. Exit 2 for an unusable workbook or an
unknown consultant.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from datetime import date
from pathlib import Path

from commands.log import clock_now
from i18n import t
from logic.followups import DueItem, due_followups, to_items
from workbook.reading import read_workbook

HELP = "list follow-ups due and overdue / 列出到期和逾期的跟进"


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid date: {text} (expected YYYY-MM-DD)") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, help="the workbook")
    parser.add_argument("--on", type=_date, default=None, help="as of this date, YYYY-MM-DD (default: today)")
    parser.add_argument("--today", dest="on", type=_date, help=argparse.SUPPRESS)
    parser.add_argument("--consultant", help="only this person's items (name as in the staff sheet)")
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--scripts", action="store_true", help="print each item's call script under it")


def _known_names(frames: dict) -> list[str]:
    names: list[str] = []
    for key, col in (("staff", "name"), ("customers", "consultant")):
        f = frames.get(key)
        if f is not None and col in f.columns:
            for n in f[col].dropna().astype(str).str.strip():
                if n and n not in names:
                    names.append(n)
    return names


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - _width(text))


def _tries(item: DueItem, lang: str) -> str:
    """The no-answer tries of an item ("-" when none), with the out-of-contact flag."""
    if not item.attempts:
        return "-"
    text = t("due.page.tries", lang, n=item.attempts, date=item.last_attempt.isoformat() if item.last_attempt else "-")
    return text + (" " + t("due.cli.out_of_contact", lang) if item.out_of_contact else "")


def table(items: list, lang: str, scripts: bool = False) -> str:
    """The items as an aligned text table (one line each, the script indented below when asked)."""
    cols = ("due", "overdue_days", "consultant", "customer_id", "customer", "phone", "kind", "last_contact", "attempts")
    rows = []
    for it in items:
        rows.append(
            [
                it.due.isoformat(),
                str(it.overdue_days),
                it.consultant or "",
                it.customer_id or "",
                it.customer,
                it.phone or "",
                it.label,
                it.last_contact.isoformat() if it.last_contact else "-",
                _tries(it, lang),
            ]
        )
    head = [t(f"due.col.{c}", lang) for c in cols]
    widths = [max([_width(h)] + [_width(r[i]) for r in rows]) for i, h in enumerate(head)]
    lines = ["  ".join(_pad(h, w) for h, w in zip(head, widths, strict=True)).rstrip()]
    for it, r in zip(items, rows, strict=True):
        lines.append("  ".join(_pad(c, w) for c, w in zip(r, widths, strict=True)).rstrip())
        if scripts:
            lines.append("    " + it.script)
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    on = args.on or clock_now(None).date()  # the clock: DEALER_TODAY, else the local date
    wb = read_workbook(args.path)
    consultant = args.consultant.strip() if args.consultant else None
    if consultant:
        known = _known_names(wb.frames)
        if consultant not in known:
            print(
                t("due.cli.unknown_consultant", args.lang, name=consultant, known=", ".join(known) or "-"),
                file=sys.stderr,
            )
            return 2
    due = due_followups(wb.frames, wb.settings, on, consultant=consultant, lang=args.lang)
    items = to_items(due)
    if args.json:
        doc = {"on": on.isoformat(), "items": [it.as_json() for it in items]}
        json.dump(doc, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
        return 0
    if not items:
        print(t("due.cli.none", args.lang, on=on.isoformat()))
        return 0
    print(table(items, args.lang, scripts=args.scripts))
    overdue = sum(1 for it in items if it.overdue_days > 0)
    print(t("due.cli.total", args.lang, n=len(items), overdue=overdue))
    return 0

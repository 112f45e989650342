"""`cli.py log PATH --customer ID --type call [--outcome no_answer] [--next YYYY-MM-DD] ...`: append a contact.

The contact is dated the clock's day (`--today`, else DEALER_TODAY, else the local date) unless
`--on` names another day; the row records when it was entered (`recorded_at`, the clock's now).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date, datetime
from pathlib import Path

from i18n import t
from workbook import operations, schema, writing
from workbook.errors import WriteRefused
from workbook.guard import vet
from workbook.writing import WriteResult

HELP = "log a contact with a customer / 记录一次客户接触"
TYPES = ("call", "visit", "message", "test_drive", "quote")
OUTCOMES = schema.choice_list("contact_outcome").codes()
ENV_TODAY = "DEALER_TODAY"  # the same variable the app reads (ui/config.py)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid date: {text} (expected YYYY-MM-DD)") from None


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, help="the workbook")
    parser.add_argument("--customer", required=True, help="customer ID, e.g. C0012")
    parser.add_argument("--type", required=True, choices=TYPES, help="kind of contact")
    parser.add_argument("--on", type=_date, help="date of the contact, YYYY-MM-DD (default: the clock's today)")
    parser.add_argument("--today", type=_date, help="set the clock's today, YYYY-MM-DD (for demos and tests)")
    parser.add_argument(
        "--outcome", choices=OUTCOMES, default="reached", help="reached (default), no_answer, wrong_number"
    )
    parser.add_argument("--result", help="what happened")
    parser.add_argument("--next", type=_date, help="the date promised to the customer, YYYY-MM-DD")
    parser.add_argument("--grade", help="the customer's grade after the contact (also updates the customer)")
    parser.add_argument("--consultant", help="who made the contact (default: the customer's consultant)")
    parser.add_argument("--kind", help="follow-up kind code, e.g. new_lead_24h")
    parser.add_argument("--by", help="who records it (recorded_by)")
    parser.add_argument(
        "--override-stale-lock", action="store_true", help="write although a stale lock file is present"
    )


def report(result: WriteResult, path: Path, lang: str) -> int:
    """Print what a write did; the exit status for it (0 written, 75 queued, 2/3 a waiting op rejected)."""
    if result.status == "queued":
        holder = result.holder
        print(t("write.queued", lang, holder=str(holder) if holder else "?"), file=sys.stderr)
        if holder is not None and holder.stale:
            since = holder.since.strftime("%Y-%m-%d %H:%M") if holder.since else "?"
            print(t("write.queued_stale", lang, lock=holder.lock_path, since=since), file=sys.stderr)
        return 75
    code = 0
    for rej in result.rejected:
        print(t("write.rejected", lang, reason=t(rej["code"], lang, **rej["params"])), file=sys.stderr)
        code = code or (3 if rej["code"] in CONFLICTS else 2)
    if result.ids:
        print(t("write.done_ids", lang, path=path, ids=", ".join(result.ids)))
    else:
        print(t("write.done", lang, path=path))
    return code


CONFLICTS = {"write.row_gone", "write.changed_cell", "write.keeps_changing"}


def run(args: argparse.Namespace) -> int:
    for option, value, lst in (
        ("--grade", args.grade, schema.GRADES),
        ("--kind", args.kind, schema.choice_list("followup_kind")),
    ):
        if value is not None and lst.lookup(value) is None:
            print(
                t("write.bad_option", args.lang, option=option, value=value, expected=", ".join(lst.codes())),
                file=sys.stderr,
            )
            return 2
    _vet(args.path)
    now = clock_now(args.today)
    op = operations.log_contact(
        args.customer,
        args.type,
        args.on or now.date(),
        outcome=args.outcome,
        recorded_at=now,
        time=now.strftime("%H:%M") if args.on is None else None,  # the clock's time, for a contact made now
        result=args.result,
        next_date=args.next,
        grade_after=schema.GRADES.lookup(args.grade) if args.grade else None,
        consultant=args.consultant,
        followup_kind=schema.choice_list("followup_kind").lookup(args.kind) if args.kind else None,
        recorded_by=args.by,
    )
    result = writing.apply(args.path, [op], actor=args.by, override_stale_lock=args.override_stale_lock)
    return report(result, args.path, args.lang)


def clock_now(today: date | None, environ: dict[str, str] | None = None) -> datetime:
    """The clock's now: the local time of day on `today`, else on DEALER_TODAY's day, else now."""
    now = datetime.now().replace(microsecond=0)
    env = os.environ if environ is None else environ
    if today is None and env.get(ENV_TODAY):
        try:
            today = date.fromisoformat(env[ENV_TODAY].strip())
        except ValueError:
            today = None  # as the app does: a bad DEALER_TODAY falls back to the real date
    return datetime.combine(today, now.time()) if today else now


def _vet(path: Path) -> None:
    """Refuse files the reader's guard refuses (not a workbook, bombs, absurd extents)."""
    if not path.exists():
        raise WriteRefused("write.no_file", path=str(path))
    vet(path)

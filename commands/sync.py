"""`cli.py sync PATH`: apply the changes waiting in the journal (exit 75 while the file is held open)."""

from __future__ import annotations

import argparse
from pathlib import Path

from i18n import t

HELP = "write queued changes / 写入排队的修改"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, help="the workbook")
    parser.add_argument(
        "--override-stale-lock", action="store_true", help="write although a stale lock file is present"
    )


def run(args: argparse.Namespace) -> int:
    from commands.log import report
    from workbook import journal, writing

    if not journal.pending(args.path):
        print(t("write.nothing_pending", args.lang))
        return 0
    result = writing.flush_pending(args.path, override_stale_lock=args.override_stale_lock)
    code = report(result, args.path, args.lang)
    if result.status == "written" and result.flushed:
        print(t("write.synced", args.lang, count=result.flushed))
    return code

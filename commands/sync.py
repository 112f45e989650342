"""`cli.py sync PATH`: apply the changes waiting in the journal.

Exit 0 when every waiting change was written, 2 when some were rejected (each listed with its
reason and kept in the rejected file, unreadable journal lines among them), 75 while the file
is still held open.
"""

from __future__ import annotations

import argparse
import sys
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

    if not journal.has_lines(args.path):
        print(t("write.nothing_pending", args.lang))
        return 0
    result = writing.flush_pending(args.path, override_stale_lock=args.override_stale_lock)
    for rej in result.rejected:
        print(t("write.rejected", args.lang, reason=t(rej["code"], args.lang, **rej["params"])), file=sys.stderr)
    if result.rejected:
        kept = journal.rejected_path(args.path)
        print(t("write.rejected_count", args.lang, count=len(result.rejected), file=kept), file=sys.stderr)
    if result.status == "queued":
        return report(result, args.path, args.lang)
    if result.flushed:
        print(t("write.synced", args.lang, count=result.flushed))
    return 2 if result.rejected else 0

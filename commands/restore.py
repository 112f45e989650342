"""`cli.py restore PATH [--list] [--from BACKUP] [--prune N]`: list the workbook's backups, put one back,
or keep only the newest N (a full disk)."""

from __future__ import annotations

import argparse
import sys
from datetime import datetime
from pathlib import Path

from i18n import t
from workbook import backup, locks

HELP = "list or restore backups / 查看或恢复备份"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, help="the workbook")
    parser.add_argument("--list", action="store_true", help="list the backups, newest first")
    parser.add_argument("--from", dest="source", help="backup file name or path (default: the newest)")
    parser.add_argument("--prune", type=int, metavar="N", help="delete all backups but the newest N")


def run(args: argparse.Namespace) -> int:

    path: Path = args.path
    backups = backup.list_backups(path)
    if args.prune is not None:
        with locks.writer_lock(path):
            removed = backup.prune(path, args.prune)
        print(t("write.pruned", args.lang, count=len(removed), keep=max(args.prune, 1)))
        return 0
    if args.list:
        if not backups:
            print(t("write.backup_list_empty", args.lang))
        for b in backups:
            st = b.stat()
            print(f"{b.name}\t{datetime.fromtimestamp(st.st_mtime):%Y-%m-%d %H:%M:%S}\t{st.st_size}")
        return 0
    chosen = backup.resolve(path, args.source)
    if chosen is None:
        print(t("write.backup_missing", args.lang, name=args.source or ""), file=sys.stderr)
        return 2
    with locks.writer_lock(path):
        holder = locks.holder(path)
        if holder is not None:
            print(t("write.queued", args.lang, holder=str(holder)), file=sys.stderr)
            return 75
        if path.exists():
            backup.write_backup(path, path.read_bytes())
        backup.copy_file(chosen, path)
    print(t("write.restored", args.lang, backup=chosen.name, path=path))
    return 0

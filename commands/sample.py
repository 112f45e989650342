"""`cli.py sample PATH`: write a realistic sample workbook (S: a store's year; M, L: bigger)."""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from i18n import t
from workbook.sample import write_sample

HELP = "write a sample workbook / 生成示例工作簿"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, help="the .xlsx file to create")
    parser.add_argument("--size", choices=("S", "M", "L"), default="S", help="S: one store, one year (default)")
    parser.add_argument("--today", default=None, help="the sample's today, YYYY-MM-DD (default: the local date)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")


def run(args: argparse.Namespace) -> int:

    path: Path = args.path
    if path.exists() and not args.force:
        print(t("cli.file_exists", args.lang, path=path), file=sys.stderr)
        return 2
    if not path.parent.is_dir():
        print(t("sample.no_folder", args.lang, path=path.parent), file=sys.stderr)
        return 2
    try:
        today = date.fromisoformat(args.today) if args.today else date.today()
    except ValueError:
        print(t("cli.bad_date", args.lang, value=args.today), file=sys.stderr)
        return 2
    write_sample(path, size=args.size, lang=args.lang, today=today, seed=args.seed)
    print(t("sample.written", args.lang, path=path, size=args.size, today=today.isoformat(), seed=args.seed))
    return 0

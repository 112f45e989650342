"""`cli.py new PATH`: write a blank, formatted workbook (every sheet, dropdowns, defaults)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from i18n import t
from workbook.template import write_workbook

HELP = "write a new blank workbook / 新建空白工作簿"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, help="the .xlsx file to create")
    parser.add_argument("--force", action="store_true", help="overwrite an existing file")


def run(args: argparse.Namespace) -> int:

    path: Path = args.path
    if path.exists() and not args.force:
        print(t("cli.file_exists", args.lang, path=path), file=sys.stderr)
        return 2
    if not path.parent.is_dir():
        print(t("sample.no_folder", args.lang, path=path.parent), file=sys.stderr)
        return 2
    write_workbook(path, lang=args.lang)
    print(t("cli.written", args.lang, path=path))
    return 0

"""`cli.py check PATH [--json]`: read a workbook and list the problems found.

Exit 0 when the workbook is usable (warnings and row errors allowed), 2 when it is not.
The problems are the reader's, then `logic.references` (a consultant not on the staff
sheet, a customer ID not on the customers sheet).
`--json` prints {"usable": bool, "problems": [{severity, sheet, row, column, value,
message, code}]}; for an unusable file, one problem with sheet null.
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from datetime import date
from pathlib import Path
from typing import Any

from i18n import t

HELP = "check a workbook and list its problems / 检查工作簿并列出问题"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, help="the .xlsx workbook to check")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    parser.add_argument(
        "--today", type=_date, default=None, help="the date for dates typed without a year (YYYY-MM-DD)"
    )


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(t("cli.bad_date", "en", value=text)) from None


def check(path: Path, lang: str, today: date | None = None) -> tuple[bool, list[dict[str, Any]]]:
    """(usable, problems as JSON-ready dicts) for `path`."""
    from workbook.errors import UnusableWorkbook
    from workbook.reading import read_workbook

    try:
        wb = read_workbook(path, today=today)
    except UnusableWorkbook as exc:
        return False, [
            {
                "severity": "error",
                "sheet": None,
                "row": None,
                "column": None,
                "value": None,
                "message": exc.message(lang),
                "code": exc.code,
            }
        ]
    from logic.references import workbook_problems

    # names and IDs pointing nowhere are found across sheets, after the reader's own checks
    return True, [p.as_json(lang) for p in [*wb.problems, *workbook_problems(wb)]]


def run(args: argparse.Namespace) -> int:
    usable, problems = check(args.path, args.lang, args.today)
    if args.json:
        print(json.dumps({"usable": usable, "problems": problems}, ensure_ascii=False, indent=1))
    else:
        print(render(usable, problems, args.lang))
    return 0 if usable else 2


def _width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in s)


def _cut(s: str, n: int) -> str:
    out, w = "", 0
    for ch in s:
        cw = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        if w + cw > n - 1 and len(s) > len(out) + 1:
            return out + "…"
        out, w = out + ch, w + cw
    return out


def render(usable: bool, problems: list[dict[str, Any]], lang: str) -> str:
    """A readable table: severity, sheet, row, column, value, message; then a summary line."""
    errors = sum(1 for p in problems if p["severity"] == "error")
    warnings = len(problems) - errors
    if not usable:
        return f"{t('check.unusable', lang)}: {problems[0]['message']}"
    lines = []
    if problems:
        heads = [t(f"check.col.{k}", lang) for k in ("severity", "sheet", "row", "column", "value", "message")]
        rows = [
            [
                t("word.error" if p["severity"] == "error" else "word.warning", lang),
                p["sheet"] or "",
                "" if p["row"] is None else str(p["row"]),
                _cut(p["column"] or "", 16),
                _cut(p["value"] or "", 20),
                p["message"],
            ]
            for p in problems
        ]
        widths = [max(_width(r[i]) for r in [heads, *rows]) for i in range(5)]
        for r in [heads, *rows]:
            cells = [c + " " * (widths[i] - _width(c)) for i, c in enumerate(r[:5])]
            lines.append("  ".join([*cells, r[5]]).rstrip())
    else:
        lines.append(t("check.no_problems", lang))
    lines.append(t("check.usable", lang, errors=errors, warnings=warnings))
    return "\n".join(lines)

"""`cli.py check PATH [--json]`: read a workbook and list the problems found.

Exit 0 when the workbook is usable (warnings and row errors allowed), 2 when it is not.
The problems are the reader's, then `logic.references` (a consultant not on the staff
sheet, a customer ID not on the customers sheet).
`--json` prints {"usable": bool, "problems": [{severity, sheet, row, column, value,
message, code}]}; for an unusable file, one problem with sheet null.
The text output groups like the health page (`workbook.problem_groups`, worded by
`i18n.problem_lines`): errors first; three
or more problems of one kind in one sheet and column are one line with their Excel rows.
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from i18n import describe, problem_lines, t
from logic.references import workbook_problems
from workbook import problem_groups
from workbook.errors import Problem, UnusableWorkbook
from workbook.reading import read_workbook

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


def find_problems(path: Path, today: date | None = None) -> list[Problem]:
    """The workbook's problems (the reader's, then names and IDs pointing nowhere); raises UnusableWorkbook."""
    wb = read_workbook(path, today=today)
    # names and IDs pointing nowhere are found across sheets, after the reader's own checks
    return [*wb.problems, *workbook_problems(wb)]


def check(path: Path, lang: str, today: date | None = None) -> tuple[bool, list[dict[str, Any]]]:
    """(usable, problems as JSON-ready dicts) for `path`."""
    try:
        found = find_problems(path, today)
    except UnusableWorkbook as exc:
        return False, [
            {
                "severity": "error",
                "sheet": None,
                "row": None,
                "column": None,
                "value": None,
                "message": describe(exc, lang),
                "code": exc.code,
            }
        ]
    return True, [p.as_json(describe(p, lang)) for p in found]


def run(args: argparse.Namespace) -> int:
    if args.json:
        usable, found = check(args.path, args.lang, args.today)
        print(json.dumps({"usable": usable, "problems": found}, ensure_ascii=False, indent=1))
        return 0 if usable else 2
    try:
        listed = find_problems(args.path, args.today)
    except UnusableWorkbook as exc:
        print(f"{t('check.unusable', args.lang)}: {describe(exc, args.lang)}")
        return 2
    print(render(listed, args.lang))
    return 0


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


def _table(problems: Sequence[Problem], lang: str) -> list[str]:
    """Problems one per line, columns aligned (Chinese characters count double): severity ... message."""
    heads = [t(f"check.col.{k}", lang) for k in ("severity", "sheet", "row", "column", "value", "message")]
    rows = [
        [
            t("word.error" if p.severity == "error" else "word.warning", lang),
            p.sheet or "",
            "" if p.row is None else str(p.row),
            _cut(p.column or "", 16),
            _cut(p.value or "", 20),
            describe(p, lang),
        ]
        for p in problems
    ]
    widths = [max(_width(r[i]) for r in [heads, *rows]) for i in range(5)]
    return [
        "  ".join([*(c + " " * (widths[i] - _width(c)) for i, c in enumerate(r[:5])), r[5]]).rstrip()
        for r in [heads, *rows]
    ]


def render(problems: Sequence[Problem], lang: str) -> str:
    """Per severity (errors first) a heading, a table of the single problems, then one line per group
    of many of one kind in one sheet and column (with its Excel rows); then a summary line."""
    errors = sum(1 for p in problems if p.severity == "error")
    lines = [] if problems else [t("check.no_problems", lang)]
    found = problem_groups.problem_groups(problems)
    for severity in ("error", "warning"):
        mine = [g for g in found if g[0].severity == severity]
        if not mine:
            continue
        if lines:
            lines.append("")
        lines.append(t(f"health.section.{severity}", lang, count=sum(len(g) for g in mine)))
        singles = [p for g in mine if not problem_groups.is_group(g) for p in g]
        if singles:
            lines.extend(_table(singles, lang))
        word = t(f"word.{severity}", lang)
        for g in mine:
            if problem_groups.is_group(g):
                lines.append(f"{word}  {problem_lines.group_label(g, lang)}")
                rows = problem_groups.row_ranges(p.row for p in g)
                if rows:
                    lines.append(f"{' ' * _width(word)}  {t('check.group.rows', lang, rows=rows)}")
    lines.append(t("check.usable", lang, errors=errors, warnings=len(problems) - errors))
    return "\n".join(lines)

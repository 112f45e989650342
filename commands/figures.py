"""What the figure commands (`morning`, `evening`, `plan`, `hot`) share: their arguments and the JSON they print.

Keys are stable English codes; dates are ISO `YYYY-MM-DD`; a share is a number from 0 to 1 (null when there
is nothing to divide by); a missing target is null.
"""

from __future__ import annotations

import argparse
import json
import math
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Any

from logic.plan_actual import METRICS, Figure
from logic.showroom import Traffic


def day_arg(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid date: {text} (expected YYYY-MM-DD)") from None


def month_arg(text: str) -> str:
    try:
        year, month = (int(p) for p in text.split("-"))
        date(year, month, 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"invalid month: {text} (expected YYYY-MM)") from None
    return f"{year:04d}-{month:02d}"


def add_path_and_json(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", type=Path, help="the workbook")
    parser.add_argument("--json", action="store_true", help="print JSON (else the same figures as indented text)")


def figure(f: Figure) -> dict[str, Any]:
    """One metric against its target: actual, target (null: none), progress (actual / target) and behind."""
    return {"actual": f.actual, "target": f.target, "progress": f.progress, "behind": f.behind}


def figures(by_metric: dict[str, Figure]) -> dict[str, dict[str, Any]]:
    return {m: figure(by_metric[m]) for m in METRICS}


def traffic(t: Traffic) -> dict[str, Any]:
    """A day's traffic: by hour (hour null: rows without a time in) and the day's total."""
    total = t.total.as_json()
    total.pop("hour")
    return {"day": t.day, "from_log": t.from_log, "hours": [h.as_json() for h in t.hours], "total": total}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def _text_lines(value: Any, indent: str = "") -> list[str]:
    lines = []
    for key, v in value.items() if isinstance(value, dict) else enumerate(value):
        if isinstance(v, dict | list) and v:
            lines += [f"{indent}{key}:", *_text_lines(v, indent + "  ")]
        else:
            lines.append(f"{indent}{key}: {'-' if v is None or v == [] else v}")
    return lines


def show(doc: dict[str, Any], as_json: bool) -> int:
    """Print the document as JSON (UTF-8 names as they are), else as indented text; report success."""
    plain = _plain(doc)
    if as_json:
        json.dump(plain, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print("\n".join(_text_lines(plain)))
    return 0

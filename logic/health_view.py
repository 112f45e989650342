"""What the workbook check screen filters: problems by severity, by sheet (or the file as a whole), by words.

A problem without a sheet belongs to the file as a whole (`FILE` in the sheet filter, listed
after the sheets). The search looks at the sheet, row, column, value and message, ignoring case.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

FILE = "\x00file"  # the "whole file" entry of the sheet filter
SEVERITIES: tuple[str, ...] = ("error", "warning")


def sheet_choices(problems: Iterable[Any]) -> list[str]:
    """The sheets problems are on, by name, then `FILE` when a problem concerns the whole file."""
    return sorted({p.sheet or FILE for p in problems}, key=lambda s: (s == FILE, s))


def shown_problems(
    problems: Iterable[Any], severities: Sequence[str], sheet: str, search: str, message: Callable[[Any], str]
) -> list[Any]:
    """The problems of the chosen severities, on `sheet` ("" for any), whose text holds `search`."""
    wanted = search.strip().lower()

    def found(p: Any) -> bool:
        text = " ".join(str(x) for x in (p.sheet, p.row, p.column, p.value, message(p)))
        return wanted in text.lower()

    return [
        p
        for p in problems
        if p.severity in severities and (not sheet or (p.sheet or FILE) == sheet) and (not wanted or found(p))
    ]


def severity_counts(problems: Sequence[Any]) -> tuple[int, int]:
    """(errors, warnings) among `problems`."""
    errors = sum(1 for p in problems if p.severity == "error")
    return errors, len(problems) - errors

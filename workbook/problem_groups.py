"""Many problems of one kind in one sheet and column, grouped to be told as one line (the health page and `cli.py check`).

A workbook typed by hand repeats its mistakes down a column (2,000 budgets typed as dates),
so a list of every cell buries the few other problems: GROUP_MIN or more problems with the
same severity, sheet, column and code are one group, told as "where: N rows — what is
wrong, e.g. the first one" (`i18n.problem_lines` words it), errors first, otherwise in the
order found.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from workbook.errors import Problem

GROUP_MIN = 3  # this many problems of one kind in one sheet and column are told as one line


def problem_groups(problems: Iterable[Problem]) -> list[list[Problem]]:
    """Problems grouped by severity, sheet, column and kind (code): errors first, then in the order found."""
    groups: dict[tuple[object, ...], list[Problem]] = {}
    for p in problems:
        groups.setdefault((p.severity, p.sheet, p.column, p.code), []).append(p)
    return sorted(groups.values(), key=lambda g: g[0].severity != "error")  # stable: keeps the order found


def is_group(group: Sequence[Problem]) -> bool:
    """Whether a group is told as one line (GROUP_MIN or more problems) rather than row by row."""
    return len(group) >= GROUP_MIN


def row_ranges(rows: Iterable[int | None], limit: int = 12) -> str:
    """Excel rows as short ranges ("5-9, 12, 15-20"), at most `limit` of them, then "…"."""
    runs: list[list[int]] = []
    for r in sorted({r for r in rows if r is not None}):
        if runs and r == runs[-1][1] + 1:
            runs[-1][1] = r
        else:
            runs.append([r, r])
    parts = [str(a) if a == b else f"{a}-{b}" for a, b in runs[:limit]]
    return ", ".join(parts) + (", …" if len(runs) > limit else "")

"""Many problems of one kind in one sheet and column, told as one line (the health page and `cli.py check`).

A workbook typed by hand repeats its mistakes down a column (2,000 budgets typed as dates),
so a list of every cell buries the few other problems: GROUP_MIN or more problems with the
same severity, sheet, column and code are one group, told as "where: N rows — what is
wrong, e.g. the first one", errors first, otherwise in the order found.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import i18n
from workbook.errors import Problem

GROUP_MIN = 3  # this many problems of one kind in one sheet and column are told as one line
KIND_CODES = (  # problem codes with a short "what is wrong" for a group's line (i18n `health.kind.*`)
    "bad_date", "bad_datetime", "bad_time", "bad_month", "bad_integer", "bad_money", "bad_phone",
    "phone_lost_zero", "bad_yesno", "bad_grade", "bad_choice", "date_year_guessed", "date_ambiguous",
    "required_missing", "duplicate_id", "duplicate_key", "duplicate_phone", "duplicate_staff",
    "unknown_consultant", "unknown_consultant_maybe_left_out", "unknown_customer", "unknown_customer_maybe_left_out",
)  # fmt: skip


def problem_groups(problems: Iterable[Problem]) -> list[list[Problem]]:
    """Problems grouped by severity, sheet, column and kind (code): errors first, then in the order found."""
    groups: dict[tuple[object, ...], list[Problem]] = {}
    for p in problems:
        groups.setdefault((p.severity, p.sheet, p.column, p.code), []).append(p)
    return sorted(groups.values(), key=lambda g: g[0].severity != "error")  # stable: keeps the order found


def is_group(group: Sequence[Problem]) -> bool:
    """Whether a group is told as one line (GROUP_MIN or more problems) rather than row by row."""
    return len(group) >= GROUP_MIN


def problem_kind(p: Problem, lang: str) -> str:
    """A short "what is wrong" for a group's line; the full message when the kind has none."""
    code = str(p.code).removeprefix("problem.")
    if code in KIND_CODES:
        return i18n.t(f"health.kind.{code}", lang, **(p.params or {}))
    return p.message(lang)


def group_label(group: Sequence[Problem], lang: str) -> str:
    """One line for a group: "客户 · 预算(元): 2000 行 — 不是金额, 例如 第 5 行 2474-12-15 …"."""
    first = group[0]
    where = " · ".join(x for x in (first.sheet or i18n.t("health.filter.file", lang), first.column) if x)
    example = i18n.t("health.group.row", lang, row=first.row) if first.row is not None else ""
    if first.value not in (None, ""):
        example = f"{example} {first.value}".strip()
    return i18n.t(
        "health.group.line",
        lang,
        where=where,
        count=len(group),
        kind=problem_kind(first, lang),
        example=example or "—",
    )


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

"""A group of problems of one kind told as one line, in a language (the health page and `cli.py check`).

`workbook.problem_groups` groups the problems; this words a group: where, how many rows, a
short "what is wrong" (`health.kind.*` where the kind has one), and the first one as an example.
"""

from __future__ import annotations

from collections.abc import Sequence

from i18n import describe, t
from workbook.errors import Problem

KIND_CODES = (  # problem codes with a short "what is wrong" for a group's line (i18n `health.kind.*`)
    "bad_date", "bad_datetime", "bad_time", "bad_month", "bad_integer", "bad_money", "bad_phone",
    "phone_lost_zero", "bad_yesno", "bad_grade", "bad_choice", "date_year_guessed", "date_ambiguous",
    "required_missing", "duplicate_id", "duplicate_key", "duplicate_phone", "duplicate_staff",
    "unknown_consultant", "unknown_consultant_maybe_left_out", "unknown_customer", "unknown_customer_maybe_left_out",
)  # fmt: skip


def problem_kind(p: Problem, lang: str) -> str:
    """A short "what is wrong" for a group's line; the full message when the kind has none."""
    code = str(p.code).removeprefix("problem.")
    if code in KIND_CODES:
        return t(f"health.kind.{code}", lang, **(p.params or {}))
    return describe(p, lang)


def group_label(group: Sequence[Problem], lang: str) -> str:
    """One line for a group: "客户 · 预算(元): 2000 行 — 不是金额, 例如 第 5 行 2474-12-15 …"."""
    first = group[0]
    where = " · ".join(x for x in (first.sheet or t("health.filter.file", lang), first.column) if x)
    example = t("health.group.row", lang, row=first.row) if first.row is not None else ""
    if first.value not in (None, ""):
        example = f"{example} {first.value}".strip()
    return t(
        "health.group.line",
        lang,
        where=where,
        count=len(group),
        kind=problem_kind(first, lang),
        example=example or "—",
    )

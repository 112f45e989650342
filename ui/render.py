"""Showing things shared by pages: projector-size metrics, and the workbook's problems (as a table,
grouped, as CSV) in the session's language."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd
import streamlit as st

import i18n
from i18n import problem_lines
from ui import session
from ui.text import md, plain_frame
from workbook import problem_groups as groups
from workbook.errors import Problem
from workbook.problem_groups import problem_groups  # the health page groups as `cli.py check` does

OVERDUE_FG = "#a61b1b"
WRAPPED_ROWS = 300  # up to this many problems are shown as a wrapping table, beyond as a scrolling grid

PROJECTOR_CSS = """
<style>
[data-testid="stMetricValue"] { font-size: 2.6rem; font-weight: 700; }
[data-testid="stMetricLabel"] p { font-size: 1.05rem; }
</style>
"""


def projector_css() -> None:
    """Bigger numbers for the meeting-room screen."""
    st.html(PROJECTOR_CSS)


Shown = int | float | str | None  # what st.metric shows as a value or a delta


def metrics(items: Sequence[tuple[str, Shown] | tuple[str, Shown, Shown]], *, help: Sequence[str | None] = ()) -> None:
    """A row of big metrics: (label, value) or (label, value, delta)."""
    projector_css()
    if not items:
        return
    cols = st.columns(len(items))
    for i, (col, item) in enumerate(zip(cols, items, strict=True)):
        label, value = item[0], item[1]
        delta = item[2] if len(item) > 2 else None
        with col:
            st.metric(label, value, delta=delta, help=help[i] if i < len(help) else None, border=True)


def problems_frame(problems: Sequence[Problem], lang: str | None = None) -> pd.DataFrame:
    """The reader's problems as a table in the UI language (severity, sheet, row, column, value, message)."""
    lang = lang or session.lang()
    rows = [
        {
            "severity": i18n.t("word.error" if p.severity == "error" else "word.warning", lang),
            "sheet": p.sheet,
            "row": p.row,
            "column": p.column,
            "value": p.value,
            "message": i18n.describe(p, lang),
            "_severity": p.severity,
        }
        for p in problems
    ]
    frame = pd.DataFrame(rows, columns=["severity", "sheet", "row", "column", "value", "message", "_severity"])
    frame["row"] = frame["row"].astype("Int64")
    return frame


def problems(problems_: Sequence[Problem], *, key: str = "ui_problems", height: int | str = "auto") -> None:
    """Show problems as a table with headers in the UI language; errors in red."""
    frame = problems_frame(problems_)
    if frame.empty:
        st.success(session.t("ui.sidebar.no_problems"), icon="")
        return
    names = {c: session.t(f"health.col.{c}") for c in ("severity", "sheet", "row", "column", "value", "message")}
    cols = list(names)
    is_error = frame["_severity"] == "error"
    style = f"color: {OVERDUE_FG}"
    styler = plain_frame(frame[cols]).style.apply(
        lambda row: [style if is_error.loc[row.name] else "" for _ in row], axis=1
    )
    if len(frame) <= WRAPPED_ROWS:
        # a static table wraps the long "what to do" text, on screen and on paper; st.table renders
        # Markdown in its cells, so the cells as found in the workbook are escaped for it
        shown = frame[cols].apply(lambda c: c.map(md) if c.dtype == object or pd.api.types.is_string_dtype(c) else c)
        shown = shown.rename(columns=names).reset_index(drop=True)
        flags = is_error.reset_index(drop=True)
        st.table(
            shown.style.apply(lambda row: [style if flags.loc[row.name] else "" for _ in row], axis=1).hide(
                axis="index"
            )
        )
        return
    st.dataframe(
        styler,
        column_config={
            c: st.column_config.Column(n, width="large" if c == "message" else None) for c, n in names.items()
        },
        hide_index=True,
        key=key,
        height=height,
    )


def problem_kind(p: Problem, lang: str | None = None) -> str:
    """A short "what is wrong" for a group's line, in the session's language unless given."""
    return problem_lines.problem_kind(p, lang or session.lang())


def group_label(group: Sequence[Problem], lang: str | None = None) -> str:
    """One line for a group ("客户 · 预算(元): 2000 行 — 不是金额, 例如 第 5 行 2474-12-15 …")."""
    return problem_lines.group_label(group, lang or session.lang())


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value: object) -> object:
    """A CSV cell Excel cannot run: text starting like a formula gets a leading apostrophe (OWASP's
    CSV-injection advice), so `=HYPERLINK(...)` typed into a phone cell stays text; numbers stay numbers."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def problems_csv(problems_: Sequence[Problem], lang: str | None = None) -> bytes:
    """The problems as a CSV Excel opens in either language (UTF-8 with BOM), headers in the UI language."""
    lang = lang or session.lang()
    frame = problems_frame(problems_, lang)
    names = {c: i18n.t(f"health.col.{c}", lang) for c in ("severity", "sheet", "row", "column", "value", "message")}
    frame = frame[list(names)].rename(columns=names)
    frame = frame.apply(
        lambda column: column.map(csv_safe) if column.dtype == object or column.dtype == "string" else column
    )
    return frame.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")  # RFC 4180: a CR in a cell is quoted


def grouped_problems(problems_: Sequence[Problem], *, key: str = "ui_grouped", expanded: bool = False) -> None:
    """Problems errors first; GROUP_MIN or more of one kind in one sheet and column as one expandable line
    (its rows inside), the rest as a table per severity."""
    if not problems_:
        st.success(session.t("ui.sidebar.no_problems"), icon="")
        return
    found = problem_groups(problems_)
    for severity in ("error", "warning"):
        mine = [g for g in found if g[0].severity == severity]
        if not mine:
            continue
        count = sum(len(g) for g in mine)
        st.markdown(f"#### {session.t('health.section.' + severity, count=count)}")
        singles = [p for g in mine if not groups.is_group(g) for p in g]
        if singles:
            problems(singles, key=f"{key}_{severity}")
        icon = ":material/error:" if severity == "error" else ":material/warning:"
        for i, g in enumerate(x for x in mine if groups.is_group(x)):
            with st.expander(md(group_label(g)), icon=icon, expanded=expanded):  # quotes cells as found
                problems(g, key=f"{key}_{severity}_{i}")

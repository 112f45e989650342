"""Showing things: projector-size metrics, tables with the schema's headers, tel: links, overdue red.

Tables take a frame as the reader returns it (column keys, choice codes) and show it in the
session's language: headers from `workbook.schema`, choice codes as labels, phones as
tap-to-call links, rows with `overdue_days > 0` in red.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

import i18n
from ui import session
from workbook import problem_groups as groups
from workbook import schema
from workbook.problem_groups import problem_groups  # the health page groups as `cli.py check` does

OVERDUE_BG = "#fde2e1"
OVERDUE_FG = "#a61b1b"
WRAPPED_ROWS = 300  # up to this many problems are shown as a wrapping table, beyond as a scrolling grid

PROJECTOR_CSS = """
<style>
[data-testid="stMetricValue"] { font-size: 2.6rem; font-weight: 700; }
[data-testid="stMetricLabel"] p { font-size: 1.05rem; }
.ui-big-number { font-size: 3.2rem; font-weight: 700; line-height: 1.1; }
</style>
"""


def projector_css() -> None:
    """Bigger numbers for the meeting-room screen."""
    st.html(PROJECTOR_CSS)


def metrics(items: Sequence[tuple[str, Any] | tuple[str, Any, Any]], *, help: Sequence[str | None] = ()) -> None:
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


def header(sheet_key: str, column_key: str, lang: str | None = None) -> str:
    """The column's header in the UI language, as the schema declares it."""
    return schema.sheet(sheet_key).column(column_key).header(lang or session.lang())  # type: ignore[arg-type]


def headers(sheet_key: str, lang: str | None = None) -> dict[str, str]:
    """Column key -> header in the UI language, for one sheet."""
    lang = lang or session.lang()
    return {c.key: c.header(lang) for c in schema.sheet(sheet_key).columns}  # type: ignore[arg-type]


def tel(phone: object) -> str | None:
    """A tel: link for a phone number, or None."""
    if phone is None or (not isinstance(phone, str) and pd.isna(phone)):
        return None
    digits = "".join(ch for ch in str(phone) if ch.isdigit() or ch == "+")
    return f"tel:{digits}" if digits else None


def labelled(df: pd.DataFrame, sheet_key: str, lang: str | None = None) -> pd.DataFrame:
    """A copy with choice codes turned into labels in the UI language."""
    lang = lang or session.lang()
    out = df.copy()
    for c in schema.sheet(sheet_key).columns:
        if c.key not in out.columns:
            continue
        if c.type == "choice" and c.choices:
            cl = schema.choice_list(c.choices)
            out[c.key] = out[c.key].map(lambda v, cl=cl: v if v is None or pd.isna(v) else cl.label(str(v), lang))
    return out


def table(
    df: pd.DataFrame,
    sheet_key: str | None = None,
    *,
    columns: Sequence[str] | None = None,
    labels: dict[str, str] | None = None,
    phone_columns: Sequence[str] | None = None,
    overdue_column: str | None = "overdue_days",
    key: str | None = None,
    height: int | str = "auto",
    hide_index: bool = True,
) -> None:
    """Show a read-only table: schema headers, choice labels, tel: links, overdue rows in red.

    `columns` picks and orders columns (default: all but `_row`); `labels` names columns the
    schema does not know (computed ones) — give i18n'd text.
    """
    lang = session.lang()
    if df is None or df.empty:
        st.caption(session.t("ui.table.empty"))
        return
    shown = labelled(df, sheet_key, lang) if sheet_key else df.copy()
    cols = list(columns) if columns is not None else [c for c in shown.columns if not str(c).startswith("_")]
    names = headers(sheet_key, lang) if sheet_key else {}
    names.update(labels or {})
    if overdue_column and overdue_column in shown.columns and overdue_column not in names:
        names[overdue_column] = session.t("ui.table.overdue_days")
    if phone_columns is None and sheet_key:
        phone_columns = [c.key for c in schema.sheet(sheet_key).columns if c.type == "phone"]
    config: dict[str, Any] = {}
    for c in cols:
        if phone_columns and c in phone_columns:
            shown[c] = shown[c].map(tel)
            config[c] = st.column_config.LinkColumn(names.get(c, c), display_text=r"tel:(.*)")
        elif c in names:
            config[c] = st.column_config.Column(names[c])
    data = shown[cols]
    overdue = shown[overdue_column] if overdue_column and overdue_column in shown.columns else None
    if overdue is not None:
        late = pd.to_numeric(overdue, errors="coerce").fillna(0) > 0
        style = f"background-color: {OVERDUE_BG}; color: {OVERDUE_FG}"
        styler = data.style.apply(lambda row: [style if late.loc[row.name] else "" for _ in row], axis=1)
        st.dataframe(styler, column_config=config, hide_index=hide_index, key=key, height=height)
    else:
        st.dataframe(data, column_config=config, hide_index=hide_index, key=key, height=height)


def big_number(value: Any, caption: str = "") -> None:
    """One very large number with a caption, for the projector."""
    projector_css()
    st.html(f'<div class="ui-big-number">{value}</div>')
    if caption:
        st.caption(caption)


def download_xlsx(data: bytes | Path, file_name: str, *, key: str, label: str | None = None) -> None:
    """A download button for an .xlsx export (the export itself is made by workbook/export.py)."""
    payload = Path(data).read_bytes() if isinstance(data, Path) else data
    st.download_button(
        label or session.t("ui.download.xlsx"),
        payload,
        file_name=file_name,
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=key,
        on_click="ignore",  # a download needs no rerun, and a rerun meanwhile could drop the click
        icon=":material/download:",
    )


def problems_frame(problems: Sequence[Any], lang: str | None = None) -> pd.DataFrame:
    """The reader's problems as a table in the UI language (severity, sheet, row, column, value, message)."""
    lang = lang or session.lang()
    rows = [
        {
            "severity": i18n.t("word.error" if p.severity == "error" else "word.warning", lang),
            "sheet": p.sheet,
            "row": p.row,
            "column": p.column,
            "value": p.value,
            "message": p.message(lang),
            "_severity": p.severity,
        }
        for p in problems
    ]
    frame = pd.DataFrame(rows, columns=["severity", "sheet", "row", "column", "value", "message", "_severity"])
    frame["row"] = frame["row"].astype("Int64")
    return frame


def problems(problems_: Sequence[Any], *, key: str = "ui_problems", height: int | str = "auto") -> None:
    """Show problems as a table with headers in the UI language; errors in red."""
    frame = problems_frame(problems_)
    if frame.empty:
        st.success(session.t("ui.sidebar.no_problems"))
        return
    names = {c: session.t(f"health.col.{c}") for c in ("severity", "sheet", "row", "column", "value", "message")}
    cols = list(names)
    is_error = frame["_severity"] == "error"
    style = f"color: {OVERDUE_FG}"
    styler = frame[cols].style.apply(lambda row: [style if is_error.loc[row.name] else "" for _ in row], axis=1)
    if len(frame) <= WRAPPED_ROWS:
        # a static table wraps the long "what to do" text, on screen and on paper
        shown = frame[cols].rename(columns=names).reset_index(drop=True)
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


def problem_kind(p: Any, lang: str | None = None) -> str:
    """A short "what is wrong" for a group's line, in the session's language unless given."""
    return groups.problem_kind(p, lang or session.lang())


def group_label(group: Sequence[Any], lang: str | None = None) -> str:
    """One line for a group ("客户 · 预算(元): 2000 行 — 不是金额, 例如 第 5 行 2474-12-15 …")."""
    return groups.group_label(group, lang or session.lang())


def problems_csv(problems_: Sequence[Any], lang: str | None = None) -> bytes:
    """The problems as a CSV Excel opens in either language (UTF-8 with BOM), headers in the UI language."""
    lang = lang or session.lang()
    frame = problems_frame(problems_, lang)
    names = {c: i18n.t(f"health.col.{c}", lang) for c in ("severity", "sheet", "row", "column", "value", "message")}
    return frame[list(names)].rename(columns=names).to_csv(index=False).encode("utf-8-sig")


def grouped_problems(problems_: Sequence[Any], *, key: str = "ui_grouped", expanded: bool = False) -> None:
    """Problems errors first; GROUP_MIN or more of one kind in one sheet and column as one expandable line
    (its rows inside), the rest as a table per severity."""
    if not problems_:
        st.success(session.t("ui.sidebar.no_problems"))
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
            with st.expander(group_label(g), icon=icon, expanded=expanded):
                problems(g, key=f"{key}_{severity}_{i}")

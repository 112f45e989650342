"""Workbook check: every problem the reader found, filterable, so a manager can fix the Excel file."""

import streamlit as st

from ui import print as ui_print
from ui import render, session

ctx = session.page_setup("ui.page.health", needs_workbook=False)
st.caption(ctx.t("health.file", path=str(ctx.path)))

if ctx.wb is None:
    session.show_unusable(session.current())
    st.stop()

problems = list(ctx.wb.problems or [])
errors = [p for p in problems if p.severity == "error"]
render.metrics([(ctx.t("health.errors"), len(errors)), (ctx.t("health.warnings"), len(problems) - len(errors))])
if not problems:
    st.success(ctx.t("health.ok"))
    st.stop()

st.info(ctx.t("health.intro"))
ui_print.print_controls(ctx.t("ui.page.health"))

file_label = ctx.t("health.filter.file")
sheets = sorted({p.sheet or file_label for p in problems})
c1, c2, c3 = st.columns([1, 1, 2])
with c1:
    severities = st.multiselect(
        ctx.t("health.filter.severity"),
        ["error", "warning"],
        default=["error", "warning"],
        format_func=lambda s: ctx.t("word.error") if s == "error" else ctx.t("word.warning"),
        key="health_severity",
    )
with c2:
    sheet = st.selectbox(
        ctx.t("health.filter.sheet"),
        ["", *sheets],
        format_func=lambda s: s or ctx.t("health.filter.all_sheets"),
        key="health_sheet",
    )
with c3:
    search = st.text_input(ctx.t("health.filter.search"), key="health_search").strip().lower()

shown = [
    p
    for p in problems
    if p.severity in severities
    and (not sheet or (p.sheet or file_label) == sheet)
    and (
        not search
        or search in " ".join(str(x) for x in (p.sheet, p.row, p.column, p.value, p.message(ctx.lang))).lower()
    )
]
st.caption(ctx.t("health.shown", shown=len(shown), total=len(problems)))
render.problems(shown, key="health_table")
st.caption(ctx.t("health.rows_left_out"))

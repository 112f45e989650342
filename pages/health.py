"""Workbook check: every problem found, filterable and grouped, so a manager can fix the Excel file.

The problems are the reader's plus names and IDs pointing nowhere (`logic.references`); phones shared by
several cards are shown with their rightful owner and a manager's hand-back and merge (`ui.health_ownership`);
many of one kind in one sheet and column show as one expandable line, errors first.
"""

import streamlit as st

import i18n
from logic.health_view import FILE, SEVERITIES, severity_counts, sheet_choices, shown_problems
from ui import health_ownership, loading, render, session
from ui import print as ui_print
from ui.text import md, plain

ctx = session.page_setup("ui.page.health")
st.caption(ctx.t("health.file", path=md(ctx.path)))

# a shared phone is shown by the ownership section, which names the owner and resolves it
problems = [p for p in loading.all_problems(ctx.wb, ctx.lang) if p.code != "problem.duplicate_phone"]
shared_phones = health_ownership.conflicts(ctx)
errors, warnings = severity_counts(problems)
render.metrics([(ctx.t("health.errors"), errors), (ctx.t("health.warnings"), warnings + len(shared_phones))])
if not problems and not shared_phones:
    st.success(ctx.t("health.ok"), icon="")
    st.stop()
health_ownership.section(ctx, shared_phones)
if not problems:
    st.stop()

st.info(ctx.t("health.intro"), icon="")
printing = ui_print.print_controls(ctx.t("ui.page.health"))

# The browser keeps a widget's chips by its key and shows them as labelled when chosen, so the
# filters' keys carry the language: a switch makes fresh widgets with the new labels, and the
# choices (codes) carry over through a plain session key.
chosen = st.session_state.setdefault("health_filter_state", {"severity": list(SEVERITIES), "sheet": ""})
sheets = sheet_choices(problems)
c1, c2, c3 = st.columns([1, 1, 2])
with c1:
    severities = st.multiselect(
        ctx.t("health.filter.severity"),
        SEVERITIES,
        default=[s for s in chosen["severity"] if s in SEVERITIES],
        format_func=lambda s: ctx.t(f"word.{s}"),
        key=f"health_severity_{ctx.lang}",
    )
with c2:
    options = ["", *sheets]
    sheet = st.selectbox(
        ctx.t("health.filter.sheet"),
        options,
        index=options.index(chosen["sheet"]) if chosen["sheet"] in options else 0,
        format_func=lambda s: (
            ctx.t("health.filter.file") if s == FILE else (plain(s) or ctx.t("health.filter.all_sheets"))
        ),
        key=f"health_sheet_{ctx.lang}",
    )
with c3:
    search = st.text_input(ctx.t("health.filter.search"), key="health_search").strip().lower()
chosen.update(severity=list(severities), sheet=sheet)

shown = shown_problems(problems, severities, sheet, search, lambda p: i18n.describe(p, ctx.lang))
st.caption(ctx.t("health.shown", shown=len(shown), total=len(problems)))
if shown and not printing:
    st.download_button(
        ctx.t("health.download"),
        render.problems_csv(shown),
        file_name=ctx.t("health.download.file"),
        mime="text/csv",
        key="health_download",
        on_click="ignore",  # a download needs no rerun, and a rerun meanwhile could drop the click
        icon=":material/download:",
    )
render.grouped_problems(shown, key="health_table", expanded=printing)
st.caption(ctx.t("health.rows_left_out"))

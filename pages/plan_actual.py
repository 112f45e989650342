"""Plan vs actual (计划实绩表): targets against results per consultant and month; next month's targets."""

from __future__ import annotations

import streamlit as st

from logic.plan_actual import (
    METRICS,
    target_changes,
    targets_for,
)
from logic.plan_actual_view import day_reached, month_choices, targets_grid
from ui import acting, editor, session
from ui import meetings as view
from ui import print as ui_print
from ui import showroom as floor
from ui.text import md
from workbook import operations as wops

ctx = session.page_setup("ui.page.plan_actual")
t, lang = ctx.t, ctx.lang
view.css()

month = st.selectbox(
    t("meet.pva.month"), month_choices(ctx.today), key="meet_pva_month", placeholder=t("meet.placeholder")
)
printing = ui_print.print_controls(f"{t('meet.pva.title')} {month}", key="meet_pva_print")

table = floor.plan_table(ctx.wb, month, ctx.today)
day_of_month, days = day_reached(month, ctx.today)
st.html(
    view.numbers_html(
        [(t("meet.time_progress"), view.pct(table.time_progress), "")]
        + [
            (
                t(f"meet.metric.{m}"),
                f"{table.total.figures[m].actual} / {table.total.figures[m].target or '—'}",
                "bad" if table.total.figures[m].behind else "",
            )
            for m in METRICS
        ]
    )
)
st.caption(t("meet.time_progress_value", pct=view.pct(table.time_progress), day=day_of_month, days=days))

if not table.visits_from_log:
    st.info(t("showroom.from_contacts"), icon="")
st.caption(t("showroom.pva.cell_help"))
st.html(floor.plan_actual_html(table, t))
st.caption(t("meet.pva.rules"))
st.html(f"<h3>{view.esc(t('showroom.pva.rates'))}</h3>")
st.html(floor.rates_html(table, t))
st.caption(t("showroom.pva.from_log"))

# --------------------------------------------------------------------------- next month's targets
deadline = table.deadline
if deadline is not None:
    params = {
        "month": deadline.month,
        "deadline": deadline.deadline.isoformat(),
        "names": ", ".join(map(md, deadline.missing)),
    }
    if deadline.state == "late":
        st.warning(t("meet.pva.deadline_late", **params), icon=":material/error:")
    elif deadline.state == "due":
        st.warning(t("meet.pva.deadline_due", **params), icon="")
    elif deadline.state == "open":
        st.info(t("meet.pva.deadline_open", **params), icon="")
    else:
        st.success(t("meet.pva.deadline_done", **params), icon="")

if not printing and deadline is not None:
    target_month = deadline.month
    st.html(f'<h3 class="no-print">{view.esc(t("meet.pva.targets_next", month=target_month))}</h3>')
    grid = targets_grid(table, targets_for(ctx.wb.frames, target_month))
    editor_key = f"meet_pva_targets_{target_month}"
    view.preload_cell_editor()  # so the first value typed after the page loads is not lost
    targets_box = st.container(key="meet_pva_targets_inputs")
    with targets_box:
        edited = editor.editor(
            grid,
            editor_key,
            hide_index=True,
            width="stretch",
            disabled=["consultant"],
            column_config={
                "consultant": st.column_config.TextColumn(t("meet.col.consultant")),
                **{
                    m: st.column_config.TextColumn(t(f"meet.metric.{m}"), validate=r"^\s*[0-9]{0,5}\s*$")
                    for m in METRICS
                },
            },
        )
    with targets_box:
        acting.field(ctx, "meet_pva_targets")  # targets are a manager's write
    if targets_box.button(t("meet.pva.targets_save"), key="meet_pva_targets_save", type="primary"):
        changes = target_changes(grid.to_dict("records"), edited.to_dict("records"))
        ops = [wops.set_targets(target_month, n, **v) for n, v in changes.items()]
        if not ops:
            st.info(t("meet.pva.targets_nochange"), icon="")
        elif acting.manager(ctx, "meet_pva_targets"):
            # say what went in (shown after the rerun); dropped again when the write fails
            st.session_state["meet_pva_written"] = t(
                "meet.pva.targets_written",
                month=target_month,
                details=md(view.targets_text(changes, t)),  # names as the staff sheet has them
            )
            if session.write(ops, clears=[editor_key]) is None:
                st.session_state.pop("meet_pva_written", None)
    written = st.session_state.pop("meet_pva_written", None)
    if written:
        targets_box.success(written, icon=":material/check_circle:")

if not printing:
    with st.container(key="meet_pva_tail_inputs"):
        view.export_button(
            view.plan_actual_export(table, lang),
            f"plan-vs-actual-{month}.xlsx",
            key="meet_pva_export",
            title=f"{t('meet.pva.title')} {month}",
        )

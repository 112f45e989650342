"""Follow-ups due (跟进到期): each consultant's calls for the day, with scripts, and the actions that clear them."""

from __future__ import annotations

import streamlit as st

from logic import cn_calendar
from logic import followups as fu
from logic.cells import cell_text
from logic.due_view import by_key, due_item, due_view, staff_names
from ui import due as view
from ui import due_actions as act
from ui import print as ui_print
from ui import session
from ui.text import md, plain, plain_frame

ctx = session.page_setup("ui.page.due")
t, lang = ctx.t, ctx.lang
names, consultants = staff_names(ctx.staff, ctx.frame("customers")["consultant"].dropna())

who, kinds, on, ahead, overdue_only = view.filter_bar(ctx, names)
dv = due_view(view.due_list(ctx.wb, on, ahead, lang), consultant=who, kinds=kinds, overdue_only=overdue_only)

start, end = ctx.settings.get("calling_hours_start", "09:00"), ctx.settings.get("calling_hours_end", "20:00")
st.caption(t("due.calling_hours", start=md(start), end=md(end)))
day_note = cn_calendar.describe_day(on, ctx.frame("calendar"))
if day_note is not None:
    st.info(
        t(day_note[0], **{k: md(v) if isinstance(v, str) else v for k, v in day_note[1].items()}),
        icon=":material/event:",
    )
if cn_calendar.public_calendar([on.year], ctx.frame("calendar")).fallback:
    st.warning(t("due.calendar.unknown_year", years=on.year))
cols = st.columns(4)
cols[0].metric(t("due.page.m_today"), dv.count("today"), border=True)
cols[1].metric(t("due.page.m_overdue"), dv.count("overdue"), border=True)
cols[2].metric(t("due.page.m_customers"), len(dv.groups), border=True)
cols[3].metric(t("due.page.m_upcoming"), dv.count("upcoming"), border=True)

if ctx.is_manager or who is None:
    with st.expander(t("due.page.per_consultant"), expanded=ctx.is_manager):
        counts = fu.counts_by_consultant(dv.mine)
        st.dataframe(
            plain_frame(counts),
            hide_index=True,
            key="due_counts",
            column_config={c: st.column_config.Column(t(f"due.page.c_{c}")) for c in counts.columns},
        )

printing = ui_print.print_controls(t("ui.page.due"), key="due_print")
view.download(dv.shown, t("ui.page.due"), f"due_{on.isoformat()}.xlsx", key="due_export")

if not dv.groups:
    act.show_just_done(t)
    st.success(t("due.page.nothing"))
    st.stop()
notes = view.grade_notes(ctx.wb, on, lang)
if printing:
    st.html(view.grouped_html(dv.groups, t, notes=notes))
    st.stop()

page = 1
if dv.pages > 1:
    page = int(st.number_input(t("due.page.page", n=dv.pages), 1, dv.pages, 1, key="due_page"))
st.html(view.grouped_html(dv.page(page), t, notes=notes))

# --------------------------------------------------------------------------- acting on one customer
st.subheader(t("due.page.act"))
groups = by_key(dv.groups)
labels = {
    k: t(
        "due.page.pick",
        name=plain(cell_text(g.iloc[0]["customer"])),
        phone=plain(cell_text(g.iloc[0]["phone"])),
        n=len(g),
    )
    for k, g in groups.items()
}
picked = st.selectbox(t("due.page.customer"), list(labels), format_func=lambda k: labels.get(k, k), key="due_customer")
group = groups[picked]
kind = st.selectbox(
    t("due.page.item"),
    group["kind"].tolist(),
    format_func=lambda k: (
        f"{plain(group.loc[group['kind'] == k, 'label'].iloc[0])} · {group.loc[group['kind'] == k, 'due'].iloc[0]}"
    ),
    key="due_item",
)
item = due_item(group, kind)
st.info(md(item.text("script")), icon=":material/record_voice_over:")  # names the customer

log_tab, move_tab, reassign_tab = st.tabs(
    [t("due.page.tab_log"), t("due.page.tab_reschedule"), t("due.page.tab_reassign")]
)
with log_tab:
    act.log_form(ctx, item, kind, on, t, lang)
with move_tab:
    act.reschedule_form(ctx, item, kind, on, t)
with reassign_tab:
    act.reassign_form(ctx, item, kind, on, consultants, t)

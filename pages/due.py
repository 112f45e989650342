"""Follow-ups due (跟进到期): each consultant's customers for the day, one card each, with its own actions."""

from __future__ import annotations

import streamlit as st

from logic import cn_calendar
from logic import followups as fu
from logic.due_view import due_view, last_tries, staff_names
from ui import card_actions, session
from ui import due as view
from ui import print as ui_print
from ui.due_card import due_card
from ui.styles import stylesheet
from ui.text import md, plain_frame

ctx = session.page_setup("ui.page.due")
t, lang = ctx.t, ctx.lang
st.html(stylesheet("due"))
names, consultants = staff_names(ctx.staff, ctx.frame("customers")["consultant"].dropna())

who, kinds, on, ahead, overdue_only = view.filter_bar(ctx, names)
dv = due_view(view.due_list(ctx.wb, on, ahead, lang), consultant=who, kinds=kinds, overdue_only=overdue_only)

start, end = ctx.settings.get("calling_hours_start", "09:00"), ctx.settings.get("calling_hours_end", "20:00")
counts = t(
    "cards.counts",
    today=dv.count("today"),
    overdue=dv.count("overdue"),
    customers=len(dv.groups),
    upcoming=dv.count("upcoming"),
)
shows_as_of = on != session.base_today() and not view.on_staff_phone(ctx)
as_of = f" · {t('cards.as_of', date=on.isoformat())}" if shows_as_of else ""
st.caption(f"{counts}{as_of} · {t('due.calling_hours', start=md(start), end=md(end))}")
day_note = cn_calendar.describe_day(on, ctx.frame("calendar"))
if day_note is not None:
    st.info(
        t(day_note[0], **{k: md(v) if isinstance(v, str) else v for k, v in day_note[1].items()}),
        icon=":material/event:",
    )
if cn_calendar.public_calendar([on.year], ctx.frame("calendar")).fallback:
    st.warning(t("due.calendar.unknown_year", years=on.year), icon="")

notes = view.grade_notes(ctx.wb, on, lang)
if st.session_state.get("due_print_view"):  # the print layout: the whole list as text, no actions
    ui_print.print_controls(t("ui.page.due"), key="due_print")
    st.html(view.grouped_html(dv.groups, t, notes=notes))
    st.stop()

card_actions.notices()
card_actions.own_entries(ctx, key="due")
if not dv.groups:
    st.success(t("due.page.nothing"), icon="")
else:
    # the page number is asked below the list (the first card is on the first screen) and read here
    page = min(max(1, int(st.session_state.get("due_page") or 1)), dv.pages)
    shown = dv.page(page)
    tried = last_tries(ctx.frame("contacts"), [str(g.iloc[0]["customer_id"]) for g in shown])
    for group in shown:
        cid = group.iloc[0]["customer_id"]
        known = isinstance(cid, str)
        due_card(
            ctx,
            group,
            on=on,
            notes=notes.get(cid, []) if known else [],
            consultants=consultants,
            last_try=tried.get(cid) if known else None,
        )
    if dv.pages > 1:
        st.number_input(t("due.page.page", n=dv.pages), 1, dv.pages, page, key="due_page")

with st.expander(t("cards.more"), expanded=False, key="due_more"):
    if ctx.is_manager or who is None:
        per = fu.counts_by_consultant(dv.mine)
        st.dataframe(
            plain_frame(per),
            hide_index=True,
            key="due_counts",
            column_config={c: st.column_config.Column(t(f"due.page.c_{c}")) for c in per.columns},
        )
    ui_print.print_controls(t("ui.page.due"), key="due_print")
    view.download(dv.shown, t("ui.page.due"), f"due_{on.isoformat()}.xlsx", key="due_export")

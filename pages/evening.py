"""Evening meeting (夕会): today's results vs plan, same-day entry check, tomorrow's plan, lost cases, the weekly case review on
its day, notes; for the projector, present mode (ui.present_evening)."""

from __future__ import annotations

import streamlit as st

from logic.meetings import PENDING_REVIEW_DAYS
from logic.plan_actual import METRICS
from ui import evening as draw
from ui import meetings as view
from ui import present, session
from ui import present_evening as slides
from ui import print as ui_print
from ui import showroom as floor
from ui.text import md
from workbook import schema

presenting = present.is_on("evening")  # the projector: one section a screen, no page title
ctx = session.page_setup("ui.page.evening", title=not presenting)
t, lang, wb = ctx.t, ctx.lang, ctx.wb
view.css()

if presenting:
    day, printing = ctx.today, False
else:
    present.enter_button("evening", t)
    day = view.day_picker(t("meet.day"), ctx.today, key="meet_e_day")  # follows the sidebar's as-of date
    printing = ui_print.print_controls(t("ui.page.evening"), key="meet_e_print")

ev = draw.figures(wb, day, lang)
board = ev.board
if not board.lines:
    st.warning(
        t("meet.no_consultants", sheet=md(wb.sheet_names.get("staff", schema.sheet("staff").name(lang)))), icon=""
    )
    st.stop()
if presenting:
    present.run("evening", slides.sections(ctx, ev, wb.frames["customers"], day, t, lang), t)
    st.stop()

# --------------------------------------------------------------------------- results vs plan
st.subheader(t("meet.e.results"))
st.html(view.numbers_html([(t(f"meet.metric.{m}"), board.totals[m], "") for m in METRICS]))
st.html(draw.results_html(ev, t))
if ev.review and not printing:
    draw.review_form(ev, day, t, lang)

# --------------------------------------------------------------------------- traffic by hour
st.subheader(t("showroom.traffic"))
if not ev.traffic.from_log:
    st.caption(t("showroom.from_contacts"))
st.html(floor.traffic_html(ev.traffic, t) if ev.traffic.hours else view.esc(t("showroom.traffic_none")))

# --------------------------------------------------------------------------- same-day entry check
st.subheader(t("meet.e.check"))
if ev.ungraded_rows:
    rows = ", ".join(map(str, ev.ungraded_rows))
    st.warning(t("meet.e.ungraded_rows", sheet=md(wb.sheet_names.get("customers", "")), rows=rows), icon="")
elif ev.check_ok:
    st.success(t("meet.e.check_ok"), icon="")
st.html(draw.check_html(ev, t))

# --------------------------------------------------------------------------- tomorrow's plan
st.subheader(t("meet.e.tomorrow", day=board.tomorrow.isoformat()))
if not printing:
    draw.plan_form(ev, wb.frames["customers"], t, lang)
st.html(draw.tomorrow_html(ev, t, lang))

# --------------------------------------------------------------------------- lost cases
st.subheader(t("meet.e.lost"))
if board.lost:
    st.html(draw.lost_html(board.lost, t, lang))
else:
    st.caption(t("meet.e.lost_none"))
if board.pending_recent:
    st.markdown(f"**{t('meet.e.lost_pending_older', days=PENDING_REVIEW_DAYS)}**")
    st.html(draw.lost_html(board.pending_recent, t, lang))
if board.pending_older:
    st.caption(t("meet.e.lost_pending_oldest", count=board.pending_older, sheet=md(wb.sheet_names.get("lost", ""))))
if ev.decidable and not printing:
    draw.decide_form(ctx, ev.decidable, t, lang)

# --------------------------------------------------------------------------- the weekly case review (its day only)
if ev.case_review is not None:
    week = ev.case_review
    st.subheader(t("present.e.review"))
    st.caption(t("present.e.week", start=week.start.isoformat(), end=week.end.isoformat()))
    rows = slides.review_rows(week, t, lang)
    st.html(view.table_html(slides.review_headers(t), rows) if rows else view.esc(t("present.e.review_none")))

# --------------------------------------------------------------------------- notes and export
if board.notes or any(x.notes for x in board.lines):
    st.subheader(t("meet.notes"))
    if board.notes:  # st.html refuses an empty body
        st.html(view.notes_html(board.notes))
    for x in board.lines:
        if x.notes:
            st.html(f'<div class="mt-line"><b>{view.esc(x.consultant)}</b></div>{view.notes_html(x.notes)}')
if not printing:
    with st.container(key="meet_e_tail_inputs"):
        view.note_form("evening", day, ev.names, key="meet_e_note")
        view.export_button(
            view.evening_export(board, lang),
            f"evening-{day.isoformat()}.xlsx",
            key="meet_e_export",
            title=f"{t('ui.page.evening')} {day.isoformat()}",
        )

"""Morning meeting (早会): rota and checks, each consultant's plan, follow-ups and pace, notes; for the projector, present
mode (ui.present_morning)."""

from __future__ import annotations

import streamlit as st

from ui import due as due_view
from ui import meetings as view
from ui import morning as draw
from ui import pages as ui_pages
from ui import present, session
from ui import present_morning as slides
from ui import print as ui_print
from ui import showroom as floor
from ui.text import md
from workbook import schema

presenting = present.is_on("morning")  # the projector: one section a screen, no page title
ctx = session.page_setup("ui.page.morning", title=not presenting)
t, lang, wb = ctx.t, ctx.lang, ctx.wb
view.css()

if presenting:
    day, printing = ctx.today, False
else:
    present.enter_button("morning", t)
    day = view.day_picker(t("meet.day"), ctx.today, key="meet_m_day")  # follows the sidebar's as-of date
    printing = ui_print.print_controls(t("ui.page.morning"), key="meet_m_print")

mv = draw.figures(wb, day, lang)
board = mv.board
if not board.lines:
    st.warning(
        t("meet.no_consultants", sheet=md(wb.sheet_names.get("staff", schema.sheet("staff").name(lang)))), icon=""
    )
    st.stop()
if presenting:
    present.run("morning", slides.sections(mv, day, t, lang), t)
    st.stop()

# --------------------------------------------------------------------------- the floor at a glance
st.html(draw.glance_html(mv, t))
st.caption(t("meet.time_progress_value", pct=view.pct(board.time_progress), day=mv.day_of_month, days=mv.days_in_month))
if board.notes:
    st.html(view.notes_html(board.notes))
if ui_pages.spec(due_view.PAGE).exists() and not printing:
    st.page_link(due_view.PAGE, label=t("meet.due_link"), icon=":material/call:")
if board.others:  # managers' own items (day-4 calls, dormancy reviews): on the due list, so here too
    st.html(draw.others_html(mv, t))

# --------------------------------------------------------------------------- yesterday's traffic by hour
if not printing:  # on screen only: the A4 sheet keeps to the meeting's agenda (at most three pages)
    st.subheader(t("showroom.traffic_yesterday", day=mv.traffic.day.isoformat()))
    if not mv.traffic.from_log:
        st.caption(t("showroom.from_contacts"))
    st.html(floor.traffic_html(mv.traffic, t) if mv.traffic.hours else view.esc(t("showroom.traffic_none")))

# --------------------------------------------------------------------------- rota and checks
st.subheader(t("meet.m.rota"))
draw.rota_section(mv, day, printing, t, lang)
for line in board.lines:  # off, yet a customer is coming: cover or swap the shift before the day starts
    if line.off_but_booked:
        st.warning(draw.off_but_booked_text(line, t, lang, quote=md), icon="")
if mv.unchecked:
    st.warning(t("meet.m.checks_missing", names=", ".join(map(md, mv.unchecked))), icon="")

# --------------------------------------------------------------------------- each consultant
st.subheader(t("meet.m.consultants"))
# Each card's follow-up figures open the due list on that consultant; on paper they are plain figures.
linked = ui_pages.spec(due_view.PAGE).exists() and not printing
if linked:
    view.in_app_links()
st.html(draw.cards_html(mv, t, lang, linked))

# --------------------------------------------------------------------------- notes and export
if not printing:
    with st.container(key="meet_m_tail_inputs"):
        view.note_form("morning", day, mv.names, key="meet_m_note")
        view.export_button(
            view.morning_export(board, lang),
            f"morning-{day.isoformat()}.xlsx",
            key="meet_m_export",
            title=f"{t('ui.page.morning')} {day.isoformat()}",
        )

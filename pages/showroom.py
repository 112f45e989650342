"""Showroom log (来店(电)登记): the front desk logs each visit or phone-in, signs visitors out, links later cards."""

from __future__ import annotations

from datetime import datetime

import streamlit as st

from logic import showroom
from logic.cells import cell_text
from logic.plan_actual import consultants
from logic.showroom_view import card_choices, entry_problem, entry_values
from ui import acting, session
from ui import meetings as view
from ui import showroom as floor
from ui.text import md, plain, plain_frame
from workbook import operations as wops
from workbook.schema import choice_list

FORM = "showroom_entry"

ctx = session.page_setup("showroom.page")
t, lang = ctx.t, ctx.lang
view.css()
st.caption(t("showroom.intro"))
frames = ctx.wb.frames
names = consultants(frames)


def clock() -> str:
    """The time of day now, as the log writes it."""
    return datetime.now().strftime("%H:%M")


def label(list_key: str):
    return lambda code: choice_list(list_key).label(code, lang) if code else t("showroom.none")


# --------------------------------------------------------------------------- a new row
st.session_state.setdefault("showroom_time_in", clock())
with st.form(FORM, clear_on_submit=False, border=True):
    st.markdown(f"**{t('showroom.new')}**")
    a, b, c, d = st.columns(4)
    kind = a.radio(t("showroom.kind"), ["visit", "call"], format_func=label("visit_kind"), key="showroom_kind")
    order = b.radio(t("showroom.order"), ["first", "repeat"], format_func=label("visit_order"), key="showroom_order")
    time_in = c.text_input(t("showroom.time_in"), key="showroom_time_in")
    people = d.number_input(t("showroom.people"), 1, 50, 1, key="showroom_people")
    a, b, c = st.columns(3)
    consultant = a.selectbox(
        t("showroom.consultant"), ["", *names], format_func=lambda n: plain(n) or "—", key="showroom_consultant"
    )
    source = b.selectbox(
        t("showroom.source"), ["", *choice_list("source").codes()], format_func=label("source"), key="showroom_source"
    )
    model = c.text_input(t("showroom.model"), key="showroom_model")
    a, b, c = st.columns(3)
    name = a.text_input(t("showroom.name"), key="showroom_name")
    phone = b.text_input(t("showroom.phone"), key="showroom_phone")
    appointment = c.date_input(t("showroom.appointment"), value=None, key="showroom_appointment")
    with st.expander(t("showroom.competitor") + " · " + t("showroom.current_car") + " · " + t("showroom.handover")):
        a, b, c = st.columns(3)
        competitor = a.text_input(t("showroom.competitor"), key="showroom_competitor")
        current_car = b.text_input(t("showroom.current_car"), key="showroom_current_car")
        handover = c.selectbox(
            t("showroom.handover"), ["", *names], format_func=lambda n: plain(n) or "—", key="showroom_handover"
        )
    test_drive = st.checkbox(t("showroom.test_drive"), key="showroom_test_drive")
    acting.field(ctx, FORM)
    saved = st.form_submit_button(t("showroom.save"), type="primary")

if saved:
    author = acting.chosen(FORM)
    problem = entry_problem(time_in, phone)
    if author is None:
        st.warning(t(acting.MISSING_KEY))
    elif problem is not None:
        st.error(t(f"showroom.{problem}", phone=md(phone)))
    else:
        values = entry_values(
            frames["customers"],
            time_in=time_in,
            first_or_repeat=order,
            people=int(people),
            consultant=consultant,
            handover=handover,
            source=source,
            model=model,
            competitor=competitor,
            current_car=current_car,
            customer=name,
            phone=phone,
            appointment=appointment,
            test_drive=test_drive,
        )
        values.update(
            recorded_by=author, recorded_at=datetime.combine(ctx.today, datetime.now().time()).replace(microsecond=0)
        )
        for key in ("showroom_time_in", "showroom_name", "showroom_phone", "showroom_model", "showroom_competitor",
                    "showroom_current_car", "showroom_appointment", "showroom_test_drive"):  # fmt: skip
            st.session_state.pop(key, None)
        session.write(wops.log_visit(ctx.today, values.pop("time_in"), kind, **values))

# --------------------------------------------------------------------------- still in the showroom
st.subheader(t("showroom.open"))
still = showroom.open_rows(frames, ctx.today)
if still.empty:
    st.caption(t("showroom.open_none"))
for _, row in still.iterrows():
    visit_id = cell_text(row["visit_id"])
    left, right = st.columns([4, 1], vertical_alignment="center")
    who = cell_text(row["customer"]) or t("showroom.anonymous")
    left.text(
        t("showroom.open_row", time=cell_text(row["time_in"]), who=who, consultant=cell_text(row["consultant"]) or "—")
    )
    if visit_id and right.button(t("showroom.left"), key=f"showroom_left_{visit_id}"):
        session.write(wops.visit_left(visit_id, clock()))

# --------------------------------------------------------------------------- a card takes over a visit
st.subheader(t("showroom.unlinked"))
unlinked = showroom.unlinked_rows(frames, ctx.today)
if unlinked.empty:
    st.caption(t("showroom.unlinked_none"))
else:
    st.caption(t("showroom.unlinked_help"))
    cards = card_choices(frames["customers"], frames["contacts"], ctx.today)
    by_id = {c.customer_id: c.label for c in cards}
    for _, row in unlinked.iterrows():
        visit_id = cell_text(row["visit_id"])
        left, mid, right = st.columns([2, 3, 1], vertical_alignment="bottom")
        left.text(
            t(
                "showroom.open_row",
                time=cell_text(row["time_in"]),
                who=cell_text(row["customer"]) or t("showroom.anonymous"),
                consultant=cell_text(row["consultant"]) or "—",
            )
        )
        picked = mid.selectbox(
            t("showroom.pick_card"),
            ["", *by_id],
            format_func=lambda cid: plain(by_id[cid]) if cid else t("showroom.pick"),
            key=f"showroom_card_{visit_id}",
        )
        if right.button(t("showroom.link"), key=f"showroom_link_{visit_id}", disabled=not picked):
            session.write(wops.link_visit(visit_id, picked))

# --------------------------------------------------------------------------- today
st.subheader(t("showroom.traffic"))
traffic = showroom.traffic(frames, ctx.today)
if not traffic.from_log:
    st.info(t("showroom.from_contacts"))
if traffic.hours:
    st.html(floor.traffic_html(traffic, t))
else:
    st.caption(t("showroom.traffic_none"))

st.subheader(t("showroom.today"))
today_rows = showroom.log_rows(frames, ctx.today, ctx.today)
if today_rows.empty:
    st.caption(t("showroom.today_none"))
else:
    shown = floor.today_frame(today_rows, lang)
    st.dataframe(
        plain_frame(shown),
        hide_index=True,
        key="showroom_today",
        column_config={c: st.column_config.Column(t(key)) for c, key in floor.TODAY_COLUMNS.items()},
    )

"""Deliveries (交车仪式): the week's deliveries, each one's ceremony checklist, completion and print."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from logic import deliveries as dl
from logic.deliveries_view import (
    DAYS_AHEAD,
    RECENT_DAYS,
    customer_phone,
    deliveries_view,
    item_facts,
)
from logic.followups import due_followups
from ui import acting, lan, session
from ui import deliveries as view
from ui import print as ui_print
from ui.text import md
from workbook import operations as wops
from workbook import schema

ctx = session.page_setup("ui.page.deliveries")
TICK_AUTHOR = "deliv_tick"  # the checklist's "who ticks" field
t, lang = ctx.t, ctx.lang
view.css()
role = view.phone_role(ctx)  # a staff member's phone: their own ticks, no print, no handover forms
now = view.now_for(ctx.today)
staff = ctx.frame("staff")
items_sheet = ctx.wb.sheet_names.get("checklist_items") or schema.sheet("checklist_items").name(lang)

dv = deliveries_view(ctx.wb.frames, now)
with st.container(key="deliv_caption"):
    st.caption(t("deliv.caption", days=DAYS_AHEAD, recent=RECENT_DAYS, sheet=md(items_sheet)))
if dv.no_items:
    st.warning(t("deliv.no_items", sheet=md(items_sheet)), icon="")
if not dv.lines:
    st.info(t("deliv.none"), icon="")
    st.stop()

with st.container(key="deliv_screen"):
    # any phone (a manager's too) gets the week as lines: four figure cards and a nine-column table filled a
    # 390 px screen and scrolled sideways
    did = view.overview(dv, t, compact=lan.is_remote(), who=role is None)
delivery, state = dv.delivery(did), dv.states[did]
status = dl.delivery_status(delivery)
phone = customer_phone(ctx.frame("customers"), delivery["customer_id"])

form = view.form_content(delivery, state, staff, lang=lang, t=t, phone=phone)
printing = role is None and ui_print.print_controls(
    t("deliv.print"),
    key="deliv_print",
    extra=lambda: st.download_button(
        t("deliv.export.button"),
        lambda: view.export_bytes(form),
        file_name=f"delivery-{did}.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key="deliv_export",
        on_click="ignore",  # a download needs no rerun, and a rerun meanwhile could drop the click
        icon=":material/download:",
    ),
)
if printing:
    st.html(view.form_html(form))
    st.stop()


def _tick(item_id: str, key: str, was: bool) -> None:
    who = acting.chosen(TICK_AUTHOR)
    if who is None:  # nobody acting and no name picked above the list: the box stays as the file has it
        session.flash("error", acting.MISSING_KEY)
        st.session_state[key] = was
        return
    op = wops.set_checklist_item(did, item_id, bool(st.session_state.get(key)), by=who, at=view.now_for(ctx.today))
    if session.write([op], rerun=False) is None:
        st.session_state[key] = was  # not saved: show the box as the file has it


# --------------------------------------------------------------------------- one delivery
with st.container(key="deliv_screen_detail"):
    st.html(view.head_html(delivery, status, phone, t, lang))
    view.phase_bars(state, t, lang)
    acting.field(ctx, TICK_AUTHOR)  # who ticks: asked here only while nobody is acting
    for phase, group in state.groupby("phase", sort=False, dropna=False):
        done, total = dl.overall_progress(group)
        st.markdown(f"**{md(view.label('phase', phase, lang))}** &nbsp; {done}/{total}")
        for _, item in group.iterrows():
            if item["status"] == dl.NOT_IN_USE:  # added to the template after this handover: for reference only
                text = f":gray[{md(dl.item_text(item, lang))}]  \n:gray[{md(t('deliv.not_in_use'))}]"
                st.checkbox(text, value=False, disabled=True, key=f"deliv_unused_{did}_{item['item_id']}")
                continue
            facts = item_facts(item, delivery, staff)
            key = f"deliv_tick_{did}_{item['item_id']}_{int(facts.done)}"
            st.checkbox(view.item_label(item, facts, now, t, lang), value=facts.done, key=key, on_change=_tick,
                        args=(str(item["item_id"]), key, facts.done),
                        disabled=not view.may_tick(facts.owner_role, role))  # fmt: skip

    if role is None:  # these write the deliveries sheet, which no staff member's phone may
        view.details_form(ctx, did, delivery, t)
    if status == "planned":
        if role is None:
            view.completion_form(ctx, did, delivery, state, ctx.frame("checklist"), now, t, lang)
    elif status == "done":
        shown = delivery["delivered_at"] if pd.notna(delivery["delivered_at"]) else delivery["scheduled"]
        st.success(t("deliv.done_at", when=view.when(shown)), icon="")
        st.subheader(t("deliv.after.title"))
        horizon = dl.after_horizon_days(ctx.settings)
        due = due_followups(ctx.wb.frames, ctx.settings, ctx.today, horizon_days=horizon, lang=lang)
        st.html(view.after_html(dl.after_delivery_plan(due, did), t, lang))
    else:
        st.info(t("deliv.cancelled"), icon="")

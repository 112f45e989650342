"""Deliveries (交车仪式): the week's deliveries, each one's ceremony checklist, completion and print."""

from __future__ import annotations

import hashlib
import re
from datetime import datetime

import pandas as pd
import streamlit as st

from logic import deliveries as dl
from logic.followups import due_followups
from ui import deliveries as view
from ui import print as ui_print
from ui import session
from workbook import operations as wops
from workbook import schema

DAYS_AHEAD = 7
RECENT_DAYS = 7

ctx = session.page_setup("ui.page.deliveries")
t, lang = ctx.t, ctx.lang
view.css()
now = view.now_for(ctx.today)

deliveries = ctx.frame("deliveries")
items = ctx.frame("checklist_items")
ticks = ctx.frame("checklist")
staff = ctx.frame("staff")
customers = ctx.frame("customers")
items_sheet = ctx.wb.sheet_names.get("checklist_items") or schema.sheet("checklist_items").name(lang)

window = dl.deliveries_in_window(deliveries, ctx.today, days=DAYS_AHEAD, recent_days=RECENT_DAYS)
with st.container(key="deliv_caption"):
    st.caption(t("deliv.caption", days=DAYS_AHEAD, recent=RECENT_DAYS, sheet=items_sheet))
if dl.active_items(items).empty:
    st.warning(t("deliv.no_items", sheet=items_sheet))
if window.empty:
    st.info(t("deliv.none"))
    st.stop()

states = dl.checklist_states(window, items, ticks, now)


def _md(text: object) -> str:
    """Text safe inside a Streamlit markdown label."""
    return re.sub(r"([\\`*_\[\]<>#|~$:])", r"\\\1", "" if text is None else str(text))


def _plain(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


def _bucket(code: str) -> str:
    return t(f"deliv.bucket.{code}")


def _pick_label(did: str) -> str:
    row = window[window["delivery_id"] == did].iloc[0]
    done, total = dl.overall_progress(states[did])
    stamp = view.short(row["delivered_at"] if row["bucket"] == "done" else row["scheduled"]) or t("deliv.no_time")
    return f"{_bucket(row['bucket'])} · {stamp} · {_plain(row['customer']) or _plain(row['customer_id'])} · {_plain(row['model'])} · {done}/{total}"


# --------------------------------------------------------------------------- the week at a glance
with st.container(key="deliv_screen"):
    counts = window["bucket"].value_counts()
    planned = window[window["bucket"] != "done"]
    late_items = sum(int((states[str(d)]["status"] == "late").sum()) for d in planned["delivery_id"])
    cols = st.columns(4)
    cols[0].metric(t("deliv.metric.today"), int(counts.get("today", 0)), border=True)
    cols[1].metric(t("deliv.metric.upcoming"), int(counts.get("upcoming", 0)), border=True)
    cols[2].metric(t("deliv.metric.overdue"), int(counts.get("overdue", 0)), border=True)
    cols[3].metric(t("deliv.metric.late_items"), late_items, border=True)

    progress_of = [dl.overall_progress(states[str(d)]) for d in window["delivery_id"]]
    overview = pd.DataFrame(
        {
            "bucket": [_bucket(b) for b in window["bucket"]],
            "when": [
                view.short(r["delivered_at"] if r["bucket"] == "done" else r["scheduled"]) for _, r in window.iterrows()
            ],
            "customer": window["customer"].fillna(window["customer_id"]),
            "model": window["model"],
            "consultant": window["consultant"],
            "service_advisor": window["service_advisor"],
            "progress": [100 * done / max(total, 1) for done, total in progress_of],
            "done": [f"{done}/{total}" for done, total in progress_of],
            "late": [int((states[str(d)]["status"] == "late").sum()) for d in window["delivery_id"]],
        }
    )
    st.dataframe(
        overview,
        hide_index=True,
        key="deliv_overview",
        column_config={
            "bucket": st.column_config.TextColumn(t("deliv.field.status")),
            "when": st.column_config.TextColumn(t("deliv.field.scheduled")),
            "customer": st.column_config.TextColumn(t("deliv.field.customer")),
            "model": st.column_config.TextColumn(t("deliv.field.model")),
            "consultant": st.column_config.TextColumn(t("deliv.field.consultant")),
            "service_advisor": st.column_config.TextColumn(t("deliv.field.service_advisor")),
            "progress": st.column_config.ProgressColumn(
                t("deliv.progress"), min_value=0, max_value=100, format="%.0f%%"
            ),
            "done": st.column_config.TextColumn(t("deliv.col.done"), width="small"),
            "late": st.column_config.NumberColumn(t("deliv.col.late"), width="small"),
        },
    )

    ids = [str(d) for d in window["delivery_id"]]
    wanted = st.query_params.get("delivery")
    did = st.selectbox(
        t("deliv.pick"),
        ids,
        index=ids.index(wanted) if wanted in ids else 0,
        format_func=_pick_label,
        key="deliv_pick",
    )

delivery = window[window["delivery_id"] == did].iloc[0]
state = states[did]
status = dl.delivery_status(delivery)
phone = None
if not customers.empty and pd.notna(delivery["customer_id"]):
    hit = customers.loc[customers["customer_id"] == delivery["customer_id"], "phone"]
    phone = hit.iloc[0] if len(hit) and pd.notna(hit.iloc[0]) else None

form = view.form_content(delivery, state, staff, lang=lang, t=t, phone=phone)
printing = ui_print.print_controls(
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

# --------------------------------------------------------------------------- one delivery
with st.container(key="deliv_screen_detail"):
    head = " · ".join(
        x
        for x in (
            view.when(delivery["scheduled"]) or t("deliv.no_time"),
            view.esc(_plain(delivery["customer"]) or _plain(delivery["customer_id"])),
            view.esc(delivery["model"]),
            view.label("delivery_status", status, lang),
        )
        if x
    )
    st.html(f'<div class="dl-head">{head}</div>')
    facts = [
        (t("deliv.field.phone"), phone),
        (t("deliv.field.vin"), delivery["vin"]),
        (t("deliv.field.consultant"), delivery["consultant"]),
        (t("deliv.field.service_advisor"), delivery["service_advisor"]),
    ]
    st.html(
        '<div class="dl-facts">'
        + "".join(f"<span><b>{view.esc(k)}</b>{view.esc(v)}</span>" for k, v in facts if view.esc(v))
        + "</div>"
    )

    progress = dl.phase_progress(state)
    if not progress.empty:
        cols = st.columns(4)
        for i, (_, p) in enumerate(progress.iterrows()):
            text = t(
                "deliv.phase_progress", phase=view.label("phase", p["phase"], lang), done=p["done"], total=p["total"]
            )
            if p["late"]:
                text += f" · :red[{t('deliv.headline_late', late=p['late'])}]"
            cols[i % 4].progress(float(p["share"]), text=text)

    if ctx.actor is None:
        st.caption(t("deliv.need_actor"))

    def _tick(item_id: str, key: str, was: bool) -> None:
        value = bool(st.session_state.get(key))
        op = wops.set_checklist_item(did, item_id, value, by=ctx.actor, at=view.now_for(ctx.today))
        if session.write([op], rerun=False) is None:
            st.session_state[key] = was  # not saved: show the box as the file has it

    for phase, group in state.groupby("phase", sort=False, dropna=False):
        done, total = dl.overall_progress(group)
        st.markdown(f"**{_md(view.label('phase', phase, lang))}** &nbsp; {done}/{total}")
        for _, item in group.iterrows():
            text = _md(dl.item_text(item, lang))
            if item["status"] == dl.NOT_IN_USE:
                # added to the template after this handover: shown for reference, not tickable
                st.checkbox(
                    f":gray[{text}]  \n:gray[{_md(t('deliv.not_in_use'))}]",
                    value=False,
                    disabled=True,
                    key=f"deliv_unused_{did}_{item['item_id']}",
                )
                continue
            red = dl.is_red(item, now)
            meta = []
            role = view.label("role", item["owner_role"], lang)
            name = dl.owner_name(item["owner_role"], delivery, staff)
            if role or name:
                meta.append(t("deliv.owner", role=role, name=name or t("deliv.unknown")))
            if item["required"]:
                meta.append(t("deliv.required"))
            if pd.notna(item["due_at"]) and not item["done"]:
                meta.append(t("deliv.due", when=view.short(item["due_at"])))
            if item["status"] == "late":
                meta.append(t("deliv.late"))
            if item["done"]:
                meta.append(
                    t("deliv.ticked", by=item["by"] if pd.notna(item["by"]) else "", when=view.short(item["at"]))
                )
            label = f":red[**{text}**]" if red else text
            label += "  \n:gray[" + _md(" · ".join(meta)) + "]" if meta else ""
            key = f"deliv_tick_{did}_{item['item_id']}_{int(item['done'])}"
            st.checkbox(
                label,
                value=bool(item["done"]),
                key=key,
                on_change=_tick,
                args=(str(item["item_id"]), key, bool(item["done"])),
            )

    # attendees and notes (keys carry the file's value, so an edit made in Excel shows)
    st.subheader(t("deliv.field.attendees") + " / " + t("deliv.field.notes"))
    att_now = "" if pd.isna(delivery["attendees"]) else str(delivery["attendees"])
    note_now = "" if pd.isna(delivery["note"]) else str(delivery["note"])
    stamp = hashlib.sha1(f"{att_now}\x00{note_now}".encode()).hexdigest()[:8]
    with st.form(key=f"deliv_details_{did}_{stamp}"):
        attendees = st.text_input(
            t("deliv.field.attendees"), value=att_now, help=t("deliv.attendees_help"), key=f"deliv_att_{did}_{stamp}"
        )
        note = st.text_area(t("deliv.field.notes"), value=note_now, key=f"deliv_note_{did}_{stamp}", height=80)
        if st.form_submit_button(t("deliv.save_details")) and (attendees != att_now or note != note_now):
            session.write([wops.update_delivery(did, attendees=attendees.strip() or None, note=note.strip() or None)])

    # completion, or what follows it
    if status == "planned":
        st.subheader(t("deliv.complete.title"))
        open_required = dl.required_open(state)
        with st.form(key=f"deliv_complete_{did}"):
            st.caption(t("deliv.complete.explain", grade="D"))
            c1, c2 = st.columns(2)
            day = c1.date_input(
                t("deliv.complete.date"), value=ctx.today, key=f"deliv_done_day_{did}", format="YYYY-MM-DD"
            )
            clock = c2.time_input(t("deliv.complete.time"), value=now.time(), key=f"deliv_done_time_{did}", step=300)
            confirm = True
            if not open_required.empty:
                names = "、".join(dl.item_text(r, lang) for _, r in open_required.head(8).iterrows())
                more = " …" if len(open_required) > 8 else ""
                st.warning(t("deliv.complete.open_required", count=len(open_required), items=names + more))
                confirm = st.checkbox(t("deliv.complete.confirm"), key=f"deliv_done_confirm_{did}")
            if st.form_submit_button(t("deliv.complete.button"), type="primary"):
                if not confirm:
                    st.error(t("deliv.complete.need_confirm"))
                else:
                    at = datetime.combine(day, clock)
                    # an unticked row per open item records the checklist as it stood at the handover
                    keep = [wops.set_checklist_item(did, i, False) for i in dl.unrecorded_open(state, ticks, did)]
                    session.write([wops.complete_delivery(did, at, customer_id=str(delivery["customer_id"])), *keep])
    elif status == "done":
        st.success(
            t(
                "deliv.done_at",
                when=view.when(
                    delivery["delivered_at"] if pd.notna(delivery["delivered_at"]) else delivery["scheduled"]
                ),
            )
        )
        st.subheader(t("deliv.after.title"))
        horizon = dl.after_horizon_days(ctx.settings)
        due = due_followups(ctx.wb.frames, ctx.settings, ctx.today, horizon_days=horizon, lang=lang)
        st.html(view.after_html(dl.after_delivery_plan(due, did), t, lang))
    else:
        st.info(t("deliv.cancelled"))

"""Showing deliveries: the week's overview, one delivery's checklist, time formats, the printable A4 form.

Used by pages/deliveries.py; the figures come from `logic.deliveries_view`. The printed form
follows the FTMS 交车过程及文件确认表 and 新车交接确认表: the delivery's facts, every item
grouped by phase with a box, who ticked it and when, and signature lines.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pandas as pd
import streamlit as st

from logic import deliveries as dl
from logic.cells import cell_text
from logic.deliveries_view import DeliveriesView, ItemFacts, open_required_names
from ui import acting, lan, session
from ui.styles import stylesheet
from ui.text import html_text, md, plain, plain_frame
from workbook import operations as wops
from workbook import schema
from workbook.export_checklist import TICK, ChecklistForm, FormItem, checklist_export


def css() -> None:
    """The deliveries page styles and A4 portrait for the printed form (a phone's are on every page: ui.phone_screen)."""
    st.html(stylesheet("deliveries"))


def phone_role(ctx: session.Ctx) -> str | None:
    """The staff role of a signed-in phone, whose page keeps to that role's ticks; None for a manager."""
    if ctx.is_manager or not lan.is_remote():
        return None
    return ctx.staff.get(ctx.actor or "", "")


def may_tick(owner_role: object, role: str | None) -> bool:
    """Whether a phone of `role` may tick an item owned by `owner_role` (a manager, `role` None, ticks any)."""
    return role is None or cell_text(owner_role) in ("", role)


def esc(value: object) -> str:
    """Text for an HTML block, shown as typed; blank for missing values."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html_text(value)


def when(value: object, fmt: str = "%Y-%m-%d %H:%M") -> str:
    """A date-time as text; blank when missing."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return pd.Timestamp(value).strftime(fmt)  # type: ignore[arg-type]


def short(value: object) -> str:
    """A date-time as month-day hour:minute, for dense lines."""
    return when(value, "%m-%d %H:%M")


def label(list_key: str, code: object, lang: str) -> str:
    """A choice code's label in `lang` (the code itself when unknown, blank when missing)."""
    if code is None or (not isinstance(code, str) and pd.isna(code)):
        return ""
    return schema.choice_list(list_key).label(str(code), lang)  # type: ignore[arg-type]


def form_content(
    delivery: Any,
    state: pd.DataFrame,
    staff: pd.DataFrame,
    *,
    lang: str,
    t: Callable[..., str],
    phone: str | None = None,
) -> ChecklistForm:
    """What the confirmation form of one delivery says (the print view and the Excel export show it)."""
    g = delivery.get
    facts = [
        (t("deliv.field.customer"), g("customer")),
        (t("deliv.field.phone"), phone),
        (t("deliv.field.model"), g("model")),
        (t("deliv.field.vin"), g("vin")),
        (t("deliv.field.scheduled"), when(g("scheduled"))),
        (t("deliv.field.delivered_at"), when(g("delivered_at"))),
        (t("deliv.field.consultant"), g("consultant")),
        (t("deliv.field.service_advisor"), g("service_advisor")),
        (t("deliv.field.attendees"), g("attendees")),
        (t("deliv.field.notes"), g("note")),
    ]
    phases = []
    # items added to the template after a handover were not part of that delivery's form
    for phase, group in dl.counted(state).groupby("phase", sort=False, dropna=False):
        items = []
        for _, item in group.iterrows():
            owner = label("role", item["owner_role"], lang)
            name = dl.owner_name(item["owner_role"], delivery, staff)
            if name:
                owner = f"{owner} {name}" if owner else name
            items.append(
                FormItem(
                    done=bool(item["done"]),
                    text=dl.item_text(item, lang),
                    required=bool(item["required"]),
                    owner=owner,
                    due=_datetime(item["due_at"]),
                    by=cell_text(item["by"]),
                    at=_datetime(item["at"]),
                )
            )
        phases.append((label("phase", phase, lang), items))
    cols = ("box", "item", "owner", "due", "by", "at")
    return ChecklistForm(
        title=t("deliv.print.title"),
        facts=[(k, cell_text(v)) for k, v in facts],
        headers=[t(f"deliv.print.col.{c}") for c in cols],
        phases=phases,
        footnote=f"* {t('deliv.required')} · {t('deliv.print.statement')}",
        signatures=[t("deliv.print.sign_customer"), t("deliv.print.sign_consultant"), t("deliv.print.sign_manager")],
        sheet_name=t("deliv.export.sheet"),
    )


def form_html(form: ChecklistForm) -> str:
    """The printable confirmation form of one delivery (A4 portrait)."""
    rows = []
    for i in range(0, len(form.facts), 2):
        pair = form.facts[i : i + 2]
        rows.append("<tr>" + "".join(f'<td class="k">{esc(k)}</td><td>{esc(v)}</td>' for k, v in pair) + "</tr>")
    parts = [
        '<div class="dl-form">',
        f"<h2>{esc(form.title)}</h2>",
        f'<table class="facts">{"".join(rows)}</table>',
        '<table><colgroup><col class="box"><col class="item"><col class="owner"><col class="due">'
        '<col class="by"><col class="at"></colgroup><thead><tr>',
        "".join(f"<th>{esc(h)}</th>" for h in form.headers),
        "</tr></thead><tbody>",
    ]
    for phase, items in form.phases:
        parts.append(f'<tr class="phase"><td colspan="6">{esc(phase)}</td></tr>')
        for item in items:
            box = f'<span class="dl-box">{TICK if item.done else ""}</span>'
            star = " *" if item.required else ""
            parts.append(
                f'<tr><td class="box">{box}</td><td>{esc(item.text)}{star}</td>'
                f"<td>{esc(item.owner)}</td><td>{esc(short(item.due))}</td>"
                f"<td>{esc(item.by)}</td><td>{esc(short(item.at))}</td></tr>"
            )
    parts += [
        "</tbody></table>",
        f'<div class="statement">{esc(form.footnote)}</div>',
        '<div class="sign">',
        "<br>".join(esc(line) for line in form.signatures),
        "</div></div>",
    ]
    return "".join(parts)


def export_bytes(form: ChecklistForm) -> bytes:
    """The form as an A4 .xlsx (a new file)."""
    return checklist_export(form)


def _datetime(value: object) -> datetime | None:
    return (
        None
        if value is None or (not isinstance(value, str) and pd.isna(value))
        else pd.Timestamp(value).to_pydatetime()
    )  # type: ignore[arg-type]


def now_for(today: Any) -> datetime:
    """The current time on the session's "as of" day (the clock's time of day)."""
    return datetime.combine(today, datetime.now().time().replace(second=0, microsecond=0))


def after_html(plan: pd.DataFrame, t: Callable[..., str], lang: str) -> str:
    """The after-delivery follow-ups of one delivery: kind, date, who, state (overdue in red)."""
    head = "".join(
        f"<th>{esc(t(k))}</th>"
        for k in ("deliv.after.col.kind", "deliv.after.col.due", "deliv.after.col.who", "deliv.after.col.state")
    )
    rows = []
    for _, r in plan.iterrows():
        cls = ' class="dl-late"' if r["overdue_days"] > 0 else ""
        state = t("deliv.after.done") if r["done"] else t("deliv.after.open")
        due = "" if r["due"] is None or pd.isna(r["due"]) else pd.Timestamp(r["due"]).date().isoformat()
        rows.append(
            f"<tr{cls}><td>{esc(label('followup_kind', r['kind'], lang))}</td><td>{esc(due)}</td>"
            f"<td>{esc(r['owner'])}</td><td>{esc(state)}</td></tr>"
        )
    return f'<table class="dl-after"><thead><tr>{head}</tr></thead><tbody>{"".join(rows)}</tbody></table>'


# --------------------------------------------------------------------------- the screen


def overview(dv: DeliveriesView, t: Callable[..., str], *, compact: bool = False, who: bool = False) -> str:
    """The week at a glance (figures and a table; on a phone one line of figures and a list, naming each
    delivery's consultant when `who`) and the pick of one delivery; returns its ID."""
    if compact:
        st.html(lines_html(dv, t, who=who))
    else:
        _figures_and_table(dv, t)

    def pick_label(did: str) -> str:
        x = dv.line(did)
        stamp = short(x.when) or t("deliv.no_time")
        customer, model = plain(x.customer), plain(cell_text(x.model))  # an option is text; bidi controls go
        return f"{t(f'deliv.bucket.{x.bucket}')} · {stamp} · {customer} · {model} · {x.done}/{x.total}"

    ids = [x.delivery_id for x in dv.lines]
    wanted = st.query_params.get("delivery")
    return st.selectbox(
        t("deliv.pick"), ids, index=ids.index(wanted) if wanted in ids else 0, format_func=pick_label, key="deliv_pick"
    )


def lines_html(dv: DeliveriesView, t: Callable[..., str], *, who: bool = False) -> str:
    """The week for a phone: the figures on one line, then one line per delivery (late items in red; its
    consultant when `who`, for a manager's phone, which sees everyone's)."""
    figures = [f"{t(f'deliv.metric.{b}')} {dv.count(b)}" for b in ("today", "upcoming", "overdue")]
    figures.append(f"{t('deliv.metric.late_items')} {dv.late_items}")
    rows = []
    for x in dv.lines:
        late = f' · <span class="dl-late">{esc(t("deliv.col.late"))} {x.late}</span>' if x.late else ""
        consultant = f" · {esc(x.consultant)}" if who and esc(x.consultant) else ""
        rows.append(
            f'<div class="dl-line"><b>{esc(t(f"deliv.bucket.{x.bucket}"))} · {esc(short(x.when))}</b> '
            f"{esc(x.customer)} · {esc(x.model)}{consultant} · {x.done}/{x.total}{late}</div>"
        )
    return f'<div class="dl-figures">{esc(" · ".join(figures))}</div>{"".join(rows)}'


def _figures_and_table(dv: DeliveriesView, t: Callable[..., str]) -> None:
    cols = st.columns(4)
    for col, bucket in zip(cols, ("today", "upcoming", "overdue"), strict=False):
        col.metric(t(f"deliv.metric.{bucket}"), dv.count(bucket), border=True)
    cols[3].metric(t("deliv.metric.late_items"), dv.late_items, border=True)
    table = pd.DataFrame(
        {
            "bucket": [t(f"deliv.bucket.{x.bucket}") for x in dv.lines],
            "when": [short(x.when) for x in dv.lines],
            "customer": [x.customer for x in dv.lines],
            "model": [x.model for x in dv.lines],
            "consultant": [x.consultant for x in dv.lines],
            "service_advisor": [x.service_advisor for x in dv.lines],
            "progress": [x.share for x in dv.lines],
            "done": [f"{x.done}/{x.total}" for x in dv.lines],
            "late": [x.late for x in dv.lines],
        }
    )
    text = {c: t(f"deliv.field.{f}") for c, f in (("bucket", "status"), ("when", "scheduled"), ("customer", "customer"),
            ("model", "model"), ("consultant", "consultant"), ("service_advisor", "service_advisor"))}  # fmt: skip
    st.dataframe(
        plain_frame(table),
        hide_index=True,
        key="deliv_overview",
        column_config={
            **{c: st.column_config.TextColumn(label, width=_WIDTHS[c]) for c, label in text.items()},
            "progress": st.column_config.ProgressColumn(
                t("deliv.progress"), min_value=0, max_value=100, format="%.0f%%", width=_WIDTHS["progress"]
            ),
            "done": st.column_config.TextColumn(t("deliv.col.done"), width=_WIDTHS["done"]),
            "late": st.column_config.NumberColumn(t("deliv.col.late"), width=_WIDTHS["late"]),
        },
    )


# Pixels per column of the overview: 836 in all, inside the main area at 1366x768 with the sidebar open
# (about 880 px), so a long name is cut short in its cell instead of pushing 超时项 out of sight.
_WIDTHS = {
    "bucket": 96,
    "when": 96,
    "customer": 80,
    "model": 96,
    "consultant": 96,
    "service_advisor": 96,
    "progress": 140,
    "done": 64,
    "late": 72,
}


def head_html(delivery: pd.Series, status: str, phone: str | None, t: Callable[..., str], lang: str) -> str:
    """One delivery's headline (when, customer, model, status) and its facts (phone, VIN, who)."""
    customer = cell_text(delivery["customer"]) or cell_text(delivery["customer_id"])
    parts = (when(delivery["scheduled"]) or t("deliv.no_time"), esc(customer), esc(delivery["model"]))
    head = " · ".join(x for x in (*parts, label("delivery_status", status, lang)) if x)
    facts = [
        (t("deliv.field.phone"), phone),
        (t("deliv.field.vin"), delivery["vin"]),
        (t("deliv.field.consultant"), delivery["consultant"]),
        (t("deliv.field.service_advisor"), delivery["service_advisor"]),
    ]
    spans = "".join(f"<span><b>{esc(k)}</b>{esc(v)}</span>" for k, v in facts if esc(v))
    return f'<div class="dl-head">{head}</div><div class="dl-facts">{spans}</div>'


def phase_bars(state: pd.DataFrame, t: Callable[..., str], lang: str) -> None:
    """A progress bar per phase, its late items in red."""
    progress = dl.phase_progress(state)
    if progress.empty:
        return
    cols = st.columns(4)
    for i, (_, p) in enumerate(progress.iterrows()):
        phase = md(label("phase", p["phase"], lang))  # an unknown phase shows as the checklist sheet has it
        text = t("deliv.phase_progress", phase=phase, done=p["done"], total=p["total"])
        if p["late"]:
            text += f" · :red[{t('deliv.headline_late', late=p['late'])}]"
        cols[i % 4].progress(float(p["share"]), text=text)


def item_label(item: pd.Series, facts: ItemFacts, now: datetime, t: Callable[..., str], lang: str) -> str:
    """A checklist box's label: the item (red when late or due soon) and what is said under it."""
    meta = []
    role = label("role", facts.owner_role, lang)
    if role or facts.owner:
        meta.append(t("deliv.owner", role=role, name=facts.owner or t("deliv.unknown")))
    if facts.required:
        meta.append(t("deliv.required"))
    if facts.due_at is not None:
        meta.append(t("deliv.due", when=short(facts.due_at)))
    if facts.late:
        meta.append(t("deliv.late"))
    if facts.done:
        meta.append(t("deliv.ticked", by=facts.by, when=short(facts.at)))
    text = md(dl.item_text(item, lang))
    shown = f":red[**{text}**]" if dl.is_red(item, now) else text
    return shown + ("  \n:gray[" + md(" · ".join(meta)) + "]" if meta else "")


def details_form(ctx: session.Ctx, did: str, delivery: pd.Series, t: Callable[..., str]) -> None:
    """Attendees and notes of one delivery (writes the deliveries sheet)."""
    # the keys carry the file's value, so an edit made in Excel shows
    st.subheader(t("deliv.field.attendees") + " / " + t("deliv.field.notes"))
    att_now = "" if pd.isna(delivery["attendees"]) else str(delivery["attendees"])
    note_now = "" if pd.isna(delivery["note"]) else str(delivery["note"])
    stamp = hashlib.sha1(f"{att_now}\x00{note_now}".encode()).hexdigest()[:8]
    with st.form(key=f"deliv_details_{did}_{stamp}"):
        attendees = st.text_input(
            t("deliv.field.attendees"), value=att_now, help=t("deliv.attendees_help"), key=f"deliv_att_{did}_{stamp}"
        )
        note = st.text_area(t("deliv.field.notes"), value=note_now, key=f"deliv_note_{did}_{stamp}", height=80)
        acting.field(ctx, "deliv_details")
        saved = st.form_submit_button(t("deliv.save_details"))
    if saved and (attendees != att_now or note != note_now):
        if acting.chosen("deliv_details") is None:
            st.error(t(acting.MISSING_KEY), icon="")
            return
        session.write([wops.update_delivery(did, attendees=attendees.strip() or None, note=note.strip() or None)])


def completion_form(
    ctx: session.Ctx,
    did: str,
    delivery: pd.Series,
    state: pd.DataFrame,
    ticks: pd.DataFrame,
    now: datetime,
    t: Callable[..., str],
    lang: str,
) -> None:
    """Mark a planned delivery handed over (grade D), confirming any required item still open."""
    st.subheader(t("deliv.complete.title"))
    with st.form(key=f"deliv_complete_{did}"):
        st.caption(t("deliv.complete.explain", grade="D"))
        c1, c2 = st.columns(2)
        day = c1.date_input(
            t("deliv.complete.date"), value=now.date(), key=f"deliv_done_day_{did}", format="YYYY-MM-DD"
        )
        clock = c2.time_input(t("deliv.complete.time"), value=now.time(), key=f"deliv_done_time_{did}", step=300)
        confirm = True
        count, names, more = open_required_names(state, lang)
        if count:
            st.warning(
                t(
                    "deliv.complete.open_required",
                    count=count,
                    items="、".join(map(md, names)) + (" …" if more else ""),
                ),
                icon="",
            )
            confirm = st.checkbox(t("deliv.complete.confirm"), key=f"deliv_done_confirm_{did}")
        acting.field(ctx, "deliv_complete")
        if st.form_submit_button(t("deliv.complete.button"), type="primary"):
            if not confirm:
                st.error(t("deliv.complete.need_confirm"), icon="")
                return
            who = acting.chosen("deliv_complete")
            if who is None:
                st.error(t(acting.MISSING_KEY), icon="")
                return
            at = datetime.combine(day, clock)  # type: ignore[arg-type]
            # an unticked row per open item records the checklist as it stood at the handover
            keep = [wops.set_checklist_item(did, i, False, by=who) for i in dl.unrecorded_open(state, ticks, did)]
            session.write([wops.complete_delivery(did, at, customer_id=str(delivery["customer_id"])), *keep])

"""Showing deliveries: time formats and the printable A4 confirmation form.

Used by pages/deliveries.py (owner: deliveries engineer). The printed form follows the
FTMS 交车过程及文件确认表 and 新车交接确认表: the delivery's facts, every item grouped by
phase with a box, who ticked it and when, and signature lines.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pandas as pd
import streamlit as st

from logic import deliveries as dl
from ui.styles import stylesheet
from workbook import schema
from workbook.export_checklist import TICK, ChecklistForm, FormItem, checklist_export


def css() -> None:
    """The deliveries page styles (and A4 portrait for the printed form)."""
    st.html(stylesheet("deliveries"))


def esc(value: object) -> str:
    """Escaped text; blank for missing values."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return html.escape(str(value))


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
                    by=_text(item["by"]),
                    at=_datetime(item["at"]),
                )
            )
        phases.append((label("phase", phase, lang), items))
    cols = ("box", "item", "owner", "due", "by", "at")
    return ChecklistForm(
        title=t("deliv.print.title"),
        facts=[(k, _text(v)) for k, v in facts],
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


def _text(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)


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

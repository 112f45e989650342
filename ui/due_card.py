"""One customer's due card on the follow-ups page: who, a call button, the open items, then their actions.

Each card is a fragment: a click on it reruns that card only (`ui.card_actions` keeps what the click
did, so the card shows it in place); the list, the counts and the other cards wait for the next full run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import pandas as pd
import streamlit as st

from logic.calling_hours import window_text
from logic.due_view import Card, card, digits
from ui import card_actions, session
from ui.due import when_text
from ui.text import html_text


def widget_key(c: Card) -> str:
    """The card's key for its widgets and CSS class: letters, digits and underscores only (a card without
    an ID by its phone and Excel row: two hand-added rows may share a phone)."""
    raw = c.customer_id or f"p{digits(c.phone)}_r{int(c.items['_row'].iloc[0]) if len(c.items) else 0}"
    return "card_" + "".join(ch if ch.isalnum() else "_" for ch in raw)


def _e(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else html_text(value)


def call_link(phone: str, t: Callable[..., str]) -> str:
    """A tap-to-call button: the link made of the phone's digits only, the number shown as text."""
    number = digits(phone)
    if not number:
        return f'<span class="due-call none">{_e(t("cards.no_phone"))}</span>'
    return f'<a class="due-call" href="tel:{number}">{_e(t("cards.call", phone=phone))}</a>'


def card_html(c: Card, t: Callable[..., str], notes: Sequence[str] = ()) -> str:
    """The card's text: name, grade, consultant, the call button, grade notes, each item with its why and script."""
    meta = " · ".join(
        x
        for x in (
            _e(t("due.page.grade", grade=c.grade)) if c.grade else "",
            _e(c.consultant),
            _e(c.customer_id),
        )
        if x
    )
    parts = [
        f'<div class="due-card{" late" if c.late else ""}" data-customer="{_e(c.customer_id or c.phone)}">',
        f'<div class="due-head"><span class="due-name">{_e(c.name) or _e(c.phone)}</span>'
        f'<span class="due-meta">{meta}</span></div>',
        call_link(c.phone, t),
    ]
    parts += [f'<div class="due-note">{_e(note)}</div>' for note in notes]
    for _, r in c.items.iterrows():
        cls, when = when_text(int(r["overdue_days"]), t)
        last = t("due.page.last", date=r["last_contact"].isoformat()) if r["last_contact"] else t("due.page.never")
        fest = f" · {_e(r['festival'])}" if r["festival"] else ""
        due_at = r.get("due_at")
        if due_at is not None and not pd.isna(due_at):  # a timed item: due from that time of its day
            fest += f" · {_e(t('rules.due_at', time=pd.Timestamp(due_at).strftime('%H:%M')))}"
        parts.append(
            f'<div class="due-item" data-kind="{_e(r["kind"])}"><b>{_e(r["label"])}</b>{fest} · '
            f'{_e(r["due"].isoformat())} · <span class="{cls}">{_e(when)}</span> · '
            f'<span class="due-soon">{_e(last)}</span></div>'
            f'<details class="due-script"><summary>{_e(t("cards.script"))}</summary>{_e(r["script"])}</details>'
        )
    window = c.items["window"].iloc[0] if "window" in c.items and len(c.items) else None
    if isinstance(window, tuple):  # when this customer may be called (the settings' calling hours)
        parts.append(f'<div class="due-window">{_e(t("rules.window", window=window_text(window)))}</div>')
    if c.promised is not None:
        parts.append(f'<div class="due-promise">{_e(t("cards.promised", date=c.promised.isoformat()))}</div>')
    if c.out_of_contact:
        parts.append(f'<div class="due-late">{_e(t("due.page.out_of_contact"))}</div>')
    parts.append("</div>")
    return "".join(parts)


@st.fragment
def due_card(
    ctx: session.Ctx,
    group: pd.DataFrame,
    *,
    on: date,
    notes: Sequence[str] = (),
    consultants: Sequence[str] = (),
    last_try: tuple[date, str] | None = None,
) -> None:
    """One customer's card with its actions; a click reruns only this card."""
    c = card(group)
    key = widget_key(c)
    with st.container(border=True, key=key):
        st.html(card_html(c, ctx.t, notes))
        card_actions.actions(ctx, c.customer_id, group, key=key, on=on, consultants=consultants, last_try=last_try)

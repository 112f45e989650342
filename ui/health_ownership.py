"""The check page's first-contact ownership section: each phone shared by several cards, its owner, and the
manager's two ways out (hand the customer back, merge two cards), each a named write with its author."""

from __future__ import annotations

import hashlib
from datetime import datetime

import pandas as pd
import streamlit as st

from logic import ownership
from logic.ownership import Card, Conflict
from ui import acting, loading, session
from ui.text import md, plain, plain_frame
from workbook import operations

SHOWN = 20  # conflicts drawn at once; the rest appear as these are resolved


def conflicts(ctx: session.Ctx) -> list[Conflict]:
    """The phones shared by several live cards in the workbook as read."""
    return ownership.conflicts(ctx.frame("customers"), ctx.frame("contacts"))


def section(ctx: session.Ctx, found: list[Conflict]) -> None:
    """Every conflict as a bordered block: the owner, the cards, the hand-back and merge forms."""
    if not found:
        return
    st.subheader(ctx.t("own.title", count=len(found)))
    st.caption(ctx.t("own.intro"))
    for conflict in found[:SHOWN]:
        with st.container(border=True):
            _conflict(ctx, conflict)
    if len(found) > SHOWN:
        st.caption(ctx.t("own.more", count=len(found) - SHOWN))


def _first(ctx: session.Ctx, card: Card) -> str:
    if card.first_day is None:
        return ""
    return f"{card.first_day.isoformat()} {card.first_time or ctx.t('own.unknown_time')}"


def _label(ctx: session.Ctx, card: Card) -> str:
    return ctx.t(
        "own.card_label", card=plain(card.customer_id), name=plain(card.name), consultant=plain(card.consultant)
    )


def _conflict(ctx: session.Ctx, c: Conflict) -> None:
    st.markdown(f"**{ctx.t('own.phone', phone=md(c.phone))}**")
    if c.owner is None:
        st.warning(ctx.t("own.tie"), icon="")
    else:
        st.markdown(ctx.t("own.owner", owner=md(c.owner), card=md(c.owner_card)))
    if c.duplicate:
        for name in c.consultants:
            if sum(1 for card in c.cards if card.consultant == name) > 1:
                st.caption(ctx.t("own.duplicate", consultant=md(name)))
    rows = pd.DataFrame(
        {
            ctx.t("own.col.card"): [card.customer_id for card in c.cards],
            ctx.t("own.col.name"): [card.name for card in c.cards],
            ctx.t("own.col.consultant"): [card.consultant for card in c.cards],
            ctx.t("own.col.first"): [_first(ctx, card) for card in c.cards],
        }
    )
    st.dataframe(plain_frame(rows), hide_index=True, width="stretch")
    left, right = st.columns(2)
    if c.shared:
        with left:
            _hand_back(ctx, c)
    with right if c.shared else left:
        _merge(ctx, c)


def _write(ctx: session.Ctx, op: operations.Op) -> None:
    """Write, then read the file afresh: the reader's own findings (a shared phone among them) change with
    these writes, and the page and the sidebar count them from the file as it now is."""
    result = session.write([op], rerun=False)
    if result is not None and result.status == "written":
        loading.invalidate(ctx.path)
        st.rerun()


def _now() -> datetime:
    return datetime.now().replace(microsecond=0)


def _stamp(c: Conflict) -> str:
    """A short mark of who holds which card: the forms' widgets start afresh when it changes, so their
    options show the cards as they are now (the browser keeps a keyed widget's old labels)."""
    return hashlib.sha1("|".join(f"{x.customer_id}={x.consultant}" for x in c.cards).encode()).hexdigest()[:8]


def _hand_back(ctx: session.Ctx, c: Conflict) -> None:
    key = f"own_back_{c.phone}"
    with st.form(f"{key}_{_stamp(c)}"):
        choices = list(c.consultants)
        target = st.selectbox(
            ctx.t("own.back.to"),
            choices,
            index=choices.index(c.owner) if c.owner in choices else 0,
            format_func=plain,
            key=f"{key}_to_{_stamp(c)}",
        )
        acting.field(ctx, key)
        if not st.form_submit_button(ctx.t("own.back.submit"), type="primary"):
            return
    who = acting.manager(ctx, key)
    if who is None or not target:
        return
    moves = [(card.customer_id, card.consultant, target) for card in c.cards if card.consultant != target]
    _write(ctx, operations.reassign_many(moves, by=who, reason=ctx.t("own.back.reason"), at=_now()))


def _merge(ctx: session.Ctx, c: Conflict) -> None:
    key = f"own_merge_{c.phone}"
    ids = [card.customer_id for card in c.cards]
    cards = {card.customer_id: card for card in c.cards}
    with st.form(f"{key}_{_stamp(c)}"):
        keep = st.selectbox(
            ctx.t("own.merge.keep"),
            ids,
            index=ids.index(c.owner_card) if c.owner_card in ids else 0,
            format_func=lambda i: _label(ctx, cards[i]),
            key=f"{key}_keep_{_stamp(c)}",
        )
        drop = st.selectbox(
            ctx.t("own.merge.drop"),
            ids,
            index=1 if len(ids) > 1 and keep == ids[0] else 0,
            format_func=lambda i: _label(ctx, cards[i]),
            key=f"{key}_drop_{_stamp(c)}",
        )
        acting.field(ctx, key)
        st.caption(ctx.t("own.merge.help"))
        if not st.form_submit_button(ctx.t("own.merge.submit")):
            return
    if keep == drop:
        st.error(ctx.t("own.merge.same"), icon="")
        return
    refs = ownership.references(ctx.wb.frames, drop)
    if refs.without_id:
        sheet_key, row = refs.without_id[0]
        st.error(ctx.t("own.merge.no_id", sheet=md(ctx.wb.sheet_names.get(sheet_key, sheet_key)), row=row), icon="")
        return
    who = acting.manager(ctx, key)
    if who is None:
        return
    op = operations.merge_cards(
        keep,
        drop,
        refs.ids,
        by=who,
        reason=ctx.t("own.merge.reason", merged=drop, kept=keep),
        at=_now(),
        from_consultant=cards[drop].consultant,
        to_consultant=cards[keep].consultant,
    )
    _write(ctx, op)

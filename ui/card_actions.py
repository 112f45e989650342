"""One customer's actions, on their card: reached, no answer (one tap), reschedule, reassign, and take back.

`actions(ctx, customer_id, items, key=...)` draws them for one customer (also one with no open item:
then there is nothing to reschedule). Every click is a callback given the card as the page showed it,
so it acts on the items the person saw, even when the file changed meanwhile (another person may have
just logged the same item: both contacts are kept, and this person is told). A callback writes through
`session.write_beside` and keeps what happened under the card's key: the card then shows its new state
in place ("已接通 · 10:42 · 王磊 [撤回]", "未接通 2 次, 上次 18:40"), or the reason next to the form,
whose input stays. The caller draws the card inside a fragment, so a click reruns that card only.

The author is the sidebar's "acting as", else the name picked in the form (`ui.acting`); a tap without
a form asks for the name beside the card when nobody is acting; a no-answer tapped again within
seconds is the same call (`SAME_TAP_SECONDS`). The author may take back their own
contact row on the day it was entered (`logic.due_view.void_refusal`); the row stays, marked void.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd
import streamlit as st

from logic.cells import cell_text
from logic.due_view import LOG_TYPES, Card, card, own_today, reassign_targets, void_refusal
from logic.just_done import JustDone, just_done
from ui import acting, session
from ui.due import due_list
from ui.text import md, plain
from workbook import operations as wops
from workbook import schema


def _clock() -> str:
    """The time of logging ("HH:MM", the contacts sheet's time column): the clock's, also on an "as of" day."""
    return datetime.now().strftime("%H:%M")


def _now() -> datetime:
    """The clock's now (`recorded_at`): the time of day on the clock's day, also when the page looks at another day."""
    return datetime.combine(session.base_today(), datetime.now().time()).replace(microsecond=0)


@dataclass(frozen=True)
class _Shown:
    """The card as the page showed it when the person clicked, and the version of the file it came from."""

    card: Card
    on: date
    fingerprint: object
    key: str
    grade_label: Callable[[str], str] = str


# Two phones saving the same item at once run their callbacks in two threads of this one process: without
# this, both look for a contact "meanwhile" before either has written, and neither is told. Held from that
# look to the end of the write, the second saver always finds the first's row.
_LOOK_AND_WRITE = threading.Lock()


# --------------------------------------------------------------------------- the card's state in the session


def _state(key: str) -> dict[str, Any]:
    return st.session_state.setdefault(f"_card_{key}", {})


def _follow(shown: _Shown) -> None:
    """After a write: the file's new version still shows this card's state (a full rerun reads it)."""
    res = session.current()
    if res is not None and res.workbook is not None:
        _state(shown.key).setdefault("chain", [shown.fingerprint]).append(res.workbook.fingerprint)


def _fail(shown: _Shown, where: str, text: str) -> None:
    _state(shown.key)["error"] = (where, text)


def _error(key: str, where: str) -> None:
    """The reason the last click on this form was refused, next to the form."""
    found = _state(key).get("error")
    if found is not None and found[0] == where:
        st.error(found[1], icon="")


def _chosen(key: str, options: Sequence[str], label: Callable[[str], str]) -> str:
    """A choice widget's option as read in a callback. Streamlit may hand over the label shown
    ("不变(C)") instead of the option (""), so a label is mapped back to its option."""
    value = st.session_state.get(key)
    if value in options:
        return str(value)
    return next((o for o in options if label(o) == value), options[0])


def _kind(c: Card) -> str | None:
    """The follow-up kind a contact names: the card's one item; none when it has several (it counts for all)."""
    return c.kinds[0] if len(c.kinds) == 1 else None


def _contact(c: Card, by: str, **values: Any) -> wops.Op:
    """A contact row for the card's customer, dated the clock's day unless the form says otherwise."""
    values.setdefault("on", session.base_today())
    return wops.log_contact(
        c.customer_id,  # type: ignore[arg-type]  # None for a hand-added card: it is found by its phone
        values.pop("type", "call"),
        values.pop("on"),
        consultant=by,
        recorded_by=by,
        time=_clock(),
        recorded_at=_now(),
        customer=c.name or None,
        phone=c.phone or None,
        followup_kind=values.pop("followup_kind", _kind(c)),
        update_grade=c.customer_id is not None,
        **values,
    )


# --------------------------------------------------------------------------- told on the card, else on the page

_NOTICES = "_cards_notices"  # card key -> ("someone had just done it", when it stops being shown)
_DRAWN = "_cards_notices_drawn"  # the (card key, notice) pairs the page's last full run drew at its top
NOTICE_SECONDS = 180  # a rerun a moment later (another phone's write, the watcher) must not take it away


def _live_notices() -> dict[str, tuple[str, float]]:
    """The notices still to be shown (older ones dropped)."""
    now = time.monotonic()
    live = {k: v for k, v in st.session_state.get(_NOTICES, {}).items() if v[1] > now}
    st.session_state[_NOTICES] = live
    return live


def _tell(key: str, text: str) -> None:
    st.session_state.setdefault(_NOTICES, {})[key] = (text, time.monotonic() + NOTICE_SECONDS)


def notices() -> None:
    """The page's full run: every notice still standing, at the top (its card may have left the list)."""
    live = _live_notices()
    st.session_state[_DRAWN] = set(live.items())
    for text, _ in live.values():
        st.warning(text, icon=":material/group:")


# --------------------------------------------------------------------------- reached


def _reached_keys(key: str) -> tuple[str, ...]:
    return tuple(f"{key}_{f}" for f in ("note", "grade", "next", "type", "date"))


def _reached_form(ctx: session.Ctx, shown: _Shown) -> None:
    key, t, lang = shown.key, ctx.t, ctx.lang
    with st.form(f"{key}_rf", border=False):
        st.text_area(t("due.page.note"), key=f"{key}_note", max_chars=2000, height=68)
        with st.container(horizontal=True):
            st.selectbox(t("due.page.new_grade"), ["", *schema.GRADES.codes()], format_func=shown.grade_label,
                         key=f"{key}_grade")  # fmt: skip
            st.date_input(t("due.page.next_date"), value=None, key=f"{key}_next")
        with st.container(horizontal=True):
            types = schema.choice_list("contact_type")
            st.selectbox(t("due.page.type"), LOG_TYPES, format_func=lambda v: types.label(v, lang),  # type: ignore[arg-type]
                         key=f"{key}_type")  # fmt: skip
            st.date_input(t("due.page.contact_date"), value=session.base_today(), key=f"{key}_date")
        acting.field(ctx, f"{key}_rf")
        _error(key, "reached")
        st.form_submit_button(t("cards.save"), type="primary", key=f"{key}_rf_save", on_click=_reached, args=(shown,),
                              use_container_width=True)  # fmt: skip


def _reached(shown: _Shown) -> None:
    """The reached form's save: a reached contact for the customer seen, with note, grade after and promised day."""
    key, c, state = shown.key, shown.card, st.session_state
    by = acting.chosen(f"{key}_rf")
    if by is None:
        return _fail(shown, "reached", session.t("ui.who.missing"))
    lang = session.lang()
    types = schema.choice_list("contact_type")
    grade = _chosen(f"{key}_grade", ["", *schema.GRADES.codes()], shown.grade_label)
    note = str(state.get(f"{key}_note") or "").strip()
    ops = [
        _contact(
            c, by,
            type=_chosen(f"{key}_type", LOG_TYPES, lambda v: types.label(v, lang)),  # type: ignore[arg-type]
            on=state.get(f"{key}_date") or session.base_today(),
            result=note or None, next_date=state.get(f"{key}_next"), grade_after=grade or None,
        )
    ]  # fmt: skip
    if grade and c.customer_id is None:  # a card without an ID takes its new grade by its phone
        ops.append(wops.update_customer({"phone": c.phone}, {"grade": grade}))
    with _LOOK_AND_WRITE:
        meanwhile = _done_meanwhile(shown)
        written = session.write_beside(ops)
    if written.result is None:
        return _fail(shown, "reached", written.reason or "")
    _follow(shown)
    done = {"id": next(iter(written.result.ids), None), "at": _clock(), "by": by,
            "queued": written.result.status == "queued"}  # fmt: skip
    card_state = _state(key)
    card_state.update(done=done, error=None)
    if meanwhile is not None:
        _tell(
            key,
            session.t(
                "due.page.just_done", name=md(c.name or c.phone), by=md(meanwhile.by or "?"), at=meanwhile.at or "?"
            ),
        )
    for k in _reached_keys(key):  # a later contact on this card starts from an empty form
        state.pop(k, None)


def _done_meanwhile(shown: _Shown) -> JustDone | None:
    """Who did the card's first item since the page showed it: only asked when the file changed since then."""
    c = shown.card
    res = session.current()  # reads the file again when it changed
    wb = res.workbook if res is not None else None
    if wb is None or c.customer_id is None or not c.kinds or wb.fingerprint == shown.fingerprint:
        return None
    due_day = c.items.iloc[0]["due"]
    ahead = max(0, (pd.Timestamp(due_day).date() - shown.on).days) if pd.notna(due_day) else 0
    return just_done(wb.frames["contacts"], due_list(wb, shown.on, ahead, session.lang()), c.customer_id, c.kinds[0])


# --------------------------------------------------------------------------- no answer


# Two no-answer taps on one card by one person this close together are one call tapped twice: a
# phone's double tap lands twice, and so can a tap that reaches Streamlit as a rerun races another.
# The card already shows the try, with its take-back; a second real call rings out first.
SAME_TAP_SECONDS = 10.0


def _moment() -> float:
    return time.monotonic()


def _same_tap(card_state: dict[str, Any], by: str) -> bool:
    tries = card_state.get("tries") or []
    last = tries[-1] if tries else None
    return (
        last is not None
        and last["by"] == by
        and last["void"] is None
        and _moment() - last.get("moment", float("-inf")) < SAME_TAP_SECONDS
    )


def _no_answer(shown: _Shown) -> None:
    """The one tap: a no-answer call now, a try on every open item of the customer (no form)."""
    key = shown.key
    by = acting.chosen(f"{key}_tap")
    if by is None:
        _state(key)["who"] = True
        return _fail(shown, "tap", session.t("ui.who.missing"))
    if _same_tap(_state(key), by):
        return
    written = session.write_beside([_contact(shown.card, by, outcome="no_answer", followup_kind=None)])
    if written.result is None:
        return _fail(shown, "tap", written.reason or "")
    card_state = _state(key)
    step = len(card_state.get("chain", [shown.fingerprint])) - 1  # tries before this index are in older reads
    card_state.setdefault("tries", []).append(
        {"id": next(iter(written.result.ids), None), "at": _clock(), "by": by, "step": step, "void": None,
         "queued": written.result.status == "queued", "moment": _moment()}
    )  # fmt: skip
    card_state.update(error=None, who=False)
    _follow(shown)


# --------------------------------------------------------------------------- reschedule, reassign


def _move_form(ctx: session.Ctx, shown: _Shown) -> None:
    key, t = shown.key, ctx.t
    if shown.card.customer_id is None:
        st.warning(t("due.page.needs_id"), icon="")
        return
    with st.form(f"{key}_mf", border=False):
        st.date_input(t("due.page.new_due"), value=shown.on + timedelta(days=1), min_value=session.base_today(),
                      key=f"{key}_mdate")  # fmt: skip
        st.text_input(t("cards.reason"), key=f"{key}_mreason", max_chars=500)
        acting.field(ctx, f"{key}_mf")
        _error(key, "move")
        st.form_submit_button(t("cards.save"), key=f"{key}_mf_save", on_click=_move, args=(shown,),
                              use_container_width=True)  # fmt: skip


def _move(shown: _Shown) -> None:
    """The reschedule form's save: every item of the card seen to the new day, with the reason (the input stays)."""
    key, c, state = shown.key, shown.card, st.session_state
    reason = str(state.get(f"{key}_mreason") or "").strip()
    if not reason:
        return _fail(shown, "move", session.t("cards.reason_needed"))
    by = acting.chosen(f"{key}_mf")
    if by is None:
        return _fail(shown, "move", session.t("ui.who.missing"))
    day = state.get(f"{key}_mdate") or shown.on + timedelta(days=1)
    at = datetime.now().replace(microsecond=0)
    ops = [
        wops.reschedule(c.customer_id, str(r["kind"]), day, original_due=r["due"], reason=reason, by=by, at=at)  # type: ignore[arg-type]
        for _, r in c.items.iterrows()
    ]
    written = session.write_beside(ops)
    if written.result is None:
        return _fail(shown, "move", written.reason or "")
    _follow(shown)
    _state(key).update(moved={"date": day.isoformat(), "by": by, "queued": written.result.status == "queued"},
                       error=None)  # fmt: skip


def _reassign_form(ctx: session.Ctx, shown: _Shown, consultants: Sequence[str]) -> None:
    key, c, t = shown.key, shown.card, ctx.t
    with st.form(f"{key}_af", border=False):
        st.selectbox(t("due.page.reassign_to"), ["", *reassign_targets(consultants, c.consultant)],
                     format_func=lambda n: plain(n) or "-", key=f"{key}_ato")  # fmt: skip
        st.text_input(t("cards.reason"), key=f"{key}_areason", max_chars=500)
        _error(key, "reassign")
        st.form_submit_button(t("due.page.reassign"), key=f"{key}_af_save", on_click=_reassign, args=(shown,),
                              use_container_width=True)  # fmt: skip
    if "dormancy_review" in c.kinds and c.customer_id is not None:
        st.button(t("due.page.make_dormant"), key=f"{key}_dormant", on_click=_dormant, args=(shown,))


def reassign_ops(c: Card, target: str, reason: str, by: str) -> list[wops.Op]:
    """A manager hands the customer to `target`, recorded with who, when and why on the reassignments
    sheet; a dormancy review on the card is done by it (a note row)."""
    key = {"customer_id": c.customer_id} if c.customer_id else {"phone": c.phone}
    ops: list[wops.Op] = [wops.reassign(key, target, expect_consultant=c.consultant or None, by=by, reason=reason)]
    if "dormancy_review" in c.kinds and c.customer_id is not None:
        note = session.t("due.page.reassigned_note", old=c.consultant, new=target) + f" ({reason})"
        ops.append(_contact(c, by, type="other", result=note, followup_kind="dormancy_review"))
    return ops


def _reassign(shown: _Shown) -> None:
    """The reassign form's save (managers only): the customer seen to another consultant, with the reason."""
    key, state = shown.key, st.session_state
    by = session.actor()
    if not by or not session.is_manager(by):
        return _fail(shown, "reassign", session.t("ui.needs_manager"))
    target = str(state.get(f"{key}_ato") or "")
    reason = str(state.get(f"{key}_areason") or "").strip()
    if not target:
        return _fail(shown, "reassign", session.t("cards.reassign_to_needed"))
    if not reason:
        return _fail(shown, "reassign", session.t("cards.reason_needed"))
    written = session.write_beside(reassign_ops(shown.card, target, reason, by))
    if written.result is None:
        return _fail(shown, "reassign", written.reason or "")
    _follow(shown)
    _state(key).update(reassigned={"to": target, "by": by, "queued": written.result.status == "queued"}, error=None)


def _dormant(shown: _Shown) -> None:
    """A dormancy review ends with the customer made dormant (grade Z), noted as the review's contact."""
    by = session.actor()
    if not by or not session.is_manager(by):
        return _fail(shown, "reassign", session.t("ui.needs_manager"))
    op = _contact(shown.card, by, type="other", result=session.t("due.page.dormant_note"), grade_after="Z",
                  followup_kind="dormancy_review")  # fmt: skip
    written = session.write_beside([op])
    if written.result is None:
        return _fail(shown, "reassign", written.reason or "")
    _follow(shown)
    _state(shown.key).update(reassigned={"to": "Z", "by": by, "queued": written.result.status == "queued"}, error=None)


# --------------------------------------------------------------------------- take back


def take_back_refusal(contact_id: str | None) -> str | None:
    """Why this session's person may not take back `contact_id` now (shown text), or None."""
    res = session.current()
    if contact_id is None or res is None or res.workbook is None:
        return session.t("cards.void.not_found")
    reason = void_refusal(res.workbook.frames["contacts"], contact_id, session.actor(), session.base_today())
    return None if reason is None else session.t(reason)


def _take_back(shown: _Shown, contact_id: str | None) -> None:
    """Void the card's own contact row (a mis-tap); the row stays in the sheet and counts for nothing."""
    card_state = _state(shown.key)
    refusal = take_back_refusal(contact_id)
    if refusal is None:
        written = session.write_beside([wops.void_contact(contact_id)])  # type: ignore[arg-type]
        refusal = written.reason if written.result is None else None
    if refusal is not None:
        return _fail(shown, "void", refusal)
    step = len(card_state.get("chain", [shown.fingerprint])) - 1
    _follow(shown)
    done = card_state.get("done")
    if done is not None and done["id"] == contact_id:
        card_state["done"] = None
        card_state["voided"] = done["at"]
    for tried in card_state.get("tries", []):
        if tried["id"] == contact_id:
            tried["void"] = step
            card_state["voided"] = tried["at"]
    card_state["error"] = None


def own_entries(ctx: session.Ctx, *, key: str) -> None:
    """Today's contact rows of the person acting, each with its take-back (the mis-tap found later)."""
    mine = own_today(ctx.frame("contacts"), ctx.actor, session.base_today())
    if mine.empty:
        return
    outcomes = schema.choice_list("contact_outcome")
    with st.expander(ctx.t("cards.own_today", n=len(mine)), key=f"{key}_own"):
        for _, row in mine.iloc[::-1].head(20).iterrows():
            cid = cell_text(row["contact_id"])
            with st.container(horizontal=True, vertical_alignment="center", key=f"{key}_own_{cid}"):
                text = ctx.t(
                    "cards.own_row", time=md(cell_text(row["time"]) or "-"),
                    customer=md(cell_text(row["customer"]) or cell_text(row["phone"])),
                    outcome=outcomes.label(cell_text(row["outcome"]) or "reached", ctx.lang),  # type: ignore[arg-type]
                )  # fmt: skip
                st.markdown(text)
                st.button(ctx.t("cards.take_back"), key=f"{key}_void_{cid}", on_click=_own_take_back, args=(cid, key))
        found = st.session_state.get(f"_own_{key}_error")
        if found:
            st.error(found, icon="")


def _own_take_back(contact_id: str, key: str) -> None:
    refusal = take_back_refusal(contact_id)
    if refusal is None:
        written = session.write_beside([wops.void_contact(contact_id)])
        refusal = written.reason if written.result is None else None
    st.session_state[f"_own_{key}_error"] = refusal


# --------------------------------------------------------------------------- the card's actions


def _status(ctx: session.Ctx, shown: _Shown) -> bool:
    """The card's state after this session's clicks; True when the card is done for now (no more actions)."""
    t, key, state = ctx.t, shown.key, _state(shown.key)
    notice = _live_notices().get(key)
    if notice and (key, notice) not in st.session_state.get(_DRAWN, ()):  # a fragment run keeps the page's top
        st.warning(notice[0], icon=":material/group:")
    finished = None
    if state.get("done"):
        d = state["done"]
        finished = (t("cards.state.done", at=md(d["at"]), by=md(d["by"])), d)
    elif state.get("moved"):
        d = state["moved"]
        finished = (t("cards.state.moved", date=d["date"], by=md(d["by"])), None)
    elif state.get("reassigned"):
        d = state["reassigned"]
        finished = (t("cards.state.reassigned", to=md(d["to"]), by=md(d["by"])), None)
    if finished is not None:
        text, done = finished
        with st.container(horizontal=True, vertical_alignment="center", key=f"{key}_done"):
            st.success(text, icon=":material/check:")
            if done is not None and done.get("id"):
                st.button(t("cards.take_back"), key=f"{key}_undo", on_click=_take_back, args=(shown, done["id"]))
        if (state.get("done") or state.get("moved") or state.get("reassigned") or {}).get("queued"):
            st.caption(t("cards.state.queued"))
        _error(key, "void")
        return True
    if state.get("voided"):
        st.caption(t("cards.state.voided", at=md(state["voided"])))
    _error(key, "void")
    return False


def _tries(shown: _Shown, last: tuple[date, str] | None) -> tuple[int, str, str | None] | None:
    """(tries, when the last was, this session's last try's contact ID) as the card should show them now."""
    state = _state(shown.key)
    chain = state.get("chain", [shown.fingerprint])
    step = chain.index(shown.fingerprint) if shown.fingerprint in chain else len(chain) - 1
    mine = state.get("tries", [])
    # the card's read holds a try written before it and not taken back before it; correct it by this session's own
    n = shown.card.attempts
    n += sum(1 for x in mine if x["void"] is None and x["step"] >= step)
    n -= sum(1 for x in mine if x["void"] is not None and x["step"] < step <= x["void"])
    live = [x for x in mine if x["void"] is None]
    if n <= 0:
        return None
    if live:
        return n, live[-1]["at"], live[-1]["id"]
    if last is None:
        return n, shown.card.last_attempt.isoformat() if shown.card.last_attempt else "-", None
    day, time = last
    at = time if day == session.base_today() and time else f"{day.isoformat()} {time}".strip()
    return n, at, None


def actions(
    ctx: session.Ctx,
    customer_id: str | None,
    items: pd.DataFrame,
    *,
    key: str,
    on: date | None = None,
    consultants: Sequence[str] = (),
    last_try: tuple[date, str] | None = None,
) -> None:
    """The actions on one customer (`items`: their open due items, possibly none) and the state they left.

    `key` is unique on the page; `on` the page's "as of" day (default today); `consultants` those a
    manager may hand the customer to; `last_try` the day and time of the customer's latest no-answer.
    """
    t = ctx.t
    shown = _Shown(
        _card_of(ctx, customer_id, items), on or ctx.today, ctx.wb.fingerprint, key, _grade_label(ctx, items)
    )
    state = _state(key)
    if state and ctx.wb.fingerprint not in state.get("chain", [ctx.wb.fingerprint]):
        # the file changed under the card: what it shows now comes from the file; a refusal's reason stays
        # until the next click on the card (a conflict is read again before the person sees it)
        kept = state.get("error")
        state.clear()
        state["error"] = kept
    state.setdefault("chain", [ctx.wb.fingerprint])
    tries = _tries(shown, last_try)
    if tries is not None:
        n, at, last_id = tries
        with st.container(horizontal=True, vertical_alignment="center", key=f"{key}_tries"):
            st.markdown(f":red[{t('cards.tries', n=n, at=md(at))}]")
            if last_id is not None:
                st.button(t("cards.take_back"), key=f"{key}_undo_try", on_click=_take_back, args=(shown, last_id))
    if _status(ctx, shown):
        return
    if state.get("who"):
        acting.field(ctx, f"{key}_tap")
    _error(key, "tap")
    with st.container(horizontal=True, key=f"{key}_bar", gap="small"):
        st.button(
            t("cards.no_answer"), key=f"{key}_na", on_click=_no_answer, args=(shown,), icon=":material/phone_missed:"
        )
        with st.popover(t("cards.reached"), icon=":material/call:", key=f"{key}_rp"):
            _reached_form(ctx, shown)
        if len(shown.card.items):  # a customer with no open item has nothing to move
            with st.popover(t("cards.reschedule"), icon=":material/event:", key=f"{key}_mp"):
                _move_form(ctx, shown)
        if ctx.is_manager:
            with st.popover(t("cards.reassign"), icon=":material/swap_horiz:", key=f"{key}_ap"):
                _reassign_form(ctx, shown, consultants)


def _grade_label(ctx: session.Ctx, items: pd.DataFrame) -> Callable[[str], str]:
    current = cell_text(items.iloc[0]["grade"]) if len(items) else ""

    def label(g: str) -> str:
        return ctx.t("due.page.grade_same", grade=plain(current) or "-") if g == "" else plain(g)

    return label


def _card_of(ctx: session.Ctx, customer_id: str | None, items: pd.DataFrame) -> Card:
    """The card of the customer's items; for a customer with none, from their row on the customers sheet."""
    if len(items):
        return card(items)
    customers = ctx.frame("customers")
    row = customers[customers["customer_id"] == customer_id].head(1)
    first = row.iloc[0] if len(row) else pd.Series(dtype=object)
    empty = pd.DataFrame({"kind": [], "due": [], "overdue_days": [], "attempts": []})
    return Card(
        key=customer_id or "", customer_id=customer_id, name=cell_text(first.get("name")),
        phone=cell_text(first.get("phone")), grade=cell_text(first.get("grade")),
        consultant=cell_text(first.get("consultant")), items=empty, attempts=0, last_attempt=None,
        out_of_contact=False, promised=None,
    )  # fmt: skip

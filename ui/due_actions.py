"""The three actions on one due item: log a contact, reschedule the item, reassign the customer.

Used by pages/due.py; each form writes named operations through `session.write`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pandas as pd
import streamlit as st

from logic.due_view import LOG_TYPES, DueItem, reassign_targets
from logic.just_done import JustDone, just_done
from ui import session
from ui.due import due_list
from ui.text import plain
from workbook import operations as wops
from workbook import schema

T = Callable[..., str]


def _clock() -> str:
    """The time of logging ("HH:MM", the contacts sheet's time column): the clock's, also on an "as of" day."""
    return datetime.now().strftime("%H:%M")


def _now() -> datetime:
    """The clock's now (`recorded_at`): the time of day on the clock's day, also when the page looks at another day."""
    return datetime.combine(session.base_today(), datetime.now().time()).replace(microsecond=0)


def log_form(ctx: session.Ctx, item: DueItem, kind: str, on: date, t: T, lang: str) -> None:
    """Log a contact that does the item (type, outcome, note, grade after, promised next date).

    The contact is dated the clock's day, never the page's "as of" day `on`; recording it for
    another day is the form's own date field, shown before saving. The click writes the item the
    person saw when they clicked (a callback given that item), even when the file changed
    meanwhile and the page would now list other items: another person may have just logged the
    same item. Both contacts are kept, and this person is told (`show_just_done`)."""
    show_just_done(t)
    with st.form("due_log_form", clear_on_submit=True):
        outcomes = schema.choice_list("contact_outcome")
        st.radio(
            t("due.page.outcome"),
            outcomes.codes(),
            format_func=lambda c: outcomes.label(c, lang),  # type: ignore[arg-type]
            horizontal=True,
            key="due_log_outcome",
        )
        st.selectbox(
            t("due.page.type"),
            LOG_TYPES,
            format_func=lambda c: schema.choice_list("contact_type").label(c, lang),  # type: ignore[arg-type]
            key="due_log_type",
        )
        st.text_area(t("due.page.note"), key="due_log_note", max_chars=2000)
        current = item.text("grade")

        def grade_label(g: str) -> str:
            return t("due.page.grade_same", grade=plain(current) or "-") if g == "" else plain(g)

        st.selectbox(
            t("due.page.new_grade"), ["", *schema.GRADES.codes()], format_func=grade_label, key="due_log_grade"
        )
        st.date_input(t("due.page.next_date"), value=None, key="due_log_next")
        st.date_input(t("due.page.contact_date"), value=session.base_today(), key="due_log_date")
        st.form_submit_button(
            t("due.page.log"),
            type="primary",
            key="due_log_submit",
            on_click=_log_clicked,
            args=(_Seen(item, kind, on, ctx.actor, ctx.wb.fingerprint, grade_label),),
        )


@dataclass(frozen=True)
class _Seen:
    """The item as the page showed it when the person clicked, and the version of the file it came from."""

    item: DueItem
    kind: str
    on: date
    actor: str | None
    fingerprint: object
    grade_label: Callable[[str], str] = str


def _chosen(key: str, options: Sequence[str], label: Callable[[str], str]) -> str:
    """A choice widget's option as read in a callback. Streamlit may hand over the label shown
    ("不变(C)") instead of the option (""), so a label is mapped back to its option."""
    value = st.session_state.get(key)
    if value in options:
        return str(value)
    return next((o for o in options if label(o) == value), options[0])


def _log_ops(seen: _Seen, state: Mapping[str, object]) -> list[wops.Op]:
    item = seen.item
    outcomes = schema.choice_list("contact_outcome")
    types = schema.choice_list("contact_type")
    lang = session.lang()
    grade = _chosen("due_log_grade", ["", *schema.GRADES.codes()], seen.grade_label)
    note = str(state.get("due_log_note") or "")
    next_date = state.get("due_log_next")
    op = wops.log_contact(
        item.customer_id,  # type: ignore[arg-type]
        _chosen("due_log_type", LOG_TYPES, lambda c: types.label(c, lang)),  # type: ignore[arg-type]
        state.get("due_log_date") or session.base_today(),
        outcome=_chosen("due_log_outcome", outcomes.codes(), lambda c: outcomes.label(c, lang)),  # type: ignore[arg-type]
        recorded_at=_now(),
        result=note.strip() or None,
        next_date=next_date,
        grade_after=grade or None,
        consultant=seen.actor or item.text("consultant") or None,
        followup_kind=seen.kind,
        time=_clock(),
        recorded_by=seen.actor,
        customer=item.text("customer") or None,
        phone=item.text("phone") or None,
        update_grade=item.customer_id is not None,
    )
    ops: list[wops.Op] = [op]
    if grade and item.customer_id is None:  # a card without an ID takes its new grade by its phone
        ops.append(wops.update_customer(item.key, {"grade": grade}))
    return ops


def _log_clicked(seen: _Seen) -> None:
    """The log form's submit: write the contact for the item seen (before this run draws the page)."""
    state = st.session_state
    ops = _log_ops(seen, state)
    done = _done_meanwhile(seen)
    result = session.write(ops, rerun=False)  # this run draws the page next, from the new state
    if done is not None and result is not None and result.status == "written":
        state[_NOTICE] = (seen.item.text("customer") or seen.item.text("phone"), done.by, done.at)


_NOTICE = "_due_just_done"


def _done_meanwhile(seen: _Seen) -> JustDone | None:
    """Who did the item since the page showed it: only asked when the file changed since then."""
    res = session.current()  # reads the file again when it changed
    wb = res.workbook if res is not None else None
    if wb is None or seen.item.customer_id is None or wb.fingerprint == seen.fingerprint:
        return None
    due_day = seen.item.row.get("due")
    ahead = max(0, (pd.Timestamp(due_day).date() - seen.on).days) if pd.notna(due_day) else 0
    due = due_list(wb, seen.on, ahead, session.lang())
    return just_done(wb.frames["contacts"], due, seen.item.customer_id, seen.kind)


def show_just_done(t: T) -> None:
    """Tell the person that the item they logged had just been done by someone else (both contacts are kept)."""
    notice = st.session_state.pop(_NOTICE, None)
    if notice is not None:
        name, by, at = notice
        st.warning(t("due.page.just_done", name=name, by=by or "?", at=at or "?"), icon=":material/group:")


def reschedule_form(ctx: session.Ctx, item: DueItem, kind: str, on: date, t: T) -> None:
    """Set a new due day for the item, with the reason (a card needs an ID for that); the click
    moves the item the person saw, like the log form's."""
    if item.customer_id is None:
        st.warning(t("due.page.needs_id"))
        return
    with st.form("due_move_form"):
        st.date_input(t("due.page.new_due"), value=on + timedelta(days=1), min_value=on, key="due_move_date")
        st.text_input(t("due.page.reason"), key="due_move_reason", max_chars=500)
        st.form_submit_button(
            t("due.page.reschedule"),
            key="due_move_submit",
            on_click=_move_clicked,
            args=(_Seen(item, kind, on, ctx.actor, ctx.wb.fingerprint),),
        )
        if st.session_state.pop(_NO_REASON, False):
            st.error(t("due.page.reason_needed"))


_NO_REASON = "_due_move_no_reason"


def _move_clicked(seen: _Seen) -> None:
    """The reschedule form's submit: move the item seen, or ask for the reason (the input stays)."""
    state = st.session_state
    reason = (state["due_move_reason"] or "").strip()
    if not reason:
        state[_NO_REASON] = True
        return
    op = wops.reschedule(
        seen.item.customer_id,  # type: ignore[arg-type]
        seen.kind,
        state["due_move_date"],
        original_due=seen.item.row["due"],
        reason=reason,
        by=seen.actor,
        at=datetime.now().replace(microsecond=0),
    )
    session.write([op], rerun=False)  # this run draws the page next, from the new state


def reassign_form(ctx: session.Ctx, item: DueItem, kind: str, on: date, consultants: Sequence[str], t: T) -> None:
    """A manager hands the customer to another consultant; a dormancy review can also make it dormant (Z)."""
    if not session.require_manager(ctx):
        return
    cid, owner = item.customer_id, item.owner
    review = kind == "dormancy_review" and cid is not None
    with st.form("due_reassign_form"):
        target = st.selectbox(
            t("due.page.reassign_to"), reassign_targets(consultants, owner), format_func=plain, key="due_reassign_to"
        )
        if st.form_submit_button(t("due.page.reassign"), key="due_reassign_submit") and target:
            ops = [wops.reassign(item.key if cid is None else cid, target, expect_consultant=owner or None)]
            if review:
                note = t("due.page.reassigned_note", old=owner, new=target)
                ops.append(wops.log_contact(cid, "other", session.base_today(), result=note, consultant=ctx.actor,  # type: ignore[arg-type]
                                            time=_clock(), followup_kind="dormancy_review", recorded_by=ctx.actor,
                                            recorded_at=_now()))  # fmt: skip
            session.write(ops)
    if review and st.button(t("due.page.make_dormant"), key="due_make_dormant"):
        session.write(
            [
                wops.log_contact(
                    cid, "other", session.base_today(), result=t("due.page.dormant_note"), grade_after="Z",  # type: ignore[arg-type]
                    consultant=ctx.actor, followup_kind="dormancy_review", recorded_by=ctx.actor, time=_clock(),
                    recorded_at=_now(),
                )
            ]
        )  # fmt: skip

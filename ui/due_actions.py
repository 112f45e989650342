"""The three actions on one due item: log a contact, reschedule the item, reassign the customer.

Used by pages/due.py; each form writes named operations through `session.write`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta

import streamlit as st

from logic.due_view import LOG_TYPES, DueItem, reassign_targets
from ui import session
from ui.text import plain
from workbook import operations as wops
from workbook import schema

T = Callable[..., str]


def _clock() -> str:
    """The time of logging ("HH:MM", the contacts sheet's time column): the clock's, also on an "as of" day."""
    return datetime.now().strftime("%H:%M")


def log_form(ctx: session.Ctx, item: DueItem, kind: str, on: date, t: T, lang: str) -> None:
    """Log a contact that does the item (type, note, grade after, promised next date)."""
    with st.form("due_log_form", clear_on_submit=True):
        ctype = st.selectbox(
            t("due.page.type"),
            LOG_TYPES,
            format_func=lambda c: schema.choice_list("contact_type").label(c, lang),  # type: ignore[arg-type]
            key="due_log_type",
        )
        note = st.text_area(t("due.page.note"), key="due_log_note", max_chars=2000)
        current = item.text("grade")
        grade = st.selectbox(
            t("due.page.new_grade"),
            ["", *schema.GRADES.codes()],
            format_func=lambda g: t("due.page.grade_same", grade=plain(current) or "-") if g == "" else plain(g),
            key="due_log_grade",
        )
        next_date = st.date_input(t("due.page.next_date"), value=None, key="due_log_next")
        if st.form_submit_button(t("due.page.log"), type="primary", key="due_log_submit"):
            op = wops.log_contact(
                item.customer_id,  # type: ignore[arg-type]
                ctype,
                on,
                result=note.strip() or None,
                next_date=next_date,
                grade_after=grade or None,
                consultant=ctx.actor or item.text("consultant") or None,
                followup_kind=kind,
                time=_clock(),
                recorded_by=ctx.actor,
                customer=item.text("customer") or None,
                phone=item.text("phone") or None,
                update_grade=item.customer_id is not None,
            )
            ops = [op]
            if grade and item.customer_id is None:  # a card without an ID takes its new grade by its phone
                ops.append(wops.update_customer(item.key, {"grade": grade}))
            session.write(ops)


def reschedule_form(ctx: session.Ctx, item: DueItem, kind: str, on: date, t: T) -> None:
    """Set a new due day for the item, with the reason (a card needs an ID for that)."""
    if item.customer_id is None:
        st.warning(t("due.page.needs_id"))
        return
    with st.form("due_move_form"):
        new_due = st.date_input(t("due.page.new_due"), value=on + timedelta(days=1), min_value=on, key="due_move_date")
        reason = st.text_input(t("due.page.reason"), key="due_move_reason", max_chars=500)
        if st.form_submit_button(t("due.page.reschedule"), key="due_move_submit"):
            if not reason.strip():
                st.error(t("due.page.reason_needed"))
                return
            at = datetime.now().replace(microsecond=0)
            op = wops.reschedule(
                item.customer_id,
                kind,
                new_due,
                original_due=item.row["due"],
                reason=reason.strip(),
                by=ctx.actor,
                at=at,
            )
            session.write([op])


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
                ops.append(wops.log_contact(cid, "other", on, result=note, consultant=ctx.actor, time=_clock(),  # type: ignore[arg-type]
                                            followup_kind="dormancy_review", recorded_by=ctx.actor))  # fmt: skip
            session.write(ops)
    if review and st.button(t("due.page.make_dormant"), key="due_make_dormant"):
        session.write(
            [
                wops.log_contact(
                    cid, "other", on, result=t("due.page.dormant_note"), grade_after="Z", consultant=ctx.actor,  # type: ignore[arg-type]
                    followup_kind="dormancy_review", recorded_by=ctx.actor, time=_clock(),
                )
            ]
        )  # fmt: skip

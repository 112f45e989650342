"""Drawing the evening meeting (夕会): its tables and cards as HTML, and the forms that write plan rows and decisions.

Used by pages/evening.py; what is counted and flagged comes from `logic.evening_view`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import pandas as pd
import streamlit as st

from logic.evening_view import (
    EveningView,
    behind,
    customer_choices,
    evening_view,
    plan_entry,
    plan_entry_problem,
    undecided,
    ungraded_rows,
)
from logic.meetings import EveningLine, LostCase, plan_done_changes
from logic.plan_actual import METRICS
from ui import acting, editor, per_version, session
from ui import meetings as view
from ui.text import plain
from workbook import operations as wops
from workbook import schema
from workbook.reading import LoadedWorkbook

T = Callable[..., str]


def figures(wb: LoadedWorkbook, day: date, lang: str) -> EveningView:
    """The evening board for `day`, on the due list exactly as the due page has it (so the counts agree),
    worked out once per version of the workbook: a rerun (a form field, a ticked plan) draws it again only."""

    def make() -> EveningView:
        customers = wb.headers.get("customers") or {}
        ungraded = ungraded_rows(wb.problems, wb.sheet_names.get("customers"), customers.get("grade"))
        return evening_view(wb.frames, wb.settings, day, view.due_items(wb, day, lang), ungraded)

    return per_version.once(wb, ("evening", day, lang), make)


def results_html(ev: EveningView, t: T) -> str:
    """Today's results per consultant against the plan (short of plan in red), and plan rows done."""
    headers = [t("meet.col.consultant")]
    headers += [
        t(f"meet.metric.{m}") + (f" ({t('meet.col.actual')}/{t('meet.col.plan')})" if m != "leads" else "")
        for m in METRICS
    ]
    headers.append(t("meet.e.plan_done"))
    return view.table_html(headers, result_rows(ev.board.lines), numeric=tuple(range(1, len(headers))))


def result_rows(lines: Sequence[EveningLine]) -> list[list[tuple[object, str]]]:
    """Per consultant: the name, each figure as "actual / plan" and the plan rows done (short of plan: "bad")."""
    rows = []
    for x in lines:
        row: list[tuple[object, str]] = [(x.consultant, "")]
        for m in METRICS:
            planned = x.planned.get(m)
            text = x.results[m] if planned is None else f"{x.results[m]} / {planned}"
            row.append((text, "bad" if behind(x.results[m], planned) else ""))
        row.append((f"{x.plans_done} / {x.plans}", "bad" if behind(x.plans_done, x.plans) else ""))
        rows.append(row)
    return rows


def check_html(ev: EveningView, t: T) -> str:
    """The same-day entry check per consultant (any count above zero in red)."""
    headers = [
        t("meet.col.consultant"),
        t("meet.e.visits_without_card"),
        t("meet.e.cards_without_grade"),
        t("meet.e.followups_open"),
        t("meet.m.overdue"),
    ]
    rows = [
        [(x.consultant, "")]
        + [
            (n, "bad" if n else "")
            for n in (x.visits_without_card, x.cards_without_grade, x.followups_due_open, x.overdue)
        ]
        for x in ev.board.lines
    ]
    return view.table_html(headers, rows, numeric=(1, 2, 3, 4))


def tomorrow_html(ev: EveningView, t: T, lang: str) -> str:
    """Each consultant's plan for tomorrow as a card (an empty plan said so)."""
    cards = []
    for x in ev.board.lines:
        body = (
            view.plan_table_html(x.tomorrow, t, lang, with_done=False)
            if x.tomorrow
            else f'<div class="mt-line mt-warn">{view.esc(t("meet.e.tomorrow_empty"))}</div>'
        )
        cards.append(
            f'<div class="mt-card" data-consultant="{view.esc(x.consultant)}">'
            f'<div class="mt-head">{view.esc(x.consultant)}</div>{body}</div>'
        )
    return f'<div class="mt-grid">{"".join(cards)}</div>'


def lost_html(cases: Sequence[LostCase], t: T, lang: str) -> str:
    """Lost cases with reason, competitor and decision (undecided in red)."""
    headers = [
        t("meet.col.consultant"),
        t("meet.customer"),
        schema.sheet("lost").column("model").header(lang),  # type: ignore[arg-type]
        t("meet.e.reason"),
        t("meet.e.competitor"),
        t("meet.e.decision"),
    ]
    rows = []
    for c in cases:
        decision = view.choice_label("decision", c.decision, lang)
        if not undecided(c) and c.decided_by:
            shown = t("meet.e.decided_by", decision=decision, by=c.decided_by)
        else:
            shown = decision or t("meet.e.undecided")
        rows.append(
            [
                (c.consultant, ""),
                (c.customer or "", ""),
                (c.model or "", ""),
                (view.choice_label("lost_reason", c.reason, lang), ""),
                (c.competitor or "", ""),
                (shown, "bad" if undecided(c) else ""),
            ]
        )
    return view.table_html(headers, rows)


def review_form(ev: EveningView, day: date, t: T, lang: str) -> None:
    """Tick today's plan rows done and note their result (writes the plans sheet)."""
    box = st.container(key="meet_e_done_inputs")
    box.markdown(f"**{t('meet.e.done_title')}**")
    box.caption(t("meet.e.done_help"))
    items = [p for _, p in ev.review]
    rows = pd.DataFrame(
        {
            "plan_id": [p.plan_id for p in items],
            "consultant": [name for name, _ in ev.review],
            "time": [p.time or "" for p in items],
            "customer": [p.customer or "" for p in items],
            "activity": [view.choice_label("contact_type", p.activity, lang) for p in items],
            "goal": [p.goal or "" for p in items],
            "done": [bool(p.done) for p in items],  # unticked, not a grey "None"
            "result": [p.result or "" for p in items],
        }
    )
    key = f"meet_e_done_{day.isoformat()}"
    view.preload_cell_editor()  # so the first value typed after the page loads is not lost
    labels = {c: t(f"meet.{c}") for c in ("time", "customer", "activity", "goal", "result")}
    with box:
        reviewed = editor.editor(
            rows,
            key,
            hide_index=True,
            width="stretch",
            column_order=["consultant", "time", "customer", "activity", "goal", "done", "result"],
            disabled=["plan_id", "consultant", "time", "customer", "activity", "goal"],
            column_config={
                "consultant": st.column_config.TextColumn(t("meet.col.consultant")),
                **{c: st.column_config.TextColumn(label) for c, label in labels.items()},
                "done": st.column_config.CheckboxColumn(t("meet.done")),
            },
        )
    with box:
        acting.field(None, "meet_e_done")
    if box.button(t("meet.e.done_save"), key="meet_e_done_save", type="primary"):
        changed = plan_done_changes(items, reviewed.to_dict("records"))
        if not changed:
            st.info(t("meet.e.done_nochange"), icon="")
        elif acting.author("meet_e_done"):
            session.write([wops.update_plan(pid, **values) for pid, values in changed.items()], clears=[key])


def plan_form(ev: EveningView, customers: pd.DataFrame, t: T, lang: str) -> None:
    """Add a row to tomorrow's plan: consultant, time, activity, a card or a typed name, goal."""
    # Versioned widget keys: after a save the inputs start empty for the next plan row.
    v = st.session_state.setdefault("meet_e_plan_version", 0)
    names = ev.names
    with st.container(border=True, key="meet_e_plan_inputs"):
        st.markdown(f"**{t('meet.e.add_plan')}**")
        c1, c2 = st.columns(2)
        with c1:
            last = st.session_state.get("meet_e_plan_last_who")  # the next row is usually the same person's
            who = st.selectbox(
                t("meet.e.plan_consultant"),
                names,
                index=names.index(last) if last in names else None,
                format_func=plain,  # a bidi control in a name would reorder the option
                placeholder=t("meet.placeholder"),
                key=f"meet_e_plan_who_{v}",
            )
            when = st.text_input(t("meet.time"), placeholder="09:30", key=f"meet_e_plan_time_{v}")
            activity = st.selectbox(
                t("meet.activity"),
                schema.choice_list("contact_type").codes(),
                index=None,
                placeholder=t("meet.placeholder"),
                format_func=lambda c: view.choice_label("contact_type", c, lang),
                key=f"meet_e_plan_activity_{v}",
            )
        with c2:
            choices = {c.customer_id: c for c in customer_choices(customers, who)}
            # An existing card is the choice; a name without a card is typed apart, under its own label
            # (Streamlit's "Add: ..." of accept_new_options is English and came first, ahead of the card).
            picked = st.selectbox(
                t("meet.e.customer_card"),
                list(choices),
                index=None,
                format_func=lambda k: plain(choices[k].label),
                placeholder=t("meet.placeholder"),
                key=f"meet_e_plan_customer_{v}",
            )
            new_name = st.text_input(
                t("meet.e.customer_new"),
                key=f"meet_e_plan_new_customer_{v}",
                disabled=picked is not None,
                help=t("meet.e.customer_new_help"),
            )
            goal = st.text_input(t("meet.goal"), key=f"meet_e_plan_goal_{v}")
        acting.field(None, "meet_e_plan")
        if st.button(t("meet.e.plan_save"), key="meet_e_plan_save", type="primary"):
            typed = None if picked else (new_name or "").strip() or None
            problem = plan_entry_problem(who, when, picked or typed, activity, goal)
            if problem is not None:
                st.warning(t(f"meet.e.plan_{problem}"), icon="")
            elif acting.author("meet_e_plan"):
                values = plan_entry(customers, who, when, choices.get(picked), typed, activity, goal)
                st.session_state["meet_e_plan_version"] = v + 1
                st.session_state["meet_e_plan_last_who"] = who
                session.write([wops.add_plan(ev.board.tomorrow, who, **values)])


def decide_form(ctx: session.Ctx, cases: Sequence[LostCase], t: T, lang: str) -> None:
    """A manager approves or rejects a lost request (writes the lost sheet, and grade F when approved)."""
    decisions = schema.choice_list("decision")
    with st.container(border=True, key="meet_e_decide_inputs"):
        st.markdown(f"**{t('meet.e.decide')}**")
        labels = {c.lost_id: plain(f"{c.lost_id} · {c.consultant} · {c.customer or ''}") for c in cases}
        c1, c2 = st.columns(2)
        with c1:
            lost_id = st.selectbox(t("meet.e.lost"), list(labels), format_func=labels.get, key="meet_e_decide_id")
        with c2:
            decision = st.selectbox(
                t("meet.e.decision"),
                ["approved", "rejected"],
                format_func=lambda c: decisions.label(c, lang),  # type: ignore[arg-type]
                key="meet_e_decide_value",
            )
        acting.field(ctx, "meet_e_decide")  # who decides: asked here while nobody is acting; a manager only
        if st.button(t("meet.e.decide_save"), key="meet_e_decide_save") and (
            who := acting.manager(ctx, "meet_e_decide")
        ):
            case = next(c for c in cases if c.lost_id == lost_id)
            session.write([wops.decide_lost(str(lost_id), decision, who, customer_id=case.customer_id)])

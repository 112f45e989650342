"""Evening meeting (夕会): today's results vs plan, same-day entry check, tomorrow's plan, lost cases, notes."""

from __future__ import annotations

import re

import pandas as pd
import streamlit as st

from logic.meetings import PENDING_REVIEW_DAYS, evening_board, match_customer, plan_done_changes
from logic.plan_actual import METRICS
from ui import editor, session
from ui import meetings as view
from ui import print as ui_print
from workbook import operations as wops
from workbook import schema

ctx = session.page_setup("ui.page.evening")
t, lang = ctx.t, ctx.lang
view.css()

day = view.day_picker(t("meet.day"), ctx.today, key="meet_e_day")  # follows the sidebar's as-of date
printing = ui_print.print_controls(t("ui.page.evening"), key="meet_e_print")

due = view.due_items(ctx.wb, day, lang)  # the due-list page's own list: same counts as there
board = evening_board(ctx.wb.frames, ctx.settings, day, due=due)
ungraded = view.ungraded_rows(ctx.wb)
if not board.lines:
    st.warning(t("meet.no_consultants", sheet=ctx.wb.sheet_names.get("staff", schema.sheet("staff").name(lang))))
    st.stop()
names = [x.consultant for x in board.lines]

# --------------------------------------------------------------------------- results vs plan
st.subheader(t("meet.e.results"))
st.html(view.numbers_html([(t(f"meet.metric.{m}"), board.totals[m], "") for m in METRICS]))
rows = []
for x in board.lines:
    row = [(x.consultant, "")]
    for m in METRICS:
        planned = x.planned.get(m)
        if planned is None:
            row.append((x.results[m], ""))
        else:
            row.append((f"{x.results[m]} / {planned}", "bad" if x.results[m] < planned else ""))
    row.append((f"{x.plans_done} / {x.plans}", "bad" if x.plans_done < x.plans else ""))
    rows.append(row)
headers = [t("meet.col.consultant")]
headers += [
    t(f"meet.metric.{m}") + (f" ({t('meet.col.actual')}/{t('meet.col.plan')})" if m != "leads" else "") for m in METRICS
]
headers.append(t("meet.e.plan_done"))
st.html(view.table_html(headers, rows, numeric=tuple(range(1, len(headers)))))

# --------------------------------------------------------------------------- today's plan: what got done
review = [(x.consultant, p) for x in board.lines for p in x.today if p.plan_id]
if review and not printing:
    done_box = st.container(key="meet_e_done_inputs")
    done_box.markdown(f"**{t('meet.e.done_title')}**")
    done_box.caption(t("meet.e.done_help"))
    done_rows = pd.DataFrame(
        {
            "plan_id": [p.plan_id for _, p in review],
            "consultant": [name for name, _ in review],
            "time": [p.time or "" for _, p in review],
            "customer": [p.customer or "" for _, p in review],
            "activity": [view.choice_label("contact_type", p.activity, lang) for _, p in review],
            "goal": [p.goal or "" for _, p in review],
            "done": [bool(p.done) for _, p in review],  # unticked, not a grey "None"
            "result": [p.result or "" for _, p in review],
        }
    )
    done_key = f"meet_e_done_{day.isoformat()}"
    view.preload_cell_editor()  # so the first value typed after the page loads is not lost
    with done_box:
        reviewed = editor.editor(
            done_rows,
            done_key,
            hide_index=True,
            width="stretch",
            column_order=["consultant", "time", "customer", "activity", "goal", "done", "result"],
            disabled=["plan_id", "consultant", "time", "customer", "activity", "goal"],
            column_config={
                "consultant": st.column_config.TextColumn(t("meet.col.consultant")),
                "time": st.column_config.TextColumn(t("meet.time")),
                "customer": st.column_config.TextColumn(t("meet.customer")),
                "activity": st.column_config.TextColumn(t("meet.activity")),
                "goal": st.column_config.TextColumn(t("meet.goal")),
                "done": st.column_config.CheckboxColumn(t("meet.done")),
                "result": st.column_config.TextColumn(t("meet.result")),
            },
        )
    if done_box.button(t("meet.e.done_save"), key="meet_e_done_save", type="primary"):
        changed = plan_done_changes([p for _, p in review], reviewed.to_dict("records"))
        if not changed:
            st.info(t("meet.e.done_nochange"))
        else:
            # the writer's update_plan: Update("plans", {"plan_id": ...}, {done, result})
            session.write(
                [wops.update_plan(pid, **values) for pid, values in changed.items()],
                clears=[done_key],
            )

# --------------------------------------------------------------------------- same-day entry check
st.subheader(t("meet.e.check"))
check_rows = [
    [
        (x.consultant, ""),
        (x.visits_without_card, "bad" if x.visits_without_card else ""),
        (x.cards_without_grade, "bad" if x.cards_without_grade else ""),
        (x.followups_due_open, "bad" if x.followups_due_open else ""),
        (x.overdue, "bad" if x.overdue else ""),
    ]
    for x in board.lines
]
if ungraded:
    st.warning(
        t("meet.e.ungraded_rows", sheet=ctx.wb.sheet_names.get("customers", ""), rows=", ".join(map(str, ungraded)))
    )
elif all(not (x.visits_without_card or x.cards_without_grade or x.followups_due_open) for x in board.lines):
    st.success(t("meet.e.check_ok"))
st.html(
    view.table_html(
        [
            t("meet.col.consultant"),
            t("meet.e.visits_without_card"),
            t("meet.e.cards_without_grade"),
            t("meet.e.followups_open"),
            t("meet.m.overdue"),
        ],
        check_rows,
        numeric=(1, 2, 3, 4),
    )
)

# --------------------------------------------------------------------------- tomorrow's plan
st.subheader(t("meet.e.tomorrow", day=board.tomorrow.isoformat()))
if not printing:
    # Versioned widget keys: after a save the inputs start empty for the next plan row.
    v = st.session_state.setdefault("meet_e_plan_version", 0)
    with st.container(border=True, key="meet_e_plan_inputs"):
        st.markdown(f"**{t('meet.e.add_plan')}**")
        c1, c2 = st.columns(2)
        with c1:
            last = st.session_state.get("meet_e_plan_last_who")  # the next row is usually the same person's
            who = st.selectbox(
                t("meet.e.plan_consultant"),
                names,
                index=names.index(last) if last in names else None,
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
            options = view.customer_options(ctx.wb, who)
            # An existing card is the choice; a name without a card is typed apart, under its own label
            # (Streamlit's "Add: ..." of accept_new_options is English and came first, ahead of the card).
            picked = st.selectbox(
                t("meet.e.customer_card"),
                list(options),
                index=None,
                format_func=lambda k: options[k],
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
        if st.button(t("meet.e.plan_save"), key="meet_e_plan_save", type="primary"):
            when = (when or "").strip()
            typed = None if picked else (new_name or "").strip() or None
            if not who:
                st.warning(t("meet.e.plan_need_consultant"))
            elif when and not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", when):
                st.warning(t("meet.e.plan_bad_time"))
            elif not (picked or typed or activity or goal.strip()):
                st.warning(t("meet.e.plan_need_something"))
            else:
                if picked:
                    customer_id, customer = picked, options[picked].split(" · ")[0]
                else:  # a typed name that is exactly one card's is that card
                    customer_id, customer = match_customer(ctx.wb.frames["customers"], typed, who), typed
                values = {
                    "time": when.zfill(5) if when else None,
                    "customer_id": customer_id,
                    "customer": customer,
                    "activity": activity,
                    "goal": goal.strip() or None,
                }
                op = wops.add_plan(board.tomorrow, who, **{k: v for k, v in values.items() if v is not None})
                st.session_state["meet_e_plan_version"] = v + 1
                st.session_state["meet_e_plan_last_who"] = who
                session.write([op])

cards = []
for x in board.lines:
    body = (
        view.plan_table_html(x.tomorrow, t, lang, with_done=False)
        if x.tomorrow
        else f'<div class="mt-line mt-warn">{view.esc(t("meet.e.tomorrow_empty"))}</div>'
    )
    cards.append(
        f'<div class="mt-card" data-consultant="{view.esc(x.consultant)}">'
        f'<div class="mt-head">{view.esc(x.consultant)}</div>{body}</div>'
    )
st.html(f'<div class="mt-grid">{"".join(cards)}</div>')

# --------------------------------------------------------------------------- lost cases
st.subheader(t("meet.e.lost"))
older, oldest = board.pending_recent, board.pending_older
decisions = schema.choice_list("decision")


def lost_rows(cases):
    return [
        [
            (c.consultant, ""),
            (c.customer or "", ""),
            (c.model or "", ""),
            (view.choice_label("lost_reason", c.reason, lang), ""),
            (c.competitor or "", ""),
            (
                t("meet.e.decided_by", decision=view.choice_label("decision", c.decision, lang), by=c.decided_by)
                if c.decision and c.decision != "pending" and c.decided_by
                else view.choice_label("decision", c.decision, lang) or t("meet.e.undecided"),
                "bad" if not c.decision or c.decision == "pending" else "",
            ),
        ]
        for c in cases
    ]


lost_headers = [
    t("meet.col.consultant"),
    t("meet.customer"),
    schema.sheet("lost").column("model").header(lang),
    t("meet.e.reason"),
    t("meet.e.competitor"),
    t("meet.e.decision"),
]
if board.lost:
    st.html(view.table_html(lost_headers, lost_rows(board.lost)))
else:
    st.caption(t("meet.e.lost_none"))
if older:
    st.markdown(f"**{t('meet.e.lost_pending_older', days=PENDING_REVIEW_DAYS)}**")
    st.html(view.table_html(lost_headers, lost_rows(older)))
if oldest:
    st.caption(t("meet.e.lost_pending_oldest", count=oldest, sheet=ctx.wb.sheet_names.get("lost", "")))

decidable = [c for c in [*board.lost, *older] if c.lost_id]
if decidable and not printing:
    with st.container(border=True, key="meet_e_decide_inputs"):
        st.markdown(f"**{t('meet.e.decide')}**")
        allowed = session.require_manager(ctx)
        labels = {c.lost_id: f"{c.lost_id} · {c.consultant} · {c.customer or ''}" for c in decidable}
        c1, c2 = st.columns(2)
        with c1:
            lost_id = st.selectbox(
                t("meet.e.lost"), list(labels), format_func=labels.get, key="meet_e_decide_id", disabled=not allowed
            )
        with c2:
            decision = st.selectbox(
                t("meet.e.decision"),
                ["approved", "rejected"],
                format_func=lambda c: decisions.label(c, lang),
                key="meet_e_decide_value",
                disabled=not allowed,
            )
        if st.button(t("meet.e.decide_save"), key="meet_e_decide_save", disabled=not allowed) and allowed:
            case = next(c for c in decidable if c.lost_id == lost_id)
            op = wops.decide_lost(lost_id, decision, ctx.actor, customer_id=case.customer_id)
            session.write([op])

# --------------------------------------------------------------------------- notes and export
if board.notes or any(x.notes for x in board.lines):
    st.subheader(t("meet.notes"))
    if board.notes:  # st.html refuses an empty body
        st.html(view.notes_html(board.notes))
    for x in board.lines:
        if x.notes:
            st.html(f'<div class="mt-line"><b>{view.esc(x.consultant)}</b></div>{view.notes_html(x.notes)}')
if not printing:
    with st.container(key="meet_e_tail_inputs"):
        view.note_form("evening", day, names, key="meet_e_note")
        view.export_button(
            view.evening_export(board, lang),
            f"evening-{day.isoformat()}.xlsx",
            key="meet_e_export",
            title=f"{t('ui.page.evening')} {day.isoformat()}",
        )

"""Drawing the morning meeting (早会): the floor at a glance, the rota editor, each consultant's card.

Used by pages/morning.py; what is counted and flagged comes from `logic.morning_view`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pandas as pd
import streamlit as st

from logic.meetings import MorningLine, rota_changes
from logic.morning_view import MorningView, morning_view, rota_edits
from ui import acting, editor, per_version, session
from ui import due as due_view
from ui import meetings as view
from ui.text import plain
from workbook import operations as wops
from workbook import schema
from workbook.reading import LoadedWorkbook

T = Callable[..., str]


def figures(wb: LoadedWorkbook, day: date, lang: str) -> MorningView:
    """The morning board for `day`, on the due list exactly as the due page has it (so the counts agree),
    worked out once per version of the workbook: a rerun (a rota tick, a note typed) draws it again only."""
    return per_version.once(
        wb, ("morning", day, lang), lambda: morning_view(wb.frames, wb.settings, day, view.due_items(wb, day, lang))
    )


def glance_html(mv: MorningView, t: T) -> str:
    """Time progress, orders against target, hot leads, follow-ups due today / overdue."""
    board = mv.board
    return view.numbers_html(
        [
            (t("meet.time_progress"), view.pct(board.time_progress), ""),
            (
                t("meet.m.orders_mtd"),
                f"{mv.orders_actual} / {mv.orders_target or '—'}",
                "bad" if mv.orders_behind else "",
            ),
            (t("meet.m.hot_total"), board.hot_total, ""),
            (t("meet.m.due_total"), f"{board.due_today} / {board.overdue}", "bad" if board.overdue else ""),
        ]
    )


def others_html(mv: MorningView, t: T) -> str:
    """Follow-ups owned by people not on the board (managers' day-4 calls, dormancy reviews)."""
    rows = [
        [
            (x.consultant if x.consultant != "-" else t("meet.m.no_owner"), ""),
            (x.due_today, ""),
            (x.overdue, "bad" if x.overdue else ""),
        ]
        for x in mv.board.others
    ]
    return view.table_html([t("meet.m.others_due"), t("meet.m.due_today"), t("meet.m.overdue")], rows, numeric=(1, 2))


def rota_section(mv: MorningView, day: date, printing: bool, t: T, lang: str) -> None:
    """The rota as a table on paper, and as an editor with a save button on screen (writes the rota sheet)."""
    lines = mv.board.lines
    shifts = schema.choice_list("shift")
    # Empty cells as "" and unticked boxes as False: the editor would show a grey "None" otherwise.
    rows = pd.DataFrame(
        {
            "consultant": [x.consultant for x in lines],
            "shift": [shifts.label(x.rota.shift, lang) if x.rota.shift else "" for x in lines],  # type: ignore[arg-type]
            "order": ["" if x.rota.order is None else str(x.rota.order) for x in lines],
            "appearance_ok": [bool(x.rota.appearance_ok) for x in lines],
            "folder_ok": [bool(x.rota.folder_ok) for x in lines],
            "note": [x.rota.note or "" for x in lines],
        }
    )
    labels = {
        "consultant": t("meet.col.consultant"),
        "shift": t("meet.m.shift"),
        "order": t("meet.m.order"),
        "appearance_ok": t("meet.m.appearance"),
        "folder_ok": t("meet.m.folder"),
        "note": t("meet.m.rota_note"),
    }
    yes = t("word.yes")
    paper = view.table_html(
        list(labels.values()),
        [
            [(r.consultant, ""), (r.shift or "", ""), (r.order, ""), (yes if r.appearance_ok is True else "", ""),
             (yes if r.folder_ok is True else "", ""), (r.note or "", "")]
            for r in rows.itertuples()
        ],
    )  # fmt: skip
    if printing:
        st.html(paper)
        return
    st.html(f'<div class="print-only">{paper}</div>')
    box = st.container(key="meet_m_rota_inputs")
    box.caption(t("meet.m.rota_help"))
    key = f"meet_m_rota_{day.isoformat()}"
    view.preload_cell_editor()  # so the first value typed after the page loads is not lost
    with box:
        edited = editor.editor(
            rows,
            key,
            hide_index=True,
            width="stretch",
            height=37 * (len(rows) + 1) + 3,  # every consultant visible without scrolling
            disabled=["consultant"],
            column_config={
                "consultant": st.column_config.TextColumn(labels["consultant"]),
                "shift": st.column_config.SelectboxColumn(labels["shift"], options=shifts.labels(lang)),  # type: ignore[arg-type]
                "order": st.column_config.TextColumn(labels["order"], validate=r"^\s*([1-9][0-9]?)?\s*$"),
                "appearance_ok": st.column_config.CheckboxColumn(labels["appearance_ok"]),
                "folder_ok": st.column_config.CheckboxColumn(labels["folder_ok"]),
                "note": st.column_config.TextColumn(labels["note"]),
            },
        )
    with box:
        acting.field(None, "meet_m_rota")
    if box.button(t("meet.m.rota_save"), key="meet_m_rota_save", type="primary"):
        changes = rota_changes({x.consultant: x.rota for x in lines}, rota_edits(edited.to_dict("records")))
        if not changes:
            st.info(t("meet.m.rota_nochange"), icon="")
        elif acting.author("meet_m_rota"):
            session.write([wops.set_rota(day, name, **values) for name, values in changes.items()], clears=[key])


def off_but_booked_text(line: MorningLine, t: T, lang: str, quote: Callable[[object], str] = plain) -> str:
    """A consultant off today with a delivery or appointment: who, which shift, what is booked.

    `quote` prepares the workbook's text for where the line is shown (`text.md` for a Markdown call)."""
    return t(
        "meet.m.off_but_booked",
        name=quote(line.consultant),
        shift=quote(view.choice_label("shift", line.rota.shift, lang)),
        items=quote(view.booked_text(line.off_but_booked, t, lang)),
    )


def cards_html(mv: MorningView, t: T, lang: str, linked: bool) -> str:
    """One card per consultant: duty, follow-ups (linked to the due list on screen), pace, plan, notes."""
    cards = []
    for line in mv.board.lines:
        cards.append(_card_html(line, mv, t, lang, due_view.page_href(line.consultant) if linked else None))
    # One HTML block for all cards, so that paper breaks between cards rather than after each one.
    return f'<div class="mt-cards">{"".join(cards)}</div>'


def _card_html(line: MorningLine, mv: MorningView, t: T, lang: str, due_href: str | None) -> str:
    order = t("meet.m.order_no", order=line.rota.order) if line.rota.order is not None else ""
    shift = view.choice_label("shift", line.rota.shift, lang) if line.rota.shift else ""
    sub = " · ".join(p for p in (order, shift) if p)
    head = f'<div class="mt-head">{view.esc(line.consultant)}<span class="mt-sub">{view.esc(sub)}</span></div>'
    left = []
    if not line.on_duty:
        left.append(f'<div class="mt-line">{view.esc(t("meet.m.off_duty"))}</div>')
    if line.off_but_booked:
        left.append(f'<div class="mt-line mt-warn">{view.esc(off_but_booked_text(line, t, lang))}</div>')
    left.append(
        view.numbers_html(
            [
                (t("meet.m.due_today"), line.due_today, "", due_href),
                (t("meet.m.overdue"), line.overdue, "bad" if line.overdue else "", due_href),
                (t("meet.m.hot"), len(line.hot), "bad" if line.hot else ""),
                (t("meet.m.appointments"), line.appointments, ""),
                (t("meet.m.test_drives"), line.test_drives, ""),
                (t("meet.m.deliveries"), line.deliveries, ""),
            ]
        )
    )
    if line.hot:
        left.append(f'<div class="mt-hot">H: {view.esc(t("meet.list_sep").join(line.hot))}</div>')
    yesterday = t(
        "meet.m.yesterday",
        done=line.yesterday_plans_done,
        planned=line.yesterday_plans,
        **view.against_plan(line.yesterday, line.yesterday_planned),
    )
    left.append(f'<div class="mt-line">{view.esc(yesterday)}</div>')
    if line.notes:
        left.append(view.notes_html(line.notes))
    right = [f'<div class="mt-line"><b>{view.esc(t("meet.m.plan"))}</b></div>']
    if line.plans:
        right.append(view.plan_table_html(line.plans, t, lang, with_done=False))
    else:
        right.append(f'<div class="mt-line mt-warn">{view.esc(t("meet.m.no_plan"))}</div>')
    right.append(
        f'<div class="mt-line"><b>{view.esc(t("meet.m.month"))}</b> · '
        f"{view.esc(t('meet.time_progress'))} {view.pct(mv.board.time_progress)}</div>"
    )
    right.append(view.pace_html(line.month, t))
    body = f'<div class="mt-body"><div>{"".join(left)}</div><div>{"".join(right)}</div></div>'
    klass = "mt-card" if line.on_duty else "mt-card mt-off"
    return f'<div class="{klass}" data-consultant="{view.esc(line.consultant)}">{head}{body}</div>'

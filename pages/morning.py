"""Morning meeting (早会): rota and checks, each consultant's plan, follow-ups and pace, notes."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from logic.meetings import morning_board, rota_changes
from logic.plan_actual import month_bounds
from ui import due as due_view
from ui import editor, session
from ui import meetings as view
from ui import pages as ui_pages
from ui import print as ui_print
from workbook import operations as wops
from workbook import schema

ctx = session.page_setup("ui.page.morning")
t, lang = ctx.t, ctx.lang
view.css()

day = view.day_picker(t("meet.day"), ctx.today, key="meet_m_day")  # follows the sidebar's as-of date
printing = ui_print.print_controls(t("ui.page.morning"), key="meet_m_print")

due = view.due_items(ctx.wb, day, lang)  # the due-list page's own list: same counts as there
board = morning_board(ctx.wb.frames, ctx.settings, day, due=due)
if not board.lines:
    st.warning(t("meet.no_consultants", sheet=ctx.wb.sheet_names.get("staff", schema.sheet("staff").name(lang))))
    st.stop()

# --------------------------------------------------------------------------- the floor at a glance
_first, last = month_bounds(board.month)
orders_actual = sum(line.month["orders"].actual for line in board.lines)
orders_target = sum(line.month["orders"].target or 0 for line in board.lines)
st.html(
    view.numbers_html(
        [
            (t("meet.time_progress"), view.pct(board.time_progress), ""),
            (
                t("meet.m.orders_mtd"),
                f"{orders_actual} / {orders_target or '—'}",
                "bad" if orders_target and orders_actual / orders_target < board.time_progress else "",
            ),
            (t("meet.m.hot_total"), board.hot_total, ""),
            (t("meet.m.due_total"), f"{board.due_today} / {board.overdue}", "bad" if board.overdue else ""),
        ]
    )
)
st.caption(t("meet.time_progress_value", pct=view.pct(board.time_progress), day=day.day, days=last.day))
if board.notes:
    st.html(view.notes_html(board.notes))
if ui_pages.spec("pages/due.py").exists() and not printing:
    st.page_link("pages/due.py", label=t("meet.due_link"), icon=":material/call:")
if board.others:  # managers' own items (day-4 calls, dormancy reviews): on the due list, so here too
    st.html(
        view.table_html(
            [t("meet.m.others_due"), t("meet.m.due_today"), t("meet.m.overdue")],
            [
                [
                    (x.consultant if x.consultant != "-" else t("meet.m.no_owner"), ""),
                    (x.due_today, ""),
                    (x.overdue, "bad" if x.overdue else ""),
                ]
                for x in board.others
            ],
            numeric=(1, 2),
        )
    )

# --------------------------------------------------------------------------- rota and checks
st.subheader(t("meet.m.rota"))
shift_list = schema.choice_list("shift")
# Empty cells as "" and unticked boxes as False: the editor would show a grey "None" otherwise.
rota_rows = pd.DataFrame(
    {
        "consultant": [x.consultant for x in board.lines],
        "shift": [shift_list.label(x.rota.shift, lang) if x.rota.shift else "" for x in board.lines],
        "order": ["" if x.rota.order is None else str(x.rota.order) for x in board.lines],
        "appearance_ok": [bool(x.rota.appearance_ok) for x in board.lines],
        "folder_ok": [bool(x.rota.folder_ok) for x in board.lines],
        "note": [x.rota.note or "" for x in board.lines],
    }
)
rota_labels = {
    "consultant": t("meet.col.consultant"),
    "shift": t("meet.m.shift"),
    "order": t("meet.m.order"),
    "appearance_ok": t("meet.m.appearance"),
    "folder_ok": t("meet.m.folder"),
    "note": t("meet.m.rota_note"),
}
yes = t("word.yes")
rota_html = view.table_html(
    list(rota_labels.values()),
    [
        [
            (r.consultant, ""),
            (r.shift or "", ""),
            (r.order, ""),
            (yes if r.appearance_ok is True else "", ""),
            (yes if r.folder_ok is True else "", ""),
            (r.note or "", ""),
        ]
        for r in rota_rows.itertuples()
    ],
)
if printing:
    st.html(rota_html)
else:
    st.html(f'<div class="print-only">{rota_html}</div>')
    rota_box = st.container(key="meet_m_rota_inputs")
    rota_box.caption(t("meet.m.rota_help"))
    editor_key = f"meet_m_rota_{day.isoformat()}"
    view.preload_cell_editor()  # so the first value typed after the page loads is not lost
    with rota_box:
        edited = editor.editor(
            rota_rows,
            editor_key,
            hide_index=True,
            width="stretch",
            height=37 * (len(rota_rows) + 1) + 3,  # every consultant visible without scrolling
            disabled=["consultant"],
            column_config={
                "consultant": st.column_config.TextColumn(rota_labels["consultant"]),
                "shift": st.column_config.SelectboxColumn(rota_labels["shift"], options=shift_list.labels(lang)),
                "order": st.column_config.TextColumn(rota_labels["order"], validate=r"^\s*([1-9][0-9]?)?\s*$"),
                "appearance_ok": st.column_config.CheckboxColumn(rota_labels["appearance_ok"]),
                "folder_ok": st.column_config.CheckboxColumn(rota_labels["folder_ok"]),
                "note": st.column_config.TextColumn(rota_labels["note"]),
            },
        )
    if rota_box.button(t("meet.m.rota_save"), key="meet_m_rota_save", type="primary"):
        after = {}
        for r in edited.to_dict("records"):
            values = {k: (None if v is None or (not isinstance(v, str) and pd.isna(v)) else v) for k, v in r.items()}
            values["shift"] = shift_list.lookup(values["shift"]) if values["shift"] else None
            after[values.pop("consultant")] = values
        before = {x.consultant: x.rota for x in board.lines}
        changes = rota_changes(before, after)
        if not changes:
            st.info(t("meet.m.rota_nochange"))
        else:
            ops = [wops.set_rota(day, name, **values) for name, values in changes.items()]
            session.write(ops, clears=[editor_key])

for x in board.lines:  # off, yet a customer is coming: cover or swap the shift before the day starts
    if x.off_but_booked:
        st.warning(
            t(
                "meet.m.off_but_booked",
                name=x.consultant,
                shift=view.choice_label("shift", x.rota.shift, lang),
                items=view.booked_text(x.off_but_booked, t, lang),
            )
        )

unchecked = [x.consultant for x in board.lines if x.on_duty and not (x.rota.appearance_ok and x.rota.folder_ok)]
if unchecked:
    st.warning(t("meet.m.checks_missing", names=", ".join(unchecked)))

# --------------------------------------------------------------------------- each consultant
st.subheader(t("meet.m.consultants"))
# Each card's follow-up figures open the due list on that consultant; on paper they are plain figures.
linked = ui_pages.spec(due_view.PAGE).exists() and not printing
if linked:
    view.in_app_links()
cards = []
for line in board.lines:
    due_href = due_view.page_href(line.consultant) if linked else None
    order = t("meet.m.order_no", order=line.rota.order) if line.rota.order is not None else ""
    shift = view.choice_label("shift", line.rota.shift, lang) if line.rota.shift else ""
    sub = " · ".join(p for p in (order, shift) if p)
    head = f'<div class="mt-head">{view.esc(line.consultant)}<span class="mt-sub">{view.esc(sub)}</span></div>'
    left = []
    if not line.on_duty:
        left.append(f'<div class="mt-line">{view.esc(t("meet.m.off_duty"))}</div>')
    if line.off_but_booked:
        warn = t(
            "meet.m.off_but_booked",
            name=line.consultant,
            shift=view.choice_label("shift", line.rota.shift, lang),
            items=view.booked_text(line.off_but_booked, t, lang),
        )
        left.append(f'<div class="mt-line mt-warn">{view.esc(warn)}</div>')
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
        f"{view.esc(t('meet.time_progress'))} {view.pct(board.time_progress)}</div>"
    )
    right.append(view.pace_html(line.month, t))
    parts = [head, f'<div class="mt-body"><div>{"".join(left)}</div><div>{"".join(right)}</div></div>']
    klass = "mt-card" if line.on_duty else "mt-card mt-off"
    cards.append(f'<div class="{klass}" data-consultant="{view.esc(line.consultant)}">{"".join(parts)}</div>')
# One HTML block for all cards, so that paper breaks between cards rather than after each one.
st.html(f'<div class="mt-cards">{"".join(cards)}</div>')

# --------------------------------------------------------------------------- notes and export
if not printing:
    with st.container(key="meet_m_tail_inputs"):
        view.note_form("morning", day, [x.consultant for x in board.lines], key="meet_m_note")
        view.export_button(
            view.morning_export(board, lang),
            f"morning-{day.isoformat()}.xlsx",
            key="meet_m_export",
            title=f"{t('ui.page.morning')} {day.isoformat()}",
        )

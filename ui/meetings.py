"""Showing the meeting boards: projector-size HTML blocks, the notes form, writer ops, the export.

Used by pages/morning.py, pages/evening.py and pages/plan_actual.py (owner: meetings engineer).
HTML is built here (escaped) rather than with many st.columns so the layout stays large,
high-contrast and prints on A4 as it looks on the projector.
"""

from __future__ import annotations

import html
import inspect
import io
from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import streamlit as st

from logic.meetings import Note, PlanItem
from logic.plan_actual import METRICS, Figure
from ui import loading, session
from workbook import schema

CSS = """
<style>
.mt-card { border: 2px solid #1b1f24; border-radius: 10px; padding: 10px 16px; margin: 6px 0 10px 0; background: #fff; }
.mt-card.mt-off { border-color: #9aa3ad; background: #f2f4f7; }
.mt-head { font-size: 1.7rem; font-weight: 700; color: #0b2545; }
.mt-head .mt-sub { font-size: 1.1rem; font-weight: 600; color: #44505c; margin-left: 10px; }
.mt-nums { display: flex; flex-wrap: wrap; gap: 10px; margin: 6px 0; }
.mt-num { min-width: 8.5rem; padding: 4px 10px; border-radius: 8px; background: #eef3fa; }
.mt-num b { display: block; font-size: 2.2rem; line-height: 1.1; color: #0b2545; }
.mt-num span { font-size: 1rem; color: #1b1f24; }
.mt-num.mt-bad { background: #fde2e1; }
.mt-num.mt-bad b { color: #a61b1b; }
.mt-num.mt-good b { color: #146c2e; }
table.mt { border-collapse: collapse; width: 100%; font-size: 1.1rem; margin: 4px 0 8px 0; }
table.mt th { background: #0b2545; color: #fff; text-align: left; padding: 4px 8px; font-weight: 600; }
table.mt td { border-bottom: 1px solid #c9ced6; padding: 4px 8px; color: #1b1f24; }
table.mt td.num, table.mt th.num { text-align: right; font-variant-numeric: tabular-nums; }
table.mt td.bad { color: #a61b1b; font-weight: 700; }
table.mt td.good { color: #146c2e; font-weight: 700; }
table.mt tr.total td { font-weight: 700; border-top: 2px solid #1b1f24; }
.mt-line { font-size: 1.15rem; margin: 4px 0; color: #1b1f24; }
.mt-hot { font-size: 1.15rem; margin: 4px 0; color: #a61b1b; font-weight: 600; }
.mt-note { font-size: 1.1rem; margin: 2px 0; padding-left: 8px; border-left: 4px solid #1f5fa8; }
@media print {
  .mt-card { break-inside: avoid; padding: 4px 10px; margin: 3px 0; }
  .mt-head { font-size: 14pt; } .mt-num b { font-size: 16pt; } table.mt { font-size: 10pt; }
  .mt-line, .mt-hot, .mt-note { font-size: 10pt; }
}
</style>
"""


def css() -> None:
    """The meeting styles (large, high contrast; compact on paper)."""
    st.html(CSS)


def esc(value: object) -> str:
    return html.escape("" if value is None else str(value))


def pct(value: float | None) -> str:
    """A share as a whole percentage ("—" when there is none)."""
    return "—" if value is None else f"{value * 100:.0f}%"


def choice_label(list_key: str, code: str | None, lang: str) -> str:
    """The label of a choice code in the UI language ("" for none; unknown text as typed)."""
    if not code:
        return ""
    return schema.choice_list(list_key).label(code, lang)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- HTML blocks


def numbers_html(items: Sequence[tuple[str, object, str]]) -> str:
    """A row of big numbers: (label, value, tone) with tone "", "bad" or "good"."""
    cells = "".join(
        f'<div class="mt-num{" mt-" + tone if tone else ""}"><b>{esc(value)}</b><span>{esc(label)}</span></div>'
        for label, value, tone in items
    )
    return f'<div class="mt-nums">{cells}</div>'


def table_html(
    headers: Sequence[str], rows: Iterable[Sequence[tuple[object, str]]], numeric: Sequence[int] = ()
) -> str:
    """A plain HTML table; each cell is (text, css class)."""
    head = "".join(f'<th class="{"num" if i in numeric else ""}">{esc(h)}</th>' for i, h in enumerate(headers))
    body = []
    for row in rows:
        tr_class = ""
        cells = []
        for i, (text, klass) in enumerate(row):
            if klass == "total":
                tr_class, klass = "total", ""
            classes = " ".join(k for k in (klass, "num" if i in numeric else "") if k)
            cells.append(f'<td class="{classes}">{esc(text)}</td>')
        body.append(f'<tr class="{tr_class}">{"".join(cells)}</tr>')
    return f'<table class="mt"><tr>{head}</tr>{"".join(body)}</table>'


def plan_table_html(items: Sequence[PlanItem], t: Any, lang: str, with_done: bool = True) -> str:
    """A consultant's plan rows as a table (time, customer, activity, goal[, done])."""
    headers = [t("meet.time"), t("meet.customer"), t("meet.activity"), t("meet.goal")]
    if with_done:
        headers.append(t("meet.done"))
    rows = []
    for p in items:
        row = [
            (p.time or "", ""),
            (p.customer or "", ""),
            (choice_label("contact_type", p.activity, lang), ""),
            (p.goal or "", ""),
        ]
        if with_done:
            row.append(("✔" if p.done else "", "good" if p.done else ""))
        rows.append(row)
    return table_html(headers, rows)


def pace_html(figures: dict[str, Figure], t: Any) -> str:
    """Month-to-date figures against target, read against time progress (behind in red)."""
    rows = []
    for m in METRICS:
        f = figures[m]
        tone = "bad" if f.behind else ("good" if f.progress is not None else "")
        rows.append(
            [
                (t(f"meet.metric.{m}"), ""),
                (f.actual, ""),
                (f.target if f.target is not None else "—", ""),
                (pct(f.progress), tone),
            ]
        )
    return table_html(
        [t("meet.col.metric"), t("meet.col.actual"), t("meet.col.target"), t("meet.col.progress")],
        rows,
        numeric=(1, 2, 3),
    )


def notes_html(notes: Sequence[Note]) -> str:
    return "".join(f'<div class="mt-note">{esc(n.note)}{" — " + esc(n.by) if n.by else ""}</div>' for n in notes)


# --------------------------------------------------------------------------- writer ops


def op(name: str) -> Any:
    """A named domain operation of the writer (`set_rota`, `add_plan`, ...), or None if not there yet."""
    for module in ("workbook.operations", "workbook.writing"):
        found = loading.optional(module, name)
        if found is not None:
            return found
    return None


def call_op(name: str, **values: Any) -> Any:
    """Build a writer operation, passing only the arguments its constructor takes."""
    fn = op(name)
    if fn is None:
        st.error(session.t("ui.write.no_writer"))
        return None
    params = inspect.signature(fn).parameters
    if not any(p.kind is inspect.Parameter.VAR_KEYWORD for p in params.values()):
        values = {k: v for k, v in values.items() if k in params}
    return fn(**values)


def note_form(kind: str, day: date, names: Sequence[str], key: str) -> None:
    """A small form adding a meeting note (general or for one consultant) to the meetings sheet."""
    with st.form(key, clear_on_submit=True, border=True):
        st.markdown(f"**{session.t('meet.note.add')}**")
        who = st.selectbox(
            session.t("meet.note.for"),
            ["", *names],
            format_func=lambda n: n or session.t("meet.general"),
            key=f"{key}_who",
        )
        text = st.text_area(session.t("meet.note.text"), key=f"{key}_text", height=80)
        if st.form_submit_button(session.t("meet.note.save"), type="primary"):
            if not text.strip():
                st.warning(session.t("meet.note.empty"))
                return
            note = call_op(
                "add_meeting_note", date=day, kind=kind, consultant=who or None, note=text.strip(), by=session.actor()
            )
            if note is not None:
                session.write([note])


# --------------------------------------------------------------------------- follow-ups and export


def due_items(wb: Any, day: date) -> Any:
    """`logic.followups.due_followups` for `day`, fed by parameter name; None if not installed."""
    fn = loading.optional("logic.followups", "due_followups")
    if fn is None:
        return None
    frames = wb.frames
    args: dict[str, Any] = {}
    for name, p in inspect.signature(fn).parameters.items():
        if name in frames:
            args[name] = frames[name]
        elif name == "frames":
            args[name] = frames
        elif name == "settings":
            args[name] = wb.settings
        elif name in ("today", "on", "day", "as_of"):
            args[name] = day
        elif p.default is inspect.Parameter.empty:
            return None  # a parameter this adapter does not know: show no counts rather than guess
    return fn(**args)


def export_button(sheets: dict[str, Any], file_name: str, key: str, title: str) -> None:
    """A download button for an A4 .xlsx of the meeting sheet (workbook.export), if installed."""
    export = loading.optional("workbook.export", "export_workbook")
    if export is None:
        st.caption(session.t("meet.export_missing"))
        return
    buffer = io.BytesIO()
    try:
        export(buffer, sheets, lang=session.lang(), title=title)
    except TypeError:
        buffer = io.BytesIO()
        export(buffer, sheets)
    st.download_button(
        session.t("meet.export"),
        buffer.getvalue(),
        file_name=file_name,
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=key,
        icon=":material/download:",
    )

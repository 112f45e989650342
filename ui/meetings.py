"""The meeting screens' shared pieces: projector-size HTML blocks, the day picker, the notes form, the exports.

Used by pages/plan_actual.py and by ui/morning.py and ui/evening.py, which draw those two boards.
HTML is built here (escaped) rather than with many st.columns so the layout stays large,
high-contrast and prints on A4 as it looks on the projector.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

import i18n
from logic.meetings import Booking, Note, PlanItem
from logic.plan_actual import METRICS, Figure
from ui import acting, session
from ui.due import due_list
from ui.styles import stylesheet
from ui.text import html_text, plain
from workbook import operations, schema
from workbook.export import export_workbook
from workbook.reading import LoadedWorkbook


def css() -> None:
    """The meeting styles (large, high contrast; compact on paper)."""
    st.html(stylesheet("meetings"))


def esc(value: object) -> str:
    """Text for an HTML block, shown as typed (names, notes, goals from the workbook)."""
    return html_text(value)


def pct(value: float | None) -> str:
    """A share as a whole percentage ("—" when there is none)."""
    return "—" if value is None else f"{value * 100:.0f}%"


def choice_label(list_key: str, code: str | None, lang: str) -> str:
    """The label of a choice code in the UI language ("" for none; unknown text as typed)."""
    if not code:
        return ""
    return schema.choice_list(list_key).label(code, lang)  # type: ignore[arg-type]


# --------------------------------------------------------------------------- HTML blocks


def numbers_html(items: Sequence[tuple[str, object, str] | tuple[str, object, str, str | None]]) -> str:
    """A row of big numbers: (label, value, tone[, href]) with tone "", "bad" or "good".

    With an href the figure is a link in the same tab (`in_app_links` keeps it inside the
    session); pass None on paper, where a link leads nowhere.
    """
    cells = []
    for label, value, tone, *rest in items:
        href = rest[0] if rest else None
        klass = f"mt-num{' mt-' + tone if tone else ''}"
        inner = f"<b>{esc(value)}</b><span>{esc(label)}</span>"
        if href:
            cells.append(f'<a class="{klass} mt-link" href="{esc(href)}" target="_self" data-in-app="1">{inner}</a>')
        else:
            cells.append(f'<div class="{klass}">{inner}</div>')
    return f'<div class="mt-nums">{"".join(cells)}</div>'


IN_APP_LINKS_JS = """<script>
if (!window.__mtInAppLinks) {
  window.__mtInAppLinks = true;
  document.addEventListener("click", (e) => {
    const a = e.target.closest && e.target.closest("a[data-in-app]");
    if (!a || e.defaultPrevented || e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    window.history.pushState(null, "", a.href);
    window.dispatchEvent(new PopStateEvent("popstate"));
  });
}
</script>"""


def in_app_links() -> None:
    """Open `data-in-app` links (the cards' figures) inside this session instead of reloading the app.

    A plain link would start a new session: the sidebar's language, as-of date and "acting as"
    would be lost. Streamlit changes page on the browser's history event (its back button),
    so a click pushes the link's address and announces it; with scripts off the link still works.
    """
    st.html(IN_APP_LINKS_JS, unsafe_allow_javascript=True)


def table_html(
    headers: Sequence[str],
    rows: Iterable[Sequence[tuple[object, str]]],
    numeric: Sequence[int] = (),
    klass: str = "",
) -> str:
    """A plain HTML table; each cell is (text, css class). The header row is a <thead>: paper repeats it."""
    table_class = f"mt {klass}" if klass else "mt"
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
    return f'<table class="{table_class}"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


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
            row.append((t("word.yes") if p.done else "", "good" if p.done else ""))  # a word: no symbol font needed
        rows.append(row)
    return table_html(headers, rows)


def against_plan(results: dict[str, int], planned: dict[str, int]) -> dict[str, str]:
    """Each figure as "actual/plan" where the plan has one (leads have none), for the one-line summaries."""
    return {m: str(results[m]) if m not in planned else f"{results[m]}/{planned[m]}" for m in METRICS}


def pace_html(figures: dict[str, Figure], t: Any) -> str:
    """Month-to-date figures against target, one column per figure (progress behind time in red)."""
    headers = [""] + [t(f"meet.metric.{m}") for m in METRICS]
    actual = [(t("meet.col.actual"), "")] + [(figures[m].actual, "") for m in METRICS]
    target = [(t("meet.col.target"), "")] + [
        (figures[m].target if figures[m].target is not None else "—", "") for m in METRICS
    ]
    progress = [(t("meet.col.progress"), "")] + [
        (pct(figures[m].progress), "bad" if figures[m].behind else ("good" if figures[m].progress is not None else ""))
        for m in METRICS
    ]
    table = table_html(headers, [actual, target, progress], numeric=tuple(range(1, len(METRICS) + 1)), klass="mt-pace")
    # on paper one line instead of the four-row table, so that several cards fit a page
    line = " · ".join(
        f'{esc(t(f"meet.metric.{m}"))} <span class="{"mt-warn" if figures[m].behind else ""}">'
        f"{figures[m].actual}/{'—' if figures[m].target is None else figures[m].target} {pct(figures[m].progress)}</span>"
        for m in METRICS
    )
    return f'{table}<div class="mt-line mt-pace-line">{line}</div>'


def booked_text(items: Sequence[Booking], t: Any, lang: str) -> str:
    """Deliveries and appointments as one line ("交车 14:00 刘家斌、试驾 10:30 郭波")."""
    parts = []
    for b in items:
        kind = t("meet.m.booked_delivery") if b.kind == "delivery" else choice_label("contact_type", b.kind, lang)
        parts.append(" ".join(p for p in (kind, b.time, b.customer) if p))
    return t("meet.list_sep").join(parts)


def targets_text(changes: dict[str, dict[str, int | None]], t: Any) -> str:
    """What a targets save wrote, per consultant ("杨金娜 留档 15 来店 16; 陈红 订单 —")."""
    return "; ".join(
        " ".join([name, *(f"{t(f'meet.metric.{m}')} {'—' if v is None else v}" for m, v in values.items())])
        for name, values in changes.items()
    )


def notes_html(notes: Sequence[Note]) -> str:
    return "".join(f'<div class="mt-note">{esc(n.note)}{" — " + esc(n.by) if n.by else ""}</div>' for n in notes)


# --------------------------------------------------------------------------- writer ops


def day_picker(label: str, today: date, key: str) -> date:
    """The meeting's day: the sidebar's "as of" date, and picking another day here moves that date too.

    The widget's key carries the as-of date, so a change in the sidebar shows here at once
    (a keyed date_input keeps its own value otherwise): one screen never shows two days.
    """
    wkey = f"{key}_{today.isoformat()}"

    def moved() -> None:
        value = st.session_state.get(wkey)
        if isinstance(value, date):
            st.session_state[session.AS_OF_KEY] = None if value == session.base_today() else value
            st.session_state["ui_as_of_widget"] = value  # the sidebar's picker (ui.sidebar) shows the same day

    with st.container(key=key):
        picked = st.date_input(label, value=today, key=wkey, format="YYYY-MM-DD", on_change=moved)
    return picked if isinstance(picked, date) else today


def preload_cell_editor() -> None:
    """Load the data editor's cell-editing script with the page, not on the first edit.

    Streamlit fetches that script when a cell is first opened, so on a slow laptop the first
    cell editor opens late and keys typed before it is up are lost; loaded with the page, the
    first edit opens as quickly as the next ones. Nothing happens if the file is not found.
    """
    js = Path(st.__file__).parent / "static" / "static" / "js"
    names = [
        f.name for p in ("data-grid-overlay-editor.*.js", "number-overlay-editor.*.js") for f in sorted(js.glob(p))
    ]
    if names:  # st.html drops <link> tags; the same module URL the app imports later, so it is loaded once
        imports = "".join(
            f'import(new URL("./static/js/{n}", document.baseURI).href).catch(() => {{}});' for n in names
        )
        st.html(f"<script>{imports}</script>", unsafe_allow_javascript=True)


def note_form(kind: str, day: date, names: Sequence[str], key: str) -> None:
    """A small form adding a meeting note (general or for one consultant) to the meetings sheet."""
    with st.form(key, clear_on_submit=True, border=True):
        st.markdown(f"**{session.t('meet.note.add')}**")
        who = st.selectbox(
            session.t("meet.note.for"),
            ["", *names],
            format_func=lambda n: plain(n) or session.t("meet.general"),
            key=f"{key}_who",
        )
        text = st.text_area(session.t("meet.note.text"), key=f"{key}_text", height=80)
        acting.field(None, key)  # a note names who wrote it: asked here while nobody is acting
        if st.form_submit_button(session.t("meet.note.save"), type="primary"):
            if not text.strip():
                st.warning(session.t("meet.note.empty"), icon="")
                return
            by = acting.author(key)
            if by is None:
                return
            note = operations.add_meeting_note(date=day, kind=kind, consultant=who or None, note=text.strip(), by=by)
            session.write([note])


# --------------------------------------------------------------------------- follow-ups and export


def due_items(wb: LoadedWorkbook, day: date, lang: str) -> pd.DataFrame:
    """The due list for `day` exactly as the due-list page computes it (same call, same cache)."""
    return due_list(wb, day, 0, lang)


def export_button(sheets: dict[str, Any], file_name: str, key: str, title: str) -> None:
    """A download button for an A4 .xlsx of the meeting sheet (workbook.export)."""
    store = ""
    res = session.current()
    if res is not None and res.workbook is not None:
        store = str(res.workbook.settings.get("store_name") or "")
    data = export_workbook(sheets, lang=session.lang(), title=" ".join(p for p in (store, title) if p))
    st.download_button(
        session.t("meet.export"),
        data,
        file_name=file_name,
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        key=key,
        on_click="ignore",  # a download needs no rerun, and a rerun meanwhile could drop the click
        icon=":material/download:",
    )


# --------------------------------------------------------------------------- export tables
# The same content as the printed sheet, as plain tables with headers in the UI language.


def _plan_rows(name: str, items: Sequence[PlanItem], t: Any, lang: str) -> list[dict[str, Any]]:
    return [
        {
            t("meet.col.consultant"): name,
            t("meet.time"): p.time or "",
            t("meet.customer"): p.customer or "",
            t("meet.activity"): choice_label("contact_type", p.activity, lang),
            t("meet.goal"): p.goal or "",
            t("meet.done"): t("word.yes") if p.done else "",
        }
        for p in items
    ]


def _notes_rows(notes: Sequence[Note], t: Any, lang: str) -> list[dict[str, Any]]:
    return [
        {
            t("meet.note.for"): n.consultant or t("meet.general"),
            t("meet.note.text"): n.note,
            schema.sheet("meetings").column("by").header(lang): n.by or "",  # type: ignore[arg-type]
        }
        for n in notes
    ]


def _pct_number(progress: float | None) -> int | None:
    """Progress as a whole-number percentage for a numeric Excel cell (None: no target)."""
    return None if progress is None else round(progress * 100)


def _figure_columns(row: dict[str, Any], figures: dict[str, Figure], t: Any) -> None:
    """Actual, target and progress % of each figure as three numeric columns (Excel can sum them)."""
    for m in METRICS:
        f, metric = figures[m], t(f"meet.metric.{m}")
        row[t("meet.x.actual", metric=metric)] = f.actual
        row[t("meet.x.target", metric=metric)] = f.target
        row[t("meet.x.progress", metric=metric)] = _pct_number(f.progress)


def morning_export(board: Any, lang: str) -> dict[str, pd.DataFrame]:
    """The morning sheet as tables: the board per consultant, today's plans, notes."""
    t = _t(lang)
    yes = t("word.yes")
    rows = []
    for x in board.lines:
        row = {
            t("meet.col.consultant"): x.consultant,
            t("meet.m.shift"): choice_label("shift", x.rota.shift, lang),
            t("meet.m.order"): x.rota.order,
            t("meet.m.appearance"): yes if x.rota.appearance_ok else "",
            t("meet.m.folder"): yes if x.rota.folder_ok else "",
            t("meet.m.due_today"): x.due_today,
            t("meet.m.overdue"): x.overdue,
            t("meet.m.appointments"): x.appointments,
            t("meet.m.test_drives"): x.test_drives,
            t("meet.m.deliveries"): x.deliveries,
            t("meet.m.hot"): t("meet.list_sep").join(x.hot),
            t("meet.x.y_plans_done"): x.yesterday_plans_done,
            t("meet.x.y_plans"): x.yesterday_plans,
        }
        _figure_columns(row, x.month, t)
        rows.append(row)
    for o in board.others:  # managers' own follow-ups, as on the page
        name = o.consultant if o.consultant != "-" else t("meet.m.no_owner")
        rows.append(
            {t("meet.col.consultant"): name, t("meet.m.due_today"): o.due_today, t("meet.m.overdue"): o.overdue}
        )
    plans = [r for x in board.lines for r in _plan_rows(x.consultant, x.plans, t, lang)]
    notes = _notes_rows([*board.notes, *(n for x in board.lines for n in x.notes)], t, lang)
    return {
        t("meet.x.board"): pd.DataFrame(rows),
        t("meet.x.plans_today"): pd.DataFrame(plans),
        t("meet.notes"): pd.DataFrame(notes),
    }


def evening_export(board: Any, lang: str) -> dict[str, pd.DataFrame]:
    """The evening sheet as tables: results vs plan and checks, tomorrow's plans, lost cases, notes."""
    t = _t(lang)
    rows = []
    for x in board.lines:
        row: dict[str, Any] = {t("meet.col.consultant"): x.consultant}
        for m in METRICS:  # numbers, not "2/3" text: Excel can sum them
            metric = t(f"meet.metric.{m}")
            row[t("meet.x.actual", metric=metric)] = x.results[m]
            if m != "leads":  # leads are never planned
                row[t("meet.x.planned", metric=metric)] = x.planned.get(m)
        row[t("meet.x.plans_done")] = x.plans_done
        row[t("meet.x.plans")] = x.plans
        row[t("meet.e.visits_without_card")] = x.visits_without_card
        row[t("meet.e.cards_without_grade")] = x.cards_without_grade
        row[t("meet.e.followups_open")] = x.followups_due_open
        row[t("meet.m.overdue")] = x.overdue
        rows.append(row)
    plans = [r for x in board.lines for r in _plan_rows(x.consultant, x.tomorrow, t, lang)]
    lost = [
        {
            t("meet.col.consultant"): c.consultant,
            t("meet.customer"): c.customer or "",
            t("meet.e.reason"): choice_label("lost_reason", c.reason, lang),
            t("meet.e.competitor"): c.competitor or "",
            t("meet.e.decision"): choice_label("decision", c.decision, lang) or t("meet.e.undecided"),
        }
        for c in board.lost
    ]
    notes = _notes_rows([*board.notes, *(n for x in board.lines for n in x.notes)], t, lang)
    return {
        t("meet.x.results"): pd.DataFrame(rows),
        t("meet.x.plans_tomorrow", day=board.tomorrow.isoformat()): pd.DataFrame(plans),
        t("meet.e.lost"): pd.DataFrame(lost),
        t("meet.notes"): pd.DataFrame(notes),
    }


def plan_actual_export(table: Any, lang: str) -> dict[str, pd.DataFrame]:
    """The plan-vs-actual table as one sheet: per consultant and metric actual, target, progress, ratios."""
    t = _t(lang)
    rows = []
    for line in [*table.lines, table.total]:
        row: dict[str, Any] = {t("meet.col.consultant"): line.consultant or t("meet.store_total")}
        _figure_columns(row, line.figures, t)
        for r in ("capture_rate", "test_drive_rate", "close_rate"):
            row[t("meet.x.ratio", ratio=t(f"meet.ratio.{r}"))] = _pct_number(line.ratios[r])
        # the rates the showroom log brought (issue 18), as the page shows them
        for r in ("loss_rate", "followup_rate"):
            row[t("meet.x.ratio", ratio=t(f"showroom.pva.{r}"))] = _pct_number(line.ratios[r])
        row[t("showroom.pva.overdue")] = line.overdue
        rows.append(row)
    return {t("meet.pva.title"): pd.DataFrame(rows)}


def _t(lang: str) -> Any:
    return lambda key, /, **params: i18n.t(key, lang, **params)

"""Showing the monthly hot-lead table: cached computation, grouped-header table, list, charts, export."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

import pandas as pd
import streamlit as st

import i18n
from logic import grade_checks
from logic import hot_leads as hl
from logic.followups import due_followups
from logic.grade_history import GradeHistory, grade_history
from logic.hot_view import NEW_OTHER, grade_mix, row_keys, warnings_for, with_new_other
from ui import charts, loading
from ui.hot_export import hot_export
from ui.styles import stylesheet
from ui.text import html_text
from workbook import schema
from workbook.reading import LoadedWorkbook

_CACHE_KEY = "_hot_cache"


def css() -> None:
    """The hot table's styles (grade colours, compact on paper)."""
    st.html(stylesheet("hot"))


@dataclass(frozen=True)
class MonthData:
    """Everything the page shows for one month, computed once per file version, day and month."""

    month: str
    start: date
    now: date
    history: GradeHistory
    customers: pd.DataFrame  # month_customers
    notes: pd.DataFrame  # weekly_notes


def _memo(wb: LoadedWorkbook, today: date, name: str, args: tuple, make: Callable[[], Any]) -> Any:
    """Keep results for this version of the workbook and this day in the session (a filter click is a rerun)."""
    file_key = (str(wb.path), wb.fingerprint, id(wb), today)
    memo = st.session_state.get(_CACHE_KEY)
    if memo is None or memo[0] != file_key:
        memo = (file_key, {})
        st.session_state[_CACHE_KEY] = memo
    store: dict = memo[1]
    if (name, args) not in store:
        if len(store) > 24:
            store.clear()
        store[(name, args)] = make()
    return store[(name, args)]


def history(wb: LoadedWorkbook, today: date) -> GradeHistory:
    """The grade history of this version of the workbook."""
    return _memo(wb, today, "history", (), lambda: grade_history(wb.frames, today))


def month_data(wb: LoadedWorkbook, month: str, today: date) -> MonthData:
    """The month's per-customer flags and weekly notes."""
    hist = history(wb, today)
    return _memo(
        wb,
        today,
        "month",
        (month,),
        lambda: MonthData(
            month=month,
            start=hl.start_of(month),
            now=hl.as_of(month, today),
            history=hist,
            customers=hl.month_customers(wb.frames, month, today, hist),
            notes=hl.weekly_notes(wb.frames, month, today, hist),
        ),
    )


def value_label(by: str, value: object, lang: str) -> str:
    """A consultant, model or source as shown: source codes as labels, empty as "(none)"."""
    if value is None or (not isinstance(value, str) and pd.isna(value)) or str(value) == "":
        return i18n.t("hot.none", lang)
    if value == hl.TOTAL:
        return i18n.t("hot.total", lang)
    if by == "source":
        return schema.choice_list("source").label(str(value), lang)  # type: ignore[arg-type]
    return str(value)


def _column_label(col: str, lang: str) -> str:
    if col == NEW_OTHER:
        return i18n.t("hot.col.new_other", lang)
    if col == "new":  # every new lead, hot or not: not the "hot" count of the start and now groups
        return i18n.t("hot.col.new_total", lang)
    if col.endswith("_hot"):
        return i18n.t("hot.col.hot", lang)
    if col[-2:-1] == "_" and col[-1] in schema.HOT_GRADES:
        return col[-1]
    return i18n.t(f"hot.col.{col}", lang)


def _column_title(col: str, lang: str) -> str:
    """A hover text for a header that needs one (the new leads no longer hot)."""
    if col != NEW_OTHER:
        return ""
    return f' class="new-other" title="{html.escape(i18n.t("hot.col.new_other.help", lang), quote=True)}"'


def table_html(table: pd.DataFrame, by: str, lang: str) -> str:
    """The monthly table with grouped headers (start / new / moves / now), big enough for a projector."""
    groups = [("hot.col.start", "start_"), ("hot.col.new", "new"), ("", ""), ("hot.col.now", "now_")]
    members: list[tuple[str, list[str]]] = []
    for key, prefix in groups:
        if key == "":
            cols = ["upgraded", "downgraded", *hl.MOVES]
        else:
            cols = [c for c in hl.table_columns() if c.startswith(prefix)]
            if key == "hot.col.new":  # the subtotal counts every new lead, also those now O/D/F/Z
                cols.insert(cols.index("new"), NEW_OTHER)
        members.append((key, cols))
    top = [f'<th rowspan="2">{html.escape(i18n.t(f"hot.by.{by}", lang))}</th>']
    sub = []
    for key, cols in members:
        if key:
            top.append(f'<th colspan="{len(cols)}">{html.escape(i18n.t(key, lang))}</th>')
            sub += [f"<th{_column_title(c, lang)}>{html.escape(_column_label(c, lang))}</th>" for c in cols]
        else:
            top += [f'<th rowspan="2">{html.escape(_column_label(c, lang))}</th>' for c in cols]
    body = []
    table = with_new_other(table)
    for name, rec in table.iterrows():
        cells = [f'<td class="name">{html_text(value_label(by, name, lang))}</td>']
        for _, cols in members:
            for c in cols:
                v = int(rec[c])
                cls = []
                if v == 0:
                    cls.append("zero")
                elif c[-2:-1] == "_" and c[-1] in schema.HOT_GRADES and c.startswith("now_"):
                    cls.append(f"g-{c[-1]}")
                elif c in ("upgraded", "ordered", "delivered"):
                    cls.append("up")
                elif c in ("downgraded", "lost"):
                    cls.append("down")
                cells.append(f'<td class="{" ".join(cls)}">{v}</td>')
        row_cls = ' class="total"' if name == hl.TOTAL else ""
        body.append(f"<tr{row_cls}>{''.join(cells)}</tr>")
    return (
        f'<div class="hot-wrap"><table class="hot-table" data-testid="hot-table"><thead><tr>{"".join(top)}</tr><tr>{"".join(sub)}</tr>'
        f"</thead><tbody>{''.join(body)}</tbody></table></div>"
    )


def grade_warnings(wb: LoadedWorkbook, today: date, lang: str) -> pd.DataFrame:
    """Grade-consistency warnings from the follow-ups engine (`logic.grade_checks`): key, warning text."""
    return _memo(wb, today, "warnings", (lang,), lambda: _grade_warnings(wb, today, lang))


def _grade_warnings(wb: LoadedWorkbook, today: date, lang: str) -> pd.DataFrame:
    empty = pd.DataFrame({"key": pd.Series(dtype="object"), "warning": pd.Series(dtype="object")})
    rows = [
        # the same customer key as logic.grade_history: the ID, else "#<Excel row>"
        {"key": w.customer_id or f"#{w.row}", "warning": w.message(lang)}
        for w in grade_checks.grade_warnings(wb.frames, wb.settings, today)
    ]
    rows += _reference_warnings(wb, lang)
    return pd.DataFrame(rows, columns=["key", "warning"]) if rows else empty


def _reference_warnings(wb: LoadedWorkbook, lang: str) -> list[dict[str, str]]:
    """A customer whose consultant is not on the staff sheet (`logic.references`), keyed like the hot list."""
    cust = wb.frames.get("customers")
    name = wb.sheet_names.get("customers")
    if cust is None or cust.empty or not name:
        return []
    keys = row_keys(cust)
    return [
        {"key": keys.get(p.row, f"#{p.row}"), "warning": i18n.describe(p, lang)}
        for p in loading.all_problems(wb, lang)
        if p.sheet == name and p.row is not None
    ]


def due_frame(wb: LoadedWorkbook, today: date, horizon_days: int = 60) -> pd.DataFrame:
    """Follow-up items due now or within `horizon_days` (for each customer's next due date)."""
    return _memo(
        wb,
        today,
        "due",
        (horizon_days,),
        lambda: due_followups(wb.frames, wb.settings, today, horizon_days=horizon_days),
    )


def list_view(rows: pd.DataFrame, data: MonthData, warnings: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The hot list with labelled values, laid out for `list_columns`: a few cells hold two lines."""
    out = rows.copy()
    start = data.customers["start"].reindex(out.index)
    is_new = data.customers["new"].reindex(out.index).fillna(False).astype(bool)
    out["start_grade"] = start.astype("string").fillna("").where(~is_new | start.notna(), i18n.t("hot.col.new", lang))
    out["source"] = out["source"].map(lambda v: value_label("source", v, lang) if pd.notna(v) else "")
    out["warnings"] = warnings_for(warnings, out.index)
    # the grade's move in one cell and the ID and warnings wrapped under the name keep the list within a laptop's width
    out["grade_move"] = [_grade_move(s, g) for s, g in zip(out["start_grade"], out["grade"], strict=True)]
    out["who"] = [
        _joined(_joined(n, c), w) for n, c, w in zip(out["name"], out["customer_id"], out["warnings"], strict=True)
    ]
    for col in ("expected_purchase", "last_contact", "next_due"):
        out[col] = [short_day(d, data.now) for d in pd.to_datetime(out[col], errors="coerce")]
    return out


def _text_of(value: object) -> str:
    return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value).strip()  # type: ignore[call-overload]


def _joined(first: object, second: object) -> str:
    """Two values in one cell, the second wrapping below the first (a grid cell shows no line break)."""
    return " ".join(x for x in (_text_of(first), _text_of(second)) if x)


def _grade_move(start: object, now: object) -> str:
    """The grade's move this month ("B→H"), or the grade alone when it did not move."""
    a, b = _text_of(start), _text_of(now)
    return b if not a or a == b else f"{a}→{b}"


def short_day(value: object, today: date) -> str:
    """A date as month-day ("11-20"), with its year when not `today`'s year; "" when blank."""
    if value is None or pd.isna(value):  # type: ignore[call-overload]
        return ""
    day = pd.Timestamp(value).date()  # type: ignore[arg-type]
    return day.strftime("%m-%d") if day.year == today.year else day.isoformat()


# px widths: together within the main area of a 1366-wide screen with the sidebar open (about 870 px);
# the text columns wrap onto a second and third line instead of widening the table: Streamlit wraps a
# cell's text only in rows taller than 4rem (68 px at the theme's 17 px base font)
LIST_ROW_HEIGHT = 72
_WIDTHS = {
    "grade_move": 56,
    "who": 150,
    "consultant": 68,
    "model": 76,
    "source": 64,
    "expected_purchase": 64,
    "last_contact": 64,
    "next_due": 64,
    "notes": 150,
    "phone": 112,
}


def list_columns(lang: str) -> dict[str, Any]:
    """Column order, headers (short, the full meaning on hover) and widths of the hot list."""
    t = lambda k: i18n.t(k, lang)  # noqa: E731

    def col(key: str, header: str, help_key: str | None = None) -> Any:
        return st.column_config.TextColumn(t(header), width=_WIDTHS[key], help=t(help_key) if help_key else None)

    return {
        "grade_move": col("grade_move", "fit.hot.col.grade", "fit.hot.col.grade.help"),
        "who": col("who", "fit.hot.col.customer", "fit.hot.col.customer.help"),
        "consultant": col("consultant", "fit.hot.col.consultant", "fit.hot.col.consultant.help"),
        "model": col("model", "fit.hot.col.model"),
        "source": col("source", "fit.hot.col.source"),
        "expected_purchase": col("expected_purchase", "fit.hot.col.expected", "fit.hot.col.expected.help"),
        "last_contact": col("last_contact", "fit.hot.col.last_contact", "fit.hot.col.last_contact.help"),
        "next_due": col("next_due", "fit.hot.col.next_due", "fit.hot.col.next_due.help"),
        "notes": col("notes", "fit.hot.col.notes"),
        "phone": col("phone", "fit.hot.col.phone"),
    }


# --------------------------------------------------------------------------- charts


def chart_specs(wb: LoadedWorkbook, data: MonthData, today: date, lang: str) -> list[tuple[str, str, Any]]:
    """(file name, title, altair chart) for the four charts, labels in `lang`."""
    return _memo(wb, today, "charts", (data.month, lang), lambda: _chart_specs(wb, data, today, lang))


def _chart_specs(wb: LoadedWorkbook, data: MonthData, today: date, lang: str) -> list[tuple[str, str, Any]]:
    t = lambda k, **p: i18n.t(k, lang, **p)  # noqa: E731
    mc = data.customers
    grades = list(schema.HOT_GRADES)
    out: list[tuple[str, str, Any]] = []

    def by_grade(frame: pd.DataFrame, mark: Literal["bars", "lines"], **spec: Any) -> Any:
        """Customers counted by grade: the mix and the trend charts share their axis and legend."""
        return charts.xy_chart(
            frame, mark, y="count", y_title=t("hot.axis.customers"), color_title=t("hot.col.grade"), **spec
        )

    mix = grade_mix(mc)
    mix["consultant"] = mix["consultant"].map(lambda v: value_label("consultant", v, lang))
    title = t("hot.chart.mix")
    out.append(
        (
            "grade-mix",
            title,
            by_grade(
                mix,
                "bars",
                x="consultant",
                color="now",
                title=title,
                x_title=t("hot.by.consultant"),
                color_order=grades,
                horizontal=True,
            ),
        )
    )

    trend = hl.weekly_trend(data.history, data.month, today)
    trend["point"] = trend["point"].map(lambda p: t("hot.trend.start") if p == "start" else p)
    title = t("hot.chart.trend")
    out.append(
        (
            "trend",
            title,
            by_grade(
                trend,
                "lines",
                x="point",
                color="grade",
                title=title,
                x_title=t("hot.axis.week"),
                color_order=list(hl.TREND_GRADES),
                x_order=list(dict.fromkeys(trend["point"])),
            ),
        )
    )

    fun = hl.funnel(wb.frames, mc, data.month, today, data.history)
    fun["stage"] = fun["stage"].map(lambda s: t(f"hot.funnel.{s}"))
    title = t("hot.chart.funnel")
    out.append(
        (
            "funnel",
            title,
            charts.hbars(fun, category="stage", value="count", title=title, value_title=t("hot.axis.customers")),
        )
    )

    conv = hl.conversion_by_source(mc).sort_values(["leads", "source"], ascending=[False, True])
    conv["source"] = conv["source"].map(lambda v: value_label("source", v, lang))
    conv["label"] = [
        t("hot.conversion.label", rate=f"{r:.0%}", orders=o, leads=n)
        for r, o, n in zip(conv["rate"], conv["orders"], conv["leads"], strict=True)
    ]
    title = t("hot.chart.conversion")
    out.append(
        (
            "conversion",
            title,
            charts.hbars(
                conv,
                category="source",
                value="rate",
                title=title,
                value_title=t("hot.axis.rate"),
                text="label",
                percent=True,
                color="#2ca02c",
            ),
        )
    )
    return out


def png_maker(chart: Any) -> Callable[[], bytes]:
    """A no-argument callable for `st.download_button` that renders the chart when clicked."""
    return lambda: charts.png(chart)


def export_maker(
    data: MonthData, specs: Sequence[tuple[str, str, Any]], *, lang: str, today: date, store: str
) -> Callable[[], bytes]:
    """A no-argument callable that builds the export workbook (table, totals, chart images) when clicked."""

    def make() -> bytes:
        rows = hl.month_sheet(data.customers, data.notes)
        totals = hl.monthly_table(data.customers, "consultant")
        images = [(title, charts.png(chart)) for _, title, chart in specs]
        return hot_export(
            rows,
            totals,
            month=data.month,
            lang=lang,
            start=data.start,
            now=data.now,
            today=today,
            store=store,
            images=images,
        )

    return make

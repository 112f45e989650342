"""Drawing the showroom log's figures: traffic by hour, plan vs actual with actual/target and % apart, the rates."""

from __future__ import annotations

from datetime import date
from typing import Any

import pandas as pd
import streamlit as st

from logic.cells import cell_text
from logic.plan_actual import METRICS, RATIOS, PlanVsActual, plan_vs_actual
from logic.showroom import HourTraffic, Traffic
from ui.meetings import choice_label, pct, table_html
from workbook.reading import LoadedWorkbook

_PLAN_KEY = "showroom_plan_tables"

TRAFFIC_COLUMNS: tuple[str, ...] = ("visits", "calls", "new_cards", "captured")


def _hour(h: HourTraffic, t: Any) -> str:
    return t("showroom.col.no_time") if h.hour is None else f"{h.hour:02d}:00-{h.hour + 1:02d}:00"


def traffic_html(traffic: Traffic, t: Any) -> str:
    """The day's traffic as a table: one row per hour, then the day's total."""
    headers = [t("showroom.col.hour"), *(t(f"showroom.col.{c}") for c in TRAFFIC_COLUMNS)]
    rows = [[(_hour(h, t), ""), *((str(getattr(h, c)), "") for c in TRAFFIC_COLUMNS)] for h in traffic.hours]
    total = traffic.total
    rows.append([(t("showroom.col.total"), "total"), *((str(getattr(total, c)), "") for c in TRAFFIC_COLUMNS)])
    return table_html(headers, rows, numeric=tuple(range(1, len(headers))), klass="mt-traffic")


def plan_table(wb: LoadedWorkbook, month: str, today: date) -> PlanVsActual:
    """Plan vs actual for this version of the workbook, kept in the session: the follow-up completion replays
    the month's due lists (about 2 s on the S sample), and editing the targets reruns the page."""
    file_key = (str(wb.path), wb.fingerprint, id(wb), today)
    held = st.session_state.get(_PLAN_KEY)
    if held is None or held[0] != file_key:
        held = (file_key, {})
        st.session_state[_PLAN_KEY] = held
    if month not in held[1]:
        held[1][month] = plan_vs_actual(wb.frames, month, today, wb.settings)
    return held[1][month]


def plan_actual_html(table: PlanVsActual, t: Any) -> str:
    """Per consultant and the store: each figure's actual / target and its % in columns of their own."""
    headers = [t("meet.col.consultant")]
    for m in METRICS:
        headers += [f"{t(f'meet.metric.{m}')} {t('showroom.pva.actual_target')}", t("showroom.pva.pct")]
    rows = []
    for line in [*table.lines, table.total]:
        name = line.consultant or t("meet.store_total")
        if line.consultant and not line.targets_set:
            name = f"{name} ({t('meet.pva.not_set')})"
        row = [(name, "total" if not line.consultant else "")]
        for m in METRICS:
            f = line.figures[m]
            tone = "bad" if f.behind else ("good" if f.progress is not None else "")
            row += [(f"{f.actual} / {f.target if f.target is not None else '—'}", ""), (pct(f.progress), tone)]
        rows.append(row)
    return table_html(headers, rows, numeric=tuple(range(1, len(headers))), klass="mt-pva")


def rate_label(code: str, t: Any) -> str:
    """A rate's column title (the meetings' words for the first three)."""
    return t(f"showroom.pva.{code}") if code in ("loss_rate", "followup_rate") else t(f"meet.ratio.{code}")


def rates_html(table: PlanVsActual, t: Any) -> str:
    """Per consultant and the store: the rates over the month's visits, follow-up completion and overdue count."""
    headers = [t("meet.col.consultant"), *(rate_label(r, t) for r in RATIOS), t("showroom.pva.overdue")]
    rows = []
    for line in [*table.lines, table.total]:
        name = line.consultant or t("meet.store_total")
        row = [(name, "total" if not line.consultant else "")]
        row += [(pct(line.ratios[r]), "") for r in RATIOS]
        row.append((str(line.overdue), "bad" if line.overdue else ""))
        rows.append(row)
    return table_html(headers, rows, numeric=tuple(range(1, len(headers))), klass="mt-rates")


# the front desk's table of the day: column -> its title's key
TODAY_COLUMNS: dict[str, str] = {
    "visit_id": "showroom.col.visit_id",
    "time_in": "showroom.time_in",
    "time_out": "showroom.col.time_out",
    "kind": "showroom.kind",
    "first_or_repeat": "showroom.order",
    "people": "showroom.people",
    "consultant": "showroom.consultant",
    "customer": "showroom.col.customer",
    "phone": "showroom.phone",
    "customer_id": "showroom.pick_card",
    "test_drive": "showroom.test_drive",
}


def today_frame(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The day's log rows as the page lists them, latest first, choices as labels in `lang`."""
    shown = rows.sort_values("time_in", ascending=False, na_position="last")[list(TODAY_COLUMNS)].copy()
    shown["customer_id"] = rows["linked"]
    for column, list_key in (("kind", "visit_kind"), ("first_or_repeat", "visit_order")):
        shown[column] = shown[column].map(lambda code, k=list_key: choice_label(k, cell_text(code), lang))
    for column in ("time_out", "consultant", "customer", "phone", "customer_id"):
        shown[column] = shown[column].map(cell_text)  # blank, not "None", where nothing was given
    return shown.reset_index(drop=True)

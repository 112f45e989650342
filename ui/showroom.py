"""Drawing the showroom log: the front desk's page (a new row, who is still in, linking cards, the day) and its
figures for the meetings (traffic by hour, plan vs actual with actual/target and % apart, the rates)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pandas as pd
import streamlit as st

from logic import showroom
from logic.cells import cell_text
from logic.plan_actual import METRICS, RATIOS, PlanVsActual, plan_vs_actual
from logic.showroom import HourTraffic, Traffic
from logic.showroom_view import card_choices, entry_problem, entry_values
from ui import acting, session
from ui.meetings import choice_label, pct, table_html
from ui.styles import stylesheet
from ui.text import md, plain, plain_frame
from workbook import operations as wops
from workbook.reading import LoadedWorkbook
from workbook.schema import choice_list

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


# --------------------------------------------------------------------------- the front desk's page

FORM = "showroom_entry"
# what a saved row empties in the form; the kind, first or repeat, people and who received them stay
_CLEARED = ("showroom_time_in", "showroom_name", "showroom_phone", "showroom_model", "showroom_competitor",
            "showroom_current_car", "showroom_appointment", "showroom_test_drive")  # fmt: skip


def css() -> None:
    """The front desk's page styles: the meetings' tables (a phone's are on every page: ui.phone_screen)."""
    st.html(stylesheet("meetings"))


def clock() -> str:
    """The time of day now, as the log writes it."""
    return datetime.now().strftime("%H:%M")


def _label(list_key: str, ctx: session.Ctx):
    return lambda code: choice_list(list_key).label(code, ctx.lang) if code else ctx.t("showroom.none")


def _name_box(box: Any, label: str, names: list[str], key: str) -> str:
    return box.selectbox(label, ["", *names], format_func=lambda n: plain(n) or "—", key=key)


def entry_form(ctx: session.Ctx, names: list[str]) -> None:
    """A new row: the form (visit or call, first or repeat, time, who, what for) and its save."""
    t = ctx.t
    st.session_state.setdefault("showroom_time_in", clock())
    with st.form(FORM, clear_on_submit=False, border=True):
        st.markdown(f"**{t('showroom.new')}**")
        # what every visit has first (a phone stacks these: the save is a short scroll away), the rest folded
        a, b = st.columns(2)
        kind = a.radio(t("showroom.kind"), ["visit", "call"], format_func=_label("visit_kind", ctx),
                       key="showroom_kind", horizontal=True)  # fmt: skip
        order = b.radio(t("showroom.order"), ["first", "repeat"], format_func=_label("visit_order", ctx),
                        key="showroom_order", horizontal=True)  # fmt: skip
        a, b, c = st.columns(3)
        time_in = a.text_input(t("showroom.time_in"), key="showroom_time_in")
        people = b.number_input(t("showroom.people"), 1, 50, 1, key="showroom_people")
        consultant = _name_box(c, t("showroom.consultant"), names, "showroom_consultant")
        a, b = st.columns(2)
        name = a.text_input(t("showroom.name"), key="showroom_name")
        phone = b.text_input(t("showroom.phone"), key="showroom_phone")
        with st.expander(t("phonepages.showroom.more"), key="showroom_more"):
            a, b, c = st.columns(3)
            source = a.selectbox(t("showroom.source"), ["", *choice_list("source").codes()],
                                 format_func=_label("source", ctx), key="showroom_source")  # fmt: skip
            model = b.text_input(t("showroom.model"), key="showroom_model")
            appointment = c.date_input(t("showroom.appointment"), value=None, key="showroom_appointment")
            a, b, c = st.columns(3)
            competitor = a.text_input(t("showroom.competitor"), key="showroom_competitor")
            current_car = b.text_input(t("showroom.current_car"), key="showroom_current_car")
            handover = _name_box(c, t("showroom.handover"), names, "showroom_handover")
        test_drive = st.checkbox(t("showroom.test_drive"), key="showroom_test_drive")
        acting.field(ctx, FORM)
        saved = st.form_submit_button(t("showroom.save"), type="primary")
    if not saved:
        return
    author = acting.chosen(FORM)
    problem = entry_problem(time_in, phone)
    if author is None:
        st.warning(t(acting.MISSING_KEY), icon="")
        return
    if problem is not None:
        st.error(t(f"showroom.{problem}", phone=md(phone)), icon="")
        return
    values = entry_values(
        ctx.wb.frames["customers"],
        time_in=time_in,
        first_or_repeat=order,
        people=int(people),
        consultant=consultant,
        handover=handover,
        source=source,
        model=model,
        competitor=competitor,
        current_car=current_car,
        customer=name,
        phone=phone,
        appointment=appointment,
        test_drive=test_drive,
    )
    values.update(
        recorded_by=author, recorded_at=datetime.combine(ctx.today, datetime.now().time()).replace(microsecond=0)
    )
    for key in _CLEARED:
        st.session_state.pop(key, None)
    session.write(wops.log_visit(ctx.today, values.pop("time_in"), kind, **values))


def _row_text(row: pd.Series, t: Any) -> str:
    return t(
        "showroom.open_row",
        time=cell_text(row["time_in"]),
        who=cell_text(row["customer"]) or t("showroom.anonymous"),
        consultant=cell_text(row["consultant"]) or "—",
    )


def still_in(ctx: session.Ctx) -> None:
    """Today's visitors not yet signed out, each with its one-tap "left"."""
    t = ctx.t
    st.subheader(t("showroom.open"))
    still = showroom.open_rows(ctx.wb.frames, ctx.today)
    if still.empty:
        st.caption(t("showroom.open_none"))
    for _, row in still.iterrows():
        visit_id = cell_text(row["visit_id"])
        with st.container(horizontal=True, vertical_alignment="center"):  # on one line on a phone too
            st.text(_row_text(row, t), width="stretch")
            if visit_id and st.button(t("showroom.left"), key=f"showroom_left_{visit_id}"):
                session.write(wops.visit_left(visit_id, clock()))


def unlinked(ctx: session.Ctx) -> None:
    """Today's rows without a customer card, each with a pick of the card that takes it over."""
    t = ctx.t
    st.subheader(t("showroom.unlinked"))
    rows = showroom.unlinked_rows(ctx.wb.frames, ctx.today)
    if rows.empty:
        st.caption(t("showroom.unlinked_none"))
        return
    st.caption(t("showroom.unlinked_help"))
    cards = card_choices(ctx.wb.frames["customers"], ctx.wb.frames["contacts"], ctx.today)
    by_id = {c.customer_id: c.label for c in cards}
    for _, row in rows.iterrows():
        visit_id = cell_text(row["visit_id"])
        left, mid, right = st.columns([2, 3, 1], vertical_alignment="bottom")
        left.text(_row_text(row, t))
        picked = mid.selectbox(
            t("showroom.pick_card"),
            ["", *by_id],
            format_func=lambda cid: plain(by_id[cid]) if cid else t("showroom.pick"),
            key=f"showroom_card_{visit_id}",
        )
        if right.button(t("showroom.link"), key=f"showroom_link_{visit_id}", disabled=not picked):
            session.write(wops.link_visit(visit_id, picked))


def the_day(ctx: session.Ctx) -> None:
    """Today's traffic by hour and today's rows, latest first."""
    t, frames = ctx.t, ctx.wb.frames
    st.subheader(t("showroom.traffic"))
    traffic = showroom.traffic(frames, ctx.today)
    if not traffic.from_log:
        st.info(t("showroom.from_contacts"), icon="")
    if traffic.hours:
        st.html(f'<div class="ph-wide">{traffic_html(traffic, t)}</div>')
    else:
        st.caption(t("showroom.traffic_none"))
    st.subheader(t("showroom.today"))
    rows = showroom.log_rows(frames, ctx.today, ctx.today)
    if rows.empty:
        st.caption(t("showroom.today_none"))
        return
    st.dataframe(
        plain_frame(today_frame(rows, ctx.lang)),
        hide_index=True,
        key="showroom_today",
        column_config={c: st.column_config.Column(t(key)) for c, key in TODAY_COLUMNS.items()},
    )

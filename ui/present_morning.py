"""The morning meeting (早会) in present mode: its agenda as sections, one screen each (`ui.present`).

Rota and checks -> yesterday against plan -> today's plan per consultant -> the month's pace ->
follow-ups due -> today's deliveries and test drives. The figures are `logic.morning_view`'s.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from logic.meetings import MorningLine
from logic.morning_view import MorningView
from logic.plan_actual import METRICS
from ui import meetings as view
from ui import morning as draw
from ui import present as pr

T = Callable[..., str]


def sections(mv: MorningView, day: date, t: T, lang: str) -> list[pr.Section]:
    """The morning's agenda in order; the rota section edits the rota, every section can add a note."""

    def note() -> None:
        view.note_form("morning", day, mv.names, key="meet_m_note")

    def rota() -> None:
        draw.rota_section(mv, day, False, t, lang)
        note()

    return [
        pr.Section("rota", t("present.m.rota"), _rota(mv, t, lang), rota),
        pr.Section("yesterday", t("present.m.yesterday"), _yesterday(mv, t), note),
        pr.Section("today", t("present.m.today"), _today(mv, t, lang), note),
        pr.Section("pace", t("present.m.pace"), _pace(mv, t), note),
        pr.Section("followups", t("present.m.followups"), _followups(mv, t), note),
        pr.Section("bookings", t("present.m.bookings"), _bookings(mv, t, lang), note),
    ]


def _yes_or_missing(value: bool | None, on_duty: bool, t: T) -> tuple[str, str]:
    if value:
        return t("present.m.checked"), "good"
    return (t("present.m.unchecked"), "bad") if on_duty else ("", "")


def _rota(mv: MorningView, t: T, lang: str) -> list[str]:
    lines = mv.board.lines
    on_duty = sum(1 for x in lines if x.on_duty)
    top = pr.figures_html(
        [
            (t("present.m.on_duty"), on_duty, ""),
            (t("present.m.off"), len(lines) - on_duty, ""),
            (t("present.m.unchecked"), len(mv.unchecked), "bad" if mv.unchecked else "good"),
        ]
    )
    headers = [
        t("meet.col.consultant"),
        t("meet.m.order"),
        t("meet.m.shift"),
        t("meet.m.appearance"),
        t("meet.m.folder"),
        t("meet.m.rota_note"),
    ]

    def screen(chunk: Sequence[MorningLine]) -> str:
        rows = [
            [
                (x.consultant, ""),
                ("" if x.rota.order is None else x.rota.order, ""),
                (view.choice_label("shift", x.rota.shift, lang), "" if x.on_duty else "bad"),
                _yes_or_missing(x.rota.appearance_ok, x.on_duty, t),
                _yes_or_missing(x.rota.folder_ok, x.on_duty, t),
                (x.rota.note or "", ""),
            ]
            for x in chunk
        ]
        booked = [pr.line_html(draw.off_but_booked_text(x, t, lang), "warn") for x in chunk if x.off_but_booked]
        return top + pr.table_html(headers, rows) + "".join(booked)

    return pr.screens(lines, pr.ROWS_PER_SCREEN, screen)


def _yesterday(mv: MorningView, t: T) -> list[str]:
    lines = mv.board.lines
    top = pr.figures_html([(t(f"meet.metric.{m}"), sum(x.yesterday[m] for x in lines), "") for m in METRICS])
    headers = [t("meet.col.consultant"), t("present.m.plan_done"), *(t(f"meet.metric.{m}") for m in METRICS)]

    def screen(chunk: Sequence[MorningLine]) -> str:
        rows = []
        for x in chunk:
            row = [
                (x.consultant, ""),
                (f"{x.yesterday_plans_done} / {x.yesterday_plans}", _short(x.yesterday_plans_done, x.yesterday_plans)),
            ]
            for m in METRICS:
                planned = x.yesterday_planned.get(m)
                text = x.yesterday[m] if planned is None else f"{x.yesterday[m]} / {planned}"
                row.append((text, _short(x.yesterday[m], planned)))
            rows.append(row)
        caption = pr.line_html(t("present.e.actual_plan"))
        return top + pr.table_html(headers, rows, numeric=tuple(range(1, len(headers)))) + caption

    return pr.screens(lines, pr.ROWS_PER_SCREEN, screen)


def _short(actual: int, planned: int | None) -> str:
    return "bad" if planned is not None and actual < planned else ""


def _today(mv: MorningView, t: T, lang: str) -> list[str]:
    def card(x: MorningLine) -> str:
        figures = pr.figures_html(
            [
                (t("present.m.appointments"), x.appointments, ""),
                (t("present.m.test_drives"), x.test_drives, ""),
                (t("present.m.deliveries"), x.deliveries, ""),
                (t("present.m.hot"), len(x.hot), "bad" if x.hot else ""),
            ]
        )
        items, more = pr.shown(x.plans, pr.PLAN_ROWS_PER_CARD)
        if items:
            plan = view.plan_table_html(items, t, lang, with_done=False)
        else:
            plan = pr.line_html(t("present.m.no_plan"), "warn")
        if more:
            plan += pr.line_html(t("present.more", count=more))
        sub = t("meet.m.order_no", order=x.rota.order) if x.rota.order is not None else ""
        if not x.on_duty:
            sub = t("present.m.off")
        return pr.card_html(x.consultant, sub, figures + plan, off=not x.on_duty)

    return pr.screens(
        mv.board.lines, pr.CARDS_PER_SCREEN, lambda chunk: pr.cards_html([card(x) for x in chunk], columns=2)
    )


def _pace(mv: MorningView, t: T) -> list[str]:
    board = mv.board
    top = pr.figures_html(
        [
            (t("meet.time_progress"), view.pct(board.time_progress), ""),
            (
                t("present.m.orders_mtd"),
                f"{mv.orders_actual} / {mv.orders_target or '—'}",
                "bad" if mv.orders_behind else "",
            ),
            (t("meet.m.hot_total"), board.hot_total, ""),
        ]
    )
    headers = [t("meet.col.consultant")]
    for m in METRICS:
        headers += [f"{t(f'meet.metric.{m}')}", "%"]

    def screen(chunk: Sequence[MorningLine]) -> str:
        rows = []
        for x in chunk:
            row: list[tuple[object, str]] = [(x.consultant, "")]
            for m in METRICS:
                f = x.month[m]
                tone = "bad" if f.behind else ("good" if f.progress is not None else "")
                row += [(f"{f.actual} / {'—' if f.target is None else f.target}", ""), (view.pct(f.progress), tone)]
            rows.append(row)
        caption = pr.line_html(f"{t('meet.col.actual')} / {t('meet.col.target')}")
        return top + pr.table_html(headers, rows, numeric=tuple(range(1, len(headers)))) + caption

    return pr.screens(board.lines, pr.ROWS_PER_SCREEN, screen)


def _followups(mv: MorningView, t: T) -> list[str]:
    board = mv.board
    top = pr.figures_html(
        [
            (t("present.m.due_today"), board.due_today, ""),
            (t("present.m.overdue"), board.overdue, "bad" if board.overdue else "good"),
        ]
    )
    headers = [t("meet.col.consultant"), t("present.m.due_today"), t("present.m.overdue"), t("present.m.hot")]
    rows: list[list[tuple[object, str]]] = [
        [(x.consultant, ""), (x.due_today, ""), (x.overdue, "bad" if x.overdue else ""), (len(x.hot), "")]
        for x in board.lines
    ]
    rows += [  # managers' own items (day-4 calls, dormancy reviews): on the due list, so here too
        [
            (o.consultant if o.consultant != "-" else t("meet.m.no_owner"), ""),
            (o.due_today, ""),
            (o.overdue, "bad" if o.overdue else ""),
            ("", ""),
        ]
        for o in board.others
    ]
    return pr.screens(rows, pr.ROWS_PER_SCREEN, lambda chunk: top + pr.table_html(headers, chunk, numeric=(1, 2, 3)))


def _bookings(mv: MorningView, t: T, lang: str) -> list[str]:
    rows = []
    for x in mv.board.lines:
        for b in x.booked:
            if b.kind not in ("delivery", "test_drive"):
                continue  # appointments are on the plan cards; this screen is the cars
            kind = t("present.m.delivery") if b.kind == "delivery" else t("present.m.test_drive")
            who = x.consultant if x.on_duty else f"{x.consultant} ({t('present.m.off')})"
            rows.append((b.time or "", who, kind, b.customer or "", x.on_duty))
    rows.sort(key=lambda r: r[0] or "99:99")
    deliveries = sum(1 for r in rows if r[2] == t("present.m.delivery"))
    top = pr.figures_html(
        [(t("present.m.deliveries"), deliveries, ""), (t("present.m.test_drives"), len(rows) - deliveries, "")]
    )
    headers = [t("meet.time"), t("meet.col.consultant"), t("present.m.kind"), t("meet.customer")]

    def screen(chunk: Sequence[tuple[str, str, str, str, bool]]) -> str:
        if not chunk:
            return top + pr.line_html(t("present.m.bookings_none"))
        table = [
            [(time, ""), (who, "" if on else "bad"), (kind, ""), (customer, "")]
            for time, who, kind, customer, on in chunk
        ]
        return top + pr.table_html(headers, table)

    return pr.screens(rows, pr.CASES_PER_SCREEN, screen)

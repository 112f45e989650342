"""The evening meeting (夕会) in present mode: its agenda as sections, one screen each (`ui.present`).

Today's results -> traffic by hour -> lost cases for decision -> tomorrow's plan -> same-day entry
check -> on the settings' case-review day, the week's won and lost cases. The figures are
`logic.evening_view`'s (the review: `logic.case_review`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

import pandas as pd

from logic.case_review import CaseReview
from logic.evening_view import EveningView, undecided
from logic.meetings import EveningLine, LostCase
from logic.plan_actual import METRICS
from logic.showroom import HourTraffic
from ui import evening as draw
from ui import meetings as view
from ui import present as pr
from ui import session
from ui.showroom import TRAFFIC_COLUMNS

T = Callable[..., str]


def sections(
    ctx: session.Ctx, ev: EveningView, customers: pd.DataFrame, day: date, t: T, lang: str
) -> list[pr.Section]:
    """The evening's agenda in order; results, lost cases and tomorrow's plan carry their forms, every section a note."""

    def note() -> None:
        view.note_form("evening", day, ev.names, key="meet_e_note")

    def review() -> None:
        if ev.review:
            draw.review_form(ev, day, t, lang)
        note()

    def decide() -> None:
        if ev.decidable:
            draw.decide_form(ctx, ev.decidable, t, lang)
        note()

    def plan() -> None:
        draw.plan_form(ev, customers, t, lang)
        note()

    out = [
        pr.Section("results", t("present.e.results"), _results(ev, t), review),
        pr.Section("traffic", t("present.e.traffic"), _traffic(ev, t), note),
        pr.Section("lost", t("present.e.lost"), _lost(ev, t, lang), decide),
        pr.Section(
            "tomorrow", t("present.e.tomorrow", day=ev.board.tomorrow.isoformat()), _tomorrow(ev, t, lang), plan
        ),
        pr.Section("check", t("present.e.check"), _check(ev, t), note),
    ]
    if ev.case_review is not None:
        out.append(pr.Section("review", t("present.e.review"), _review(ev.case_review, t, lang), note))
    return out


def _results(ev: EveningView, t: T) -> list[str]:
    board = ev.board
    top = pr.figures_html([(t(f"meet.metric.{m}"), board.totals[m], "") for m in METRICS])
    headers = [t("meet.col.consultant"), *(t(f"meet.metric.{m}") for m in METRICS), t("meet.e.plan_done")]

    def screen(chunk: Sequence[EveningLine]) -> str:
        rows = draw.result_rows(chunk)
        caption = pr.line_html(t("present.e.actual_plan"))
        return top + pr.table_html(headers, rows, numeric=tuple(range(1, len(headers)))) + caption

    return pr.screens(board.lines, pr.ROWS_PER_SCREEN, screen)


def _hour(h: HourTraffic, t: T) -> str:
    return t("showroom.col.no_time") if h.hour is None else f"{h.hour:02d}:00-{h.hour + 1:02d}:00"


def _traffic(ev: EveningView, t: T) -> list[str]:
    traffic = ev.traffic
    top = pr.figures_html([(t(f"showroom.col.{c}"), getattr(traffic.total, c), "") for c in TRAFFIC_COLUMNS])
    source = "" if traffic.from_log else pr.line_html(t("present.e.from_contacts"))
    headers = [t("showroom.col.hour"), *(t(f"showroom.col.{c}") for c in TRAFFIC_COLUMNS)]

    def screen(chunk: Sequence[HourTraffic]) -> str:
        if not chunk:
            return top + pr.line_html(t("present.e.no_traffic")) + source
        rows = [[(_hour(h, t), ""), *((getattr(h, c), "") for c in TRAFFIC_COLUMNS)] for h in chunk]
        return top + pr.table_html(headers, rows, numeric=tuple(range(1, len(headers)))) + source

    return pr.screens(traffic.hours, pr.CASES_PER_SCREEN, screen)


def _lost(ev: EveningView, t: T, lang: str) -> list[str]:
    board = ev.board
    cases = [*board.lost, *board.pending_recent]
    waiting = sum(1 for c in cases if undecided(c))
    top = pr.figures_html(
        [
            (t("present.e.lost_today"), len(board.lost), ""),
            (t("present.e.undecided"), waiting, "bad" if waiting else "good"),
        ]
    )
    headers = [
        t("meet.col.consultant"),
        t("meet.customer"),
        t("meet.e.reason"),
        t("meet.e.competitor"),
        t("meet.e.decision"),
    ]
    # today's records, then the recent requests still waiting (logic.meetings.PENDING_REVIEW_DAYS); older ones counted
    older = pr.line_html(t("present.e.older", count=board.pending_older), "warn") if board.pending_older else ""

    def screen(chunk: Sequence[LostCase]) -> str:
        if not chunk:
            return top + pr.line_html(t("meet.e.lost_none")) + older
        rows = [
            [
                (c.consultant, ""),
                (c.customer or "", ""),
                (view.choice_label("lost_reason", c.reason, lang), ""),
                (c.competitor or "", ""),
                (
                    t("meet.e.undecided") if undecided(c) else view.choice_label("decision", c.decision, lang),
                    "bad" if undecided(c) else "",
                ),
            ]
            for c in chunk
        ]
        return top + pr.table_html(headers, rows) + older

    return pr.screens(cases, pr.CASES_PER_SCREEN, screen)


def _tomorrow(ev: EveningView, t: T, lang: str) -> list[str]:
    planned = [x for x in ev.board.lines if x.tomorrow]
    missing = [x.consultant for x in ev.board.lines if not x.tomorrow]
    # who has no plan yet is one line (the manager asks them now); the cards are the plans made
    head = pr.line_html(f"{t('meet.e.tomorrow_empty')}: {t('meet.list_sep').join(missing)}", "warn") if missing else ""

    def card(x: EveningLine) -> str:
        items, more = pr.shown(x.tomorrow, pr.PLAN_ROWS_PER_CARD)
        body = view.plan_table_html(items, t, lang, with_done=False)
        if more:
            body += pr.line_html(t("present.more", count=more))
        return pr.card_html(x.consultant, "", body)

    return pr.screens(
        planned, pr.CARDS_PER_SCREEN, lambda chunk: head + pr.cards_html([card(x) for x in chunk], columns=2)
    )


def _check(ev: EveningView, t: T) -> list[str]:
    lines = ev.board.lines
    counts = ("visits_without_card", "cards_without_grade", "followups_due_open", "overdue")
    labels = (
        t("meet.e.visits_without_card"),
        t("meet.e.cards_without_grade"),
        t("meet.e.followups_open"),
        t("meet.m.overdue"),
    )
    top = pr.figures_html(
        [
            (label, n := sum(getattr(x, c) for x in lines), "bad" if n else "good")
            for label, c in zip(labels, counts, strict=True)
        ]
    )
    ok = ev.check_ok and not ev.ungraded_rows
    status = pr.line_html(t("meet.e.check_ok"), "ok") if ok else pr.line_html(t("present.e.check_open"), "warn")
    headers = [t("meet.col.consultant"), *labels]

    def screen(chunk: Sequence[EveningLine]) -> str:
        rows = [
            [(x.consultant, "")] + [(n, "bad" if n else "") for n in (getattr(x, c) for c in counts)] for x in chunk
        ]
        return top + status + pr.table_html(headers, rows, numeric=(1, 2, 3, 4))

    return pr.screens(lines, pr.ROWS_PER_SCREEN, screen)


def review_rows(week: CaseReview, t: T, lang: str) -> list[list[tuple[object, str]]]:
    """The week's cases as table rows, consultant by consultant: won deals (green) then lost cases (red)."""
    won, lost = t("present.e.won"), t("present.e.lost_word")
    rows: list[list[tuple[object, str]]] = []
    for name in week.consultants:
        rows += [
            [(name, ""), (won, "good"), (x.customer or "", ""), (x.model or "", ""),
             (view.choice_label("source", x.source, lang), ""), (x.order_date.isoformat(), "")]
            for x in week.won
            if x.consultant == name
        ]  # fmt: skip
        rows += [
            [(name, ""), (lost, "bad"), (x.case.customer or "", ""), (x.case.model or "", ""),
             (" · ".join(p for p in (view.choice_label("lost_reason", x.case.reason, lang), x.case.competitor) if p), ""),
             (x.day.isoformat(), "")]
            for x in week.lost
            if x.case.consultant == name
        ]  # fmt: skip
    return rows


def review_headers(t: T) -> list[str]:
    return [
        t("meet.col.consultant"),
        t("present.e.outcome"),
        t("meet.customer"),
        t("present.e.model"),
        t("present.e.why"),
        t("present.e.date"),
    ]


def _review(week: CaseReview, t: T, lang: str) -> list[str]:
    top = pr.figures_html(
        [
            (t("present.e.won"), len(week.won), "good" if week.won else ""),
            (t("present.e.lost_word"), len(week.lost), "bad" if week.lost else ""),
        ]
    )
    period = pr.line_html(t("present.e.week", start=week.start.isoformat(), end=week.end.isoformat()))

    def screen(chunk: Sequence[list[tuple[object, str]]]) -> str:
        if not chunk:
            return top + period + pr.line_html(t("present.e.review_none"))
        return top + period + pr.table_html(review_headers(t), chunk, klass="pr-review")

    return pr.screens(review_rows(week, t, lang), pr.CASES_PER_SCREEN, screen)

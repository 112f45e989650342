"""The meeting boards on the S sample agree with the due list and with counts taken straight from the file.

The raw counts read the sample's cells with python-calamine by the schema's header names
(never through the product's reader), so a counting rule that drifts from the workbook fails
here.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from logic import followups as fu
from logic.meetings import evening_board, morning_board
from logic.plan_actual import METRICS, month_bounds, month_key, plan_vs_actual
from tests.support.sample import SAMPLE_TODAY
from workbook import reading, schema

pytestmark = pytest.mark.slow  # reads the S sample (2,000 customers, 17k contacts)
YESTERDAY = SAMPLE_TODAY - timedelta(days=1)


@pytest.fixture(scope="module")
def path(_sample_master_zh: Path) -> Path:
    """The session's S sample (zh, SAMPLE_TODAY); these tests only read it."""
    return _sample_master_zh


@pytest.fixture(scope="module")
def wb(path: Path) -> Any:
    return reading.read_workbook(path)


@pytest.fixture(scope="module")
def due(wb: Any) -> Any:
    return fu.due_followups(wb.frames, wb.settings, SAMPLE_TODAY)


@pytest.fixture(scope="module")
def raw(path: Path) -> dict[str, list[dict[str, Any]]]:
    """Every sheet the meetings read, as rows keyed by column key, straight from the cells."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    out = {}
    for key in ("staff", "customers", "contacts", "deliveries", "plans", "targets", "lost", "rota", "showroom_log"):
        sheet = schema.sheet(key)
        rows = book.get_sheet_by_name(sheet.name("zh")).to_python()
        index = {c.key: rows[0].index(c.zh) for c in sheet.columns if c.zh in rows[0]}
        out[key] = [{k: (r[j] if r[j] != "" else None) for k, j in index.items()} for r in rows[1:] if any(r)]
    return out


def label(list_key: str, code: str) -> str:
    return schema.choice_list(list_key).label(code, "zh")  # type: ignore[arg-type]


def day_of(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str) and value:
        return date.fromisoformat(value[:10])
    return None


def within(value: Any, start: date, end: date) -> bool:
    d = day_of(value)
    return d is not None and start <= d <= end


def raw_results(raw: dict[str, list[dict[str, Any]]], start: date, end: date) -> dict[str, Counter]:
    """The five figures per consultant from start to end, counted from the cells (module docstring of plan_actual)."""
    drive = label("contact_type", "test_drive")
    cancelled, done = label("delivery_status", "cancelled"), label("delivery_status", "done")
    out: dict[str, Counter] = {m: Counter() for m in METRICS}
    for r in raw["customers"]:
        if within(r["first_contact"], start, end):
            out["leads"][r["consultant"]] += 1
    for r in raw["showroom_log"]:  # the sample keeps the showroom log: its visits, not the phone-ins
        if within(r["date"], start, end) and r["kind"] != label("visit_kind", "call"):
            out["visits"][r["consultant"]] += 1
    for r in raw["contacts"]:
        if within(r["date"], start, end) and r["type"] == drive:
            out["test_drives"][r["consultant"]] += 1
    for r in raw["deliveries"]:
        if r["status"] != cancelled and within(r["order_date"], start, end):
            out["orders"][r["consultant"]] += 1
        if r["status"] == done and within(r["delivered_at"] or r["scheduled"], start, end):
            out["deliveries"][r["consultant"]] += 1
    return out


def raw_consultants(raw: dict[str, list[dict[str, Any]]]) -> list[str]:
    def inactive(v: Any) -> bool:
        return v is False or str(v).strip().lower() in schema.NO_WORDS

    return [r["name"] for r in raw["staff"] if r["role"] == label("role", "consultant") and not inactive(r["active"])]


# --------------------------------------------------------------------------- follow-ups = the due list


def test_morning_follow_up_counts_are_the_due_lists_for_every_consultant_on_duty_or_not(wb, due) -> None:
    board = morning_board(wb.frames, wb.settings, SAMPLE_TODAY, due=due)
    expected = {r.consultant: (r.due_today, r.overdue) for r in fu.counts_by_consultant(due).itertuples()}
    shown = {x.consultant: (x.due_today, x.overdue) for x in board.lines}
    shown.update({x.consultant: (x.due_today, x.overdue) for x in board.others})
    assert {k: v for k, v in shown.items() if v != (0, 0)} == expected
    # the same numbers the due list shows when filtered to one consultant
    for x in board.lines:
        mine = fu.filter_items(due, consultant=x.consultant)
        assert (x.due_today, x.overdue) == (
            int((mine["overdue_days"] == 0).sum()),
            int((mine["overdue_days"] > 0).sum()),
        )
    assert (board.due_today, board.overdue) == (
        int((due["overdue_days"] == 0).sum()),
        int((due["overdue_days"] > 0).sum()),
    )
    # the sample exercises both cases the defect hid: consultants off today, and managers' own items
    assert any(not x.on_duty and (x.due_today or x.overdue) for x in board.lines)
    assert board.others


def test_evening_follow_ups_not_done_are_the_due_lists_items_due_today(wb, due) -> None:
    board = evening_board(wb.frames, wb.settings, SAMPLE_TODAY, due=due)
    expected = {r.consultant: (r.due_today, r.overdue) for r in fu.counts_by_consultant(due).itertuples()}
    for x in board.lines:
        assert (x.followups_due_open, x.overdue) == expected.get(x.consultant, (0, 0)), x.consultant


# --------------------------------------------------------------------------- figures = counts from the cells


def test_yesterdays_results_on_the_morning_board_agree_with_the_file(wb, raw) -> None:
    board = morning_board(wb.frames, wb.settings, SAMPLE_TODAY)
    counted = raw_results(raw, YESTERDAY, YESTERDAY)
    assert sum(sum(c.values()) for c in counted.values()) > 0  # the sample has a working yesterday
    plans = [r for r in raw["plans"] if day_of(r["date"]) == YESTERDAY]
    visit, home = label("contact_type", "visit"), label("contact_type", "home_visit")
    for x in board.lines:
        assert x.yesterday == {m: counted[m][x.consultant] for m in METRICS}, x.consultant
        mine = [r for r in plans if r["consultant"] == x.consultant]  # ... against yesterday's plan
        assert (x.yesterday_plans, x.yesterday_planned["visits"]) == (
            len(mine),
            sum(r["activity"] in (visit, home) for r in mine),
        )


def test_month_to_date_on_the_morning_board_and_plan_vs_actual_agree_with_the_file(wb, raw) -> None:
    first, _last = month_bounds(month_key(SAMPLE_TODAY))
    counted = raw_results(raw, first, SAMPLE_TODAY)
    month = month_key(SAMPLE_TODAY)
    targets = {r["consultant"]: r for r in raw["targets"] if r["month"] == month}
    board = morning_board(wb.frames, wb.settings, SAMPLE_TODAY)
    for x in board.lines:
        assert {m: x.month[m].actual for m in METRICS} == {m: counted[m][x.consultant] for m in METRICS}
        t = targets.get(x.consultant)
        assert {m: x.month[m].target for m in METRICS} == {m: (int(t[m]) if t else None) for m in METRICS}
    # the sample is generated for SAMPLE_TODAY: nothing after it, so the whole month equals month to date
    table = plan_vs_actual(wb.frames, month, SAMPLE_TODAY, wb.settings)
    for line in table.lines:
        assert {m: line.actual(m) for m in METRICS} == {m: counted[m][line.consultant] for m in METRICS}
    assert {m: table.total.actual(m) for m in METRICS} == {m: sum(counted[m].values()) for m in METRICS}
    assert all(table.total.actual(m) > 0 for m in METRICS)


def test_todays_results_on_the_evening_board_agree_with_the_file(wb, raw) -> None:
    board = evening_board(wb.frames, wb.settings, SAMPLE_TODAY)
    counted = raw_results(raw, SAMPLE_TODAY, SAMPLE_TODAY)
    assert sum(sum(c.values()) for c in counted.values()) > 0
    for x in board.lines:
        assert x.results == {m: counted[m][x.consultant] for m in METRICS}, x.consultant
    assert board.totals == {m: sum(counted[m].values()) for m in METRICS}
    assert set(raw_consultants(raw)) <= {x.consultant for x in board.lines}


def test_the_days_plan_appointments_test_drives_and_deliveries_agree_with_the_file(wb, raw) -> None:
    board = morning_board(wb.frames, wb.settings, SAMPLE_TODAY)
    plans = [r for r in raw["plans"] if day_of(r["date"]) == SAMPLE_TODAY]
    visit, home = label("contact_type", "visit"), label("contact_type", "home_visit")
    drive, cancelled = label("contact_type", "test_drive"), label("delivery_status", "cancelled")
    for x in board.lines:
        mine = [r for r in plans if r["consultant"] == x.consultant]
        assert len(x.plans) == len(mine), x.consultant
        assert x.appointments == sum(r["activity"] in (visit, home) for r in mine)
        assert x.test_drives == sum(r["activity"] == drive for r in mine)
        assert x.deliveries == sum(
            r["consultant"] == x.consultant and day_of(r["scheduled"]) == SAMPLE_TODAY and r["status"] != cancelled
            for r in raw["deliveries"]
        )
    assert sum(len(x.plans) for x in board.lines) == len(plans) > 0
    hot = Counter(r["consultant"] for r in raw["customers"] if r["grade"] == "H")
    assert {x.consultant: len(x.hot) for x in board.lines if x.hot} == {
        k: v for k, v in hot.items() if k in {x.consultant for x in board.lines}
    }


def test_the_evening_entry_check_and_lost_cases_agree_with_the_file(wb, raw) -> None:
    board = evening_board(wb.frames, wb.settings, SAMPLE_TODAY)
    # the sample keeps the showroom log: a walk-in without a card is its visit with no ID and no card's phone
    phones = Counter(str(r["phone"]) for r in raw["customers"] if r["phone"] and r["customer_id"])
    walk_ins = Counter(
        r["consultant"]
        for r in raw["showroom_log"]
        if day_of(r["date"]) == SAMPLE_TODAY
        and r["kind"] != label("visit_kind", "call")
        and not r["customer_id"]
        and phones[str(r["phone"])] != 1
    )
    assert sum(walk_ins.values()) > 0, "the sample's log should have anonymous walk-ins today"
    no_grade = Counter(r["consultant"] for r in raw["customers"] if not r["grade"])
    lost = Counter(r["consultant"] for r in raw["lost"] if day_of(r["date"]) == SAMPLE_TODAY)
    for x in board.lines:
        assert x.visits_without_card == walk_ins[x.consultant], x.consultant
        assert x.cards_without_grade == no_grade[x.consultant], x.consultant
        assert len(x.lost) == lost[x.consultant], x.consultant
    assert sum(lost.values()) == len(board.lost)

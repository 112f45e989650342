"""Plan vs actual: the counting rules, time progress, ratios and next month's targets deadline."""

from __future__ import annotations

from datetime import date

import pytest

from logic.plan_actual import (
    actuals,
    month_bounds,
    next_month,
    plan_vs_actual,
    ratio,
    target_changes,
    targets_deadline,
    time_progress,
)
from tests.support.file_rows import day_of, raw_rows
from tests.support.frames_meetings import at, frames, staff

DAY = date(2026, 11, 15)


def contact(day: date, consultant: str, type_: str, customer_id: str | None = "C1") -> dict:
    return {"date": day, "consultant": consultant, "type": type_, "customer_id": customer_id}


@pytest.mark.parametrize(
    ("month", "today", "expected"),
    [
        ("2026-11", date(2026, 11, 15), 15 / 30),
        ("2026-11", date(2026, 11, 30), 1.0),
        ("2026-11", date(2026, 10, 31), 0.0),
        ("2026-11", date(2026, 12, 3), 1.0),
        ("2027-02", date(2027, 2, 14), 14 / 28),
        ("2028-02", date(2028, 2, 1), 1 / 29),
    ],
)
def test_time_progress_is_day_of_month_over_days_in_month(month: str, today: date, expected: float) -> None:
    assert time_progress(month, today) == pytest.approx(expected)


def test_month_bounds_and_next_month_cross_the_year() -> None:
    assert month_bounds("2026-12") == (date(2026, 12, 1), date(2026, 12, 31))
    assert next_month("2026-12") == "2027-01"


@pytest.mark.parametrize(
    ("sheets", "metric", "expected"),
    [
        # leads: customers by first contact, only inside the period
        (
            {
                "customers": [
                    {"name": "a", "consultant": "Li", "first_contact": DAY, "grade": "B"},
                    {"name": "b", "consultant": "Li", "first_contact": date(2026, 10, 31), "grade": "B"},
                ]
            },
            "leads",
            1,
        ),
        # visits: walk-ins without a card count too; calls do not
        (
            {"contacts": [contact(DAY, "Li", "visit"), contact(DAY, "Li", "visit", None), contact(DAY, "Li", "call")]},
            "visits",
            2,
        ),
        (
            {"contacts": [contact(DAY, "Li", "test_drive"), contact(date(2026, 12, 1), "Li", "test_drive")]},
            "test_drives",
            1,
        ),
        # only reached contacts that are not void count (a blank outcome reads as reached)
        (
            {
                "contacts": [
                    contact(DAY, "Li", "visit") | {"outcome": "reached"},
                    contact(DAY, "Li", "visit") | {"void": True},
                    contact(DAY, "Li", "visit") | {"void": False},
                ]
            },
            "visits",
            2,
        ),
        (
            {
                "contacts": [
                    contact(DAY, "Li", "test_drive") | {"outcome": "no_answer"},
                    contact(DAY, "Li", "test_drive") | {"outcome": "wrong_number"},
                    contact(DAY, "Li", "test_drive"),
                ]
            },
            "test_drives",
            1,
        ),
        # orders: the order book (deliveries by order date), cancelled ones left out, order contacts ignored
        (
            {
                "deliveries": [
                    {"customer_id": "C1", "consultant": "Li", "order_date": DAY, "status": "planned"},
                    {"customer_id": "C2", "consultant": "Li", "order_date": DAY, "status": "cancelled"},
                    {"customer_id": "C3", "consultant": "Li", "order_date": DAY, "status": "done"},
                ],
                "contacts": [contact(DAY, "Li", "order")],
            },
            "orders",
            2,
        ),
        # deliveries: done, by delivered_at (scheduled when delivered_at is empty); planned ones not
        (
            {
                "deliveries": [
                    {"customer_id": "C1", "consultant": "Li", "status": "done", "delivered_at": at(DAY, 15)},
                    {"customer_id": "C2", "consultant": "Li", "status": "done", "scheduled": at(DAY, 9)},
                    {"customer_id": "C3", "consultant": "Li", "status": "planned", "scheduled": at(DAY, 9)},
                    {"customer_id": "C4", "consultant": "Li", "status": "done", "delivered_at": at(date(2026, 10, 2))},
                ]
            },
            "deliveries",
            2,
        ),
    ],
)
def test_each_figure_follows_its_counting_rule(sheets: dict, metric: str, expected: int) -> None:
    table = actuals(frames(**sheets), date(2026, 11, 1), date(2026, 11, 30))
    assert int(table.loc["Li", metric]) == expected


def test_figures_go_to_the_consultant_named_on_the_row() -> None:
    f = frames(contacts=[contact(DAY, "Li", "visit"), contact(DAY, " Zhao ", "visit"), contact(DAY, "Zhao", "visit")])
    table = actuals(f, DAY, DAY)
    assert table.loc["Li", "visits"] == 1
    assert table.loc["Zhao", "visits"] == 2


@pytest.mark.parametrize(("part", "whole", "expected"), [(3, 10, 0.3), (0, 5, 0.0), (4, 0, None)])
def test_ratio_is_none_when_nothing_to_divide_by(part: int, whole: int, expected: float | None) -> None:
    assert ratio(part, whole) == expected


def _month_frames() -> dict:
    return frames(
        staff=staff("Li", "Zhao", "Sun"),
        targets=[
            {
                "month": "2026-11",
                "consultant": "Li",
                "leads": 20,
                "visits": 40,
                "test_drives": 10,
                "orders": 8,
                "deliveries": 6,
            },
            {"month": "2026-11", "consultant": "Zhao", "leads": 10, "visits": 20, "orders": 4},
        ],
        customers=[{"name": f"c{i}", "consultant": "Li", "first_contact": DAY, "grade": "C"} for i in range(4)],
        contacts=[contact(DAY, "Li", "visit", f"C{i}") for i in range(1, 5)]
        + [contact(DAY, "Li", "visit", None) for _ in range(6)]
        + [contact(DAY, "Li", "test_drive", cid) for cid in ("C1", "C2", None)]
        + [contact(DAY, "Zhao", "visit", None) for _ in range(5)],
        deliveries=[{"customer_id": "C1", "consultant": "Li", "order_date": DAY, "status": "planned"}],
    )


def test_plan_vs_actual_reads_each_consultant_against_target_and_time() -> None:
    table = plan_vs_actual(_month_frames(), "2026-11", DAY)
    li = next(line for line in table.lines if line.consultant == "Li")
    assert table.time_progress == pytest.approx(0.5)
    assert li.figures["visits"].actual == 10
    assert li.figures["visits"].progress == pytest.approx(0.25)
    assert li.figures["visits"].behind
    # of Li's 10 visits (no showroom log: the visit contacts): 4 with a card, 2 of them test-drove that day,
    # 1 of a customer who ordered; 1 order and no lost sale
    assert {r: li.ratios[r] for r in ("capture_rate", "test_drive_rate", "close_rate", "loss_rate")} == {
        "capture_rate": pytest.approx(0.4),
        "test_drive_rate": pytest.approx(0.2),
        "close_rate": pytest.approx(0.1),
        "loss_rate": pytest.approx(0.0),
    }
    assert not table.visits_from_log


def test_a_metric_without_target_has_no_progress_and_is_not_behind() -> None:
    table = plan_vs_actual(_month_frames(), "2026-11", DAY)
    zhao = next(line for line in table.lines if line.consultant == "Zhao")
    assert zhao.figures["test_drives"].target is None
    assert zhao.figures["test_drives"].progress is None
    assert not zhao.figures["test_drives"].behind


def test_a_consultant_without_targets_is_listed_and_marked() -> None:
    table = plan_vs_actual(_month_frames(), "2026-11", DAY)
    sun = next(line for line in table.lines if line.consultant == "Sun")
    assert not sun.targets_set
    assert all(f.target is None for f in sun.figures.values())


def test_store_total_sums_consultants_and_their_targets() -> None:
    table = plan_vs_actual(_month_frames(), "2026-11", DAY)
    assert table.total.figures["visits"].actual == 15
    assert table.total.figures["visits"].target == 60
    assert table.total.figures["test_drives"].target == 10
    assert table.total.ratios["capture_rate"] == pytest.approx(4 / 15)


def test_someone_with_results_but_not_on_staff_still_counts_in_the_total() -> None:
    f = _month_frames()
    f["contacts"] = frames(contacts=[contact(DAY, "Gone", "visit")])["contacts"]
    table = plan_vs_actual(f, "2026-11", DAY)
    assert "Gone" in [line.consultant for line in table.lines]
    assert table.total.figures["visits"].actual == 1


def test_the_flat_frame_has_one_row_per_consultant_and_the_total() -> None:
    table = plan_vs_actual(_month_frames(), "2026-11", DAY)
    flat = table.frame()
    assert list(flat["consultant"]) == ["Li", "Zhao", "Sun", ""]
    assert flat.loc[0, "visits_target"] == 40


@pytest.mark.parametrize(
    ("today", "have", "state"),
    [
        (date(2026, 11, 20), (), "open"),
        (date(2026, 11, 27), (), "due"),  # 30 - 3
        (date(2026, 11, 28), (), "late"),
        (date(2026, 11, 29), ("Li",), "late"),
        (date(2026, 11, 29), ("Li", "Zhao"), "done"),
    ],
)
def test_next_months_targets_are_flagged_from_three_days_before_month_end(
    today: date, have: tuple[str, ...], state: str
) -> None:
    f = frames(
        staff=staff("Li", "Zhao"),
        targets=[{"month": "2026-12", "consultant": n, "orders": 5} for n in have]
        + [{"month": "2026-11", "consultant": "Zhao", "orders": 5}],
    )
    result = targets_deadline(f, {"target_deadline_days": 3}, today)
    assert result.month == "2026-12"
    assert result.deadline == date(2026, 11, 27)
    assert result.state == state
    assert result.flagged == (state in ("due", "late"))
    assert result.missing == [n for n in ("Li", "Zhao") if n not in have]


def test_the_deadline_follows_the_setting() -> None:
    f = frames(staff=staff("Li"))
    assert targets_deadline(f, {"target_deadline_days": 5}, date(2026, 2, 1)).deadline == date(2026, 2, 23)


def test_inactive_consultants_and_managers_need_no_targets() -> None:
    f = frames(staff=[*staff("Li"), {"name": "Old", "role": "consultant", "active": False}])
    assert targets_deadline(f, {}, date(2026, 11, 29)).missing == ["Li"]


# --------------------------------------------------------------------------- the S sample, counted twice

SAMPLE_TODAY = date(2026, 11, 20)


def _raw_counts(path, lang: str, first: date, last: date) -> dict[str, dict[str, int]]:
    from collections import Counter

    from workbook import schema

    def label(list_key: str, code: str) -> str:
        return schema.choice_list(list_key).label(code, lang)

    def within(v) -> bool:
        d = day_of(v)
        return d is not None and first <= d <= last

    counts: dict[str, Counter] = {m: Counter() for m in ("leads", "visits", "test_drives", "orders", "deliveries")}
    for r in raw_rows(path, "customers", lang):
        if within(r["first_contact"]):
            counts["leads"][str(r["consultant"]).strip()] += 1
    for r in raw_rows(path, "showroom_log", lang):
        if within(r["date"]) and r["kind"] != label("visit_kind", "call"):
            counts["visits"][str(r["consultant"]).strip()] += 1
    for r in raw_rows(path, "contacts", lang):
        if within(r["date"]) and r["type"] == label("contact_type", "test_drive"):
            counts["test_drives"][str(r["consultant"]).strip()] += 1
    for r in raw_rows(path, "deliveries", lang):
        if within(r["order_date"]) and r["status"] != label("delivery_status", "cancelled"):
            counts["orders"][str(r["consultant"]).strip()] += 1
        when = r["delivered_at"] if day_of(r["delivered_at"]) else r["scheduled"]
        if r["status"] == label("delivery_status", "done") and within(when):
            counts["deliveries"][str(r["consultant"]).strip()] += 1
    return {m: dict(c) for m, c in counts.items()}


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_plan_vs_actual_on_the_s_sample_agrees_with_counts_straight_from_the_file(tmp_path, lang: str) -> None:
    sample = pytest.importorskip("workbook.sample")
    reading = pytest.importorskip("workbook.reading")
    path = sample.write_sample(tmp_path / f"s-{lang}.xlsx", "S", lang, SAMPLE_TODAY, 1)
    wb = reading.read_workbook(path)
    month = f"{SAMPLE_TODAY:%Y-%m}"
    table = plan_vs_actual(wb.frames, month, SAMPLE_TODAY, wb.settings)
    raw = _raw_counts(path, lang, *month_bounds(month))
    for metric, per_consultant in raw.items():
        got = {line.consultant: line.figures[metric].actual for line in table.lines if line.figures[metric].actual}
        assert got == per_consultant, metric
        assert table.total.figures[metric].actual == sum(per_consultant.values()), metric
    assert sum(raw["visits"].values()) > 0 and sum(raw["leads"].values()) > 0, "the sample should have a busy month"


def test_target_changes_keep_only_the_cells_typed_over() -> None:
    before = [
        {"consultant": "Li", "leads": "", "visits": "20", "test_drives": "", "orders": "4", "deliveries": ""},
        {"consultant": "Zhao", "leads": "", "visits": "", "test_drives": "", "orders": "", "deliveries": ""},
    ]
    after = [
        {"consultant": "Li", "leads": " 12 ", "visits": "20", "test_drives": None, "orders": "", "deliveries": ""},
        {"consultant": "Zhao", "leads": "", "visits": "", "test_drives": "", "orders": "", "deliveries": ""},
    ]
    assert target_changes(before, after) == {"Li": {"leads": 12, "orders": None}}

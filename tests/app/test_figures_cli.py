"""`cli.py morning|evening|plan|hot --json` on the S sample, checked against counts taken straight from the file.

The expected figures are recomputed here from the cells (python-calamine, labels as written), not through
the product's reader or rules, so a wrong rule cannot agree with itself.
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

import cli
from tests.support.file_rows import day_of, raw_rows
from tests.support.sample import SAMPLE_TODAY
from workbook import schema

MONTH = f"{SAMPLE_TODAY:%Y-%m}"
YESTERDAY = date(2026, 11, 19)


def figures(capsys, *argv: str) -> dict:
    code = cli.main([*argv, "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    return json.loads(out)


def label(list_key: str, code: str, lang: str = "zh") -> str:
    return schema.choice_list(list_key).label(code, lang)


def month_visits(path: Path) -> list[dict]:
    """This month's visit rows of the showroom log (phone-ins left out)."""
    return [
        r
        for r in raw_rows(path, "showroom_log", "zh")
        if (d := day_of(r["date"])) and d.strftime("%Y-%m") == MONTH and r["kind"] != label("visit_kind", "call")
    ]


@pytest.fixture(scope="module")
def book(_sample_master_zh: Path) -> Path:
    return _sample_master_zh  # read only


def test_plan_json_counts_visits_from_the_log_per_consultant(capsys, book) -> None:
    doc = figures(capsys, "plan", str(book), "--month", MONTH, "--today", SAMPLE_TODAY.isoformat())
    expected = Counter(str(r["consultant"]).strip() for r in month_visits(book))
    got = {c["consultant"]: c["visits"]["actual"] for c in doc["consultants"] if c["visits"]["actual"]}
    assert doc["visits_from_log"] is True
    assert got == dict(expected)
    assert doc["total"]["visits"]["actual"] == sum(expected.values())


def test_plan_json_rates_are_shares_of_the_months_visits(capsys, book) -> None:
    doc = figures(capsys, "plan", str(book), "--month", MONTH, "--today", SAMPLE_TODAY.isoformat())
    visits = month_visits(book)
    yes = schema.YES_NO_LABELS["zh"][0]
    drives = {
        (str(r["customer_id"]), day_of(r["date"]))
        for r in raw_rows(book, "contacts", "zh")
        if r["type"] == label("contact_type", "test_drive") and r["customer_id"]
    }
    ordered = {
        str(r["customer_id"])
        for r in raw_rows(book, "deliveries", "zh")
        if (d := day_of(r["order_date"]))
        and d.strftime("%Y-%m") == MONTH
        and r["status"] != label("delivery_status", "cancelled")
    }
    n = len(visits)
    captured = sum(1 for r in visits if r["customer_id"])
    drove = sum(1 for r in visits if r["test_drive"] == yes or (str(r["customer_id"]), day_of(r["date"])) in drives)
    closed = sum(1 for r in visits if r["customer_id"] and str(r["customer_id"]) in ordered)
    total = doc["total"]
    assert total["capture_rate"] == pytest.approx(captured / n)
    assert total["test_drive_rate"] == pytest.approx(drove / n)
    assert total["close_rate"] == pytest.approx(closed / n)
    for line in [*doc["consultants"], total]:
        for rate in ("capture_rate", "test_drive_rate", "close_rate", "loss_rate", "followup_rate"):
            assert line[rate] is None or 0 <= line[rate] <= 1, (line.get("consultant"), rate)


def test_evening_json_traffic_by_hour_matches_the_logs_rows(capsys, book) -> None:
    doc = figures(capsys, "evening", str(book), "--on", YESTERDAY.isoformat())
    rows = [r for r in raw_rows(book, "showroom_log", "zh") if day_of(r["date"]) == YESTERDAY]
    call = label("visit_kind", "call")
    visits = Counter(int(str(r["time_in"])[:2]) for r in rows if r["kind"] != call)
    calls = Counter(int(str(r["time_in"])[:2]) for r in rows if r["kind"] == call)
    traffic = doc["traffic"]
    assert traffic["day"] == YESTERDAY.isoformat() and traffic["from_log"]
    assert {h["hour"]: h["visits"] for h in traffic["hours"] if h["visits"]} == dict(visits)
    assert {h["hour"]: h["calls"] for h in traffic["hours"] if h["calls"]} == dict(calls)
    assert traffic["total"]["captured"] == sum(1 for r in rows if r["customer_id"])


def test_morning_json_shows_yesterdays_traffic_and_month_to_date_per_consultant(capsys, book) -> None:
    doc = figures(capsys, "morning", str(book), "--on", SAMPLE_TODAY.isoformat())
    assert doc["traffic_yesterday"]["day"] == YESTERDAY.isoformat()
    visits = Counter(str(r["consultant"]).strip() for r in month_visits(book) if day_of(r["date"]) <= SAMPLE_TODAY)
    got = {c["consultant"]: c["month"]["visits"]["actual"] for c in doc["consultants"]}
    assert {k: v for k, v in got.items() if v} == {k: v for k, v in visits.items() if k in got}
    yesterday = Counter(str(r["consultant"]).strip() for r in month_visits(book) if day_of(r["date"]) == YESTERDAY)
    assert doc["totals"]["yesterday"]["visits"] == sum(v for k, v in yesterday.items() if k in got)


def test_hot_json_counts_the_hot_leads_now_per_consultant(capsys, book) -> None:
    doc = figures(capsys, "hot", str(book), "--month", MONTH, "--today", SAMPLE_TODAY.isoformat())
    hot = Counter(
        str(r["consultant"]).strip()
        for r in raw_rows(book, "customers", "zh")
        if str(r["grade"]) in ("H", "A", "B", "C")
    )
    got = {row["consultant"]: row["now_hot"] for row in doc["table"] if row["now_hot"]}
    assert got == dict(hot)
    assert doc["total"]["now_hot"] == len(doc["hot_list"]) == sum(hot.values())


@pytest.mark.parametrize("argv", [["plan", "--month", "2026-13"], ["evening", "--on", "yesterday"]])
def test_a_bad_month_or_day_is_a_usage_error(capsys, book, argv) -> None:
    with pytest.raises(SystemExit) as stop:
        cli.main([argv[0], str(book), *argv[1:], "--json"])
    assert stop.value.code == 2


def test_without_json_the_same_figures_are_printed_as_text(capsys, book) -> None:
    assert cli.main(["plan", str(book), "--month", MONTH, "--today", SAMPLE_TODAY.isoformat()]) == 0
    out = capsys.readouterr().out
    assert "visits_from_log: True" in out and "capture_rate:" in out


def test_a_workbook_without_a_showroom_log_counts_visit_contacts_and_says_so(capsys) -> None:
    first_release = Path(__file__).resolve().parents[1] / "fixtures" / "first_release_zh.xlsx"
    doc = figures(capsys, "plan", str(first_release), "--month", MONTH, "--today", SAMPLE_TODAY.isoformat())
    visits = sum(
        1
        for r in raw_rows(first_release, "contacts", "zh")
        if (d := day_of(r["date"])) and d.strftime("%Y-%m") == MONTH and r["type"] == label("contact_type", "visit")
    )
    assert doc["visits_from_log"] is False
    assert doc["total"]["visits"]["actual"] == visits > 0

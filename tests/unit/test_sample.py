"""The sample generator: deterministic, realistic in shape, and what a morning meeting needs today."""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter, defaultdict
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from tests.support.shared import validation_problems
from workbook import schema
from workbook.sample import generate, write_sample

ROOT = Path(__file__).resolve().parents[2]
TODAY = date(2026, 11, 20)
Rows = dict[str, list[dict[str, Any]]]


def _by(rows: list[dict[str, Any]], key: str) -> dict[Any, list[dict[str, Any]]]:
    out: dict[Any, list[dict[str, Any]]] = defaultdict(list)
    for r in rows:
        out[r[key]].append(r)
    return out


def _consultants(rows: Rows) -> list[str]:
    return [s["name"] for s in rows["staff"] if s["role"] == "consultant" and s["active"]]


def test_the_same_seed_and_date_give_the_same_rows(sample_rows: Rows) -> None:
    again = generate("S", "zh", TODAY, 1)
    assert again == sample_rows


def test_another_seed_gives_other_customers(sample_rows: Rows) -> None:
    other = generate("S", "zh", TODAY, 2)
    assert [c["phone"] for c in other["customers"][:20]] != [c["phone"] for c in sample_rows["customers"][:20]]


@pytest.mark.slow
def test_the_same_arguments_write_the_same_bytes(tmp_path: Path, sample_workbook: Path) -> None:
    again = write_sample(tmp_path / "again.xlsx", "S", "zh", TODAY, 1)
    assert again.read_bytes() == sample_workbook.read_bytes()


def test_s_is_one_store_for_one_year(sample_rows: Rows) -> None:
    roles = Counter(s["role"] for s in sample_rows["staff"] if s["active"])
    assert roles["consultant"] == 15 and roles["manager"] == 2
    assert roles["service_advisor"] >= 2 and roles["front_desk"] >= 1
    assert len(sample_rows["customers"]) == 2000
    assert 10_000 <= len(sample_rows["contacts"]) <= 20_000
    firsts = [c["first_contact"] for c in sample_rows["customers"]]
    assert min(firsts) >= TODAY - timedelta(days=366) and max(firsts) <= TODAY
    assert len({s["name"] for s in sample_rows["staff"]}) == len(sample_rows["staff"])


def test_ids_follow_the_schema_prefixes_and_are_unique(sample_rows: Rows) -> None:
    for sheet_key, rows in sample_rows.items():
        sh = schema.sheet(sheet_key)
        if not sh.id_prefix:
            continue
        ids = [r[sh.id_column] for r in rows]
        assert len(set(ids)) == len(ids), sheet_key
        assert all(re.fullmatch(sh.id_prefix + r"\d{5,}", i) for i in ids), sheet_key


def test_contacts_are_in_date_order_and_none_is_in_the_future(sample_rows: Rows) -> None:
    keys = [(c["date"], c["time"]) for c in sample_rows["contacts"]]
    assert keys == sorted(keys)
    assert max(c["date"] for c in sample_rows["contacts"]) == TODAY


def test_phones_look_like_mobiles_and_repeat_only_under_two_consultants(sample_rows: Rows) -> None:
    customers = sample_rows["customers"]
    assert all(re.fullmatch(r"1[3-9]\d{9}", c["phone"]) for c in customers)
    repeated = {p: cs for p, cs in _by(customers, "phone").items() if len(cs) > 1}
    assert 2 <= len(repeated) <= 10
    for cs in repeated.values():
        assert len({c["consultant"] for c in cs}) == 2


def test_grades_match_what_happened(sample_rows: Rows) -> None:
    deliveries = _by(sample_rows["deliveries"], "customer_id")
    lost = _by(sample_rows["lost"], "customer_id")
    grades = Counter(c["grade"] for c in sample_rows["customers"])
    assert all(grades[g] > 0 for g in ("H", "A", "B", "C", "O", "D", "F", "Z"))
    for c in sample_rows["customers"]:
        cid = c["customer_id"]
        if c["grade"] == "D":
            assert any(d["status"] == "done" and d["delivered_at"] for d in deliveries[cid])
        elif c["grade"] == "O":
            assert any(d["status"] == "planned" for d in deliveries[cid])
        elif c["grade"] == "F":
            assert lost[cid]
        elif c["grade"] == "H":
            assert c["expected_purchase"] <= TODAY + timedelta(days=30)


def test_hot_leads_are_contacted_often(sample_rows: Rows) -> None:
    last = {c["customer_id"]: c["date"] for c in sample_rows["contacts"] if c["customer_id"]}
    hot = [c for c in sample_rows["customers"] if c["grade"] == "H"]
    recent = [c for c in hot if (TODAY - last[c["customer_id"]]).days <= 7]
    assert len(recent) >= 0.6 * len(hot)


def test_most_consultants_have_follow_ups_due_today_and_overdue(sample_rows: Rows) -> None:
    grade = {c["customer_id"]: c["grade"] for c in sample_rows["customers"]}
    owner = {c["customer_id"]: c["consultant"] for c in sample_rows["customers"]}
    last: dict[str, dict[str, Any]] = {}  # the latest reached contact: its next date is the promise standing
    for k in sample_rows["contacts"]:
        if k["customer_id"] and k["outcome"] == "reached":
            last[k["customer_id"]] = k
    due, overdue = Counter(), Counter()
    for cid, k in last.items():
        if grade[cid] in schema.HOT_GRADES and k["next_date"]:
            if k["next_date"] == TODAY:
                due[owner[cid]] += 1
            elif k["next_date"] < TODAY:
                overdue[owner[cid]] += 1
    consultants = _consultants(sample_rows)
    assert sum(1 for n in consultants if due[n]) >= 0.6 * len(consultants)
    assert sum(1 for n in consultants if overdue[n]) >= 0.8 * len(consultants)


def test_grades_moved_up_and_down_this_month(sample_rows: Rows) -> None:
    order = "HABC"
    previous: dict[str, str] = {}
    ups = downs = 0
    for k in sample_rows["contacts"]:
        g, cid = k["grade_after"], k["customer_id"]
        if not cid or not g:
            continue
        before = previous.get(cid)
        if before and k["date"] >= TODAY.replace(day=1) and before in order and g in order and before != g:
            ups += order.index(g) < order.index(before)
            downs += order.index(g) > order.index(before)
        previous[cid] = g
    assert ups >= 10 and downs >= 10


def test_walk_ins_without_a_card_are_logged(sample_rows: Rows) -> None:
    anonymous = [k for k in sample_rows["contacts"] if not k["customer_id"]]
    assert len(anonymous) > 100
    assert all(k["type"] == "visit" and k["first_visit"] for k in anonymous)


def test_deliveries_today_and_in_the_coming_week_with_partly_ticked_checklists(sample_rows: Rows) -> None:
    planned = [d for d in sample_rows["deliveries"] if d["status"] == "planned"]
    today = [d for d in planned if d["scheduled"].date() == TODAY]
    week = [d for d in planned if TODAY < d["scheduled"].date() <= TODAY + timedelta(days=7)]
    assert len(today) >= 2 and len(week) >= 5
    ticked = _by(sample_rows["checklist"], "delivery_id")
    assert any(0 < len(ticked[d["delivery_id"]]) < len(schema.SHEETS) * 3 for d in today)
    assert all(row["done"] is True for row in sample_rows["checklist"])
    assert all(d["delivered_at"] is None for d in planned)


def test_lost_sales_have_reasons_and_some_wait_for_the_manager_today(sample_rows: Rows) -> None:
    lost = sample_rows["lost"]
    assert all(r["reason"] in schema.choice_list("lost_reason").codes() for r in lost)
    assert any(r["competitor_brand"] for r in lost)
    pending = [r for r in lost if r["decision"] == "pending"]
    assert any(r["date"] == TODAY for r in pending)
    assert all(r["decided_by"] for r in lost if r["decision"] != "pending")


def test_targets_cover_recent_months_and_this_month_for_every_consultant(sample_rows: Rows) -> None:
    this_month = f"{TODAY:%Y-%m}"
    months = _by(sample_rows["targets"], "month")
    assert {t["consultant"] for t in months[this_month]} == set(_consultants(sample_rows))
    assert len(months) >= 6


def test_rota_covers_recent_weeks_and_the_next_seven_days_with_days_off(sample_rows: Rows) -> None:
    days = _by(sample_rows["rota"], "date")
    assert TODAY + timedelta(days=7) in days and TODAY - timedelta(days=21) in days
    shifts = Counter(r["shift"] for r in sample_rows["rota"])
    assert shifts["on"] > shifts["off"] > 0
    today = [r for r in days[TODAY] if r["shift"] == "on"]
    assert sorted(r["order"] for r in today) == list(range(1, len(today) + 1))


def test_plans_for_today_were_made_and_some_for_tomorrow(sample_rows: Rows) -> None:
    dates = Counter(p["date"] for p in sample_rows["plans"])
    assert dates[TODAY] >= 20 and dates[TODAY + timedelta(days=1)] >= 1
    assert any(p["done"] is True for p in sample_rows["plans"] if p["date"] < TODAY)


def test_reschedules_meetings_and_calendar_are_present(sample_rows: Rows) -> None:
    assert len(sample_rows["reschedules"]) >= 3
    assert any(m["date"] == TODAY - timedelta(days=1) for m in sample_rows["meetings"])
    closed = [c for c in sample_rows["calendar"] if c["kind"] == "closed"]
    assert len(closed) >= 6  # Spring Festival eve, day 1 and day 2, for two years
    assert not any(k["date"] in {c["date"] for c in closed} for k in sample_rows["contacts"])


def test_birthdays_today_solar_and_lunar(sample_rows: Rows) -> None:
    from lunar_python import Solar

    lunar_today = Solar.fromYmd(TODAY.year, TODAY.month, TODAY.day).getLunar()
    solar = [
        c
        for c in sample_rows["customers"]
        if c["birthday"]
        and not c["birthday_lunar"]
        and (c["birthday"].month, c["birthday"].day) == (TODAY.month, TODAY.day)
    ]
    lunar = [
        c
        for c in sample_rows["customers"]
        if c["birthday"]
        and c["birthday_lunar"]
        and (c["birthday"].month, c["birthday"].day) == (lunar_today.getMonth(), lunar_today.getDay())
    ]
    assert solar and lunar


def test_every_value_fits_its_column(sample_rows: Rows) -> None:
    for key, rows in sample_rows.items():
        sh = schema.sheet(key)
        for col in sh.columns:
            values = [r.get(col.key) for r in rows if r.get(col.key) is not None]
            if col.required:
                assert len(values) == len(rows), (key, col.key)
            if col.type == "choice":
                allowed = schema.choice_list(col.choices).codes()
                assert set(values) <= set(allowed), (key, col.key)
            if col.type == "grade":
                assert set(values) <= set(schema.GRADES.codes()), (key, col.key)
            if col.type in ("date",):
                assert all(isinstance(v, date) for v in values), (key, col.key)


def test_the_written_sample_has_every_row_with_phones_as_text(sample_workbook: Path, sample_rows: Rows) -> None:
    wb = CalamineWorkbook.from_path(str(sample_workbook))
    for key, rows in sample_rows.items():
        sheet = wb.get_sheet_by_name(schema.sheet(key).name("zh")).to_python(skip_empty_area=False)
        assert len(sheet) - 1 == max(len(rows), 1), key
    customers = wb.get_sheet_by_name("客户").to_python()
    assert customers[1][3] == sample_rows["customers"][0]["phone"]


def test_the_english_sample_speaks_english(sample_workbook_en: Path) -> None:
    wb = CalamineWorkbook.from_path(str(sample_workbook_en))
    contacts = wb.get_sheet_by_name("Contacts").to_python()
    assert contacts[0][0] == "Contact ID"
    assert not re.search(r"[\u4e00-\u9fff]", " ".join(str(v) for v in contacts[1]))
    settings = {r[0]: r[1] for r in wb.get_sheet_by_name("Settings").to_python()[1:]}
    assert settings["Language"] == "en"


@pytest.mark.slow
def test_the_sample_passes_the_ooxml_validator(sample_workbook: Path) -> None:
    assert validation_problems(sample_workbook) == []


def test_the_reader_finds_no_errors_in_the_sample(sample_workbook: Path) -> None:
    reading = pytest.importorskip("workbook.reading")
    wb = reading.read_workbook(sample_workbook)
    errors = [p for p in wb.problems if p.severity == "error"]
    assert errors == []
    assert len(wb.frames["customers"]) == 2000


def test_cli_sample_refuses_to_overwrite_and_rejects_a_bad_date(tmp_path: Path) -> None:
    path = tmp_path / "s.xlsx"
    path.write_bytes(b"keep")
    cmd = [sys.executable, str(ROOT / "cli.py"), "sample", str(path), "--today", "2026-11-20"]
    out = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT)
    assert out.returncode == 2 and path.read_bytes() == b"keep"
    bad = subprocess.run([*cmd[:-1], "2026-13-40", "--force"], capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 2 and "2026-13-40" in bad.stderr
    assert path.read_bytes() == b"keep"


@pytest.mark.slow
def test_shipped_samples_are_reproduced_by_the_readme_command(tmp_path: Path) -> None:
    for lang in schema.LANGS:
        shipped = ROOT / "sample_data" / f"sample_{lang}.xlsx"
        if not shipped.exists():
            pytest.skip("sample_data not generated yet")
        again = write_sample(tmp_path / f"{lang}.xlsx", "S", lang, TODAY, 1)
        assert again.read_bytes() == shipped.read_bytes(), lang


@pytest.mark.slow
def test_the_sample_opens_in_libreoffice(sample_workbook: Path, tmp_path: Path) -> None:
    out = subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp_path}/lo", "--headless", "--convert-to",
         "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path / "out"), str(sample_workbook)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    lines = (tmp_path / "out" / "sample.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("客户编号") and len(lines) == 2001


def test_streaming_large_samples_gives_the_same_rows(sample_rows: Rows, monkeypatch: pytest.MonkeyPatch) -> None:
    from workbook import sample

    monkeypatch.setattr(sample, "STREAM_FROM", 0)  # tell every story again per pass, as L does
    assert generate("S", "zh", TODAY, 1) == sample_rows


@pytest.mark.slow
def test_writing_one_row_at_a_time_gives_the_same_cells(
    sample_workbook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from workbook import sample

    monkeypatch.setattr(sample, "CONSTANT_MEMORY_FROM", 0)  # as M and L are written
    streamed = CalamineWorkbook.from_path(str(write_sample(tmp_path / "cm.xlsx", "S", "zh", TODAY, 1)))
    plain = CalamineWorkbook.from_path(str(sample_workbook))
    assert streamed.sheet_names == plain.sheet_names
    for name in plain.sheet_names:
        assert streamed.get_sheet_by_name(name).to_python() == plain.get_sheet_by_name(name).to_python(), name
    assert validation_problems(tmp_path / "cm.xlsx") == []


def test_some_calls_go_unanswered_on_different_days_and_one_number_is_wrong(sample_rows: Rows) -> None:
    tries: defaultdict[str, set[date]] = defaultdict(set)
    for k in sample_rows["contacts"]:
        if k["outcome"] == "no_answer":
            tries[k["customer_id"]].add(k["date"])
    assert Counter(len(days) for days in tries.values()).keys() >= {1, 2, 3}
    wrong = [k for k in sample_rows["contacts"] if k["outcome"] == "wrong_number"]
    assert len(wrong) >= 1 and all(k["dialled"] for k in wrong)


def test_every_contact_records_when_it_was_entered_just_after_it_happened(sample_rows: Rows) -> None:
    for k in sample_rows["contacts"]:
        assert k["recorded_at"].date() == k["date"]
        assert k["recorded_at"].strftime("%H:%M") > k["time"]

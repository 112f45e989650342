"""The hot table agrees with a count taken straight from a sample workbook's rows, and follows Excel edits.

The independent count reads the file with python-calamine and applies the documented rule
(`logic.grade_history`) in plain Python loops, nothing shared with the logic under test but
the schema's header matching.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from python_calamine import CalamineWorkbook

from logic.hot_leads import month_customers, monthly_table
from workbook import schema
from workbook.operations import Update
from workbook.reading import read_workbook
from workbook.sample import write_sample
from workbook.writing import apply

TODAY = date(2026, 11, 20)
HOT = ("H", "A", "B", "C")
RANK = {"F": 0, "Z": 0, "C": 1, "B": 2, "A": 3, "H": 4, "O": 5, "D": 6}
SHEETS = ("customers", "contacts", "deliveries", "lost", "staff")


# --------------------------------------------------------------------------- the raw rows


def _cell(col: schema.Column, v: Any) -> Any:
    if v is None or v == "":
        return None
    if col.type in ("date", "datetime"):
        if isinstance(v, datetime):
            return v if col.type == "datetime" else v.date()
        if isinstance(v, date):
            return v
        return None
    if col.type == "choice" and col.choices:
        return schema.choice_list(col.choices).lookup(str(v)) or str(v)
    if col.type == "yesno":
        return (
            True
            if str(v).strip().lower() in schema.YES_WORDS
            else False
            if str(v).strip().lower() in schema.NO_WORDS
            else None
        )
    if col.type == "integer" and isinstance(v, float):
        return int(v)
    if col.type == "grade":
        return schema.choice_list("grade").lookup(str(v))
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip() if col.type in ("text", "phone", "time", "month") else v


def raw_rows(path: Path) -> dict[str, list[dict[str, Any]]]:
    """The rows of the sheets the hot table reads, straight from the file."""
    book = CalamineWorkbook.from_path(str(path))
    out: dict[str, list[dict[str, Any]]] = {k: [] for k in SHEETS}
    for name in book.sheet_names:
        decl = schema.match_sheet(name)
        if decl is None or decl.key not in SHEETS:
            continue
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
        found = schema.find_header_row(decl, rows)
        assert found is not None, name
        head, cols = found
        for i, r in enumerate(rows[head + 1 :]):
            rec = {k: _cell(decl.column(k), r[c] if c < len(r) else None) for k, c in cols.items()}
            if any(v is not None for v in rec.values()):
                out[decl.key].append(rec | {"_row": head + 2 + i})
    return out


# --------------------------------------------------------------------------- the independent count


def independent_table(raw: dict[str, list[dict[str, Any]]], month_first: date, today: date) -> dict[str, Counter]:
    """Per consultant: start/now counts by grade, new, up, down, ordered, delivered, lost, dormant."""
    customers = {}
    for r in raw["customers"]:
        key = r.get("customer_id") or f"#{r['_row']}"
        customers.setdefault(key, r)
    by_phone = defaultdict(list)
    for key, r in customers.items():
        if r.get("phone"):
            by_phone[r["phone"]].append(key)

    def link(r: dict[str, Any]) -> str | None:
        cid = r.get("customer_id")
        if cid in customers:
            return cid
        keys = by_phone.get(r.get("phone") or "", [])
        return keys[0] if len(keys) == 1 else None

    def day_of(v: Any) -> date | None:
        return v.date() if isinstance(v, datetime) else v

    events: dict[str, list[tuple]] = defaultdict(list)
    for r in raw["contacts"]:
        key, d = link(r), day_of(r.get("date"))
        if key and d and r.get("grade_after") and d <= today:
            hhmm = r.get("time") or ""
            minutes = int(hhmm[:2]) * 60 + int(hhmm[3:5]) if len(hhmm) >= 5 else -1
            events[key].append((d, 0, minutes, r["_row"], r["grade_after"]))
    for r in raw["deliveries"]:
        key = link(r)
        if not key or r.get("status") == "cancelled":
            continue
        if r.get("order_date") and day_of(r["order_date"]) <= today:
            events[key].append((day_of(r["order_date"]), 1, 0, 0, "O"))
        done = day_of(r.get("delivered_at") or r.get("scheduled"))
        if r.get("status") == "done" and done and done <= today:
            events[key].append((done, 2, 0, 0, "D"))
    for r in raw["lost"]:
        key, d = link(r), day_of(r.get("date"))
        if key and d and d <= today and r.get("decision") not in ("pending", "rejected"):
            events[key].append((d, 3, 0, 0, "F"))
    for ev in events.values():
        ev.sort()

    def grade_on(key: str, day: date) -> str | None:
        c, ev = customers[key], events.get(key, [])
        since = min([x for x in (c.get("first_contact"), ev[0][0] if ev else None) if x])
        if since > day:
            return None
        if day >= today and c.get("grade"):
            return c["grade"]
        before = [e for e in ev if e[0] <= day]
        if before:
            return before[-1][4]
        if not ev:
            return c.get("grade")
        hot = [e[4] for e in ev if e[4] in HOT]
        return hot[0] if hot else (c.get("grade") if c.get("grade") in HOT else "C")

    last = (month_first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    now_day, start_day = min(last, today), month_first - timedelta(days=1)
    table: dict[str, Counter] = defaultdict(Counter)
    for key, c in customers.items():
        now = grade_on(key, now_day)
        if now is None:
            continue
        start = grade_on(key, start_day)
        n = table[c.get("consultant") or ""]
        if start in HOT:
            n[f"start_{start}"] += 1
        if now in HOT:
            n[f"now_{now}"] += 1
        if month_first <= c["first_contact"] <= now_day:
            n["new"] += 1
        if now in HOT and start in (*HOT, "F", "Z") and RANK[now] > RANK[start]:
            n["upgraded"] += 1
        if now in HOT and start in HOT and RANK[now] < RANK[start]:
            n["downgraded"] += 1
        seq = [e[4] for e in events.get(key, []) if month_first <= e[0] <= now_day]
        if now_day >= today and c.get("grade"):
            seq.append(c["grade"])
        turned, prev = set(), start
        for g in seq:
            if g != prev:
                turned.add(g)
            prev = g
        for move, g in (("ordered", "O"), ("delivered", "D"), ("lost", "F"), ("dormant", "Z")):
            if g in turned:
                n[move] += 1
    return table


# --------------------------------------------------------------------------- the logic, on the file


def frames_of(path: Path) -> dict[str, Any]:
    """The product reader's frames of the file (what the page computes from)."""
    return read_workbook(path).frames


COUNTED = [f"start_{g}" for g in HOT] + [f"now_{g}" for g in HOT]
COUNTED += ["new", "upgraded", "downgraded", "ordered", "delivered", "lost", "dormant"]


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return write_sample(tmp_path_factory.mktemp("hot") / "sample.xlsx", "S", "zh", TODAY, 1)


@pytest.fixture(scope="module")
def sample_raw(sample) -> dict[str, list[dict[str, Any]]]:
    return raw_rows(sample)


@pytest.fixture(scope="module")
def sample_frames(sample) -> dict[str, Any]:
    return frames_of(sample)


@pytest.mark.slow
@pytest.mark.parametrize("month", ["2026-11", "2026-10", "2026-06"])
def test_counts_agree_with_a_count_taken_straight_from_the_sample_rows(sample_raw, sample_frames, month):
    first = date(int(month[:4]), int(month[5:]), 1)
    expected = independent_table(sample_raw, first, TODAY)
    table = monthly_table(month_customers(sample_frames, month, TODAY), total=False)
    got = {name: {c: int(table.loc[name, c]) for c in COUNTED} for name in table.index}
    want = {name: {c: expected[name][c] for c in COUNTED} for name in expected}
    assert got == want
    assert sum(v["now_H"] + v["now_A"] for v in want.values()) > 0  # the sample has hot leads to count
    moved = sum(v[c] for v in want.values() for c in ("upgraded", "ordered", "lost"))
    assert moved > 0  # and movement within the month


@pytest.mark.slow
def test_a_grade_changed_in_excel_moves_the_customer_after_reload(sample, tmp_path):
    path = tmp_path / "edited.xlsx"
    path.write_bytes(sample.read_bytes())
    before = month_customers(frames_of(path), "2026-11", TODAY)
    still_c = before[(before["start"] == "C") & (before["now"] == "C") & ~before["new"]]
    key = still_c.index[0]
    who = before.loc[key, "consultant"]
    table_before = monthly_table(before)

    apply(path, [Update("customers", {"customer_id": key}, {"grade": "H"})])

    after = month_customers(frames_of(path), "2026-11", TODAY)
    assert (after.loc[key, "start"], after.loc[key, "now"], bool(after.loc[key, "upgraded"])) == ("C", "H", True)
    table_after = monthly_table(after)
    assert table_after.loc[who, "now_H"] == table_before.loc[who, "now_H"] + 1
    assert table_after.loc[who, "now_C"] == table_before.loc[who, "now_C"] - 1
    assert table_after.loc[who, "upgraded"] == table_before.loc[who, "upgraded"] + 1
    assert raw_rows(path)["customers"][int(before.index.get_loc(key))]["grade"] == "H"

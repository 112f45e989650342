"""The overlay shows what a write then a read give: random sequences of the app's operations on
the S sample (zh and en), and a deliberately broken overlay that the same check catches."""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from tests.support.sample import SAMPLE_TODAY
from workbook import codecs, operations, overlay, schema, writing
from workbook.reading import LoadedWorkbook, read_workbook

ROW = "_row"
EXAMPLES = settings(
    max_examples=8,
    deadline=None,
    derandomize=True,  # the same sequences in every run: CI stays reproducible and bounded in time
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@dataclass(frozen=True)
class Pool:
    """Real keys of the sample that operations can name."""

    customers: list[str]
    deliveries: list[tuple[str, str]]  # (delivery ID, its customer ID)
    plans: list[str]
    lost: list[tuple[str, str]]  # (lost ID, its customer ID)
    consultants: list[str]
    items: list[str]


_READ: dict[Path, LoadedWorkbook] = {}


def _read_once(master: Path) -> LoadedWorkbook:
    """The master sample as read (it is never written: each example writes a copy)."""
    if master not in _READ:
        _READ[master] = read_workbook(master, today=SAMPLE_TODAY)
    return _READ[master]


def _pool(wb: LoadedWorkbook) -> Pool:
    f = wb.frames
    staff = f["staff"]
    deliveries = f["deliveries"].dropna(subset=["delivery_id", "customer_id"]).head(30)
    lost = f["lost"].dropna(subset=["lost_id", "customer_id"]).head(30)
    return Pool(
        customers=f["customers"]["customer_id"].dropna().head(40).tolist(),
        deliveries=list(zip(deliveries["delivery_id"], deliveries["customer_id"], strict=True)),
        plans=f["plans"]["plan_id"].dropna().head(30).tolist(),
        lost=list(zip(lost["lost_id"], lost["customer_id"], strict=True)),
        consultants=staff.loc[staff["role"] == "consultant", "name"].dropna().tolist(),
        items=f["checklist_items"]["item_id"].dropna().head(12).tolist(),
    )


# --------------------------------------------------------------------------- operations a page issues


def _day_as_typed(d: date) -> st.SearchStrategy[Any]:
    # the forms the reader understands are forms the writer takes (and the overlay shows alike)
    return st.sampled_from([d, f"{d.year}/{d.month}/{d.day}", d.strftime("%Y%m%d"), f"{d.year}年{d.month}月{d.day}日"])


def _operations(pool: Pool) -> st.SearchStrategy[list[Any]]:
    customer = st.sampled_from(pool.customers)
    delivery = st.sampled_from(pool.deliveries)
    staff = st.sampled_from(pool.consultants)
    day = st.dates(date(2026, 10, 1), date(2027, 1, 31))
    typed_day = day.flatmap(_day_as_typed)
    moment = st.datetimes(datetime(2026, 10, 1), datetime(2027, 1, 31)).map(lambda m: m.replace(microsecond=0))
    words = st.text(st.sampled_from(list("abcXYZ 约周六试驾客户0123456789,.")), max_size=14)
    note = st.none() | words.filter(str.strip)
    grade = st.sampled_from(["H", "A", "B", "C", "O"])
    count = st.none() | st.integers(0, 40) | st.integers(0, 40).map(lambda n: f"{n}人")
    phone = st.integers(10_000_000, 99_999_999).flatmap(
        lambda n: st.sampled_from([f"139{n:08d}", f"139-{n // 10000:04d}-{n % 10000:04d}", int(f"139{n:08d}")])
    )
    money = st.none() | st.integers(5, 60).flatmap(lambda n: st.sampled_from([n * 10_000, f"{n}万", f"{n * 10_000:,}"]))
    month = st.sampled_from(["2026-12", "2026年12月", "2027-01", date(2027, 2, 1)])
    setting = st.one_of(
        st.builds(lambda n: operations.set_setting("backup_keep", n), st.integers(2, 40)),
        st.builds(lambda b: operations.set_setting("birthday_greeting", b), st.booleans()),
        st.builds(lambda t: operations.set_setting("calling_hours_start", t), st.sampled_from(["9:00", "08:30"])),
        st.builds(lambda t: operations.set_setting("store_name", t), words.filter(str.strip)),
        st.builds(lambda lang: operations.set_setting("language", lang), st.sampled_from(["zh", "en", "English"])),
        st.builds(lambda n: operations.set_setting("grade_interval_B", n), st.sampled_from([5, "6", None])),
    )
    one = st.one_of(
        st.builds(
            lambda c, kind, on, result, after, nxt, by: operations.log_contact(
                c, kind, on, result=result, grade_after=after, next_date=nxt, recorded_by=by
            ),
            customer,
            st.sampled_from(["call", "visit", "message", "test_drive", "quote"]),
            typed_day,
            note,
            st.none() | grade,
            st.none() | day,
            staff,
        ),
        st.builds(operations.set_grade, customer, grade),
        st.builds(
            lambda d, item, done, by, at: operations.set_checklist_item(d[0], item, done, by=by, at=at),
            delivery,
            st.sampled_from(pool.items),
            st.booleans(),
            staff,
            moment,
        ),
        st.builds(
            lambda c, kind, due, reason, by, at: operations.reschedule(c, kind, due, reason=reason, by=by, at=at),
            customer,
            st.sampled_from(["grade_interval", "birthday", "monthly"]),
            typed_day,
            note,
            staff,
            moment,
        ),
        st.builds(
            lambda d, who, shift, order: operations.set_rota(d, who, shift=shift, order=order),
            typed_day,
            staff,
            st.sampled_from(["on", "off", "leave"]),
            count,
        ),
        st.builds(
            lambda d, who, c, goal: operations.add_plan(d, who, customer_id=c, activity="call", goal=goal),
            day,
            staff,
            customer,
            note,
        ),
        st.builds(
            lambda p, done, result: operations.update_plan(p, done=done, result=result),
            st.sampled_from(pool.plans),
            st.booleans(),
            note,
        ),
        st.builds(
            lambda m, who, leads, visits: operations.set_targets(m, who, leads=leads, visits=visits),
            month,
            staff,
            count,
            count,
        ),
        setting,
        st.builds(
            lambda name, ph, who, first, g, budget: operations.add_customer(
                name=name, phone=ph, consultant=who, first_contact=first, grade=g, budget=budget, source="walk_in"
            ),
            words.filter(str.strip),
            phone,
            staff,
            typed_day,
            grade,
            money,
        ),
        st.builds(
            lambda d, at, with_grade: operations.complete_delivery(d[0], at, customer_id=d[1] if with_grade else None),
            delivery,
            moment,
            st.booleans(),
        ),
        st.builds(
            lambda on, c, who, reason: operations.request_lost(on, c, who, reason=reason),
            day,
            customer,
            staff,
            st.sampled_from(["price", "competitor", "其他原因"]),
        ),
        st.builds(
            lambda lost, decision, who: operations.decide_lost(lost[0], decision, who, customer_id=lost[1]),
            st.sampled_from(pool.lost),
            st.sampled_from(["approved", "rejected"]),
            staff,
        ),
    )
    return st.lists(one, min_size=1, max_size=4)


# --------------------------------------------------------------------------- the property


def _mismatches(master: Path, ops: list[Any], show: Any) -> list[str]:
    """Where `show(frames, ops, ids, lang)` differs from reading the file the write made."""
    before = _read_once(master)
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(shutil.copyfile(master, Path(folder) / master.name))
        result = writing.apply(copy, ops)
        assert result.status == "written"
        after = read_workbook(copy, today=SAMPLE_TODAY)
    try:
        shown = show(before.frames, ops, result.ids, before.lang)
    except (TypeError, ValueError) as exc:  # a value of the wrong kind for the reader's column
        return [f"the overlay failed: {exc}"]
    out = []
    if overlay.settings(before.settings, ops, lang=before.lang) != after.settings:
        out.append("the typed settings differ")
    for key, read in after.frames.items():
        got = shown[key]
        n = len(before.frames[key])
        # `_row` of an appended row is known only to the file: compared for the rows read before
        if not got[ROW].iloc[:n].astype("int64").reset_index(drop=True).equals(read[ROW].iloc[:n]):
            out.append(f"{key}: Excel rows of the existing rows differ")
        try:
            pd.testing.assert_frame_equal(
                got.drop(columns=[ROW]).reset_index(drop=True), read.drop(columns=[ROW]).reset_index(drop=True)
            )
        except AssertionError as exc:
            out.append(f"{key}: {exc}")
    return out


def _real(frames: dict[str, pd.DataFrame], ops: list[Any], ids: list[str], lang: Any) -> dict[str, pd.DataFrame]:
    return overlay.overlay(frames, ops, ids, lang=lang)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_overlay_of_random_operations_equals_writing_them_then_reading_the_file(
    lang: str, _sample_master_zh: Path, _sample_master_en: Path
) -> None:
    master = _sample_master_zh if lang == "zh" else _sample_master_en
    pool = _pool(_read_once(master))

    @EXAMPLES
    @given(ops=_operations(pool))
    def check(ops: list[Any]) -> None:
        assert _mismatches(master, ops, _real) == []

    check()


def _skipping_the_codecs(frames: dict[str, pd.DataFrame], ops: list[Any], ids: list[str], lang: Any) -> Any:
    """A broken overlay: every value shown as the operation typed it (no codec between)."""
    as_typed = overlay._as_written_then_read
    overlay._as_written_then_read = lambda decl, column, value, lang, setting: operations.plain(value)
    try:
        return overlay.overlay(frames, ops, ids, lang=lang)
    finally:
        overlay._as_written_then_read = as_typed


def test_the_property_catches_an_overlay_that_skips_the_codecs(_sample_master_zh: Path) -> None:
    pool = _pool(_read_once(_sample_master_zh))

    # no shrinking: one failing sequence is the proof, and each example costs a write and a read
    @settings(EXAMPLES, phases=[Phase.generate])
    @given(ops=_operations(pool))
    def check(ops: list[Any]) -> None:
        assert _mismatches(_sample_master_zh, ops, _skipping_the_codecs) == []

    with pytest.raises(AssertionError, match=r"are different|the overlay failed"):
        check()


def test_a_date_key_typed_as_the_reader_reads_it_finds_the_row_in_the_overlay_and_the_writer(
    sample_workbook: Path,
) -> None:
    wb = read_workbook(sample_workbook, today=SAMPLE_TODAY)
    first = wb.frames["rota"].iloc[0]
    day, who = first["date"].date(), first["consultant"]
    assert codecs.key(schema.sheet("rota").column("date"), day.strftime("%Y%m%d")) == day
    ops = [operations.set_rota(day.strftime("%Y%m%d"), who, shift="leave")]
    assert _mismatches(sample_workbook, ops, _real) == []
    shown = overlay.overlay(wb.frames, ops, [], lang=wb.lang)["rota"]
    assert len(shown) == len(wb.frames["rota"]) and shown.loc[0, "shift"] == "leave"

"""The sidebar's problem count after the app's own write: worked out again only when the write touched a sheet the checks read."""

from __future__ import annotations

import dataclasses
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from logic import references
from tests.support.sample import SAMPLE_TODAY
from ui import loading
from workbook import operations, writing
from workbook.reading import LoadedWorkbook


@pytest.fixture(autouse=True)
def _today_and_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DEALER_TODAY", SAMPLE_TODAY.isoformat())
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def _written(path: Path, op: operations.Op) -> tuple[LoadedWorkbook, LoadedWorkbook]:
    """(the workbook held before the app's own write of `op`, the one held after it)."""
    held = loading.load(path)
    assert held.workbook is not None
    result = writing.apply(path, [op], actor="test", expected=held.workbook.fingerprint)
    assert loading.after_write(path, held, [op], result)
    after = loading.cached_workbook(path)
    assert after is not None and after is not held.workbook
    return held.workbook, after


def _tick(wb: LoadedWorkbook) -> operations.Op:
    delivery = str(wb.frames["deliveries"].iloc[0]["delivery_id"])
    item = str(wb.frames["checklist_items"].iloc[0]["item_id"])
    return operations.set_checklist_item(delivery, item, True, by="test", at=datetime(2026, 11, 20, 10, 0))


def test_a_ticked_checklist_item_keeps_the_problems_worked_out_before_it(sample_workbook: Path) -> None:
    before, after = _written(sample_workbook, _tick(loading.load(sample_workbook).workbook))
    found = loading.all_problems(before, "zh")
    assert found, "the S sample has problems to count"
    assert loading.all_problems(after, "zh") is found
    assert found == [*after.problems, *references.workbook_problems(after, "zh")]


def test_a_logged_contact_has_its_problems_worked_out_again(sample_workbook: Path) -> None:
    customer = loading.load(sample_workbook).workbook.frames["customers"].iloc[0]
    op = operations.log_contact(
        customer["customer_id"], "call", SAMPLE_TODAY, result="called", consultant="没有这个人",
        followup_kind="grade_interval", time="10:00", recorded_by="test",
    )  # fmt: skip
    before, after = _written(sample_workbook, op)
    found = loading.all_problems(before, "zh")
    again = loading.all_problems(after, "zh")
    assert again is not found and len(again) == len(found) + 1  # the consultant nobody knows
    assert again == [*after.problems, *references.workbook_problems(after, "zh")]


def test_the_checks_read_no_sheet_outside_the_ones_they_name(sample_workbook: Path) -> None:
    wb = loading.load(sample_workbook).workbook
    asked: set[str] = set()

    class Recording(dict):
        def get(self, key: Any, default: Any = None) -> Any:
            asked.add(key)
            return super().get(key, default)

        def __getitem__(self, key: Any) -> Any:
            asked.add(key)
            return super().__getitem__(key)

    references.workbook_problems(dataclasses.replace(wb, frames=Recording(wb.frames)), "zh")
    assert asked and asked <= set(references.READS)

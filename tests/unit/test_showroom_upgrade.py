"""A workbook made by the first release gains the showroom log on the first row the front desk logs."""

from __future__ import annotations

import shutil
import zipfile
from datetime import date
from pathlib import Path

import python_calamine

from logic.plan_actual import visits_from_log
from tests.support.shared import validation_problems
from workbook import operations, schema, writing
from workbook.reading import read_workbook

FIRST_RELEASE = Path(__file__).resolve().parents[1] / "fixtures" / "first_release_zh.xlsx"
LOG = schema.sheet("showroom_log")
DAY = date(2026, 11, 20)


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def test_the_first_log_row_adds_the_sheet_to_a_first_release_workbook(tmp_path: Path) -> None:
    path = Path(shutil.copy(FIRST_RELEASE, tmp_path / "旧.xlsx"))
    before = read_workbook(path, today=DAY)
    old_names = python_calamine.CalamineWorkbook.from_path(str(path)).sheet_names
    assert "showroom_log" not in before.sheet_names and not visits_from_log(before.frames)
    card = before.frames["customers"].iloc[0]
    op = operations.log_visit(
        DAY, "10:05", "visit", consultant=str(card["consultant"]), customer_id=card["customer_id"]
    )
    result = writing.apply(path, [op], actor="前台")
    assert result.status == "written"

    names = python_calamine.CalamineWorkbook.from_path(str(path)).sheet_names
    assert names == [*old_names, LOG.zh]
    after = read_workbook(path, today=DAY)
    log = after.frames["showroom_log"]
    assert len(log) == 1 and visits_from_log(after.frames)
    row = log.iloc[0]
    assert (row["visit_id"], row["time_in"], row["kind"], row["customer_id"]) == (
        result.ids[0],
        "10:05",
        "visit",
        card["customer_id"],
    )
    assert not [p for p in after.problems if p.sheet == LOG.zh]
    assert validation_problems(path) == []


def test_adding_the_log_leaves_every_other_sheet_byte_for_byte(tmp_path: Path) -> None:
    path = Path(shutil.copy(FIRST_RELEASE, tmp_path / "旧.xlsx"))
    old = _members(path)
    writing.apply(path, [operations.log_visit(DAY, "14:30", "call")])
    new = _members(path)
    sheets = [n for n in old if n.startswith("xl/worksheets/sheet")]
    assert sheets and all(new[n] == old[n] for n in sheets)


def test_a_second_row_goes_into_the_added_sheet_without_adding_it_again(tmp_path: Path) -> None:
    path = Path(shutil.copy(FIRST_RELEASE, tmp_path / "旧.xlsx"))
    first = writing.apply(path, [operations.log_visit(DAY, "10:05")]).ids[0]
    writing.apply(path, [operations.log_visit(DAY, "10:40"), operations.visit_left(first, "11:15")])
    names = python_calamine.CalamineWorkbook.from_path(str(path)).sheet_names
    assert names.count(LOG.zh) == 1
    log = read_workbook(path, today=DAY).frames["showroom_log"]
    assert log["visit_id"].iloc[0] == first and log["visit_id"].nunique() == 2
    assert list(log["time_out"].fillna("")) == ["11:15", ""]

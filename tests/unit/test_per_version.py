"""Figures worked out once per version of the workbook: kept for the same object only, holding none alive."""

from __future__ import annotations

import dataclasses
import gc
import threading
import weakref
from datetime import timedelta
from pathlib import Path

import pytest

from tests.support.sample import SAMPLE_TODAY
from ui import morning, per_version
from workbook.reading import LoadedWorkbook, read_workbook


@pytest.fixture(autouse=True)
def _nothing_kept() -> None:
    per_version.forget()


@pytest.fixture
def wb(sample_workbook: Path) -> LoadedWorkbook:
    return read_workbook(sample_workbook)


def test_the_same_version_is_worked_out_once(wb: LoadedWorkbook) -> None:
    made: list[int] = []

    def make() -> list[int]:
        made.append(1)
        return [len(made)]

    first = per_version.once(wb, "x", make)
    assert per_version.once(wb, "x", make) is first
    assert per_version.once(wb, "y", make) == [2]  # another question of the same version
    assert len(made) == 2


def test_a_new_version_of_the_same_file_is_worked_out_again(wb: LoadedWorkbook) -> None:
    # the app's own change shown on the frames it read: a new object, the file's fingerprint unchanged
    changed = dataclasses.replace(wb, frames={**wb.frames})
    assert changed.fingerprint == wb.fingerprint
    assert per_version.once(wb, "x", lambda: "before") == "before"
    assert per_version.once(changed, "x", lambda: "after") == "after"


def test_what_is_kept_holds_no_workbook_alive(sample_workbook: Path) -> None:
    wb = read_workbook(sample_workbook)  # at L a version is gigabytes: the cache must not be what keeps it
    per_version.once(wb, "x", lambda: "kept")
    gone = weakref.ref(wb)
    del wb
    gc.collect()
    assert gone() is None


def test_only_the_last_few_are_kept(wb: LoadedWorkbook) -> None:
    for n in range(per_version._MAX + 1):
        per_version.once(wb, n, lambda n=n: n)
    assert per_version.once(wb, 0, lambda: "again") == "again"  # the oldest was let go
    assert per_version.once(wb, per_version._MAX, lambda: "again") == per_version._MAX


def test_the_morning_figures_are_the_boards_of_that_day(wb: LoadedWorkbook) -> None:
    today = morning.figures(wb, SAMPLE_TODAY, "zh")
    assert morning.figures(wb, SAMPLE_TODAY, "zh") is today  # a rerun draws, works nothing out
    day = SAMPLE_TODAY - timedelta(days=1)
    yesterday = morning.figures(wb, day, "zh")
    assert yesterday is not today and yesterday.day_of_month == day.day


def test_a_second_asker_waits_for_the_first_rather_than_working_it_out_beside_it(wb: LoadedWorkbook) -> None:
    started, go = threading.Event(), threading.Event()
    made: list[int] = []

    def make() -> list[int]:
        made.append(1)
        started.set()
        assert go.wait(10)
        return [len(made)]

    got: list[object] = []
    first = threading.Thread(target=lambda: got.append(per_version.once(wb, "slow", make)))
    first.start()
    assert started.wait(10)  # the start's thread is at it ...
    second = threading.Thread(target=lambda: got.append(per_version.once(wb, "slow", make)))
    second.start()  # ... when the first run asks
    second.join(0.2)
    assert second.is_alive()  # waiting, not working it out a second time
    go.set()
    first.join(10)
    second.join(10)
    assert made == [1] and got == [[1], [1]] and got[0] is got[1]


def test_when_the_first_fails_the_one_waiting_works_it_out(wb: LoadedWorkbook) -> None:
    with pytest.raises(ZeroDivisionError):
        per_version.once(wb, "x", lambda: 1 / 0)
    assert per_version.once(wb, "x", lambda: "made") == "made"

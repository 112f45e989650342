"""Loading a workbook that another program is still writing in place: waited for, not an alarm."""

from __future__ import annotations

import os
import shutil
import threading
import time
from pathlib import Path

from ui import loading


def _write_in_place_slowly(src: bytes, dest: Path, pause: float) -> None:
    # what a save or copy that writes into the file itself looks like: half the bytes, a pause, the rest
    with open(dest, "wb") as f:
        f.write(src[: len(src) // 2])
        f.flush()
        time.sleep(pause)
        f.write(src[len(src) // 2 :])


def test_a_workbook_being_saved_in_place_is_waited_for_and_read_without_an_alarm(sample_workbook: Path) -> None:
    data = sample_workbook.read_bytes()
    with open(sample_workbook, "wb") as f:
        f.write(data[: len(data) // 2])  # the page is reloaded while the save is half done
    saver = threading.Thread(target=_write_in_place_slowly, args=(data, sample_workbook, 1.5))
    saver.start()
    try:
        time.sleep(0.2)
        result = loading.load(sample_workbook)
    finally:
        saver.join()
    assert result.error is None and result.internal is None
    assert result.workbook is not None and len(result.workbook.frames["customers"]) > 0


def test_a_broken_file_last_changed_long_ago_is_reported_at_once(sample_workbook: Path) -> None:
    data = sample_workbook.read_bytes()
    sample_workbook.write_bytes(data[: len(data) // 2])
    an_hour_ago = time.time() - 3600
    os.utime(sample_workbook, (an_hour_ago, an_hour_ago))
    started = time.monotonic()
    result = loading.load(sample_workbook)
    assert result.error is not None and result.error.code == "problem.damaged"
    assert time.monotonic() - started < 1.5


def test_a_file_that_stays_broken_after_a_recent_change_is_reported_once_the_wait_is_over(
    sample_workbook: Path, tmp_path: Path
) -> None:
    half = tmp_path / "half.xlsx"
    shutil.copy(sample_workbook, half)
    half.write_bytes(sample_workbook.read_bytes()[:4000])
    started = time.monotonic()
    result = loading.load(half)
    waited = time.monotonic() - started
    assert result.error is not None and result.error.code in loading.HALF_WRITTEN
    assert loading.SETTLE_SECONDS - 1 <= waited <= loading.SETTLE_SECONDS + 2

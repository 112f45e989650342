"""The memory measurement runs the app's steps from a first open to a logged follow-up on a copy of the sample."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench import memory
from workbook.reading import read_workbook


def test_the_steps_open_the_workbook_and_log_one_follow_up_in_it(sample_workbook: Path, tmp_path: Path) -> None:
    before = read_workbook(sample_workbook, today=memory.TODAY)
    steps = memory.open_and_log(sample_workbook, tmp_path)
    assert [k for k in steps if not k.endswith("_peak_mb")] == [
        "read",
        "snapshot",
        "due_list",
        "prepare",
        "write",
        "overlay",
    ]
    assert steps["read_peak_mb"] <= steps["overlay_peak_mb"]
    assert steps["prepare_process_peak_mb"] > 10  # a process of its own, which read the workbook
    after = read_workbook(sample_workbook, today=memory.TODAY)
    assert len(after.frames["contacts"]) == len(before.frames["contacts"]) + 1
    assert (after.frames["contacts"]["result"] == "bench: memory").sum() == 1
    assert any((tmp_path / "snapshots").iterdir())


def test_a_size_whose_sample_is_not_cached_says_how_to_make_it(
    sample_workbook: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BENCH_CACHE", str(tmp_path))
    with pytest.raises(SystemExit, match="python -m bench --sizes L"):
        memory.sample("L")
    shutil.copyfile(sample_workbook, tmp_path / f"sample_S_{memory.TODAY.isoformat()}_seed1.xlsx")
    assert memory.sample("S").is_file()

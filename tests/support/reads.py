"""Checks for the reader's partial reads: what was parsed whole, and that a read equals a full read of the file."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from tests.support.sample import SAMPLE_TODAY
from workbook import reading
from workbook.reading import LoadedWorkbook, read_workbook


def spy_parsed_whole(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The keys of the sheets the reader parses from their header down from now on (not those taken
    from the last read, nor those that only grew by rows)."""
    parsed: list[str] = []
    whole = reading._Reader._sheet

    def spy(self, decl, *args):
        parsed.append(decl.key)
        return whole(self, decl, *args)

    monkeypatch.setattr(reading._Reader, "_sheet", spy)
    return parsed


def assert_as_full_read(wb: LoadedWorkbook, path: Path) -> None:
    """`wb` holds what a full read of the file at `path` gives: every frame, problem and highest ID."""
    full = read_workbook(path, today=SAMPLE_TODAY)
    assert wb.frames.keys() == full.frames.keys()
    for key, frame in full.frames.items():
        pd.testing.assert_frame_equal(wb.frames[key], frame, check_exact=True, obj=key)
    assert wb.problems == full.problems
    assert wb.highest_ids == full.highest_ids
    assert (wb.headers, wb.header_rows) == (full.headers, full.header_rows)

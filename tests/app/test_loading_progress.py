"""A long first read shows which sheet is being read; the bar is gone once the page has its data."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest


def _page() -> None:
    import os
    from pathlib import Path

    import streamlit as st

    from ui import loading

    told: list[str] = []
    real = loading.load

    def load(path, progress=None):
        def tell(sheet, done):
            told.append(sheet)
            progress(sheet, done)  # the page's bar, as the reader calls it

        return real(path, progress=tell)

    loading.load = load  # counted here, in the script's own run only
    try:
        res = loading.load_showing_progress(Path(os.environ["PROGRESS_WORKBOOK"]), "en")
    finally:
        loading.load = real
    st.text(f"sheets={len(res.workbook.frames)} told={len(told)}")


def test_a_first_read_reports_each_sheet_to_the_page_and_leaves_no_bar(
    sample_workbook: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PROGRESS_WORKBOOK", str(sample_workbook))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    at = AppTest.from_function(_page, default_timeout=120).run()
    assert not at.exception, at.exception
    shown = at.text[0].value
    assert shown.startswith("sheets=") and "told=0" not in shown
    assert len(at.get("progress")) == 0

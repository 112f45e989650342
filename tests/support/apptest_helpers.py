"""Helpers for AppTest-level tests of app.py and the pages: the app run on a workbook, isolated user folders.

def test_due_page_lists_overdue(tmp_path, monkeypatch):
    wb = make_sample(tmp_path / "wb.xlsx")  # tests.support.sample
    at = app_test(monkeypatch, tmp_path, wb, page="pages/due.py", lang="en")
    assert not at.exception
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests.support.sample import SAMPLE_TODAY

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "app.py"
TODAY = SAMPLE_TODAY  # a fixed "today" for tests; the app is told via DEALER_TODAY


def isolate(monkeypatch, tmp_path: Path, workbook: Path | None, today: date = TODAY) -> None:
    """Point the app at `workbook` and `today`, with config/data folders inside tmp_path."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("DEALER_TODAY", today.isoformat())
    if workbook is None:
        monkeypatch.delenv("DEALER_WORKBOOK", raising=False)
    else:
        monkeypatch.setenv("DEALER_WORKBOOK", str(workbook))


def app_test(
    monkeypatch,
    tmp_path: Path,
    workbook: Path | None,
    *,
    page: str | None = None,
    lang: str | None = None,
    actor: str | None = None,
    today: date = TODAY,
    timeout: float = 60,
) -> AppTest:
    """Run app.py (on `page`, in `lang`, acting as `actor`) against `workbook`; returns the AppTest."""
    isolate(monkeypatch, tmp_path, workbook, today)
    at = AppTest.from_file(str(APP), default_timeout=timeout)
    if lang is not None:
        at.session_state["ui_lang"] = lang
    if actor is not None:
        at.session_state["ui_actor"] = actor
    if page is not None:
        at.switch_page(page)
    return at.run()


def shown_text(markdown: str) -> str:
    """What a person reads of Markdown whose workbook values `ui.text.md` escaped: backslash escapes
    undone, the invisible word joiners gone."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace("\u2060", "")

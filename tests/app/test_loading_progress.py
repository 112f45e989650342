"""A long first read shows which sheet is being read; the bar is gone once the page has its data."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest


@pytest.fixture(autouse=True)
def _page_env(sample_workbook: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """The pages read the sample workbook, with a cache folder of the test's own."""
    monkeypatch.setenv("PROGRESS_WORKBOOK", str(sample_workbook))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


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


def test_a_first_read_reports_each_sheet_to_the_page_and_leaves_no_bar() -> None:
    at = AppTest.from_function(_page, default_timeout=120).run()
    assert not at.exception, at.exception
    shown = at.text[0].value
    assert shown.startswith("sheets=") and "told=0" not in shown
    assert len(at.get("progress")) == 0


def _racing_page() -> None:
    import os
    import time
    from pathlib import Path

    import streamlit as st

    from ui import ahead, loading, session

    path = Path(os.environ["PROGRESS_WORKBOOK"])
    st.session_state[session.PATH_KEY] = str(path)
    bars: list[Path] = []
    real = loading.load_showing_progress

    def showing(p, lang):
        bars.append(p)
        return real(p, lang)

    loading.load_showing_progress = showing  # counted here, in the script's own run only
    ahead.start(lambda: (time.sleep(0.5), loading.read_ahead(path)))  # the start, still at work as the run begins
    try:
        res = session.current()
    finally:
        loading.load_showing_progress = real
    st.text(f"bars={len(bars)} ahead={res is loading.cached(path)} seconds={res.workbook.guard_seconds}")


def _run_beside_the_start(page: Callable[[], None]) -> AppTest:
    """Run `page`, which starts the server's work ahead itself; that work is over when this returns."""
    from ui import ahead

    try:
        at = AppTest.from_function(page, default_timeout=120).run()
    finally:
        assert ahead.wait(30)
        ahead._thread = None
    assert not at.exception, at.exception
    return at


def test_a_run_begun_while_the_start_reads_ahead_takes_that_read_and_shows_no_bar(sample_workbook: Path) -> None:
    from ui import loading

    first = loading.load(sample_workbook).workbook  # an earlier run of the app: its snapshot on disk
    loading.wait_for_snapshots()
    loading.invalidate(sample_workbook)
    at = _run_beside_the_start(_racing_page)
    assert at.text[0].value == f"bars=0 ahead=True seconds={first.guard_seconds}"
    assert len(at.get("progress")) == 0


def _page_while_the_start_reads() -> None:
    import contextlib
    import os
    import time
    from pathlib import Path

    import streamlit as st

    from ui import ahead, loading

    path = Path(os.environ["PROGRESS_WORKBOOK"])
    parses: list[Path] = []
    shown: list[str] = []
    real_read, real_t = loading.read_workbook, loading.i18n.t

    def read(p, **kwargs):
        parses.append(p)
        return real_read(p, **kwargs)

    def t(key, lang, **params):
        if key == "readcost.progress.sheet":
            shown.append(params["sheet"])
        return real_t(key, lang, **params)

    with contextlib.ExitStack() as undo:  # counted here, in the script's own run only
        for owner, name, spy in ((loading, "read_workbook", read), (loading.i18n, "t", t)):
            undo.callback(setattr, owner, name, getattr(owner, name))
            setattr(owner, name, spy)
        ahead.start(lambda: loading.read_ahead(path))  # the start, reading a file never read
        deadline = time.monotonic() + 10
        while str(path.resolve()) not in loading._reading and loading.cached(path) is None:
            assert time.monotonic() < deadline
            time.sleep(0.005)
        res = loading.load_showing_progress(path, "en")  # as the first run does once it has waited
    st.text(f"parses={len(parses)} ahead={res is loading.cached(path)} shown={len(shown) > 0}")


def test_a_run_begun_while_the_start_reads_a_new_file_shows_how_far_that_read_is_and_takes_it() -> None:
    at = _run_beside_the_start(_page_while_the_start_reads)
    assert at.text[0].value == "parses=1 ahead=True shown=True"
    assert len(at.get("progress")) == 0

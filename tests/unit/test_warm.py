"""The server's start works ahead of the first run: the first page's modules, and the workbook (its snapshot, or its read)."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from streamlit.web.server.app_discovery import discover_asgi_app

from logic import references
from tests.support.raw_edit import edit_sheet
from tests.support.sample import SAMPLE_TODAY
from ui import loading, morning, per_version, warm
from ui import pages as ui_pages
from workbook import journal, operations, prepared, writing
from workbook.reading import read_workbook

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _today_and_cache(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("DEALER_TODAY", SAMPLE_TODAY.isoformat())
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))


def _seen_before(path: Path) -> loading.LoadResult:
    """The workbook read by an earlier run of the app, then that process gone: its snapshot on disk only."""
    first = loading.load(path)
    loading.wait_for_snapshots()
    loading.invalidate(path)
    assert loading.cached(path) is None
    return first


def test_streamlit_serves_app_py_as_an_app_with_a_start_of_its_own() -> None:
    found = discover_asgi_app(ROOT / "app.py")
    assert found.is_asgi_app and found.import_string == "app:app"


def test_an_unchanged_workbook_is_in_the_cache_before_the_first_run_asks(sample_workbook: Path) -> None:
    first = _seen_before(sample_workbook).workbook
    assert first is not None
    assert loading.read_ahead(sample_workbook)
    held = loading.cached(sample_workbook)
    assert held is not None and held.workbook is not None
    assert held.workbook.guard_seconds == first.guard_seconds  # the snapshot's read, not a new parse
    assert held.workbook.frames.keys() == first.frames.keys()
    assert loading.load(sample_workbook) is held  # the first run reads nothing


def test_a_workbook_never_read_is_read_at_the_start_and_leaves_its_snapshot(sample_workbook: Path) -> None:
    assert loading.read_ahead(sample_workbook)
    held = loading.cached(sample_workbook)
    assert held is not None and held.workbook is not None
    assert loading.load(sample_workbook) is held  # the first run reads nothing
    loading.wait_for_snapshots()
    loading.invalidate(sample_workbook)
    assert loading.read_ahead(sample_workbook)  # the next start takes the snapshot that read left
    again = loading.cached(sample_workbook)
    assert again is not None and again.workbook is not None
    assert again.workbook.guard_seconds == held.workbook.guard_seconds


def _saved_elsewhere(path: Path) -> loading.LoadResult:
    """The workbook's snapshot from an earlier run, then one target changed from 14 to 15 by another program."""
    first = _seen_before(path)
    assert first.workbook is not None
    edit_sheet(path, first.workbook.sheet_names["targets"], lambda xml: xml.replace(b"<v>14</v>", b"<v>15</v>", 1))
    return first


def test_a_workbook_saved_elsewhere_since_its_snapshot_is_read_again_at_the_start_taking_the_rest_from_it(
    sample_workbook: Path,
) -> None:
    first = _saved_elsewhere(sample_workbook).workbook
    assert first is not None
    assert loading.read_ahead(sample_workbook)
    held = loading.cached(sample_workbook)
    assert held is not None and held.workbook is not None
    as_saved = read_workbook(sample_workbook, today=SAMPLE_TODAY)
    for key, frame in as_saved.frames.items():  # the file as saved, not the stale snapshot
        pd.testing.assert_frame_equal(held.workbook.frames[key], frame, check_exact=True)
    assert {k for k, r in held.workbook.sheet_reads.items() if r != first.sheet_reads.get(k)} == {"targets"}
    assert loading.load(sample_workbook) is held


def test_a_workbook_with_changes_waiting_is_left_to_the_first_run_which_writes_them_and_says_so(
    sample_workbook: Path,
) -> None:
    first = _seen_before(sample_workbook).workbook
    assert first is not None
    customer = str(first.frames["customers"]["customer_id"].iloc[0])
    op = operations.log_contact(customer, "call", SAMPLE_TODAY, result="等待写入", consultant="x", recorded_by="t")
    journal.add(sample_workbook, [op])
    assert not loading.read_ahead(sample_workbook)
    assert loading.load(sample_workbook).flushed == 1


def _project_imports(file: Path) -> set[str]:
    """The project's modules `file` imports (`from ui import x` gives ui.x)."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(file.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module in ("ui", "logic", "workbook"):
                found |= {f"{node.module}.{alias.name}" for alias in node.names}
            elif node.module.split(".")[0] in ("ui", "logic", "workbook"):
                found.add(node.module)
    return found


def test_the_start_imports_what_the_first_run_imports() -> None:
    first = ui_pages.default_page(ui_pages.available())
    assert first is not None
    needed = _project_imports(ROOT / "ui" / "shell.py") | _project_imports(ROOT / first.file)
    assert needed - _project_imports(ROOT / "ui" / "warm.py") == set()


def test_the_start_reads_the_workbook_the_first_run_opens(
    sample_workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seen_before(sample_workbook)
    monkeypatch.setenv("DEALER_WORKBOOK", str(sample_workbook))
    assert warm.read_ahead()
    assert loading.cached(sample_workbook) is not None


def test_the_start_works_out_what_the_first_page_and_the_sidebar_show(
    sample_workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seen_before(sample_workbook)
    monkeypatch.setenv("DEALER_WORKBOOK", str(sample_workbook))
    per_version.forget()
    assert warm.read_ahead()
    wb = loading.cached_workbook(sample_workbook)
    assert wb is not None

    def again(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the first run worked it out again")

    monkeypatch.setattr(morning, "morning_view", again)
    monkeypatch.setattr(references, "workbook_problems", again)
    assert morning.figures(wb, SAMPLE_TODAY, "zh").board.lines  # the sample's workbook states no language: Chinese
    loading.all_problems(wb, "zh")


def test_for_a_large_file_the_start_begins_the_first_writes_preparation_and_the_first_run_leaves_it_alone(
    sample_workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _seen_before(sample_workbook)
    monkeypatch.setenv("DEALER_WORKBOOK", str(sample_workbook))
    monkeypatch.setattr(writing, "PREPARE_FROM", 0)  # the sample is smaller than a person would notice
    monkeypatch.setattr(warm, "PREPARE_AT_START_FROM", sample_workbook.stat().st_size + 1)
    try:
        assert warm.read_ahead()
        assert prepared._jobs == {}  # a file of M's size: the first run begins it once its page is drawn
        loading.invalidate(sample_workbook)
    finally:
        prepared.stop_all()
    monkeypatch.setattr(warm, "PREPARE_AT_START_FROM", sample_workbook.stat().st_size)
    try:
        assert warm.read_ahead()
        (job,) = prepared._jobs.values()
        assert job.wait(60) == 0
        assert prepared.is_current(loading.prepared_dir(), sample_workbook)
        assert loading.prepare_writes(sample_workbook) is None  # the first run's, once its page is drawn
    finally:
        prepared.stop_all()


def test_for_a_large_file_never_read_before_the_start_begins_the_preparation_then_reads_the_file(
    sample_workbook: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DEALER_WORKBOOK", str(sample_workbook))
    monkeypatch.setattr(writing, "PREPARE_FROM", 0)
    monkeypatch.setattr(warm, "PREPARE_AT_START_FROM", sample_workbook.stat().st_size)
    try:
        assert warm.read_ahead()  # no snapshot: the start parses the file
        assert loading.cached(sample_workbook) is not None
        (job,) = prepared._jobs.values()  # and the first click's preparation, begun before it
        assert job.wait(60) == 0
        assert prepared.is_current(loading.prepared_dir(), sample_workbook)
    finally:
        prepared.stop_all()


SERVER_START_AND_STOP = """
import asyncio, gc, subprocess, sys, threading
from pathlib import Path
import app
from ui import loading
from workbook import prepared

def collected(x):
    return any(o is x for o in gc.get_objects())  # frozen objects are in no generation

async def serve():
    async with app._start(app.app):
        [t.join(60) for t in threading.enumerate() if t.name == "work-ahead"]
        found = loading.cached(Path(sys.argv[1]))
        print("read ahead:", found is not None)
        import pandas
        print("modules left out of collections:", not collected(pandas.DataFrame) and not collected(loading.read_ahead))
        print("the workbook's frames collected:", collected(found.workbook.frames["contacts"]))
        # a preparation of the first write still running when the server stops
        prepared._jobs["workbook"] = job = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    print("preparation stopped:", job.poll() is not None)

asyncio.run(serve())
"""


def test_the_servers_start_works_ahead_and_its_stop_stops_the_preparations(sample_workbook: Path) -> None:
    _seen_before(sample_workbook)
    env = {**os.environ, "DEALER_WORKBOOK": str(sample_workbook)}
    done = subprocess.run(
        [sys.executable, "-c", SERVER_START_AND_STOP, str(sample_workbook)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split("\n")[:4] == [
        "read ahead: True",
        "modules left out of collections: True",
        "the workbook's frames collected: True",
        "preparation stopped: True",
    ]


def test_the_app_keeps_its_modules_compiled_even_where_the_shell_says_not_to(tmp_path: Path) -> None:
    # PYTHONPYCACHEPREFIX sends the compiled files to tmp_path, so the checkout's own are not the ones looked at
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1", "PYTHONPYCACHEPREFIX": str(tmp_path)}
    before = subprocess.run(
        [sys.executable, "-c", "import ui.text"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert before.returncode == 0, before.stderr
    assert not list(tmp_path.rglob("text.*.pyc"))  # the shell's wish, as Python keeps it
    done = subprocess.run(
        [sys.executable, "-c", "import app, ui.text"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr
    assert [p.parent.name for p in tmp_path.rglob("text.*.pyc")] == ["ui"]

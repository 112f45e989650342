"""The server's own work around the sessions: at its start, before any browser asks, the first
run's modules, the workbook from its snapshot and the first page's figures; at its stop, what is
still being kept or prepared.

Streamlit runs no app code before a browser connects, and its frontend takes about a second to
load and open its websocket; the first run then imported pandas and the app (about 0.5 s), loaded
the snapshot (0.1 s at S, 0.35 s at M) and worked out the morning's board and the sidebar's
problems (0.2 s at S). `app.py` imports this module on a thread as the server starts, so the
imports below happen while the frontend loads, and `read_ahead` puts the workbook in the process's
cache (`ui.loading.read_ahead`: from its snapshot, or, for a file changed since or never read, by
reading it) and works out what the first page shows from it (`ui.per_version`); the first run finds all of
it done. For a large file it first starts the
preparation of the first write (`ui.loading.prepare_writes`), which the first run would start only
once its page is drawn: at L that is 9.7 s of work in a process at low priority, and a click soon
after the open waited for it. It starts before the snapshot is read, and also for a file never read
before, whose first open at L parses for half a minute: done then and kept in the cache folder, it
is current at every later start, and the first click of an unchanged workbook waits for nothing
(L, one round each: log 4.5 s -> 1.5 s, the open 4.8 -> 4.6 s; session 13 had measured it slowing
the open by 0.4 s when a job ran at every start) (`PREPARE_AT_START_FROM`).

A first run that begins while this is still at work waits for it, up to 2 s (`ui.ahead`), rather
than putting up the reading bar and waiting on the read begun here.

Once imported, what the imports made is left out of later garbage collections (`freeze_imports`).

The imports are those of `ui/shell.py` and of the first page, `pages/morning.py`
(tests/unit/test_warm.py holds them to it).

At the stop (`stop`): Streamlit serves an `st.App` through uvicorn, which ends the process with the
signal it caught once it has shut down, so `atexit` handlers do not run; the snapshot being written
is finished and the preparations of the first write are stopped here instead.
"""

from __future__ import annotations

import gc
import inspect
from datetime import date

import PIL.Image  # noqa: F401  the first run's st.set_page_config opens the page icon's file with it

from logic import morning_view
from ui import (
    config,
    due,
    lan,
    loading,
    meetings,
    morning,
    pages,
    phone_screen,
    present,
    present_morning,
    session,
    shell,
    showroom,
    sidebar,
    signin,
    text,
)
from ui import print as ui_print
from workbook import prepared, schema

# From this size the start begins the first write's preparation (L, 111 MB: 9.7 s of work; the log
# soon after the open waited for it); below it the first run begins it once its page is drawn (M,
# 26 MB: done long before a click, and begun at the start it slowed the M open by 0.1-0.3 s)
PREPARE_AT_START_FROM = 64 << 20

FIRST_RUN = (shell, session, sidebar, signin, lan, phone_screen, pages, text, schema)  # ui/shell.py's, and every page's
FIRST_PAGE = (morning_view, morning, meetings, due, present, present_morning, ui_print, showroom)  # pages/morning.py's


def freeze_imports() -> None:
    """Leave every object that exists now out of all later garbage collections (`gc.freeze`).

    Streamlit collects every generation after each run (`runner.postScriptGC`), holding the
    interpreter lock while the run's last messages wait to be sent. Once the imports are done, the
    process holds about 120,000 objects the collector looks at, nearly all the modules' own, which
    never become garbage: each collection took 62-67 ms in the server during an open (25-35 ms in a
    quiet process), at the end of the open's run and of every click's. Frozen, it looks at what
    was made since: 2-3 ms. Call it before the workbook is read, so that its frames stay collectable.
    """
    gc.freeze()


def read_ahead() -> bool:
    """Put the workbook the first run opens in the cache (from its snapshot, or read: `ui.loading.read_ahead`),
    with what the first page and the sidebar show of it today, in the workbook's language (else Chinese)."""
    # Streamlit's first element in a process looks at the whole call stack (inspect.stack, to tell a
    # REPL): 0.07 s the first time, while inspect maps every module to its file; a few ms once mapped
    inspect.stack()
    startup = config.parse_startup()
    today = startup.today or date.today()
    path = config.startup_workbook(startup, today, make_demo=False)
    if path is None:
        return False
    if path.is_file() and path.stat().st_size >= PREPARE_AT_START_FROM:
        loading.prepare_writes(path)  # the first click's whole-sheet work, at low priority, seconds sooner
    if not loading.read_ahead(path):
        return False
    wb = loading.cached_workbook(path)
    if wb is None:
        return False
    lang = session.workbook_lang_setting(wb) or "zh"
    loading.all_problems(wb, lang)
    morning.figures(wb, today, lang)
    return True


def stop() -> None:
    """The server is stopping: the snapshots being written are finished, the preparations stopped."""
    loading.wait_for_snapshots()
    prepared.stop_all()

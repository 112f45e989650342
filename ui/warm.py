"""The server's own work around the sessions: at its start, before any browser asks, the first
run's modules and the workbook from its snapshot; at its stop, what is still being kept or prepared.

Streamlit runs no app code before a browser connects, and its frontend takes about a second to
load and open its websocket; the first run then imported pandas and the app (about 0.5 s) and
loaded the snapshot (0.1 s at S, 0.35 s at M). `app.py` imports this module on a thread as the
server starts, so the imports below happen while the frontend loads, and `read_ahead` puts the
workbook in the process's cache (`ui.loading.read_ahead`); the first run finds both done.

The imports are those of `ui/shell.py` and of the first page, `pages/morning.py`
(tests/unit/test_warm.py holds them to it).

At the stop (`stop`): Streamlit serves an `st.App` through uvicorn, which ends the process with the
signal it caught once it has shut down, so `atexit` handlers do not run; the snapshot being written
is finished and the preparations of the first write are stopped here instead.
"""

from __future__ import annotations

from datetime import date

from logic import morning_view
from ui import (
    config,
    due,
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

FIRST_RUN = (shell, session, sidebar, signin, phone_screen, pages, text, schema)  # ui/shell.py's, and every page's
FIRST_PAGE = (morning_view, morning, meetings, due, present, present_morning, ui_print, showroom)  # pages/morning.py's


def read_ahead() -> bool:
    """Put the workbook the first run opens in the cache, if its snapshot is of the file as it is now."""
    startup = config.parse_startup()
    path = config.startup_workbook(startup, startup.today or date.today(), make_demo=False)
    return path is not None and loading.read_ahead(path)


def stop() -> None:
    """The server is stopping: the snapshots being written are finished, the preparations stopped."""
    loading.wait_for_snapshots()
    prepared.stop_all()

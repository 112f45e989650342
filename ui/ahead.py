"""The server start's work ahead (`app.py` runs `ui.warm` on a thread): the first run waits a moment
for it rather than racing it.

A run that begins while the thread is still at work would find no workbook in the cache, put up the
reading bar and wait on the read the thread has begun (at M the thread ends 0.2-0.5 s after the
browser's first run begins): the bar flashed on every open, and its element cost the page a script.
Waiting here, up to `WAIT_SECONDS`, the run finds the workbook read and the first page worked out.
Longer than that (a large file's snapshot, or a changed file being read), the bar shows how far the
thread's read is (`ui.loading.load_showing_progress`).

Nothing else is imported here: `app.py` starts the thread before the server answers.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

WAIT_SECONDS = 2.0

_thread: threading.Thread | None = None


def start(work: Callable[[], None]) -> None:
    """Run `work` on the work-ahead thread."""
    global _thread
    _thread = threading.Thread(target=work, name="work-ahead", daemon=True)
    _thread.start()


def wait(seconds: float = WAIT_SECONDS) -> bool:
    """Until the work ahead is done, for at most `seconds`; True if nothing is left running."""
    thread = _thread
    if thread is None or thread is threading.current_thread():
        return True
    thread.join(seconds)
    return not thread.is_alive()

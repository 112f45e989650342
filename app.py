"""The app: `streamlit run app.py -- --workbook PATH --today YYYY-MM-DD` (both optional).

Streamlit imports this file to serve it, and runs it as `__main__` for each session's run:
- a run draws the page (`ui.shell`);
- imported, it hands Streamlit an `st.App` whose start works ahead on a thread (`ui.warm`: the
  first run's imports, made with the garbage collector off and then left out of its later
  collections, and the workbook: its snapshot, or its read) while the browser loads
  Streamlit's frontend, and whose stop stops what the app started in the background; a first run
  that begins before that work is done waits a moment for it (`ui.ahead`). The start also turns
  Nagle's algorithm off on the server's socket (`ui.server_socket`); the page a loopback browser
  asks for lists the morning page's element scripts to fetch at once (`ui.preload`), and
  Streamlit's frontend files are answered from memory (`ui.frontend_files`).
- The app's own modules are compiled once and kept beside their source, as pip keeps the
  libraries' (`sys.dont_write_bytecode`): a shell that sets PYTHONDONTWRITEBYTECODE (CI images,
  some developers' set-ups) would have every start compile all of them again, 0.15-0.2 s of CPU
  in every open."""

from __future__ import annotations

import gc
import logging
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import streamlit as st

sys.dont_write_bytecode = False  # the app's modules compiled once (see above), before the start's thread imports them


def _work_ahead() -> None:
    try:
        gc.disable()  # the imports make some 120,000 objects, none of them garbage: no collection while they are made
        try:
            from ui import preload, warm  # here, not at the top: the server answers while the thread imports

            warm.freeze_imports()
        finally:
            gc.enable()
        preload.links()  # before the browser asks for the page
        warm.read_ahead()
    except Exception:  # the first run does it all again, and shows what fails
        logging.getLogger(__name__).exception("working ahead failed")


@asynccontextmanager
async def _start(_app: object) -> AsyncIterator[None]:
    from ui import ahead, server_socket

    server_socket.send_at_once()  # before the first connection is accepted: each reply at once
    ahead.start(_work_ahead)  # the first run waits a moment for it (ui.ahead)
    yield
    from ui import warm  # imported by the thread by now

    warm.stop()


if __name__ == "__main__":
    from ui import shell

    shell.run()
else:
    from starlette.middleware import Middleware

    from ui.frontend_files import FrontendFilesFromMemory
    from ui.preload import PreloadFirstPage

    app = st.App(
        __file__, lifespan=_start, middleware=[Middleware(PreloadFirstPage), Middleware(FrontendFilesFromMemory)]
    )

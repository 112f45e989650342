"""Streamlit's frontend files (its scripts, styles and fonts) answered from memory.

A browser that has not opened the app before asks for some 130 of Streamlit's script files (60 the
page lists, 70 more the morning page's elements need, `ui.preload`). Streamlit's own handler answers
each on a worker thread, and reads it in 64 KB pieces, each piece another hop between threads that
waits for the interpreter lock. At the start the server's lock is busy: `ui.warm` imports the first
run's modules and reads the workbook while the browser loads, so every hop waited on it, and the
browser's files and the start's work slowed each other down.

Here a file is read once, when first asked for, and answered in one piece from then on, with the
headers Streamlit's handler gives it (Starlette's for the file, then Streamlit's long cache for a
hashed file name). Only a plain GET of a file in Streamlit's `static/js`, `static/css` or
`static/media` folder is answered here; anything else (a HEAD, a range, a conditional request, a
page, a name not in those folders, the app under a base path) passes through untouched.

Measured: S, opened in a fresh browser, the server's work during the open 1.46-1.57 -> 1.33-1.39 s of
CPU; the open itself in docs/fast-paths.md ("Streamlit's files from memory").
"""

from __future__ import annotations

import os
import re
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import Path
from typing import Any

from starlette.responses import FileResponse
from streamlit.web.server.starlette.starlette_server_config import STATIC_ASSET_CACHE_MAX_AGE_SECONDS

from ui.preload import STATIC

_FILE = re.compile(r"/static/(js|css|media)/([A-Za-z0-9_\-][A-Za-z0-9_.\-]*)")
_PASS_THROUGH_HEADERS = (b"range", b"if-none-match", b"if-modified-since", b"if-range")

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

Answer = tuple[list[tuple[bytes, bytes]], bytes]


def file_for(scope: Scope, static: Path = STATIC) -> Path | None:
    """The file of Streamlit's frontend a plain GET asks for, or None when the request is not one."""
    if scope["type"] != "http" or scope["method"] != "GET" or scope.get("root_path"):
        return None
    if any(key.lower() in _PASS_THROUGH_HEADERS for key, _ in scope.get("headers", ())):
        return None
    found = _FILE.fullmatch(str(scope.get("path", "")))
    if found is None:
        return None
    path = static / "static" / found.group(1) / found.group(2)
    return path if path.is_file() else None


def answer(path: Path) -> Answer:
    """The headers and body Streamlit's handler gives the file."""
    headers = FileResponse(path, stat_result=os.stat(path)).headers
    headers["cache-control"] = f"public, immutable, max-age={STATIC_ASSET_CACHE_MAX_AGE_SECONDS}"
    return headers.raw, path.read_bytes()


class FrontendFilesFromMemory:
    """ASGI middleware: Streamlit's frontend files, each read once, answered in one piece."""

    def __init__(self, app: ASGIApp, static: Path = STATIC) -> None:
        self.app = app
        self.static = static
        self.kept: dict[Path, Answer] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = file_for(scope, self.static)
        if path is None:
            await self.app(scope, receive, send)
            return
        kept = self.kept.get(path)
        if kept is None:
            kept = self.kept[path] = answer(path)
        headers, body = kept
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": body})

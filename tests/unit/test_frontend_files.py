"""Streamlit's frontend files answered from memory (ui/frontend_files.py): the same answer Streamlit's
own handler gives, the file read once, and every other request left to Streamlit."""

from __future__ import annotations

import asyncio

import pytest
from streamlit.web.server.starlette.starlette_static_routes import create_streamlit_static_handler

from ui import frontend_files
from ui.preload import STATIC


def _scope(path: str, method: str = "GET", headers: tuple[tuple[bytes, bytes], ...] = (), **extra) -> dict:
    return {"type": "http", "method": method, "path": path, "root_path": "", "query_string": b"",
            "headers": list(headers), "client": ("127.0.0.1", 50000), "asgi": {"spec_version": "2.4"}, **extra}  # fmt: skip


def _call(app, scope: dict) -> tuple[int, dict[bytes, bytes], bytes]:
    sent: list[dict] = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], dict(start["headers"]), body


def _first(folder: str, suffix: str) -> str:
    return sorted(p.name for p in (STATIC / "static" / folder).iterdir() if p.name.endswith(suffix))[0]


@pytest.mark.parametrize(("folder", "suffix"), [("js", ".js"), ("css", ".css"), ("media", ".woff2")])
def test_a_frontend_file_is_answered_whole_with_the_headers_streamlits_handler_gives_it(folder, suffix):
    path = f"/static/{folder}/{_first(folder, suffix)}"
    streamlits = create_streamlit_static_handler(str(STATIC), None)
    streamlit_behind = _streamlit()
    mine = frontend_files.FrontendFilesFromMemory(streamlit_behind)

    status, headers, body = _call(mine, _scope(path))

    assert streamlit_behind.calls == []
    assert (status, headers, body) == _call(streamlits, _scope(path))
    assert body == (STATIC / path.lstrip("/")).read_bytes() and body
    assert headers[b"cache-control"].startswith(b"public, immutable, max-age=")


def test_a_file_is_read_once_and_answered_from_memory_after(tmp_path):
    js = tmp_path / "static" / "js"
    js.mkdir(parents=True)
    (js / "index.AAAAAAAA.js").write_bytes(b"console.log(1)")
    app = frontend_files.FrontendFilesFromMemory(_streamlit(), static=tmp_path)

    first = _call(app, _scope("/static/js/index.AAAAAAAA.js"))
    (js / "index.AAAAAAAA.js").write_bytes(b"changed on disk")
    again = _call(app, _scope("/static/js/index.AAAAAAAA.js"))

    assert first[2] == again[2] == b"console.log(1)"
    assert first[1][b"content-type"].startswith(b"text/javascript")
    assert int(first[1][b"content-length"]) == len(b"console.log(1)")
    assert list(app.kept) == [js / "index.AAAAAAAA.js"]


NAME = _first("js", ".js")


@pytest.mark.parametrize(
    "scope",
    [
        _scope(f"/static/js/{NAME}", method="HEAD"),
        _scope(f"/static/js/{NAME}", headers=((b"Range", b"bytes=0-99"),)),
        _scope(f"/static/js/{NAME}", headers=((b"if-none-match", b'"x"'),)),
        _scope(f"/static/js/{NAME}", headers=((b"if-modified-since", b"Sat, 05 Dec 2026 00:00:00 GMT"),)),
        _scope(f"/static/js/{NAME}", root_path="/app"),
        _scope("/static/js/missing.AAAAAAAA.js"),
        _scope("/static/js/.."),
        _scope("/static/js/../../index.html"),
        _scope("/static/other/x.js"),
        _scope("/index.html"),
        _scope("/"),
        _scope("/_stcore/health"),
        {"type": "websocket", "path": "/_stcore/stream", "headers": []},
    ],
    ids=lambda s: f"{s.get('method', 'ws')} {s['path']} {s.get('root_path', '')} {s['headers'][:1]}",
)
def test_anything_else_is_left_to_streamlit(scope):
    inner = _streamlit()
    status, _, body = _call(frontend_files.FrontendFilesFromMemory(inner), scope)
    assert inner.calls == [scope["path"]]
    assert (status, body) == (299, b"streamlit's")


def _streamlit():
    """Streamlit's side of the middleware: records what reached it and answers 299."""
    calls: list[str] = []

    async def inner(scope, receive, send):
        calls.append(scope["path"])
        await send({"type": "http.response.start", "status": 299, "headers": []})
        await send({"type": "http.response.body", "body": b"streamlit's"})

    inner.calls = calls  # type: ignore[attr-defined]
    return inner

"""The morning page's element scripts are found in the installed Streamlit and added to the page a loopback
browser asks for; anything else passes through the middleware untouched."""

from __future__ import annotations

import asyncio
import re

import pytest

from ui import preload

JS = preload.STATIC / "static" / "js"
IMPORTS = re.compile(r'(?:from|import)\s*"\./([A-Za-z0-9_.\-]+\.js)"')
PAGE = b"<html><head><title>x</title></head><body></body></html>"
TAGS = b'<link rel="modulepreload" href="./static/js/Html.x.js">'


@pytest.mark.parametrize("element", preload.FIRST_PAGE_ELEMENTS)
def test_every_element_the_morning_page_draws_has_its_script_in_this_streamlit(element):
    # fails after a Streamlit upgrade that renamed an element's script: the list must follow the build
    name = preload.element_script(JS, element)
    assert name is not None and (JS / name).is_file()


def test_what_is_preloaded_is_the_scripts_and_all_they_import_less_what_the_page_lists():
    names = preload.scripts_to_preload()
    listed = set(re.findall(r'static/js/([A-Za-z0-9_.\-]+\.js)"', (preload.STATIC / "index.html").read_text("utf-8")))
    assert {preload.element_script(JS, e) for e in preload.FIRST_PAGE_ELEMENTS} <= set(names)
    assert not set(names) & listed
    for name in names:  # closed: every module a preloaded one imports is fetched early too
        assert set(IMPORTS.findall((JS / name).read_text("utf-8"))) <= set(names) | listed, name
    assert preload.links().count(b'rel="modulepreload"') == len(names)


def test_an_element_missing_from_the_build_is_skipped(tmp_path):
    js = tmp_path / "static" / "js"
    js.mkdir(parents=True)
    (tmp_path / "index.html").write_text('<script src="./static/js/index.AAAAAAAA.js"></script>', "utf-8")
    (js / "index.AAAAAAAA.js").write_text("", "utf-8")
    (js / "Html.BBBBBBBB.js").write_text('import{a}from"./dep.CCCCCCCC.js";import"./index.AAAAAAAA.js";', "utf-8")
    (js / "dep.CCCCCCCC.js").write_text("", "utf-8")
    assert preload.scripts_to_preload(tmp_path, ("Html", "Gone")) == ["Html.BBBBBBBB.js", "dep.CCCCCCCC.js"]


def _serve(path: str, client: str, *, content_type: bytes = b"text/html; charset=utf-8", status: int = 200):
    """Ask the middleware for `path` as `client`; what the app inside saw and what was sent back."""
    seen: dict[str, object] = {}
    sent: list[dict] = []

    async def inner(scope, receive, send):
        seen["headers"] = dict(scope["headers"])
        await send({"type": "http.response.start", "status": status, "headers": [
            (b"content-type", content_type), (b"content-length", str(len(PAGE)).encode())]})  # fmt: skip
        await send({"type": "http.response.body", "body": PAGE[:20], "more_body": True})
        await send({"type": "http.response.body", "body": PAGE[20:]})

    async def receive():
        return {"type": "http.request"}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": path, "headers": [(b"accept-encoding", b"gzip")],
             "client": (client, 50000)}  # fmt: skip
    asyncio.run(preload.PreloadFirstPage(inner, tags=lambda: TAGS)(scope, receive, send))
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    headers = dict(sent[0]["headers"])
    return seen, headers, body


def test_the_managers_browser_gets_the_page_with_the_links_and_its_new_length():
    seen, headers, body = _serve("/", "127.0.0.1")
    assert body == PAGE.replace(b"</head>", TAGS + b"</head>")
    assert int(headers[b"content-length"]) == len(body)
    assert b"accept-encoding" not in seen["headers"]  # asked for uncompressed, so the links can go in
    assert _serve("/due", "::1")[2] == body  # any page's address, over IPv6 too


@pytest.mark.parametrize(
    ("path", "client", "content_type", "status"),
    [
        ("/", "192.168.1.23", b"text/html", 200),  # a phone on the showroom network
        ("/static/js/Html.x.js", "127.0.0.1", b"application/javascript", 200),  # Streamlit's own files
        ("/_stcore/health", "127.0.0.1", b"text/plain", 200),
        ("/media/abc.xlsx", "127.0.0.1", b"application/octet-stream", 200),  # a download
        ("/", "127.0.0.1", b"text/plain", 200),  # not a page
        ("/", "127.0.0.1", b"text/html", 304),  # the browser's copy is still good
    ],
)
def test_anything_else_passes_through_untouched(path, client, content_type, status):
    seen, headers, body = _serve(path, client, content_type=content_type, status=status)
    assert body == PAGE
    assert int(headers[b"content-length"]) == len(PAGE)
    if path != "/" or client != "127.0.0.1":  # not a page the manager's browser asked for: compressed as before
        assert seen["headers"][b"accept-encoding"] == b"gzip"

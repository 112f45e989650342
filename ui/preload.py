"""The morning page's element scripts, asked for by the page itself (the manager's browser only).

Streamlit's frontend fetches the script of each kind of element (st.html, the data editor, a text
area, a download button...) only when the first such element arrives, after the websocket has
opened and the first run has sent its page: at S the morning page waited about 0.5 s for some 70
files (2 MB) that a fresh browser could have fetched beside the frontend's own. This middleware
adds `<link rel="modulepreload">` for them, and the modules they import, to the page Streamlit
serves, so the browser fetches them at once.

- Which scripts: those of the elements the morning page draws (`FIRST_PAGE_ELEMENTS`), found by
  name in the installed Streamlit's build, with every module they import that the page does not
  already preload. A name the build lacks is skipped; tests/unit/test_preload.py fails then.
- Whose browser: a loopback one, the manager's laptop, whose first page is the morning page. A
  phone on the showroom network opens its own pages, on Wi-Fi: it is served as before.
- Only the page itself changes: any answer that is not a page (Streamlit's files, the health
  check, the websocket, a download) passes through untouched, and the page is asked for
  uncompressed (7.9 KB, on the machine itself) so that the links can be added.

Measured: S, open in a fresh browser, ten alternating pairs: 2.35 -> 2.18 s (medians).
"""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Awaitable, Callable, Iterable, MutableMapping
from functools import cache
from pathlib import Path
from typing import Any

import streamlit

STATIC = Path(streamlit.__file__).resolve().parent / "static"

# what the morning page draws: st.html (the cards), the rota's data editor, the note's text area,
# the export's download button, the sidebar's selectboxes and date input, the acting-as text
# input, checkboxes, buttons and the due list's page link
FIRST_PAGE_ELEMENTS = (
    "Html",
    "DataFrame",
    "TextArea",
    "DownloadButton",
    "Selectbox",
    "TextInput",
    "DateInput",
    "Checkbox",
    "Button",
    "PageLink",
)
_NOT_A_PAGE = ("/static/", "/_stcore/", "/media/", "/component/", "/app/static/")
_IMPORT = re.compile(r'(?:from|import)\s*"\./([A-Za-z0-9_.\-]+\.js)"')
_LISTED = re.compile(r'static/js/([A-Za-z0-9_.\-]+\.js)"')

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]


def element_script(js: Path, name: str) -> str | None:
    """The build's file for an element's script ("Html" -> "Html.CzLZZ4bP.js"), or None."""
    pattern = re.compile(re.escape(name) + r"\.[A-Za-z0-9_\-]{8}\.js")
    found = sorted(p.name for p in js.glob(f"{name}.*.js") if pattern.fullmatch(p.name))
    return found[0] if len(found) == 1 else None


def scripts_to_preload(static: Path = STATIC, elements: Iterable[str] = FIRST_PAGE_ELEMENTS) -> list[str]:
    """The elements' scripts and every module they import, less what the page itself already lists."""
    js = static / "static" / "js"
    listed = set(_LISTED.findall((static / "index.html").read_text(encoding="utf-8")))
    todo = [name for name in (element_script(js, e) for e in elements) if name is not None]
    seen: set[str] = set()
    while todo:
        name = todo.pop()
        if name in seen or name in listed or not (js / name).is_file():
            continue
        seen.add(name)
        todo.extend(_IMPORT.findall((js / name).read_text(encoding="utf-8")))
    return sorted(seen)


@cache
def links() -> bytes:
    """The `<link rel="modulepreload">` tags added to the page, worked out once per process."""
    return "".join(
        f'<link rel="modulepreload" crossorigin href="./static/js/{name}">' for name in scripts_to_preload()
    ).encode()


def with_links(page: bytes, tags: bytes) -> bytes:
    """The page with the tags just before its head ends (unchanged when it has no head)."""
    return page.replace(b"</head>", tags + b"</head>", 1) if b"</head>" in page else page


def _loopback(scope: Scope) -> bool:
    client = scope.get("client")
    if not client:
        return False
    try:
        return ipaddress.ip_address(str(client[0]).split("%", 1)[0]).is_loopback
    except ValueError:
        return False


def _wants_page(scope: Scope) -> bool:
    return (
        scope["type"] == "http"
        and scope["method"] == "GET"
        and not scope.get("root_path")
        and not str(scope.get("path", "")).startswith(_NOT_A_PAGE)
        and _loopback(scope)
    )


class PreloadFirstPage:
    """ASGI middleware: the page Streamlit serves, with the morning page's element scripts preloaded."""

    def __init__(self, app: ASGIApp, tags: Callable[[], bytes] = links) -> None:
        self.app = app
        self.tags = tags

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if not _wants_page(scope):
            await self.app(scope, receive, send)
            return
        plain = dict(scope)
        plain["headers"] = [(k, v) for k, v in scope.get("headers", ()) if k.lower() != b"accept-encoding"]
        start: Message = {}
        body: list[bytes] = []

        async def edit(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                if not _is_html(message):
                    await send(message)
                return
            if not _is_html(start):
                await send(message)
                return
            body.append(message.get("body", b""))
            if message.get("more_body"):
                return
            page = with_links(b"".join(body), self.tags())
            headers = [(k, v) for k, v in start.get("headers", ()) if k.lower() != b"content-length"]
            await send({**start, "headers": [*headers, (b"content-length", str(len(page)).encode())]})
            await send({"type": "http.response.body", "body": page})

        await self.app(plain, receive, edit)


def _is_html(start: Message) -> bool:
    for key, value in start.get("headers", ()):
        if key.lower() == b"content-type":
            return bytes(value).startswith(b"text/html") and start.get("status") == 200
    return False

"""The page the real server gives the manager's browser lists the morning page's element scripts to fetch at
once, and every one of them is served (ui/preload.py)."""

from __future__ import annotations

import re
import urllib.request

import pytest

from tests.support.browser import helpers
from tests.support.sample import SAMPLE_TODAY, make_sample
from ui import preload


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("served-page")
    book = make_sample(home / "sample.xlsx", "zh")
    running = helpers.start_server(book, SAMPLE_TODAY, home / "home")
    yield running
    running.stop()


def _get(url: str) -> tuple[bytes, dict[str, str]]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip", "Accept": "text/html"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.read(), {k.lower(): v for k, v in response.headers.items()}


@pytest.mark.parametrize("path", ["/", "/due"])
def test_the_page_lists_the_element_scripts_and_each_is_served(server, path):
    body, headers = _get(server.url + path)
    assert "content-encoding" not in headers and int(headers["content-length"]) == len(body)
    listed = re.findall(rb'<link rel="modulepreload" crossorigin href="\./(static/js/[^"]+)">', body)
    wanted = {f"static/js/{name}".encode() for name in preload.scripts_to_preload()}
    assert f"static/js/{preload.element_script(preload.STATIC / 'static' / 'js', 'Html')}".encode() in wanted
    assert wanted <= set(listed)
    for name in sorted(wanted)[:5]:
        script, script_headers = _get(f"{server.url}/{name.decode()}")
        assert script and script_headers["content-type"].startswith(("application/javascript", "text/javascript"))
        assert script == (preload.STATIC / name.decode()).read_bytes()  # answered from memory (ui/frontend_files.py)
        assert script_headers["cache-control"].startswith("public, immutable")

"""DNS rebinding: a page asked for under a foreign name (pointed at this machine) shows no customer data.

Chromium is told that evil.example is 127.0.0.1, so it sends `Host: evil.example:PORT`, exactly as a
rebinding attack from a web page the manager visits would; the same server under localhost shows the data.
"""

from __future__ import annotations

import pytest

from tests.support.browser import helpers


@pytest.fixture(scope="module")
def rebinding_browser(browser):
    # a second Chromium from the same Playwright, told that evil.example is this machine
    args = [*helpers.CHROMIUM_ARGS, "--host-resolver-rules=MAP evil.example 127.0.0.1"]
    b = browser.browser_type.launch(executable_path=helpers.CHROMIUM, args=args)
    yield b
    b.close()


def _customer_names(path) -> list[str]:
    return [str(r["name"]) for r in helpers.sheet_rows(path, "customers")[:40] if r.get("name")]


def _open(browser, url: str, *, drawn: bool):
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(helpers.RUN_TIMEOUT_MS)
    page.goto(url)
    if drawn:
        helpers.wait_for_run(page)
    else:  # a refused run draws no sidebar, which is what wait_for_run waits for
        page.get_by_text("不是本机的名字").first.wait_for()
        page.wait_for_timeout(1500)  # anything that would still come has come
    return context, page


@pytest.mark.parametrize("url_path", ["", "due", "hot"])
def test_a_foreign_host_name_gets_the_refusal_and_no_customer(rebinding_browser, app_server, sample_workbook, url_path):
    port = app_server.url.rsplit(":", 1)[1].strip("/")
    context, page = _open(rebinding_browser, f"http://evil.example:{port}/{url_path}", drawn=False)
    try:
        html = page.content()
        shown = [name for name in _customer_names(sample_workbook) if name in html]
        assert shown == []
        assert "当前操作人" not in html  # nor the sidebar: nothing of the app was drawn
    finally:
        context.close()


def test_the_same_server_under_localhost_shows_the_customers(rebinding_browser, app_server, sample_workbook):
    port = app_server.url.rsplit(":", 1)[1].strip("/")
    context, page = _open(rebinding_browser, f"http://localhost:{port}/due", drawn=True)
    try:
        html = page.content()
        assert "不是本机的名字" not in html
        assert any(name in html for name in _customer_names(sample_workbook))
    finally:
        context.close()

"""The app needs no internet at run time: every page in the browser asks only the app's own server."""

from __future__ import annotations

from urllib.parse import urlsplit

import i18n
from tests.support.browser.helpers import choose_page, goto, set_language
from ui import pages as ui_pages


def test_every_page_loads_everything_from_the_app_itself_and_nothing_from_the_internet(app_url, page):
    hosts: dict[str, str] = {}  # a host asked, and one address asked of it

    def asked(request) -> None:
        url = urlsplit(request.url)
        if url.scheme in ("http", "https", "ws", "wss"):  # data: and blob: never leave the browser
            hosts.setdefault(url.hostname or "", request.url)

    page.on("request", asked)
    goto(page, app_url)
    set_language(page, "zh")
    for spec in ui_pages.available():
        choose_page(page, i18n.t(spec.title_key, "zh"))
    page.wait_for_timeout(1000)  # the tab icon and late fonts are fetched after the first run
    assert set(hosts) == {"127.0.0.1"}, hosts


def test_the_tab_icon_is_the_apps_own_picture(app_url, page):
    goto(page, app_url)
    icon = page.locator('link[rel="shortcut icon"], link[rel="icon"]').first.get_attribute("href") or ""
    assert urlsplit(icon).hostname in (None, "127.0.0.1"), icon
    assert icon.endswith(".png"), icon

"""A hostile workbook in headless Chromium: names, checklist items and a lock-file user that look like
Markdown or HTML are shown as typed (no remote image, no link to their host, no bold), and the
right-to-left override in every name is gone, on the due, morning, deliveries and health pages and
in the sidebar, in both languages."""

from __future__ import annotations

import pytest

from tests.support.browser import helpers
from tests.support.browser.helpers import assert_no_error_box, goto, set_language, sidebar_text
from tests.support.hostile import HOSTILE_HOST, RLO, markup_workbook
from tests.support.sample import SAMPLE_TODAY

PAGES = ("due", "morning", "deliveries", "health")
NAMES_SHOWN_ON = ("due", "morning", "deliveries")  # pages that list customers, consultants or checklist items


@pytest.fixture(scope="module")
def hostile_url(tmp_path_factory):
    home = tmp_path_factory.mktemp("plain_text")
    workbook = markup_workbook(home / "hostile.xlsx", "zh", SAMPLE_TODAY)
    server = helpers.start_server(workbook, SAMPLE_TODAY, home / "home")
    yield server.url
    server.stop()


_RENDERED = """([host, tags, word, typed]) => [...document.querySelectorAll(tags)]
    .map(e => e.textContent.replaceAll("\\u2060", ""))  // the word joiner that keeps `:red[` from matching
    .filter(text => text.includes(word) && !text.includes(typed)).length"""


def _rendered(page, tags: str, word: str, typed: str) -> int:
    """Elements of `tags` holding `word` without the markup typed around it (the app may make a whole
    line bold or red: its text then still shows the stars or the `:red[...]` as typed)."""
    return page.evaluate(_RENDERED, [HOSTILE_HOST, tags, word, typed])


def _markup_rendered(page) -> dict[str, int]:
    """How many elements on the page were made from the hostile text's markup."""
    return {
        "remote images": page.locator(f'img[src*="{HOSTILE_HOST}"]').count(),
        # in-app links carry a consultant's name in their query (`due?consultant=...`): only the host counts
        "links to the hostile host": page.evaluate(
            "host => [...document.querySelectorAll('a[href]')].filter(a => new URL(a.href).host === host).length",
            HOSTILE_HOST,
        ),
        "bold hostile text": _rendered(page, "strong, b", "粗体", "**粗体**")
        + _rendered(page, "strong, b", "锁定者", "**锁定者**"),
        "red hostile text": _rendered(page, '[class*="Colored"]', "红字", ":red[红字]"),
        "typeset math": page.locator(".katex").count(),
    }


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_hostile_text_is_shown_as_typed_on_the_pages_and_the_sidebar(hostile_url, page, lang):
    goto(page, hostile_url, "due")
    set_language(page, lang)
    for url_path in PAGES:
        goto(page, hostile_url, url_path)
        assert_no_error_box(page)
        assert _markup_rendered(page) == dict.fromkeys(_markup_rendered(page), 0), url_path
        body = page.locator("body").inner_text().replace("\u2060", "")  # word joiners are invisible
        assert RLO not in body, url_path
        # the lock holder is named as typed, stars and all
        assert "**锁定者**" in sidebar_text(page), url_path
        if url_path in NAMES_SHOWN_ON:
            assert "**粗体**" in body and f"![i](http://{HOSTILE_HOST}/x.png)" in body, url_path
            assert f"<b>B</b> www.{HOSTILE_HOST}" in body, url_path

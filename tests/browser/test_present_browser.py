"""The meetings in present mode on a 1920x1080 projector, in both languages: every section walked, type measured, no scrolling.

The workbook's case-review day is set to the sample's day, so the evening shows the weekly won/lost review too.
With BROWSER_SHOTS set, every screen is saved there as a png.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

import i18n
from tests.support.browser import helpers
from tests.support.browser.helpers import assert_no_error_box, choose_page, goto, wait_for_run
from tests.support.sample import SAMPLE_TODAY as TODAY
from workbook import operations, writing

SHOTS = Path(os.environ["BROWSER_SHOTS"]) if os.environ.get("BROWSER_SHOTS") else None
MORNING = ["rota", "yesterday", "today", "pace", "followups", "bookings"]
EVENING = ["results", "traffic", "lost", "tomorrow", "check", "review"]
BODY_PX = 24
FIGURE_PX = 48

# What the back row reads of the current screen: text smaller than the body size, the key figures' sizes, and
# whether any scroller (the document, Streamlit's main area) scrolls down or sideways.
MEASURE = """() => {
  const roots = [document.querySelector('.pr-screen'), document.querySelector('.pr-title'),
                 ...document.querySelectorAll('[class*="st-key-present_"][class*="_bar"] button, '
                                              + '[class*="st-key-present_"][class*="_bar"] label')];
  const small = [];
  for (const root of roots) {
    if (!root) continue;
    for (const el of [root, ...root.querySelectorAll('*')]) {
      const own = [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim());
      if (!own || !el.getClientRects().length) continue;
      const px = parseFloat(getComputedStyle(el).fontSize);
      if (px < BODY_PX) small.push(`${el.tagName}.${el.className} "${el.textContent.trim().slice(0, 24)}" ${px}px`);
    }
  }
  const figures = [...document.querySelectorAll('.pr-screen .pr-num b')].map(b => parseFloat(getComputedStyle(b).fontSize));
  const scrolls = [];
  for (const el of [document.scrollingElement, ...document.querySelectorAll(
      '[data-testid="stMain"], [data-testid="stAppViewContainer"], [data-testid="stMainBlockContainer"]')]) {
    const scroller = el === document.scrollingElement || ['auto', 'scroll'].includes(getComputedStyle(el).overflowY);
    if (scroller && el.scrollHeight > el.clientHeight + 2)
      scrolls.push(`down: ${el.tagName}.${el.getAttribute('data-testid')} ${el.scrollHeight}>${el.clientHeight}`);
    if (el.scrollWidth > el.clientWidth + 2)
      scrolls.push(`sideways: ${el.tagName}.${el.getAttribute('data-testid')} ${el.scrollWidth}>${el.clientWidth}`);
  }
  const bar = document.querySelector('.pr-title');
  return {small, figures, scrolls, section: bar.dataset.section, title: bar.innerText,
          screen: document.querySelector('.pr-screen').dataset.screen,
          screens: document.querySelector('.pr-screen').dataset.screens};
}""".replace("BODY_PX", str(BODY_PX))


@pytest.fixture(scope="module")
def review_server(sample_workbook, tmp_path_factory):
    """A server of this module's own on a copy of the sample whose case-review weekday is the sample's day."""
    home = tmp_path_factory.mktemp("present")
    copy = home / "present.xlsx"
    shutil.copyfile(sample_workbook, copy)
    writing.apply(copy, [operations.set_setting("case_review_weekday", TODAY.isoweekday())])
    server = helpers.start_server(copy, TODAY, home / "home")
    yield server
    server.stop()


@pytest.fixture
def projector(browser):
    """A fresh browser session the size of a 1080p projector."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, locale="zh-CN")
    pg = context.new_page()
    pg.set_default_timeout(helpers.RUN_TIMEOUT_MS)
    yield pg
    context.close()


def _wait_for_screen(page, shown: dict, *, moved: bool, after: str) -> None:
    """Until the app has run and shows another screen than `shown` (moved) or that very screen again; `after`
    names the action (a lost key press fails saying which key, on which screen)."""
    wait_for_run(page)
    try:
        page.wait_for_function(
            "([s, n, moved]) => { const e = document.querySelector('.pr-screen');"
            " return e && (e.dataset.section !== s || e.dataset.screen !== n) === moved; }",
            arg=[shown["section"], shown["screen"], moved],
        )
    except PlaywrightTimeout:
        now = page.evaluate(MEASURE)
        raise AssertionError(
            f"{after} on {shown['section']} {shown['screen']}/{shown['screens']}: still at {now['section']} "
            f"{now['screen']}/{now['screens']} after {helpers.RUN_TIMEOUT_MS / 1000:.0f} s"
        ) from None


def _walk(page, meeting: str, lang: str) -> list[str]:
    """Every screen of the meeting from the first, by next (the arrow key or Page Down on two screens of three);
    the sections seen. Page Up on the second screen goes back to the first."""
    page.locator(f".st-key-present_{meeting}_enter button").click()
    wait_for_run(page)
    page.locator(".pr-screen").wait_for()
    seen: list[str] = []
    last = None
    for step in range(60):
        assert_no_error_box(page)
        shown = page.evaluate(MEASURE)
        where = f"{meeting} {lang} {shown['title']!r}"
        if not seen or seen[-1] != shown["section"]:
            assert shown["screen"] == "1", f"{where}: a section opens at its first screen"
            assert last is None or last["screen"] == last["screens"], f"{where}: the last section was left early"
            seen.append(shown["section"])
            total = len(MORNING if meeting == "morning" else EVENING)
            assert shown["title"].startswith(f"{len(seen)} / {total} · "), where
        else:
            assert int(shown["screen"]) == int(last["screen"]) + 1, f"{where}: one screen at a time"
        assert not shown["small"], f"{where}: text under {BODY_PX}px: {shown['small'][:5]}"
        assert all(px >= FIGURE_PX for px in shown["figures"]), f"{where}: figures {shown['figures']}"
        if shown["section"] != "tomorrow":  # the plan cards are text; every other section leads with its figures
            assert shown["figures"], f"{where}: no key figures"
        assert not shown["scrolls"], f"{where}: {shown['scrolls']}"
        if SHOTS is not None:
            SHOTS.mkdir(parents=True, exist_ok=True)
            name = f"present-{meeting}-{lang}-{step:02d}-{shown['section']}-{shown['screen']}.png"
            page.screenshot(path=str(SHOTS / name))
        if step == 1:  # a clicker's back key: one screen back, then on again
            page.locator(".pr-screen").click()
            page.keyboard.press("PageUp")
            _wait_for_screen(page, shown, moved=True, after=f"{meeting} {lang}: Page Up")
            back = page.evaluate(MEASURE)
            assert (back["section"], back["screen"]) == (last["section"], last["screen"]), f"{where}: Page Up"
            page.locator(f".st-key-present_{meeting}_next button").click()
            _wait_for_screen(page, shown, moved=False, after=f"{meeting} {lang}: next, after Page Up")
        last = shown
        button = page.locator(f".st-key-present_{meeting}_next button")
        if button.is_disabled():
            break
        action = "the next button"
        if step % 3:  # the arrow key, and a presentation clicker's Page Down
            page.locator(".pr-screen").click()  # the page, not an input, has the focus: the key is for the app
            action = "ArrowRight" if step % 3 == 1 else "PageDown"
            page.keyboard.press(action)
        else:
            button.click()
        _wait_for_screen(page, shown, moved=True, after=f"{meeting} {lang}: {action}")
    page.locator(f".st-key-present_{meeting}_exit button").click()
    wait_for_run(page)
    assert page.locator(".pr-screen").count() == 0
    return seen


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_both_meetings_show_one_readable_section_a_screen_at_1080p(review_server, projector, lang):
    page = projector
    goto(page, review_server.url)
    helpers.set_language(page, lang)
    assert _walk(page, "morning", lang) == MORNING
    choose_page(page, i18n.t("ui.page.evening", lang))
    assert _walk(page, "evening", lang) == EVENING

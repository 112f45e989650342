"""The real app in headless Chromium: every page in both languages, the sidebar, refresh on save."""

from __future__ import annotations

import os
import re
import shutil
import time
from datetime import datetime
from pathlib import Path

import pytest

import i18n
from tests.support.browser.helpers import (
    assert_no_error_box,
    choose_page,
    fill_text,
    goto,
    main_text,
    set_language,
    sidebar_text,
    title,
    wait_for_run,
)
from ui import pages as ui_pages

PAGES = ui_pages.available()
SHOTS = Path(os.environ.get("BROWSER_SHOTS", "")) if os.environ.get("BROWSER_SHOTS") else None


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_shows_its_title_and_no_error_in_both_languages(app_url, page, lang):
    goto(page, app_url)
    set_language(page, lang)
    for spec in PAGES:
        choose_page(page, i18n.t(spec.title_key, lang))
        assert title(page) == i18n.t(spec.title_key, lang), spec.file
        assert_no_error_box(page)
        if SHOTS is not None:
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"{spec.url_path}-{lang}.png"), full_page=True)


def test_each_page_opens_directly_by_its_url(app_url, page):
    for spec in PAGES:
        goto(page, app_url, spec.url_path)
        assert title(page) in (i18n.t(spec.title_key, "zh"), i18n.t(spec.title_key, "en"))
        assert_no_error_box(page)
        # the first page too (served at the root): a bookmark to its own path gets no "page not found"
        assert page.get_by_role("dialog").count() == 0, f"/{spec.url_path}: {page.get_by_role('dialog').inner_text()}"


def test_chinese_text_is_rendered_with_a_cjk_font(app_url, page):
    goto(page, app_url, "health")
    set_language(page, "zh")
    heading = page.locator('[data-testid="stMain"] h1').first
    assert heading.inner_text().strip() == "工作簿检查"
    # a missing CJK font renders tofu boxes of equal width; real glyphs make the heading wide enough
    box = heading.bounding_box()
    assert box is not None and box["width"] > 60


def _open_other(page) -> None:
    """Unfold the sidebar's "open another workbook" (other expanders stand above it)."""
    names = "|".join(re.escape(i18n.t("ui.sidebar.open_other", lang)) for lang in ("zh", "en"))
    page.locator('[data-testid="stSidebar"] [data-testid="stExpander"] summary', has_text=re.compile(names)).click()


def test_an_open_page_refreshes_when_the_file_is_saved_elsewhere(app_url, page, sample_workbook, tmp_path):
    copy = tmp_path / "会议用.xlsx"
    shutil.copyfile(sample_workbook, copy)
    goto(page, app_url, "health")
    page.locator(".st-key-ui_open_path input").wait_for(state="attached")
    if not page.locator(".st-key-ui_open_path input").is_visible():
        _open_other(page)
    fill_text(page, "ui_open_path", str(copy))
    page.locator(".st-key-ui_open_button button").click()
    wait_for_run(page)
    assert "会议用.xlsx" in sidebar_text(page)
    saved = datetime(2021, 3, 4, 5, 6).timestamp()
    os.utime(copy, (saved, saved))  # what an Excel save looks like from outside: a new mtime
    deadline = time.monotonic() + 15
    while "2021-03-04 05:06" not in sidebar_text(page):
        assert time.monotonic() < deadline, "the page did not pick up the saved file"
        page.wait_for_timeout(250)
    assert_no_error_box(page)


def test_an_unusable_file_shows_a_clear_error_not_a_traceback(app_url, page, tmp_path):
    bad = tmp_path / "不是工作簿.xlsx"
    bad.write_text("name,phone\n张三,13800000000\n", encoding="utf-8")
    goto(page, app_url, "health")
    set_language(page, "zh")
    if not page.locator(".st-key-ui_open_path input").is_visible():
        _open_other(page)
    fill_text(page, "ui_open_path", str(bad))
    page.locator(".st-key-ui_open_button button").click()
    # wait for what the click does, not for a run to be seen starting: on a loaded CI machine the
    # click's run once began later than wait_for_run looks for it, and the old page was read
    main = page.locator('[data-testid="stMain"]')
    try:
        main.get_by_text("无法使用这个工作簿").first.wait_for(timeout=60_000)
    except Exception as exc:
        raise AssertionError(
            f"no error for the unusable file; sidebar: {sidebar_text(page)[:800]!r}; main: {main_text(page)[:300]!r}"
        ) from exc
    wait_for_run(page)
    assert_no_error_box(page)
    assert str(bad.name) in sidebar_text(page)


def test_print_button_opens_the_browsers_print_and_print_view_hides_the_sidebar(app_url, page):
    goto(page, app_url, "health")
    set_language(page, "zh")
    page.evaluate("window.__printed = 0; window.print = () => { window.__printed += 1; }")
    page.locator('[data-testid="ui-print-button"]').first.click()
    assert page.evaluate("window.__printed") == 1
    page.locator(".st-key-ui_print_view").click()
    wait_for_run(page)
    assert not page.locator('[data-testid="stSidebar"]').is_visible()
    assert "星辰汽车4S店 · 工作簿检查" in main_text(page)  # the print header: store, title, date
    page.emulate_media(media="print")
    assert not page.locator('[data-testid="ui-print-button"]').first.is_visible()


def test_a_choice_shown_before_the_language_changes_is_shown_in_the_new_language(app_url, page):
    goto(page, app_url, "due")
    select = page.locator(".st-key-due_consultant_").first

    def shown() -> str:  # the label and the value the box shows (an input's value, or text)
        return " ".join([select.inner_text(), *(i.input_value() for i in select.locator("input").all())])

    assert "全部" in shown()
    set_language(page, "en")
    assert "Everyone" in shown() and "全部" not in shown()

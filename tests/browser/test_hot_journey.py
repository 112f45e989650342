"""The monthly hot-lead table in a real browser, in both languages: table, list filter, charts, export."""

from __future__ import annotations

import io
import os
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout

import i18n
from tests.support.browser.helpers import assert_no_error_box, goto, main_text, save_download, title, wait_for_run
from tests.support.sample import SAMPLE_TODAY as TODAY

SHOTS = Path(os.environ["BROWSER_SHOTS"]) if os.environ.get("BROWSER_SHOTS") else None


def _shot(page, name: str) -> None:
    """A screenshot of the whole page (the main area scrolls inside the window, so make the window tall)."""
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        size = page.viewport_size
        height = page.evaluate("document.querySelector('[data-testid=\\'stMain\\']').scrollHeight")
        page.set_viewport_size({"width": size["width"], "height": min(int(height) + 100, 8000)})
        wait_for_run(page)
        page.screenshot(path=str(SHOTS / f"hot-{name}.png"), full_page=True)
        page.set_viewport_size(size)


def _pick(page, key: str, option: str) -> None:
    """Choose `option` in the select/multiselect `key`, trying again if a rerun closed the dropdown."""
    for _ in range(4):
        page.locator(f".st-key-{key} [role='combobox']").first.click()
        try:
            page.get_by_role("option", name=option, exact=True).first.click(timeout=5_000)
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
            wait_for_run(page)
            continue
        page.keyboard.press("Escape")
        wait_for_run(page)
        return
    raise AssertionError(f"could not choose {option!r} in {key!r}")


def _language(page, lang: str) -> None:
    _pick(page, "ui_lang", "中文" if lang == "zh" else "English")


def _open(page, url: str, lang: str) -> None:
    goto(page, url, "hot")
    _language(page, lang)
    page.wait_for_selector('[data-testid="hot-table"]')
    page.wait_for_selector('[data-testid="stVegaLiteChart"] canvas, [data-testid="stVegaLiteChart"] svg')
    wait_for_run(page)


def _table_rows(page) -> list[list[str]]:
    return page.locator('[data-testid="hot-table"] tbody tr').evaluate_all(
        "rows => rows.map(r => Array.from(r.cells).map(c => c.innerText.trim()))"
    )


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_hot_table_list_and_charts_show_in_both_languages(app_url, page, lang):
    _open(page, app_url, lang)
    assert title(page) == i18n.t("ui.page.hot", lang)
    text = main_text(page)
    for key in ("hot.col.start", "hot.col.now", "hot.col.upgraded", "hot.list.title", "hot.chart.mix"):
        assert i18n.t(key, lang) in text, key
    rows = _table_rows(page)
    total = rows[-1]
    assert total[0] == i18n.t("hot.total", lang)
    assert int(total[-1]) > 0  # hot customers now, in all
    assert page.locator('[data-testid="stVegaLiteChart"]').count() == 4
    assert_no_error_box(page)
    _shot(page, f"page-{lang}")


def test_grouping_by_source_shows_source_labels(app_url, page):
    _open(page, app_url, "zh")
    page.locator(".st-key-hot_by button", has_text=i18n.t("hot.by.source", "zh")).first.click()
    wait_for_run(page)
    names = [r[0] for r in _table_rows(page)]
    assert "自然到店" in names and "网络" in names
    assert_no_error_box(page)


def test_filtering_the_list_by_grade_keeps_only_that_grade(app_url, page):
    _open(page, app_url, "en")
    before = page.locator('[data-testid="stCaptionContainer"]', has_text=" shown (").first.inner_text()
    _pick(page, "hot_filter_grade", "H")
    after = page.locator('[data-testid="stCaptionContainer"]', has_text=" shown (").first.inner_text()
    shown_before, shown_after = int(before.split()[0]), int(after.split()[0])
    assert 0 < shown_after < shown_before
    assert_no_error_box(page)
    _shot(page, "filtered-en")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_export_downloads_an_a4_workbook_with_the_table_and_chart_images(app_url, page, lang, tmp_path):
    _open(page, app_url, lang)
    path = tmp_path / f"hot-{lang}.xlsx"
    button = page.get_by_role("button", name=i18n.t("hot.export.button", lang)).first
    download = save_download(page, button.click, path)
    assert download.suggested_filename == f"hot-{TODAY:%Y-%m}.xlsx"
    book = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))
    names = [ws.title for ws in book.worksheets]
    assert names == [i18n.t(f"hot.export.sheet.{s}", lang) for s in ("list", "totals", "charts")]
    listed = [r for r in book.worksheets[0].iter_rows(min_row=5, values_only=True) if r[1]]
    assert len(listed) > 10
    assert book.worksheets[0].page_setup.orientation == "landscape"
    assert len(book.worksheets[2]._images) == 4
    title = i18n.t("hot.chart.funnel", lang)
    with page.expect_download(timeout=120_000) as png:
        page.get_by_role("button", name=i18n.t("hot.export.png", lang, name=title)).first.click()
    assert png.value.suggested_filename == f"hot-funnel-{TODAY:%Y-%m}.png"
    assert Path(png.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    if SHOTS is not None:
        (SHOTS / f"hot-export-{lang}.xlsx").write_bytes(path.read_bytes())

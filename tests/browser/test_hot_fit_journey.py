"""The monthly hot-lead table fits the main area of a 1366×768 laptop screen, in zh and en, on the
sample and on a messy workbook (title rows, a moved column, dates typed as text, long names); no table
on the hot page or on plan vs actual hides a column behind a sideways scroll there (sidebar open), nor
the deliveries week with the messy workbook's long names."""

from __future__ import annotations

import pytest

from tests.support.browser import helpers
from tests.support.browser.helpers import assert_no_error_box, goto, set_language
from tests.support.messy import LONG_NAMES, write_messy
from tests.support.sample import SAMPLE_TODAY as TODAY

LAPTOP = {"width": 1366, "height": 768}
MEASURE = """() => {
  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  const style = getComputedStyle(main);
  const box = main.getBoundingClientRect();
  const right = box.right - parseFloat(style.paddingRight);
  const wrap = document.querySelector('.hot-wrap');
  const table = document.querySelector('.hot-table');
  return {table_right: table.getBoundingClientRect().right, main_right: right,
          wrap_scroll: wrap.scrollWidth, wrap_client: wrap.clientWidth};
}"""


# every box in the main area that scrolls sideways (a grid's scroller, an HTML table's wrapper), by how much
SIDEWAYS = """() => {
  const main = document.querySelector('[data-testid="stMainBlockContainer"]');
  const boxes = [...main.querySelectorAll('*')].filter(el => {
    const overflow = getComputedStyle(el).overflowX;
    return el.clientWidth > 0 && (overflow === 'auto' || overflow === 'scroll' || el.matches('.dvn-scroller'));
  });
  return {boxes: boxes.length, grids: main.querySelectorAll('.dvn-scroller').length,
          sideways: boxes.filter(el => el.scrollWidth > el.clientWidth + 1)
                         .map(el => ({cls: String(el.className).slice(0, 60), scroll: el.scrollWidth, client: el.clientWidth}))};
}"""


@pytest.fixture(scope="module")
def messy_server(browser_home):
    path = write_messy(browser_home / "messy-hot.xlsx", TODAY)
    server = helpers.start_server(path, TODAY, browser_home / "home-messy-hot")
    yield server
    server.stop()


def _fits(page, url: str, lang: str) -> dict:
    page.set_viewport_size(LAPTOP)
    goto(page, url, "hot")
    set_language(page, lang)
    page.locator(".hot-table tbody tr").first.wait_for()
    assert_no_error_box(page)
    return page.evaluate(MEASURE)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_hot_table_fits_a_laptop_screen_on_the_sample(app_server, page, lang):
    m = _fits(page, app_server.url, lang)
    assert m["wrap_scroll"] <= m["wrap_client"], m  # nothing hidden behind a sideways scroll
    assert m["table_right"] <= m["main_right"] + 1, m


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_hot_table_fits_a_laptop_screen_with_long_names_on_a_messy_workbook(messy_server, page, lang):
    m = _fits(page, messy_server.url, lang)
    names = page.locator(".hot-table td.name").all_inner_texts()
    assert any(LONG_NAMES[0] in n.replace("\n", "") for n in names)  # the messy file's names were read
    assert m["wrap_scroll"] <= m["wrap_client"], m
    assert m["table_right"] <= m["main_right"] + 1, m


def _sideways(page, url: str, path: str, lang: str, ready: str) -> dict:
    page.set_viewport_size(LAPTOP)
    goto(page, url, path)
    set_language(page, lang)
    page.locator(ready).first.wait_for()
    page.wait_for_timeout(500)  # the grids lay out their columns after they appear
    assert_no_error_box(page)
    assert page.locator('[data-testid="stSidebar"]').first.is_visible()  # measured with the sidebar open
    return page.evaluate(SIDEWAYS)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_table_on_the_hot_page_scrolls_sideways_on_a_laptop_screen(app_server, page, lang):
    m = _sideways(page, app_server.url, "hot", lang, '[data-testid="stDataFrame"] .dvn-scroller')
    assert m["grids"] >= 1 and m["boxes"] >= 2, m  # the hot list's grid and the monthly table were measured
    assert m["sideways"] == [], m


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_no_table_on_plan_vs_actual_scrolls_sideways_on_a_laptop_screen(app_server, page, lang):
    m = _sideways(page, app_server.url, "plan_actual", lang, ".dvn-scroller")
    assert m["grids"] >= 1, m  # next month's targets
    assert m["sideways"] == [], m


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_deliveries_week_keeps_its_late_items_in_sight_with_long_names_on_a_messy_workbook(
    messy_server, page, lang
):
    m = _sideways(page, messy_server.url, "deliveries", lang, '[data-testid="stDataFrame"] .dvn-scroller')
    assert m["grids"] >= 1, m  # the week's overview
    assert m["sideways"] == [], m

"""A consultant's phone (390x844), signed in on the showroom network, in Chinese and English (the workbook's
default language): the first customer and its call button on the first screen, every control in it
thumb-sized, text readable, nothing scrolling sideways; after a sidebar search the sidebar folds away from the
results. Screenshots go to BROWSER_SHOTS when it is set, to be looked at."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

import pytest

import i18n
from access.pins import PinStore
from tests.support.browser import helpers
from tests.support.sample import SAMPLE_TODAY, make_sample

PHONE = {"width": 390, "height": 844}
PIN = "1357"
CONSULTANT = {"zh": "蒋婷", "en": "Jiang Ting"}  # the same person in the zh and en samples
SHOTS = Path(os.environ["BROWSER_SHOTS"]) if os.environ.get("BROWSER_SHOTS") else None

# every control a thumb may tap on the first screen (a select whole, not its arrow): (tag, top, height, width, text)
_CONTROLS = """() => [...document.querySelectorAll(
    '[data-testid=stMain] button, [data-testid=stMain] a[href], [data-testid=stMain] summary,'
    + ' [data-testid=stMain] [data-baseweb=select] > div, [data-testid=stExpandSidebarButton]')]
  .filter(e => e.offsetParent && getComputedStyle(e).opacity !== '0')
  .filter(e => e.matches('[data-baseweb=select] > div') || !e.closest('[data-testid=stSelectbox]'))  // a select is one
  .map(e => { const r = e.getBoundingClientRect();
    return [e.tagName, Math.round(r.top), Math.round(r.height), Math.round(r.width), e.innerText.slice(0, 30)] })
  .filter(([, top, h]) => h > 0 && top < innerHeight)"""

# the font size of every piece of text shown on the first screen
_TEXT_SIZES = """() => [...document.querySelectorAll('[data-testid=stMain] *')]
  .filter(e => e.offsetParent && [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())
          && e.getBoundingClientRect().top < innerHeight)
  .map(e => [parseFloat(getComputedStyle(e).fontSize), e.textContent.trim().slice(0, 30)])"""


@pytest.fixture(scope="module", params=["zh", "en"])
def phone_server(request, tmp_path_factory):
    lang = request.param
    home = tmp_path_factory.mktemp(f"phone-{lang}")
    book = make_sample(home / f"sample-{lang}.xlsx", lang)
    PinStore(home / "home" / "config" / "dealer-workbook").set_pin(CONSULTANT[lang], PIN, datetime.now())
    server = helpers.start_server(
        book, SAMPLE_TODAY, home / "home", app_args=("--lan",), env_extra={"DEALER_LAN_TEST_REMOTE": "1"}
    )
    yield server, lang
    server.stop()


@pytest.fixture
def phone(browser, phone_server):
    _, lang = phone_server
    context = browser.new_context(
        viewport=PHONE, locale="zh-CN" if lang == "zh" else "en-US", is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(helpers.RUN_TIMEOUT_MS)
    yield page
    context.close()


def _signed_in_due(page, server, lang: str) -> None:
    page.goto(f"{server.url}/due")
    page.locator(".st-key-ui_signin").wait_for()
    page.locator(".st-key-ui_signin input[type=password]").fill(PIN)  # the only name with a PIN is chosen
    page.locator(".st-key-ui_signin [data-testid=stBaseButton-primary]").click()
    page.locator(".due-card").first.wait_for()
    # signed in, the run reruns the app: the form goes when that run ends (CI once measured its PIN
    # field's show button on a first screen that already held the cards)
    page.locator(".st-key-ui_signin").wait_for(state="detached")
    helpers.wait_for_run(page)


def _shot(page, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / name))


def test_a_consultants_due_page_fits_a_phone(phone_server, phone):
    server, lang = phone_server
    _signed_in_due(phone, server, lang)
    _shot(phone, f"phone-due-{lang}.png")

    assert i18n.t("ui.page.due", lang) in helpers.main_text(phone), "the page is in the workbook's language"
    first = phone.locator(".due-card").first
    call = phone.locator('[data-testid=stMain] a.due-call[href^="tel:"]').first
    for seen in (first, call):
        box = seen.bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= PHONE["height"]
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= PHONE["width"], "nothing scrolls sideways"
    small = [c for c in phone.evaluate(_CONTROLS) if c[2] < 44 or c[3] < 44]
    assert small == [], "every control on the first screen is at least 44 px"
    tiny = [t for t in phone.evaluate(_TEXT_SIZES) if t[0] < 14]
    assert tiny == [], "text is readable without zooming"


def test_a_sidebar_search_on_a_phone_folds_the_sidebar_over_the_results(phone_server, phone):
    server, lang = phone_server
    _signed_in_due(phone, server, lang)
    phone.locator('[data-testid="stExpandSidebarButton"]').click()
    sidebar = phone.locator('[data-testid="stSidebar"]')
    phone.wait_for_function("document.querySelector('[data-testid=stSidebar]').dataset.collapsed === 'false'")
    search = phone.locator(".st-key-ui_customer_search input").first
    search.fill("C01424")
    search.press("Enter")
    phone.wait_for_url(lambda url: "/customers" in url, timeout=helpers.RUN_TIMEOUT_MS)
    helpers.wait_for_run(phone)
    phone.wait_for_function("document.querySelector('[data-testid=stSidebar]').dataset.collapsed === 'true'")
    assert sidebar.get_attribute("data-collapsed") == "true"
    _shot(phone, f"phone-search-{lang}.png")

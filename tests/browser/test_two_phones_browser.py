"""Two phones at once (issue 19 item 6): a consultant and the manager, both signed in on the showroom network,
log the same due item within a second. Both contacts are in the file, which stays valid, and the one who saved
second is told the item had just been done by the first. Loopback browsers count as remote here
(DEALER_LAN_TEST_REMOTE=1)."""

from __future__ import annotations

import shutil
from datetime import datetime

import pytest

import i18n
from access.pins import PinStore
from tests.support.browser import helpers
from tests.support.sample import SAMPLE_TODAY
from tests.support.shared import validation_problems
from workbook.reading import read_workbook

CONSULTANT, MANAGER, PIN = "蒋婷", "谢雨伟", "1357"


@pytest.fixture(scope="module")
def lan_server(sample_workbook, tmp_path_factory):
    home = tmp_path_factory.mktemp("two-phones")
    copy = home / "two-phones.xlsx"
    shutil.copyfile(sample_workbook, copy)
    pins = PinStore(home / "home" / "config" / "dealer-workbook")
    for name in (CONSULTANT, MANAGER):
        pins.set_pin(name, PIN, datetime.now())
    server = helpers.start_server(
        copy, SAMPLE_TODAY, home / "home", app_args=("--lan",), env_extra={"DEALER_LAN_TEST_REMOTE": "1"}
    )
    yield server, copy
    server.stop()


def _phone(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(helpers.RUN_TIMEOUT_MS)
    return context, page


def _signed_in(page, url: str, name: str) -> None:
    """Open `url` on this phone and sign in as `name`."""
    page.goto(url)
    page.locator(".st-key-ui_signin").wait_for()
    box = page.locator(".st-key-ui_signin_name input").first
    box.click()
    box.fill(name)
    page.locator('[role="option"]', has_text=name).first.click()
    page.locator(".st-key-ui_signin input[type=password]").fill(PIN)
    page.locator(".st-key-ui_signin [data-testid=stBaseButton-primary]").click()
    page.get_by_text(f"已登录：{name}").wait_for()
    helpers.wait_for_run(page)


def _cards(page) -> list[str]:
    page.locator(".due-card").first.wait_for()
    return page.locator(".due-card").evaluate_all("cards => cards.map(c => c.dataset.customer)")


def _fill_reached(page, customer: str, note: str) -> None:
    """Open the card's reached form and type the note, ready to save."""
    key = f"card_{customer}"
    page.locator(f".st-key-{key}").first.scroll_into_view_if_needed()
    page.locator(f".st-key-{key}_rp button").first.click()
    page.locator(f".st-key-{key}_note textarea").first.fill(note)


def _save(page, customer: str) -> None:
    page.locator(f".st-key-card_{customer}_rf_save button").first.click()


def test_two_phones_logging_the_same_item_keep_both_and_tell_the_second(browser, lan_server):
    server, path = lan_server
    first_ctx, first = _phone(browser)
    second_ctx, second = _phone(browser)
    try:
        _signed_in(first, f"{server.url}/due", CONSULTANT)
        _signed_in(second, f"{server.url}/due?consultant={CONSULTANT}", MANAGER)  # the manager opens her list
        shared = [c for c in _cards(first) if c in set(_cards(second))]
        assert shared, "both phones show the consultant's due cards"
        customer = shared[0]
        _fill_reached(first, customer, "蒋婷打的电话")
        _fill_reached(second, customer, "经理也打了")
        _save(first, customer)
        _save(second, customer)  # within a second of the first: both runs are on the server at once
        helpers.wait_for_run(first)
        helpers.wait_for_run(second)

        rows = [r for r in helpers.sheet_rows(path, "contacts") if r["result"] in ("蒋婷打的电话", "经理也打了")]
        assert sorted((r["customer_id"], r["recorded_by"]) for r in rows) == sorted(
            [(customer, CONSULTANT), (customer, MANAGER)]
        )
        assert validation_problems(path) == []

        earlier, later = rows  # in the order written: the one who saved second is told
        told, untold = (first, second) if later["recorded_by"] == CONSULTANT else (second, first)
        name = read_workbook(path).frames["customers"].set_index("customer_id").loc[customer, "name"]
        said = i18n.t("due.page.just_done", "zh", name=name, by=earlier["recorded_by"], at=earlier["time"])
        told.get_by_text(said).wait_for(timeout=10_000)
        assert said not in helpers.main_text(untold)
    finally:
        first_ctx.close()
        second_ctx.close()

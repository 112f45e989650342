"""The pages a phone shows, at 390x844 in Chinese and English (the app following the workbook's default language):
a consultant's deliveries with their checklists, the front desk's showroom log, no as-of date, nothing
scrolling sideways, tap targets a thumb can hit. Loopback browsers count as remote (DEALER_LAN_TEST_REMOTE=1)."""

from __future__ import annotations

import os
import shutil
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest

import i18n
from access.pins import PinStore
from logic.deliveries_view import DAYS_AHEAD
from tests.support.browser import helpers
from tests.support.sample import SAMPLE_TODAY, make_sample
from workbook import schema

SHOTS = Path(os.environ["BROWSER_SHOTS"]) if os.environ.get("BROWSER_SHOTS") else None
CONSULTANT_ROW, FRONT_DESK_ROW = 11, 22  # staff rows of the sample (seed 1): a consultant with deliveries this week
MANAGER_ROW = 0  # the sample's first staff member, a manager
PIN = "2468"
WRITE_TIMEOUT_S = 120  # a write on a loaded 2-core machine


@pytest.fixture(scope="module", params=["zh", "en"])
def phone_server(request, tmp_path_factory):
    """(server, workbook path, lang, consultant, front desk): the sample in `lang`, both names with a PIN."""
    lang = request.param
    home = tmp_path_factory.mktemp(f"phones-{lang}")
    path = make_sample(home / f"phones-{lang}.xlsx", lang)
    staff = helpers.sheet_rows(path, "staff")
    consultant, front_desk = str(staff[CONSULTANT_ROW]["name"]), str(staff[FRONT_DESK_ROW]["name"])
    pins = PinStore(home / "home" / "config" / "dealer-workbook")
    for name in (consultant, front_desk, str(staff[MANAGER_ROW]["name"])):
        pins.set_pin(name, PIN, datetime.now())
    server = helpers.start_server(
        path, SAMPLE_TODAY, home / "home", app_args=("--lan",), env_extra={"DEALER_LAN_TEST_REMOTE": "1"}
    )
    yield server, path, lang, consultant, front_desk
    server.stop()
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def phone(browser, request, tmp_path_factory):
    """A phone's browser (a fresh session); a failed test keeps a screenshot of what it showed."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True)
    page = context.new_page()
    page.set_default_timeout(helpers.RUN_TIMEOUT_MS)
    yield page
    report = getattr(request.node, "rep_call", None)
    if report is not None and report.failed:
        shot = tmp_path_factory.mktemp("failed") / f"{request.node.name[:80]}.png"
        page.screenshot(path=str(shot))
        request.node.add_report_section("teardown", "screenshot", str(shot))
    context.close()


def _sign_in(page, url: str, name: str) -> None:
    page.goto(url)
    form = page.locator(".st-key-ui_signin")
    form.wait_for()
    form.locator("[data-testid=stSelectbox]").click()
    page.locator('[role="option"]', has_text=name).first.click()
    form.locator("input[type=password]").fill(PIN)
    form.locator("[data-testid=stBaseButton-primary]").click()
    form.wait_for(state="detached")
    page.wait_for_function("document.cookie.includes('dealer_signin=')")  # the page sets it, as it does for a person
    # the run after the sign-in lands on the first page (the address's page is not kept through the sign-in):
    # open it again, signed in now by the cookie, as a reload would
    page.goto(url)
    helpers.wait_for_run(page)


def _shot(page, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"phone-{name}.png"))  # the first screen
        page.set_viewport_size({"width": 390, "height": 3600})  # the main area scrolls inside the page
        page.wait_for_timeout(500)
        page.screenshot(path=str(SHOTS / f"phone-{name}-all.png"))
        page.set_viewport_size({"width": 390, "height": 844})
        page.wait_for_timeout(500)


def _scrolls_sideways(page) -> bool:
    return page.evaluate("() => document.scrollingElement.scrollWidth > window.innerWidth")


def _small_tap_targets(page) -> list[str]:
    """The main area's visible buttons and checkboxes lower than 44 px (their text and height)."""
    return page.evaluate(
        """() => [...document.querySelectorAll(
                '[data-testid=stMain] button, [data-testid=stMain] [data-testid=stCheckbox] label')]
            .filter(e => e.offsetParent !== null)
            .map(e => [e.innerText.trim().slice(0, 30), e.getBoundingClientRect().height])
            .filter(([, h]) => h > 0 && h < 44)
            .map(([text, h]) => `${text} (${Math.round(h)}px)`)"""
    )


def _small_text(page) -> list[str]:
    """The main area's visible text set smaller than 14 px."""
    return page.evaluate(
        """() => [...document.querySelectorAll('[data-testid=stMain] *')]
            .filter(e => e.offsetParent !== null && [...e.childNodes].some(n => n.nodeType === 3 && n.data.trim()))
            .filter(e => parseFloat(getComputedStyle(e).fontSize) < 14)
            .map(e => `${e.innerText.trim().slice(0, 30)} (${getComputedStyle(e).fontSize})`)"""
    )


def _fits_a_phone(page) -> None:
    assert not _scrolls_sideways(page)
    assert _small_tap_targets(page) == []
    assert _small_text(page) == []


def _wait_for_row(path: Path, sheet_key: str, found) -> dict:
    for _ in range(WRITE_TIMEOUT_S * 2):  # the write lands in the file within a moment of the tap
        hit = next((r for r in helpers.sheet_rows(path, sheet_key) if found(r)), None)
        if hit is not None:
            return hit
        time.sleep(0.5)
    raise AssertionError(f"no such row on {sheet_key} after {WRITE_TIMEOUT_S}s")


# the key of the first box a person may tick and has not: the page keys each box deliv_tick_DELIVERY_ITEM_DONE
_FIRST_OPEN_TICK = """() => [...document.querySelectorAll('[data-testid=stMain] [class*="st-key-deliv_tick_"]')]
    .filter(e => e.querySelector('input:not([disabled])'))
    .flatMap(e => [...e.classList]).find(c => c.startsWith('st-key-deliv_tick_') && c.endsWith('_0'))"""


def _week_deliveries(path: Path) -> list[dict]:
    """The deliveries the page shows this week (planned, from the overdue ones to DAYS_AHEAD days ahead)."""
    end = datetime.combine(SAMPLE_TODAY + timedelta(days=DAYS_AHEAD + 1), datetime.min.time())
    planned = {"planned", *(schema.choice_list("delivery_status").label("planned", lang) for lang in ("zh", "en"))}
    return [
        r
        for r in helpers.sheet_rows(path, "deliveries")
        if r["status"] in planned and isinstance(r["scheduled"], datetime) and r["scheduled"] < end
    ]


def _owners(path: Path) -> dict[str, str]:
    return {str(r["customer_id"]): str(r["consultant"]) for r in helpers.sheet_rows(path, "customers")}


def _as_of_words(lang: str) -> list[str]:
    return [i18n.t("ui.sidebar.as_of", lang), i18n.t("due.page.as_of", lang), i18n.t("cards.as_of", lang, date="")]


def test_a_consultant_sees_only_their_deliveries_and_no_as_of_date(phone_server, phone):
    server, path, lang, consultant, _ = phone_server
    _sign_in(phone, f"{server.url}/deliveries", consultant)
    phone.locator(".st-key-deliv_screen_detail").wait_for()
    _shot(phone, f"deliveries-{lang}")
    owners = _owners(path)
    week = _week_deliveries(path)
    theirs = {str(r["customer"]) for r in week if owners.get(str(r["customer_id"])) == consultant}
    others = {str(r["customer"]) for r in week if owners.get(str(r["customer_id"])) != consultant}
    text = phone.locator("body").inner_text()
    assert theirs and all(name in text for name in theirs)
    assert [name for name in others if name in text] == []
    assert [w for w in _as_of_words(lang) if w.strip() in text] == []
    _fits_a_phone(phone)

    phone.goto(f"{server.url}/")  # the due list is a consultant's first page (at /due the app says "not found")
    helpers.wait_for_run(phone)
    _shot(phone, f"due-{lang}")
    _fits_a_phone(phone)
    phone.locator(".st-key-due_more_filters button").first.click()
    phone.locator("[data-testid=stPopoverBody]").wait_for()
    _shot(phone, f"due-filters-{lang}")
    assert phone.locator('[class*="st-key-due_as_of"]').count() == 0
    assert phone.locator('[class*="st-key-due_consultant_"]').count() == 0  # their own list, nobody else's
    text = phone.locator("body").inner_text()
    assert [w for w in _as_of_words(lang) if w.strip() in text] == []


def test_a_managers_phone_shows_the_week_as_lines_naming_each_consultant(phone_server, phone):
    # the desk's four figure cards and nine-column table filled a 390 px screen and scrolled sideways
    server, path, lang, _, _ = phone_server
    manager = str(helpers.sheet_rows(path, "staff")[MANAGER_ROW]["name"])
    _sign_in(phone, f"{server.url}/deliveries", manager)
    phone.locator(".st-key-deliv_screen_detail").wait_for()
    _shot(phone, f"deliveries-manager-{lang}")
    assert phone.locator(".st-key-deliv_screen [data-testid=stDataFrame]").count() == 0
    lines = phone.locator(".st-key-deliv_screen .dl-line").all_inner_texts()
    week = _week_deliveries(path)
    assert len(lines) >= len(week) > 0
    for r in week:  # everyone's deliveries, each line with its consultant
        assert any(str(r["customer"]) in x and str(r["consultant"]) in x for x in lines), (r["customer"], lines)
    _fits_a_phone(phone)


def test_a_consultant_ticks_an_item_of_their_own_delivery_and_it_is_recorded_as_them(phone_server, phone):
    server, path, lang, consultant, _ = phone_server
    _sign_in(phone, f"{server.url}/deliveries", consultant)
    phone.locator(".st-key-deliv_screen_detail").wait_for()
    key = phone.evaluate(_FIRST_OPEN_TICK)
    assert key, "no open item of the consultant's own to tick"
    advisor = schema.choice_list("role").label("service_advisor", lang) + ":"
    theirs = phone.locator('[data-testid=stMain] [class*="st-key-deliv_tick_"]', has_text=advisor)
    assert (
        theirs.count() and theirs.locator("input:not([disabled])").count() == 0
    )  # the advisor's items are not the consultant's to tick
    _, did, item_id, _ = key.removeprefix("st-key-").rsplit("_", 3)
    box = phone.locator(f".{key}")
    box.locator("label").click()
    row = _wait_for_row(
        path, "checklist", lambda r: (str(r["delivery_id"]), str(r["item_id"])) == (did, item_id) and r["by"]
    )
    assert row["by"] == consultant
    helpers.wait_for_run(phone)
    _shot(phone, f"deliveries-ticked-{lang}")
    _fits_a_phone(phone)


def test_the_front_desk_logs_a_visit_in_a_few_taps_and_times_it_out(phone_server, phone):
    server, path, lang, _, front_desk = phone_server
    _sign_in(phone, f"{server.url}/", front_desk)  # the showroom log is the front desk's first and only page
    phone.locator(".st-key-showroom_name input").wait_for()
    _shot(phone, f"showroom-{lang}")
    _fits_a_phone(phone)
    visitor = f"Phone visitor {lang}"
    phone.locator(".st-key-showroom_name input").fill(visitor)
    phone.locator("[data-testid=stFormSubmitButton] button").first.click()
    row = _wait_for_row(path, "showroom_log", lambda r: r["customer"] == visitor)
    assert row["recorded_by"] == front_desk and not row["time_out"]
    helpers.wait_for_run(phone)
    _shot(phone, f"showroom-logged-{lang}")
    phone.locator(f".st-key-showroom_left_{row['visit_id']} button").click()
    _wait_for_row(path, "showroom_log", lambda r: r["customer"] == visitor and r["time_out"])
    helpers.wait_for_run(phone)
    _fits_a_phone(phone)

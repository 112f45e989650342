"""Deliveries in a real browser: ticks reach the file, a template item added in Excel shows up,
completing a delivery records the handover and starts the after-delivery follow-ups."""

from __future__ import annotations

import os
from datetime import datetime, timedelta
from pathlib import Path

import pytest

import i18n
from logic.calling_hours import calling_window
from tests.support.browser import helpers
from tests.support.browser.helpers import assert_no_error_box, click_button, goto, main_text, sheet_rows
from tests.support.sample import SAMPLE_TODAY as TODAY
from tests.support.shared import validation_problems
from workbook import schema
from workbook.reading import read_workbook

SHOTS = Path(os.environ["BROWSER_SHOTS"]) if os.environ.get("BROWSER_SHOTS") else None
WRITE_TIMEOUT_MS = 120_000  # a write re-reads the workbook; on a loaded 2-core machine that takes a while
NEW_ITEM_ZH = "交车前确认行车记录仪已安装"
NEW_ITEM_EN = "Dash camera fitted before the day"
LATE_ITEM_ZH = "交车后新增: 赠送脚垫登记"


def _label(list_key: str, code: str) -> str:
    return schema.choice_list(list_key).label(code, "zh")


def _coming_delivery(path: Path) -> dict:
    """The soonest planned delivery from today on (within the page's week)."""
    planned = _label("delivery_status", "planned")
    start = datetime.combine(TODAY, datetime.min.time())
    rows = [
        r
        for r in sheet_rows(path, "deliveries")
        if r["status"] in (planned, "planned")
        and isinstance(r["scheduled"], datetime)
        and start <= r["scheduled"] < start + timedelta(days=8)
    ]
    assert rows, "the sample has no delivery planned in the coming week"
    return min(rows, key=lambda r: r["scheduled"])


def _is_yes(value: object) -> bool:
    return value is True or str(value).strip().lower() in {w.lower() for w in schema.YES_WORDS}


def _shot(page, name: str) -> None:
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        size = page.viewport_size
        page.set_viewport_size({"width": 1400, "height": 2600})  # the main area scrolls inside the page
        page.wait_for_timeout(500)
        page.screenshot(path=str(SHOTS / f"deliveries-{name}.png"), full_page=True)
        if size:
            page.set_viewport_size(size)


def _open(page, server, delivery: dict, lang: str = "zh") -> None:
    goto(page, server.url, "deliveries")
    if helpers.title(page) != i18n.t("ui.page.deliveries", lang):
        helpers.select_option(page, "ui_lang", "中文" if lang == "zh" else "English")
    helpers.select_option(page, "ui_actor", delivery["consultant"])
    helpers.select_option(page, "deliv_pick", delivery["customer"])
    assert_no_error_box(page)


def _checkbox(page, text: str):
    return page.locator('[data-testid="stCheckbox"]', has_text=text).first


def test_a_tick_is_written_to_the_checklist_sheet_with_who_and_when(own_server, page):
    server, path = own_server
    delivery = _coming_delivery(path)
    _open(page, server, delivery)
    ticked = {
        r["item_id"]
        for r in sheet_rows(path, "checklist")
        if r["delivery_id"] == delivery["delivery_id"] and _is_yes(r["done"])
    }
    item = next(r for r in sheet_rows(path, "checklist_items") if r["item_id"] not in ticked and _is_yes(r["active"]))
    box = _checkbox(page, item["item_zh"])
    assert not box.locator("input").is_checked()
    box.click()
    helpers.wait_for_run(page, WRITE_TIMEOUT_MS)
    assert_no_error_box(page)

    ticks = [
        r
        for r in sheet_rows(path, "checklist")
        if r["delivery_id"] == delivery["delivery_id"] and r["item_id"] == item["item_id"]
    ]
    assert len(ticks) == 1
    assert _is_yes(ticks[0]["done"])
    assert ticks[0]["by"] == delivery["consultant"]
    assert isinstance(ticks[0]["at"], datetime) and ticks[0]["at"].date() == TODAY
    assert _checkbox(page, item["item_zh"]).locator("input").is_checked()
    assert i18n.t("deliv.ticked", "zh", by=delivery["consultant"], when="").strip() in main_text(page)
    _shot(page, "ticked-zh")

    # and unticking is written too
    _checkbox(page, item["item_zh"]).click()
    helpers.wait_for_run(page, WRITE_TIMEOUT_MS)
    ticks = [
        r
        for r in sheet_rows(path, "checklist")
        if r["delivery_id"] == delivery["delivery_id"] and r["item_id"] == item["item_id"]
    ]
    assert len(ticks) == 1 and not _is_yes(ticks[0]["done"])


def test_an_item_added_to_the_template_in_excel_shows_for_coming_deliveries(own_server, page):
    from workbook.operations import Append
    from workbook.writing import apply

    server, path = own_server
    delivery = _coming_delivery(path)
    result = apply(
        path,
        [
            Append(
                "checklist_items",
                {
                    "item_id": "PRE-99",
                    "phase": "before",
                    "item_zh": NEW_ITEM_ZH,
                    "item_en": NEW_ITEM_EN,
                    "owner_role": "service_advisor",
                    "required": True,
                    "due_hours": -24,
                    "order": 99,
                    "active": True,
                },
            )
        ],
    )
    assert result.status == "written"
    _open(page, server, delivery)
    assert NEW_ITEM_ZH in main_text(page)
    _open(page, server, delivery, "en")
    assert NEW_ITEM_EN in main_text(page)
    _shot(page, "checklist-en")


def test_completing_a_delivery_records_the_handover_and_starts_the_after_delivery_follow_ups(own_server, page):
    server, path = own_server
    delivery = _coming_delivery(path)
    _open(page, server, delivery)
    confirm = i18n.t("deliv.complete.confirm", "zh")
    assert confirm in main_text(page), "required items are open, so completing asks for confirmation"
    click_button(page, i18n.t("deliv.complete.button", "zh"))
    assert i18n.t("deliv.complete.need_confirm", "zh") in main_text(page)
    assert next(r for r in sheet_rows(path, "deliveries") if r["delivery_id"] == delivery["delivery_id"])[
        "status"
    ] != _label("delivery_status", "done")

    _checkbox(page, confirm).click()
    page.get_by_role("button", name=i18n.t("deliv.complete.button", "zh")).first.click()
    helpers.wait_for_run(page, WRITE_TIMEOUT_MS)
    assert_no_error_box(page)

    [row] = [r for r in sheet_rows(path, "deliveries") if r["delivery_id"] == delivery["delivery_id"]]
    assert row["status"] in (_label("delivery_status", "done"), "done")
    assert isinstance(row["delivered_at"], datetime) and row["delivered_at"].date() == TODAY
    [customer] = [r for r in sheet_rows(path, "customers") if r["customer_id"] == delivery["customer_id"]]
    assert customer["grade"] == "D"
    # the checklist as it stood at the handover: a row for every item, ticked or not
    recorded = {r["item_id"] for r in sheet_rows(path, "checklist") if r["delivery_id"] == delivery["delivery_id"]}
    active = {r["item_id"] for r in sheet_rows(path, "checklist_items") if _is_yes(r["active"])}
    assert active <= recorded

    # the page now shows the after-delivery follow-ups with their dates
    text = main_text(page)
    assert i18n.t("deliv.after.title", "zh") in text
    for days in (3, 4):  # consultant's day-3 call, manager's day-4 call (default settings)
        assert (TODAY + timedelta(days=days)).isoformat() in text
    assert (TODAY + timedelta(days=30)).isoformat() in text  # monthly after-sales
    _shot(page, "completed-zh")

    # the safe-arrival call is due from the handover on, inside the calling window: a handover at or
    # after the window's end (the clock's time of day, so a late CI run) puts it on the next opening
    window = calling_window(read_workbook(path).settings)
    arrival_day = TODAY if row["delivered_at"].time() < window[1] else TODAY + timedelta(days=1)
    arrival = _label("followup_kind", "after_delivery_arrival")
    assert f"{arrival}\n{arrival_day.isoformat()}" in text.replace("\t", "\n"), "the arrival call's day"

    # and, when it is today, the due list shows the safe-arrival call for this customer
    if arrival_day == TODAY and (helpers.ROOT / "pages" / "due.py").is_file():
        goto(page, server.url, "due")
        helpers.select_option(page, "ui_actor", customer["consultant"])  # the due list follows "acting as"
        due_text = main_text(page)
        assert delivery["customer"] in due_text
        assert arrival in due_text
        _shot(page, "due-after-zh")


def _recently_delivered(path: Path) -> dict:
    """The latest delivery the sample completed before today (it shows under "recently delivered")."""
    done = _label("delivery_status", "done")
    start = datetime.combine(TODAY, datetime.min.time())
    rows = [
        r
        for r in sheet_rows(path, "deliveries")
        if r["status"] in (done, "done") and isinstance(r["delivered_at"], datetime) and r["delivered_at"] < start
    ]
    return max(rows, key=lambda r: r["delivered_at"])


def test_an_item_added_after_a_handover_shows_as_not_in_use_on_that_delivery(own_server, page):
    from workbook.operations import Append
    from workbook.writing import apply

    server, path = own_server
    delivery = _recently_delivered(path)
    values = {
        "item_id": "DOC-98",
        "phase": "documents",
        "item_zh": LATE_ITEM_ZH,
        "item_en": "Late item",
        "active": True,
    }
    assert apply(path, [Append("checklist_items", values)]).status == "written"
    _open(page, server, delivery)
    box = _checkbox(page, LATE_ITEM_ZH)
    assert i18n.t("deliv.not_in_use", "zh") in box.inner_text()
    assert box.locator("input").is_disabled() and not box.locator("input").is_checked()
    _shot(page, "not-in-use-zh")


def test_the_checklist_downloads_as_a_valid_workbook(own_server, page, tmp_path):

    server, path = own_server
    delivery = _coming_delivery(path)
    _open(page, server, delivery, "en")
    saved = tmp_path / "checklist.xlsx"
    download = helpers.save_download(page, page.locator(".st-key-deliv_export button").first.click, saved)
    assert download.suggested_filename == f"delivery-{delivery['delivery_id']}.xlsx"
    assert validation_problems(saved) == []
    from python_calamine import CalamineWorkbook

    cells = [c for row in CalamineWorkbook.from_path(str(saved)).get_sheet_by_index(0).to_python() for c in row]
    assert i18n.t("deliv.print.title", "en") in cells


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_printable_checklist_shows_every_phase_and_signature_lines(own_server, page, lang):
    server, path = own_server
    delivery = _coming_delivery(path)
    _open(page, server, delivery, lang)
    page.locator(".st-key-deliv_print_view label").first.click()
    helpers.wait_for_run(page)
    form = page.locator(".dl-form").first
    text = form.inner_text()
    assert i18n.t("deliv.print.title", lang) in text
    assert delivery["customer"] in text
    for code in ("before", "prep", "ceremony", "farewell"):
        assert schema.choice_list("phase").label(code, lang) in text
    assert i18n.t("deliv.print.sign_customer", lang).split(":")[0].split("：")[0] in text
    assert form.locator("td.box").count() >= 30
    page.emulate_media(media="print")
    _shot(page, f"print-{lang}")
    page.emulate_media(media="screen")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_weeks_table_shows_its_late_items_column_on_a_laptop_screen_without_scrolling_sideways(
    own_server, page, lang
):
    server, _ = own_server
    page.set_viewport_size({"width": 1366, "height": 768})
    goto(page, server.url, "deliveries")
    helpers.set_language(page, lang)
    grid = page.locator("[data-testid=stMain] [data-testid=stDataFrame]").first
    grid.wait_for()
    page.wait_for_timeout(500)  # the grid sizes its columns after it is drawn
    if SHOTS is not None:
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SHOTS / f"deliveries-overview-1366-{lang}.png"))
    # the grid draws on a canvas: its scroller is as wide as its columns, and scrolls when they pass the box
    wide, shown = grid.locator(".dvn-scroller").first.evaluate("e => [e.scrollWidth, e.clientWidth]")
    assert wide <= shown
    assert not page.evaluate("() => document.scrollingElement.scrollWidth > window.innerWidth")

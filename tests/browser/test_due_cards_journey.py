"""The due cards in a real browser, at a desk (1366x768) and on a phone (390x844), in Chinese and English:
reached, no answer, reschedule and reassign from the card itself; the rows read back with python-calamine
(Excel's way) carry today's date, the outcome and who did it; a refused write keeps what was typed."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

import pytest

import i18n
from logic.due_view import card
from logic.followups import by_customer, due_followups
from tests.support.browser import helpers
from tests.support.browser.helpers import assert_no_error_box, goto, main_text, select_option, set_language, sheet_rows
from tests.support.sample import SAMPLE_TODAY as TODAY
from ui.due_card import widget_key
from workbook import schema
from workbook.reading import read_workbook

DESK, PHONE = (1366, 768), (390, 844)
TOUCHED: set[str] = set()  # customers an earlier case of this module wrote to (the module shares one workbook)


def _day(value: object) -> date:
    return value.date() if isinstance(value, datetime) else date.fromisoformat(str(value)[:10])


def _cards(path: Path, *, touched: bool = False) -> list[str]:
    """The widget keys of the first screen page's cards with an ID (as the page orders them), without those
    an earlier case touched unless `touched`."""
    wb = read_workbook(path)
    cards = [card(g) for g in by_customer(due_followups(wb.frames, wb.settings, TODAY))[:50]]
    return [widget_key(c) for c in cards if c.customer_id and (touched or c.customer_id not in TOUCHED)]


def _touch(key: str) -> str:
    TOUCHED.add(key.removeprefix("card_"))
    return key.removeprefix("card_")


def _in_sidebar(page, size, do) -> None:
    """Use the sidebar at desk width (a phone keeps it folded away), then go back to `size`."""
    page.set_viewport_size({"width": DESK[0], "height": DESK[1]})
    do()
    page.set_viewport_size({"width": size[0], "height": size[1]})
    page.wait_for_timeout(300)


def _in_view(page, locator) -> bool:
    box = locator.bounding_box()
    height = page.viewport_size["height"]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


def _click(page, key: str) -> None:
    page.locator(f".st-key-{key} button").first.click()
    helpers.wait_for_run(page)


def _open(page, key: str) -> None:
    """Open a card's popover (its button), leaving the form in view."""
    page.locator(f".st-key-{key} button").first.click()
    page.wait_for_timeout(300)


def _form_text(page, field: str) -> str:
    """What the open popover holding the widget `field` shows (a popover is drawn apart from its card)."""
    body = page.locator('[data-testid="stPopoverBody"]').filter(has=page.locator(f".st-key-{field}"))
    return body.first.inner_text(timeout=10_000)


def _card_text(page, key: str) -> str:
    return page.locator(f".st-key-{key}").first.inner_text()


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("size", [DESK, PHONE], ids=["1366x768", "390x844"])
def test_every_action_from_the_card_writes_its_row_with_today_the_outcome_and_the_author(own_server, page, size, lang):
    server, path = own_server
    t = lambda key, **p: i18n.t(key, lang, **p)  # noqa: E731
    staff = read_workbook(path).frames["staff"]
    roles = dict(zip(staff["name"], staff["role"], strict=True))
    manager = next(n for n, r in roles.items() if r == "manager")
    goto(page, server.url, "due")
    _in_sidebar(page, size, lambda: set_language(page, lang))
    assert page.evaluate("document.scrollingElement.scrollWidth") <= size[0], "nothing scrolls sideways"

    # the first card, its call button and its no-answer tap are on the first screen
    top = _cards(path, touched=True)[0]
    call = page.locator(f'.st-key-{top} a.due-call[href^="tel:"]').first
    assert _in_view(page, call) and call.bounding_box()["height"] >= 44
    no_answer = page.locator(f".st-key-{top}_na button").first
    assert _in_view(page, no_answer) and no_answer.bounding_box()["height"] >= 44

    # nobody is acting: the reached form asks who, beside the card, and keeps the note typed
    first, second, third, fourth = _cards(path)[:4]  # cards no earlier case wrote to
    page.locator(f".st-key-{first}").first.scroll_into_view_if_needed()
    note = f"浏览器 {size[0]} {lang}: 客户周末来店"
    owner = read_workbook(path).frames["customers"].set_index("customer_id").loc[_touch(first), "consultant"]
    _open(page, f"{first}_rp")
    page.locator(f".st-key-{first}_note textarea").first.fill(note)
    _click(page, f"{first}_rf_save")
    assert t("ui.who.missing") in _form_text(page, f"{first}_note"), "said beside the form"
    assert page.locator(f".st-key-{first}_note textarea").first.input_value() == note, "the text typed is kept"
    assert note not in [r["result"] for r in sheet_rows(path, "contacts")]
    select_option(page, f"ui_who_{first}_rf", owner)
    _click(page, f"{first}_rf_save")
    assert t("cards.state.done", at="", by="")[:4] in _card_text(page, first), "the card shows its new state in place"
    [row] = [r for r in sheet_rows(path, "contacts") if r["result"] == note]
    reached = schema.choice_list("contact_outcome").label("reached", "zh")  # the workbook's dropdown values
    assert (_day(row["date"]), row["outcome"], row["recorded_by"]) == (TODAY, reached, owner)
    assert not row["void"]

    # a mis-tap is taken back from the card's new state: the row stays, marked void
    _click(page, f"{first}_undo")
    [row] = [r for r in sheet_rows(path, "contacts") if r["result"] == note]
    assert row["void"] == schema.YES_NO_LABELS["zh"][0]
    assert t("cards.state.voided", at="")[:3] in _card_text(page, first)

    # acting as that consultant now (picked in the form): one tap logs a no-answer on the next card
    _click(page, f"{second}_na")
    assert t("cards.tries", n="", at="")[:3] in _card_text(page, second)
    tried = [r for r in sheet_rows(path, "contacts") if r["customer_id"] == _touch(second)][-1]
    no_answer_label = schema.choice_list("contact_outcome").label("no_answer", "zh")
    assert (_day(tried["date"]), tried["outcome"], tried["recorded_by"]) == (TODAY, no_answer_label, owner)

    # reschedule the next one, with a reason
    reason = f"客户出差 {size[0]} {lang}"
    _open(page, f"{third}_mp")
    page.locator(f".st-key-{third}_mreason input").first.fill(reason)
    _click(page, f"{third}_mf_save")
    moved = [r for r in sheet_rows(path, "reschedules") if r["reason"] == reason]
    assert moved and {r["customer_id"] for r in moved} == {_touch(third)} and {r["by"] for r in moved} == {owner}

    # a manager hands another customer over, with a reason
    _in_sidebar(page, size, lambda: select_option(page, "ui_actor", manager))
    cid = _touch(fourth)
    before = read_workbook(path).frames["customers"].set_index("customer_id").loc[cid, "consultant"]
    target = next(n for n, r in roles.items() if r == "consultant" and n != before)
    _open(page, f"{fourth}_ap")
    select_option(page, f"{fourth}_ato", target)
    page.locator(f".st-key-{fourth}_areason input").first.fill("顾问离职")
    _click(page, f"{fourth}_af_save")
    assert t("cards.state.reassigned", to="", by="")[:3] in _card_text(page, fourth)
    [moved_row] = [r for r in sheet_rows(path, "customers") if r["customer_id"] == cid]
    assert moved_row["consultant"] == target
    assert_no_error_box(page)
    assert page.evaluate("document.scrollingElement.scrollWidth") <= size[0], "nothing scrolls sideways"
    assert t("cards.counts", today="", overdue="", customers="", upcoming="")[:3] in main_text(page)

    from tests.support.shared import validation_problems

    assert validation_problems(path) == []


def test_a_tap_queued_while_excel_holds_the_file_shows_on_the_card_and_in_the_sidebar(own_server, page):
    """The card says the change waits; the page then reruns by itself, from what the app holds, and the
    sidebar says who holds the file and that one change waits; nothing is written until Excel lets go."""
    server, path = own_server
    lock = path.with_name("~$" + path.name)
    owner = read_workbook(path).frames["customers"]
    key = _cards(path)[0]
    consultant = owner.set_index("customer_id").loc[_touch(key), "consultant"]
    goto(page, server.url, "due")
    set_language(page, "en")
    select_option(page, "ui_actor", consultant)
    lock.write_bytes(bytes([3]) + "王".encode() + b"\x00" * 200)
    try:
        page.wait_for_timeout(1500)  # the watcher sees the lock file: the page knows the file is held
        before = path.read_bytes()
        _click(page, f"{key}_na")
        sidebar = page.locator('[data-testid="stSidebar"]').first
        waiting = i18n.t("ui.sidebar.pending", "en", count=1)
        for _ in range(100):
            if waiting in sidebar.inner_text():
                break
            page.wait_for_timeout(100)
        assert waiting in sidebar.inner_text(), "the page reran by itself and the sidebar counts the change"
        assert i18n.t("ui.sidebar.locked", "en", holder="王") in sidebar.inner_text()
        assert path.read_bytes() == before, "nothing is written while the file is held"
        assert_no_error_box(page)
    finally:
        lock.unlink()
    for _ in range(100):  # Excel let go: the watcher writes the waiting change
        if path.read_bytes() != before:
            break
        page.wait_for_timeout(100)
    tried = [r for r in sheet_rows(path, "contacts") if r["customer_id"] == key.removeprefix("card_")][-1]
    assert tried["outcome"] == schema.choice_list("contact_outcome").label("no_answer", "zh")

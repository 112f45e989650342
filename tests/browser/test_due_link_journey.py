"""From the morning meeting to one consultant's follow-ups in a real browser: a card's overdue
figure opens the due list on that consultant (same tab, same session and language), with the
card's counts; the person's own choice afterwards sticks."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlsplit

import pytest

import i18n
from tests.support.browser import helpers
from tests.support.browser.helpers import assert_no_error_box, goto, select_option, set_language


def _figures(card) -> dict[str, int]:
    """A morning card's figures by their label."""
    labels = card.locator(".mt-num span").all_inner_texts()
    values = card.locator(".mt-num b").all_inner_texts()
    return {label: int(value) for label, value in zip(labels, values, strict=True)}


def _counts(page, lang: str) -> tuple[int, int]:
    """The due page's counts line: (due today, overdue)."""
    head = i18n.t("cards.counts", lang, today="", overdue="", customers="", upcoming="")[:4]
    line = page.locator('[data-testid="stCaptionContainer"]', has_text=head).first.inner_text()
    today, overdue = re.findall(r"\d+", line)[:2]  # the template names today's, then the overdue figure
    return int(today), int(overdue)


def _consultant_param(url: str) -> list[str]:
    return parse_qs(urlsplit(url).query).get("consultant", [])


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_a_cards_overdue_figure_opens_the_due_list_of_that_consultant_only(app_server, page, lang):
    goto(page, app_server.url)  # the morning meeting is the first screen
    set_language(page, lang)
    assert helpers.title(page) == i18n.t("ui.page.morning", lang)
    today_label, overdue_label = i18n.t("meet.m.due_today", lang), i18n.t("meet.m.overdue", lang)
    cards = page.locator(".mt-card").all()
    card = next(c for c in cards if _figures(c)[overdue_label] > 0 and _figures(c)[today_label] > 0)
    name = card.get_attribute("data-consultant")
    figures = _figures(card)
    assert name and not name.isascii()  # the sample's names are Chinese: the link carries them URL-encoded

    link = card.locator("a.mt-link", has_text=overdue_label)
    assert link.count() == 1
    link.click()
    page.wait_for_url(lambda url: urlsplit(url).path.endswith("/due"), timeout=helpers.RUN_TIMEOUT_MS)
    helpers.wait_for_run(page)
    page.locator(".due-card").first.wait_for()
    assert_no_error_box(page)
    assert _consultant_param(page.url) == [name]
    assert helpers.title(page) == i18n.t("ui.page.due", lang)  # same session: the language chosen stays
    assert page.locator(".st-key-ui_lang input").input_value() == ("中文" if lang == "zh" else "English")
    assert page.locator(".st-key-due_filters input").first.input_value() == name

    assert _counts(page, lang) == (figures[today_label], figures[overdue_label])
    owners = page.locator(".due-card .due-meta").all_inner_texts()
    assert owners and all(name in o for o in owners)

    # the person's own choice wins over the link on later runs, and the address follows it
    everyone = i18n.t("due.page.everyone", lang)
    select_option(page, "due_consultant_", everyone)  # nobody is "acting as" in this session
    toggle = page.locator(".st-key-due_overdue_only input").first
    for _attempt in range(3):  # any later rerun; a click lost to a rerun is tried again
        if not page.locator(".st-key-due_overdue_only label").first.is_visible():
            page.locator(".st-key-due_more_filters button").first.click()  # the rarer filters wait in a popover
        page.locator(".st-key-due_overdue_only label").first.click()
        helpers.wait_for_run(page)
        if toggle.is_checked():
            break
    assert toggle.is_checked()
    assert page.locator(".st-key-due_filters input").first.input_value() == everyone
    assert _consultant_param(page.url) == []
    assert any(name not in o for o in page.locator(".due-card .due-meta").all_inner_texts())


def test_an_unknown_consultant_in_the_address_is_ignored(app_server, page):
    goto(page, app_server.url, "due?consultant=%E6%97%A0%E6%AD%A4%E4%BA%BA")  # 无此人
    set_language(page, "zh")
    assert_no_error_box(page)
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0
    assert page.locator(".st-key-due_filters input").first.input_value() == i18n.t("due.page.everyone", "zh")

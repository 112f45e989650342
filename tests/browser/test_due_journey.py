"""Follow-ups in a real browser: a consultant logs the result of a due call; the item leaves the
list and the contact row is in the workbook, valid OOXML that calamine (Excel's way) reads back."""

from __future__ import annotations

from pathlib import Path

import i18n
from logic.followups import by_customer, due_followups
from tests.support.browser import helpers
from tests.support.browser.helpers import assert_no_error_box, goto, main_text, select_option, set_language, sheet_rows
from tests.support.sample import SAMPLE_TODAY as TODAY
from workbook import schema
from workbook.reading import read_workbook

NOTE = "浏览器测试: 已电话问候, 客户周末来店"


def _a_due_call(path: Path) -> dict:
    """A consultant's item due today on the first page of their list (a customer with an ID)."""
    wb = read_workbook(path)
    due = due_followups(wb.frames, wb.settings, TODAY)
    consultants = {
        n for n, r in zip(wb.frames["staff"]["name"], wb.frames["staff"]["role"], strict=True) if r == "consultant"
    }
    mine = due[due["consultant"].isin(consultants) & due["customer_id"].notna() & (due["overdue_days"] == 0)]
    assert not mine.empty, "the sample has nothing due today for a consultant"
    row = mine.iloc[0]
    own = due[due["consultant"] == row["consultant"]]
    first_page = [g.iloc[0]["customer_id"] for g in by_customer(own)[:50]]
    assert row["customer_id"] in first_page
    return row.to_dict()


def test_logging_a_result_removes_the_item_and_writes_the_contact_row(own_server, page):
    server, path = own_server
    item = _a_due_call(path)
    goto(page, server.url, "due")
    set_language(page, "zh")
    select_option(page, "ui_actor", item["consultant"])
    assert_no_error_box(page)
    card = page.locator(f'.due-card[data-customer="{item["customer_id"]}"]')
    assert card.count() == 1 and card.locator(f'[data-kind="{item["kind"]}"]').count() == 1
    assert f"tel:{item['phone']}" in card.inner_html()
    assert item["customer"] in main_text(page)

    select_option(page, "due_customer", f"{item['customer']} · {item['phone']}")
    select_option(page, "due_item", item["label"])
    assert item["script"] in main_text(page)
    page.locator(".st-key-due_log_note textarea").fill(NOTE)
    page.locator(".st-key-due_log_submit button").click()
    helpers.wait_for_run(page)
    assert_no_error_box(page)

    # the item is gone from the page and from the due list read back from the file
    card = page.locator(f'.due-card[data-customer="{item["customer_id"]}"]')
    assert card.count() == 0 or card.locator(f'[data-kind="{item["kind"]}"]').count() == 0
    wb = read_workbook(path)
    after = due_followups(wb.frames, wb.settings, TODAY)
    assert after[(after["customer_id"] == item["customer_id"]) & (after["kind"] == item["kind"])].empty

    # the contact row is in the workbook as Excel would read it, labels as the dropdowns offer
    [row] = [r for r in sheet_rows(path, "contacts") if r["result"] == NOTE]
    assert row["customer_id"] == item["customer_id"]
    assert row["consultant"] == item["consultant"]
    assert row["followup_kind"] == schema.choice_list("followup_kind").label(item["kind"], "zh")
    assert row["type"] == schema.choice_list("contact_type").label("call", "zh")
    assert (
        row["date"].date() == TODAY if hasattr(row["date"], "date") else str(row["date"]).startswith(TODAY.isoformat())
    )
    from tests.support.shared import validation_problems

    assert validation_problems(path) == []


def test_the_page_in_english_shows_calling_hours_and_a_manager_sees_counts_per_consultant(own_server, page):
    server, path = own_server
    wb = read_workbook(path)
    manager = next(
        n for n, r in zip(wb.frames["staff"]["name"], wb.frames["staff"]["role"], strict=True) if r == "manager"
    )
    goto(page, server.url, "due")
    set_language(page, "en")
    select_option(page, "ui_actor", manager)
    assert_no_error_box(page)
    text = main_text(page)
    assert i18n.t("due.calling_hours", "en", start="09:00", end="20:00") in text
    assert i18n.t("due.page.per_consultant", "en") in text
    assert page.locator('.due-card a[href^="tel:"]').count() > 0

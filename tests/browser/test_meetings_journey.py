"""The meetings in a real browser: a plan entered at the evening meeting is on the next morning's board and in the file."""

from __future__ import annotations

from datetime import timedelta

import pytest

import i18n
from tests.support.browser import helpers
from tests.support.browser.helpers import assert_no_error_box, click_button, fill_text, goto, main_text, select_option
from tests.support.sample import SAMPLE_TODAY as TODAY
from tests.support.shared import validation_problems
from workbook import schema

TOMORROW = TODAY + timedelta(days=1)


@pytest.fixture(scope="module")
def meeting_server(own_server):
    """Our own server on a copy of the sample (conftest's own_server): this journey writes to its workbook."""
    return own_server


def _consultants(path) -> list[str]:
    """Active consultants (not marked 否 in the active column), straight from the file (not the product's reader)."""
    consultant = schema.choice_list("role").label("consultant", "zh")
    return [
        str(r["name"]) for r in helpers.sheet_rows(path, "staff") if r["role"] == consultant and r["active"] != "否"
    ]


def _manager(path) -> str:
    manager = schema.choice_list("role").label("manager", "zh")
    return next(str(r["name"]) for r in helpers.sheet_rows(path, "staff") if r["role"] == manager)


def _plans_in_file(path, goal: str) -> list[dict]:
    return [r for r in helpers.sheet_rows(path, "plans") if r["goal"] == goal]


def _choose(page, key: str, option: str) -> None:
    """Pick `option` in a selectbox, whether Streamlit draws it as a combobox (typeable) or a plain select."""
    box = page.locator(f".st-key-{key} input[role='combobox']")
    if box.count() == 0:
        select_option(page, key, option)
        return
    box.click()
    box.fill(option)
    page.locator('[role="option"]', has_text=option).first.click()
    helpers.wait_for_run(page)


def _language(page, lang: str) -> None:
    """Switch the UI language, trying again if a rerun closed the list before the click (a loaded machine)."""
    for attempt in range(3):
        try:
            helpers.set_language(page, lang)
            return
        except Exception:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
            helpers.wait_for_run(page)


def _set_day(page, key: str, day) -> None:
    """Type a date into a date input (segment by segment) and commit it by clicking away."""
    page.locator(f".st-key-{key} [data-type='year']").click()
    page.keyboard.type(f"{day.year:04d}{day.month:02d}{day.day:02d}")
    page.locator('[data-testid="stMain"] h1').first.click()
    helpers.wait_for_run(page)
    assert page.locator(f".st-key-{key} input[type=date]").get_attribute("value") == day.isoformat()


def test_the_morning_board_shows_every_consultant_with_plan_follow_ups_and_pace(meeting_server, page):
    server, path = meeting_server
    goto(page, server.url)  # the morning meeting is the first screen (its URL is the root)
    _language(page, "zh")
    assert helpers.title(page) == i18n.t("ui.page.morning", "zh")
    page.locator(".mt-card").first.wait_for()
    assert_no_error_box(page)
    text = main_text(page)
    for name in _consultants(path):
        assert page.locator(f'.mt-card[data-consultant="{name}"]').count() == 1, name
    for key in ("meet.m.due_today", "meet.m.overdue", "meet.m.month", "meet.time_progress", "meet.m.plan"):
        assert i18n.t(key, "zh") in text, key
    # each card's follow-up numbers are the due list's for that consultant (the page the link opens)
    from logic import followups
    from logic.meetings import morning_board
    from workbook import reading

    wb = reading.read_workbook(path)
    due = followups.due_followups(wb.frames, wb.settings, TODAY)
    expected = {r.consultant: (r.due_today, r.overdue) for r in followups.counts_by_consultant(due).itertuples()}
    lines = {x.consultant: x for x in morning_board(wb.frames, wb.settings, TODAY, due=due).lines}
    today_label, overdue_label = i18n.t("meet.m.due_today", "zh"), i18n.t("meet.m.overdue", "zh")
    for name in _consultants(path):
        card = page.locator(f'.mt-card[data-consultant="{name}"]')
        numbers = dict(
            zip(
                card.locator(".mt-num span").all_inner_texts(), card.locator(".mt-num b").all_inner_texts(), strict=True
            )
        )
        assert (int(numbers[today_label]), int(numbers[overdue_label])) == expected.get(name, (0, 0)), name
        line = lines[name]  # and the day's H leads, appointments, test drives and deliveries
        shown = [
            int(numbers[i18n.t(f"meet.m.{k}", "zh")]) for k in ("hot", "appointments", "test_drives", "deliveries")
        ]
        assert shown == [len(line.hot), line.appointments, line.test_drives, line.deliveries], name


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_plan_vs_actual_page_shows_the_store_total(meeting_server, page, lang):
    server, _path = meeting_server
    goto(page, server.url, "plan_actual")
    _language(page, lang)
    assert_no_error_box(page)
    assert i18n.t("meet.store_total", lang) in main_text(page)


def test_a_plan_entered_at_the_evening_meeting_is_on_the_next_morning_and_in_the_file(meeting_server, page):
    server, path = meeting_server
    consultant = _consultants(path)[0]
    goal = "邀约周六试驾 / test drive on Saturday"
    goto(page, server.url, "evening")
    _language(page, "zh")
    select_option(page, "ui_actor", consultant)  # every write names its author
    _choose(page, "meet_e_plan_who_0", consultant)
    fill_text(page, "meet_e_plan_time_0", "10:30")
    _choose(page, "meet_e_plan_activity_0", schema.choice_list("contact_type").label("test_drive", "zh"))
    # typing a customer's name offers their card first (no English "Add: ..." option ahead of it)
    card_row = next(r for r in helpers.sheet_rows(path, "customers") if r["consultant"] == consultant and r["name"])
    box = page.locator(".st-key-meet_e_plan_customer_0 input[role='combobox']")
    box.click()
    box.fill(str(card_row["name"]))
    first_option = page.locator('[role="option"]').first
    assert first_option.inner_text().startswith(str(card_row["name"])), first_option.inner_text()
    assert "Add" not in " ".join(page.locator('[role="option"]').all_inner_texts())
    first_option.click()
    helpers.wait_for_run(page)
    fill_text(page, "meet_e_plan_goal_0", goal)
    click_button(page, i18n.t("meet.e.plan_save", "zh"))
    assert_no_error_box(page)
    card = page.locator(f'.mt-card[data-consultant="{consultant}"]').first
    assert goal in card.inner_text()

    [row] = _plans_in_file(path, goal)
    assert row["consultant"] == consultant
    assert (row["customer_id"], row["customer"]) == (card_row["customer_id"], card_row["name"])
    assert str(row["date"])[:10] == TOMORROW.isoformat()
    assert row["time"] == "10:30"
    assert row["activity"] == schema.choice_list("contact_type").label("test_drive", "zh")

    helpers.choose_page(page, i18n.t("ui.page.morning", "zh"))
    _set_day(page, "ui_as_of_widget", TOMORROW)  # the sidebar's as-of date moves the meeting's day too
    assert page.locator(".st-key-meet_m_day input[type=date]").get_attribute("value") == TOMORROW.isoformat()
    card = page.locator(f'.mt-card[data-consultant="{consultant}"]').first
    text = card.inner_text()
    assert goal in text and "10:30" in text

    _language(page, "en")
    text = page.locator(f'.mt-card[data-consultant="{consultant}"]').first.inner_text()
    assert goal in text and "Test drive" in text
    assert i18n.t("meet.m.plan", "en") in main_text(page)


def test_appearance_and_folder_ticks_on_the_morning_page_are_written_to_the_rota(meeting_server, page):
    server, path = meeting_server
    goto(page, server.url)
    _language(page, "zh")
    select_option(page, "ui_actor", _consultants(path)[0])  # every write names its author
    page.locator(".mt-card").first.wait_for()
    first = page.locator(".mt-card").first.get_attribute("data-consultant")  # the rota's no. 1
    helpers.tick_cell(page, "meet_m_rota_inputs", 3)  # appearance
    helpers.tick_cell(page, "meet_m_rota_inputs", 4)  # tool folder
    helpers.edit_cell(page, "meet_m_rota_inputs", 5, "工牌已佩戴")  # the rota's note
    click_button(page, i18n.t("meet.m.rota_save", "zh"))
    assert_no_error_box(page)

    rows = helpers.sheet_rows(path, "rota")
    [row] = [r for r in rows if str(r["date"])[:10] == TODAY.isoformat() and r["consultant"] == first]
    assert (row["appearance_ok"], row["folder_ok"], row["note"]) == ("是", "是", "工牌已佩戴")
    # and the warning no longer names them
    warning = i18n.t("meet.m.checks_missing", "zh", names="")
    assert not any(first in line for line in main_text(page).splitlines() if line.startswith(warning))


def test_next_months_targets_entered_on_plan_vs_actual_are_in_the_targets_sheet(meeting_server, page):
    server, path = meeting_server
    goto(page, server.url, "plan_actual")
    _language(page, "zh")
    select_option(page, "ui_actor", _manager(path))  # targets are a manager's write
    assert_no_error_box(page)
    first = _consultants(path)[0]  # the editor lists consultants in the staff sheet's order
    assert not [r for r in helpers.sheet_rows(path, "targets") if str(r["month"])[:7] == "2026-12"]
    # the reminder: due three days before month end, naming who has no target yet
    reminder = i18n.t("meet.pva.deadline_open", "zh", month="2026-12", deadline="2026-11-27", names="")
    assert reminder in main_text(page) and first in main_text(page)

    for col, value in enumerate(("30", "60", "12", "8", "7"), start=1):
        helpers.edit_cell(page, "meet_pva_targets_inputs", col, value)
    click_button(page, i18n.t("meet.pva.targets_save", "zh"))
    assert_no_error_box(page)

    [row] = [
        r for r in helpers.sheet_rows(path, "targets") if str(r["month"])[:7] == "2026-12" and r["consultant"] == first
    ]
    assert [int(row[m]) for m in ("leads", "visits", "test_drives", "orders", "deliveries")] == [30, 60, 12, 8, 7]
    # and the page says what it wrote
    written = i18n.t(
        "meet.pva.targets_written", "zh", month="2026-12", details=f"{first} 留档 30 来店 60 试驾 12 订单 8 交车 7"
    )
    assert written in main_text(page)
    # the reminder no longer names them
    reminder_line = next(line for line in main_text(page).splitlines() if line.startswith(reminder))
    assert first not in reminder_line


def test_todays_plan_items_ticked_done_at_the_evening_meeting_are_written_to_the_plans_sheet(meeting_server, page):
    server, path = meeting_server
    goto(page, server.url, "evening")
    _language(page, "zh")
    select_option(page, "ui_actor", _consultants(path)[0])  # every write names its author
    assert_no_error_box(page)
    helpers.tick_cell(page, "meet_e_done_inputs", 5)  # done
    helpers.edit_cell(page, "meet_e_done_inputs", 6, "客户已到店")  # result
    click_button(page, i18n.t("meet.e.done_save", "zh"))
    assert_no_error_box(page)
    [row] = [r for r in helpers.sheet_rows(path, "plans") if r["result"] == "客户已到店"]
    assert row["done"] == "是" and str(row["date"])[:10] == TODAY.isoformat()


def test_the_morning_sheet_prints_on_at_most_three_a4_pages(meeting_server, page, tmp_path):
    import re

    server, _path = meeting_server
    goto(page, server.url)
    _language(page, "zh")
    page.locator(".mt-card").first.wait_for()
    page.locator(".st-key-meet_m_print_view label").first.click()
    helpers.wait_for_run(page)
    page.emulate_media(media="print")
    try:
        pdf = page.pdf(format="A4", landscape=True, prefer_css_page_size=True, print_background=True)
    finally:
        page.emulate_media(media="screen")
        page.locator(".st-key-meet_m_print_view label").first.click()
        helpers.wait_for_run(page)
    (tmp_path / "morning.pdf").write_bytes(pdf)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 3, pages  # 15 consultants' cards flow several a page (QA saw 8-9 pages)


MEETING_PAGES = (("", "meet_m", "ui.page.morning"), ("evening", "meet_e", "ui.page.evening"),
                 ("plan_actual", "meet_pva", "ui.page.plan_actual"))  # fmt: skip


def _workbook_words(path) -> set[str]:
    """Every Latin word in the workbook's cells (names, models, competitors, IDs): allowed in a zh sheet."""
    import re

    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_path(str(path))
    words: set[str] = set()
    for name in book.sheet_names:
        for row in book.get_sheet_by_name(name).to_python():
            for cell in row:
                if isinstance(cell, str):
                    words.update(re.findall(r"[A-Za-z]+", cell))
    return words


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_meeting_prints_and_exports_in_the_ui_language(meeting_server, page, lang, tmp_path):
    import re

    from python_calamine import CalamineWorkbook

    server, path = meeting_server
    allowed = _workbook_words(path) | {"A4", "PDF", "HH", "MM"}
    exports = []
    for url_path, prefix, title_key in MEETING_PAGES:
        goto(page, server.url, url_path)
        _language(page, lang)
        assert_no_error_box(page)
        # the Excel export of the same sheet: a valid workbook, headers in the UI language
        saved = tmp_path / f"{prefix}-{lang}.xlsx"
        helpers.save_download(page, page.locator(f".st-key-{prefix}_export button").click, saved)
        exports.append(saved)
        book = CalamineWorkbook.from_path(str(saved))
        first = book.get_sheet_by_name(book.sheet_names[0]).to_python()
        assert first[1][0] == i18n.t("meet.col.consultant", lang)
        if lang == "zh":
            cells = [c for n in book.sheet_names for r in book.get_sheet_by_name(n).to_python() for c in r]
            english = {w for c in cells if isinstance(c, str) for w in re.findall(r"[A-Za-z]+", c)} - allowed
            assert not english, (url_path, "export", sorted(english))

        # the print view: the board without the inputs, as paper gets it
        page.locator(f".st-key-{prefix}_print_view label").first.click()
        helpers.wait_for_run(page)
        page.emulate_media(media="print")
        try:
            text = main_text(page)
        finally:
            page.emulate_media(media="screen")
        assert i18n.t(title_key, lang) in text
        assert i18n.t("meet.col.consultant", lang) in text
        assert not re.findall(r"\b(?:meet|ui|word|due|problem)\.[a-z_]+(?:\.[a-z_]+)*", text), url_path
        assert "None" not in re.findall(r"[A-Za-z]+", text)
        if lang == "zh":
            english = set(re.findall(r"[A-Za-z]+", text)) - allowed
            assert not english, (url_path, sorted(english))
        else:
            assert i18n.t("meet.time_progress", "en") in text or url_path == "evening"
        page.locator(f".st-key-{prefix}_print_view label").first.click()  # back to the screen view
        helpers.wait_for_run(page)
    # last, as it skips the test where ../shared is not beside the repository
    assert {saved.name: validation_problems(saved) for saved in exports} == {saved.name: [] for saved in exports}

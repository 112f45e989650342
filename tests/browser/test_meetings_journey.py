"""The meetings in a real browser: a plan entered at the evening meeting is on the next morning's board and in the file."""

from __future__ import annotations

import shutil
from datetime import timedelta

import pytest

import i18n
from browser import helpers
from browser.conftest import TODAY
from browser.helpers import assert_no_error_box, click_button, fill_text, goto, main_text, select_option
from workbook import schema

TOMORROW = TODAY + timedelta(days=1)


@pytest.fixture(scope="module")
def meeting_server(sample_workbook, tmp_path_factory):
    """Our own server on a copy of the sample: this journey writes to its workbook."""
    home = tmp_path_factory.mktemp("meetings-journey")
    copy = home / "meetings.xlsx"
    shutil.copyfile(sample_workbook, copy)
    server = helpers.start_server(copy, TODAY, home / "home")
    yield server, copy
    server.stop()


def _consultants(path) -> list[str]:
    """Active consultants (not marked 否 in the active column), straight from the file (python-calamine, not the product's reader)."""
    from python_calamine import CalamineWorkbook

    staff = schema.sheet("staff")
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(staff.name("zh")).to_python()
    name_at = rows[0].index(staff.column("name").zh)
    role_at = rows[0].index(staff.column("role").zh)
    active_at = rows[0].index(staff.column("active").zh)
    consultant = schema.choice_list("role").label("consultant", "zh")
    return [str(r[name_at]) for r in rows[1:] if r[role_at] == consultant and r[active_at] != "否"]


def _plans_in_file(path, goal: str) -> list[dict]:
    from python_calamine import CalamineWorkbook

    plans = schema.sheet("plans")
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(plans.name("zh")).to_python()
    index = {c.key: rows[0].index(c.zh) for c in plans.columns if c.zh in rows[0]}
    return [{k: r[j] for k, j in index.items()} for r in rows[1:] if r[index["goal"]] == goal]


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
    _choose(page, "meet_e_plan_who_0", consultant)
    fill_text(page, "meet_e_plan_time_0", "10:30")
    _choose(page, "meet_e_plan_activity_0", schema.choice_list("contact_type").label("test_drive", "zh"))
    fill_text(page, "meet_e_plan_goal_0", goal)
    click_button(page, i18n.t("meet.e.plan_save", "zh"))
    assert_no_error_box(page)
    card = page.locator(f'.mt-card[data-consultant="{consultant}"]').first
    assert goal in card.inner_text()

    [row] = _plans_in_file(path, goal)
    assert row["consultant"] == consultant
    assert str(row["date"])[:10] == TOMORROW.isoformat()
    assert row["time"] == "10:30"
    assert row["activity"] == schema.choice_list("contact_type").label("test_drive", "zh")

    helpers.choose_page(page, i18n.t("ui.page.morning", "zh"))
    _set_day(page, "meet_m_day", TOMORROW)
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
    page.locator(".mt-card").first.wait_for()
    first = page.locator(".mt-card").first.get_attribute("data-consultant")  # the rota's no. 1
    grid = page.locator(".st-key-meet_m_rota_inputs [data-testid='stDataFrameResizable']").first
    box = grid.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + 8, box["y"] + 35 + 17)  # first row, consultant column
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")  # appearance
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Space")  # tool folder
    helpers.wait_for_run(page)
    click_button(page, i18n.t("meet.m.rota_save", "zh"))
    assert_no_error_box(page)

    from python_calamine import CalamineWorkbook

    rota = schema.sheet("rota")
    rows = CalamineWorkbook.from_path(str(path)).get_sheet_by_name(rota.name("zh")).to_python()
    index = {c.key: rows[0].index(c.zh) for c in rota.columns}
    [row] = [r for r in rows[1:] if str(r[index["date"]])[:10] == TODAY.isoformat() and r[index["consultant"]] == first]
    assert (row[index["appearance_ok"]], row[index["folder_ok"]]) == ("是", "是")
    # and the warning no longer names them
    warning = i18n.t("meet.m.checks_missing", "zh", names="")
    assert not any(first in line for line in main_text(page).splitlines() if line.startswith(warning))

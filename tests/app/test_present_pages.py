"""Present mode of the meeting pages through AppTest on a real S sample: one section a screen, next / previous, the review day."""

from __future__ import annotations

import re
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

import i18n
from tests.support.apptest_helpers import TODAY, app_test
from tests.support.sample import make_sample
from workbook import operations, writing

pytestmark = pytest.mark.slow

MORNING = ["rota", "yesterday", "today", "pace", "followups", "bookings"]
EVENING = ["results", "traffic", "lost", "tomorrow", "check"]


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    return make_sample(tmp_path_factory.mktemp("present") / "sample.xlsx")


@pytest.fixture
def workbook(sample: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "wb.xlsx"
    shutil.copyfile(sample, copy)
    return copy


def _shown(at) -> tuple[str, int, int, str]:
    """The section code, its number, the section count and the screen number the page shows."""
    bar = next(h.body for h in at.get("html") if 'class="pr-title"' in h.body)
    screen = next(h.body for h in at.get("html") if 'class="pr-screen"' in h.body)
    code = re.search(r'data-section="([a-z]+)"', bar).group(1)
    n, total = re.search(r">(\d+) / (\d+) · ", bar).groups()
    return code, int(n), int(total), re.search(r'data-screen="(\d+)"', screen).group(1)


def test_the_morning_opens_in_present_mode_at_the_first_section_and_next_moves_to_the_second(
    workbook, tmp_path, monkeypatch
):
    at = app_test(monkeypatch, tmp_path, workbook, page="pages/morning.py", lang="zh")
    at.button(key="present_morning_enter").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert not at.title  # the projector's screen carries the section's title instead of the page's
    code, n, total, screen = _shown(at)
    assert (code, n, total, screen) == ("rota", 1, len(MORNING), "1")
    assert i18n.t("present.m.rota", "zh") in next(h.body for h in at.get("html") if 'class="pr-title"' in h.body)
    seen = [code]
    for _ in range(40):
        at.button(key="present_morning_next").click().run()
        code, n, _total, _screen = _shown(at)
        if code != seen[-1]:
            seen.append(code)
            assert n == len(seen)  # the indicator counts the sections
        if at.button(key="present_morning_next").disabled:
            break
    assert seen == MORNING  # the meeting's agenda, in order, every section reached by next
    at.button(key="present_morning_prev").click().run()
    assert _shown(at)[0] in ("bookings", "followups")


def test_next_then_previous_comes_back_and_exit_shows_the_long_page_again(workbook, tmp_path, monkeypatch):
    at = app_test(monkeypatch, tmp_path, workbook, page="pages/morning.py", lang="en")
    at.button(key="present_morning_enter").click().run()
    assert at.button(key="present_morning_prev").disabled  # nothing before the first screen
    first = _shown(at)
    at.button(key="present_morning_next").click().run()
    assert _shown(at) != first
    at.button(key="present_morning_prev").click().run()
    assert _shown(at) == first
    at.button(key="present_morning_exit").click().run()
    assert not any('class="pr-screen"' in h.body for h in at.get("html"))
    assert at.title[0].value == i18n.t("ui.page.morning", "en")


def test_the_rota_editor_appears_only_after_the_edit_toggle(workbook, tmp_path, monkeypatch):
    at = app_test(monkeypatch, tmp_path, workbook, page="pages/morning.py", lang="zh")
    at.button(key="present_morning_enter").click().run()
    assert not [b for b in at.button if b.key == "meet_m_rota_save"]
    assert not at.text_area  # nor the note form
    at.toggle(key="present_morning_edit").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    assert [b for b in at.button if b.key == "meet_m_rota_save"]
    while _shown(at)[0] == "rota":  # the rota's second screen keeps the editor open
        at.button(key="present_morning_next").click().run()
    assert not at.toggle(key="present_morning_edit").value  # the next section opens read-only again
    assert not [b for b in at.button if b.key == "meet_m_rota_save"]


def test_present_mode_opened_by_the_address_is_remembered_in_the_session(workbook, tmp_path, monkeypatch):
    at = app_test(monkeypatch, tmp_path, workbook, page="pages/evening.py", lang="zh")
    at.query_params["present"] = "1"
    at.run()
    assert _shown(at)[0] == "results"
    assert at.session_state["present_evening"] is True


@pytest.mark.parametrize("offset", [0, 1])
def test_the_weekly_case_review_is_an_evening_section_only_on_the_settings_weekday(
    workbook, tmp_path, monkeypatch, offset
):
    writing.apply(workbook, [operations.set_setting("case_review_weekday", TODAY.isoweekday())])
    day = TODAY + timedelta(days=offset)
    at = app_test(monkeypatch, tmp_path, workbook, page="pages/evening.py", lang="zh", today=day)
    at.button(key="present_evening_enter").click().run()
    assert not at.exception, [e.value for e in at.exception]
    sections = EVENING + (["review"] if offset == 0 else [])
    assert _shown(at)[2] == len(sections)
    seen = [_shown(at)[0]]
    while not at.button(key="present_evening_next").disabled:
        at.button(key="present_evening_next").click().run()
        if _shown(at)[0] != seen[-1]:
            seen.append(_shown(at)[0])
    assert seen == sections
    if offset == 0:
        screen = next(h.body for h in at.get("html") if 'class="pr-screen"' in h.body)
        assert i18n.t("present.e.won", "zh") in screen


@pytest.mark.parametrize("offset", [0, 1])
def test_the_long_evening_page_lists_the_weeks_cases_only_on_the_review_day(workbook, tmp_path, monkeypatch, offset):
    writing.apply(workbook, [operations.set_setting("case_review_weekday", TODAY.isoweekday())])
    at = app_test(
        monkeypatch, tmp_path, workbook, page="pages/evening.py", lang="en", today=TODAY + timedelta(days=offset)
    )
    assert not at.exception, [e.value for e in at.exception]
    review = i18n.t("present.e.review", "en")
    assert (review in [h.value for h in at.subheader]) == (offset == 0)


def test_the_evening_forms_wait_for_the_edit_toggle_of_their_section(workbook, tmp_path, monkeypatch):
    at = app_test(monkeypatch, tmp_path, workbook, page="pages/evening.py", lang="zh")
    at.button(key="present_evening_enter").click().run()
    while _shown(at)[0] != "tomorrow":
        at.button(key="present_evening_next").click().run()
    assert not [b for b in at.button if b.key in ("meet_e_plan_save", "meet_e_done_save", "meet_e_decide_save")]
    at.toggle(key="present_evening_edit").set_value(True).run()
    assert not at.exception, [e.value for e in at.exception]
    assert [b.key for b in at.button if b.key in ("meet_e_plan_save", "meet_e_done_save")] == ["meet_e_plan_save"]
    assert at.text_area(key="meet_e_note_text") is not None  # a note can be taken in every section

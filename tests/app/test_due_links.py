"""Links to the due list opened on one consultant (`due?consultant=NAME`): the address, the
pre-selection that a later choice overrides, and the morning cards' linked figures."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit.testing.v1 import AppTest

from tests.support.apptest_helpers import APP, isolate
from tests.support.due_scenario import TODAY, scenario
from ui import due as due_view
from ui import meetings
from workbook.template import write_workbook

NAMES = ["李娜", "赵敏", "Anna Lee", "欧阳 & 子#1+"]


@pytest.mark.parametrize("name", NAMES)
def test_a_due_page_link_carries_the_consultants_name_url_encoded_and_back(name):
    href = due_view.page_href(name)
    parts = urlsplit(href)
    assert parts.path == "due"  # the page's URL path is its file stem (ui/pages.py)
    assert href.isascii() and " " not in href
    assert parse_qs(parts.query) == {"consultant": [name]}


def test_a_link_pre_selects_a_known_name_once_and_ignores_an_unknown_one():
    assert due_view.linked_consultant("赵敏", NAMES, seen=None) == "赵敏"
    assert due_view.linked_consultant(" 赵敏 ", NAMES, seen=None) == "赵敏"
    assert due_view.linked_consultant("赵敏", NAMES, seen="赵敏") is None  # a rerun of the same link
    assert due_view.linked_consultant("赵敏", NAMES, seen="李娜") == "赵敏"  # another card's link
    assert due_view.linked_consultant("王五", NAMES, seen=None) is None
    assert due_view.linked_consultant("", NAMES, seen=None) is None
    assert due_view.linked_consultant(None, NAMES, seen="李娜") is None


def test_a_figure_with_an_address_is_an_escaped_link_and_one_without_is_not():
    out = meetings.numbers_html(
        [("今日应跟进", 3, "", due_view.page_href("欧阳 & 子#1+")), ("逾期跟进", 2, "bad", None)]
    )
    assert out.count("<a ") == 1 and 'data-in-app="1"' in out
    assert 'href="due?consultant=%E6%AC%A7%E9%98%B3%20%26%20%E5%AD%90%231%2B"' in out
    assert '<div class="mt-num mt-bad"><b>2</b>' in out
    assert "<a " not in meetings.numbers_html([("今日应跟进", 3, ""), ("逾期跟进", 2, "bad", None)])


@pytest.fixture
def workbook(tmp_path):
    return write_workbook(tmp_path / "store.xlsx", "zh", scenario(), settings={"greeting_festivals": ""})


def _due_page(monkeypatch, tmp_path, wb, consultant: str | None, lang: str = "zh") -> AppTest:
    monkeypatch.setattr("ui.session._leave_pages_folder_mode", lambda: None)
    isolate(monkeypatch, tmp_path, wb, TODAY)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["ui_lang"] = lang
    at.switch_page("pages/due.py")
    if consultant is not None:
        at.query_params["consultant"] = consultant
    at.run()
    assert not at.exception, at.exception
    return at


def _cards(at) -> str:
    return "".join(str(getattr(h, "proto", h)) for h in at.get("html"))


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_due_page_opened_from_a_link_shows_that_consultants_items_only(monkeypatch, tmp_path, workbook, lang):
    at = _due_page(monkeypatch, tmp_path, workbook, "赵敏", lang)
    assert at.selectbox(key="due_consultant_").value == "赵敏"
    text = _cards(at)
    assert "刘芳" in text and "王建国" not in text


def test_a_choice_made_after_following_a_link_is_kept_on_reruns_and_written_to_the_address(
    monkeypatch, tmp_path, workbook
):
    at = _due_page(monkeypatch, tmp_path, workbook, "赵敏")
    at.selectbox(key="due_consultant_").set_value("李娜").run()
    at.toggle(key="due_overdue_only").set_value(True).run()  # any later rerun
    at.toggle(key="due_overdue_only").set_value(False).run()
    assert at.selectbox(key="due_consultant_").value == "李娜"
    assert at.query_params["consultant"] == "李娜"
    assert "王建国" in _cards(at) and "刘芳" not in _cards(at)
    at.selectbox(key="due_consultant_").set_value("__all__").run()
    at.toggle(key="due_overdue_only").set_value(True).run()
    assert at.selectbox(key="due_consultant_").value == "__all__"
    assert "consultant" not in at.query_params


def test_an_unknown_name_in_the_link_is_ignored_without_an_error(monkeypatch, tmp_path, workbook):
    at = _due_page(monkeypatch, tmp_path, workbook, "不存在的人")
    assert at.selectbox(key="due_consultant_").value == "__all__"
    assert not at.error
    text = _cards(at)
    assert "刘芳" in text and "王建国" in text


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_each_morning_card_links_its_follow_up_figures_to_the_due_list_except_on_paper(
    monkeypatch, tmp_path, workbook, lang
):
    monkeypatch.setattr("ui.session._leave_pages_folder_mode", lambda: None)
    isolate(monkeypatch, tmp_path, workbook, TODAY)
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["ui_lang"] = lang
    at.switch_page("pages/morning.py")
    at.run()
    assert not at.exception, at.exception
    cards = next(h.proto.body for h in at.get("html") if 'class="mt-cards"' in h.proto.body)
    for name in ("李娜", "赵敏"):
        assert cards.count(f'href="{due_view.page_href(name)}"') == 2, name  # due today and overdue
    at.toggle(key="meet_m_print_view").set_value(True).run()
    assert not at.exception, at.exception
    cards = next(h.proto.body for h in at.get("html") if 'class="mt-cards"' in h.proto.body)
    assert "<a " not in cards and "data-in-app" not in cards

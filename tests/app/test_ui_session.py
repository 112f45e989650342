"""The shell through AppTest: opening files, unusable files, language, acting as, writes and queued writes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import i18n
from tests.support.apptest_helpers import app_test, shown_text
from tests.support.sample import make_sample
from workbook.reading import read_workbook

pytestmark = pytest.mark.slow  # each test builds or copies a real sample workbook and runs the app


@pytest.fixture(scope="module")
def sample_zh(tmp_path_factory) -> Path:
    return make_sample(tmp_path_factory.mktemp("zh") / "sample-zh.xlsx", "zh")


@pytest.fixture
def wb(sample_zh, tmp_path) -> Path:
    """A private copy the test may write to."""
    copy = tmp_path / "门店.xlsx"
    shutil.copyfile(sample_zh, copy)
    return copy


def _texts(at, kind: str) -> list[str]:
    return [shown_text(e.value) for e in getattr(at, kind)]


def test_the_session_starts_in_the_workbooks_language(tmp_path, monkeypatch):
    en = make_sample(tmp_path / "sample-en.xlsx", "en")
    at = app_test(monkeypatch, tmp_path, en, page="pages/health.py")
    assert i18n.t("ui.page.health", "en") in _texts(at, "title")


def test_switching_language_changes_the_page_but_not_the_file(wb, tmp_path, monkeypatch):
    before = wb.read_bytes()
    at = app_test(monkeypatch, tmp_path, wb, page="pages/health.py", lang="zh")
    at.selectbox(key="ui_lang").select("en").run()
    assert not at.exception
    assert i18n.t("ui.page.health", "en") in _texts(at, "title")
    assert wb.read_bytes() == before


def test_make_this_the_default_writes_the_language_setting(wb, tmp_path, monkeypatch):
    at = app_test(monkeypatch, tmp_path, wb, page="pages/health.py", lang="en")
    at.button(key="ui_make_default").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert read_workbook(wb).settings["language"] == "en"


def test_a_change_is_queued_while_excel_holds_the_file(wb, tmp_path, monkeypatch):
    owner = "王经理"
    encoded = owner.encode("utf-8")
    (wb.parent / ("~$" + wb.name)).write_bytes(bytes([len(encoded)]) + encoded + b"\x00" * 200)
    before = wb.read_bytes()
    at = app_test(monkeypatch, tmp_path, wb, page="pages/health.py", lang="zh")
    assert any(owner in w for w in _texts(at, "warning")), "the sidebar says who holds the file"
    at.selectbox(key="ui_lang").select("en").run()
    at.button(key="ui_make_default").click().run()
    assert not at.exception
    assert wb.read_bytes() == before, "nothing is written while the file is held open"
    assert any(i18n.t("ui.write.queued", "en", holder=owner) in w for w in _texts(at, "warning"))
    assert any(i18n.t("ui.sidebar.pending", "en", count=1) in i for i in _texts(at, "info"))


PAGES = ("due", "morning", "evening", "plan_actual", "hot", "customers", "deliveries", "showroom", "health", "staff")


def test_a_follow_up_queued_while_excel_holds_the_file_shows_on_every_page(wb, tmp_path, monkeypatch):
    """A queued contact is overlaid on the read frames; every page draws from them (the evening's
    walk-ins join the showroom log to the contacts, which once failed on the queued rows' mark)."""
    (wb.parent / ("~$" + wb.name)).write_bytes(bytes([3]) + "王".encode() + b"\x00" * 200)
    before = wb.read_bytes()
    staff = read_workbook(wb).frames["staff"]
    consultant = staff.loc[staff["role"] == "consultant", "name"].iloc[0]
    at = app_test(monkeypatch, tmp_path, wb, page="pages/due.py", lang="zh", actor=consultant)
    taps = [b for b in at.button if str(b.key or "").endswith("_na")]
    assert taps, "the due page offers a no-answer tap"
    taps[0].click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert wb.read_bytes() == before, "nothing is written while the file is held open"
    assert any(i18n.t("ui.sidebar.pending", "zh", count=1) in i for i in _texts(at, "info"))
    for name in PAGES:
        at.switch_page(f"pages/{name}.py").run()
        assert not at.exception, (name, [e.value for e in at.exception])


def test_waiting_changes_are_written_once_excel_closes_the_file(wb, tmp_path, monkeypatch):
    lock = wb.parent / ("~$" + wb.name)
    lock.write_bytes(bytes([3]) + "王".encode() + b"\x00" * 200)
    at = app_test(monkeypatch, tmp_path, wb, page="pages/health.py", lang="en")
    at.button(key="ui_make_default").click().run()
    assert read_workbook(wb).settings["language"] == "zh", "queued, not written"
    lock.unlink()  # Excel closed the workbook without saving: the file itself is unchanged
    at.run()
    assert not at.exception
    assert read_workbook(wb).settings["language"] == "en"


def test_opening_a_missing_path_keeps_the_current_workbook(wb, tmp_path, monkeypatch):
    at = app_test(monkeypatch, tmp_path, wb, page="pages/health.py", lang="zh")
    at.text_input(key="ui_open_path").input(str(tmp_path / "没有.xlsx")).run()
    at.button(key="ui_open_button").click().run()
    assert not at.exception
    assert any("没有.xlsx" in e for e in _texts(at, "error"))
    assert any(wb.name in m for m in _texts(at, "markdown"))


def test_an_unusable_file_gives_a_clear_error_and_no_traceback(wb, tmp_path, monkeypatch):
    bad = tmp_path / "名单.xlsx"
    bad.write_text("姓名,手机\n张三,13800000000\n", encoding="utf-8")
    at = app_test(monkeypatch, tmp_path, wb, page="pages/health.py", lang="zh")
    at.text_input(key="ui_open_path").input(str(bad)).run()
    at.button(key="ui_open_button").click().run()
    assert not at.exception
    errors = _texts(at, "error")
    assert any(e.startswith(i18n.t("ui.unusable", "zh", reason="")) for e in errors), errors
    assert not any("Traceback" in e for e in errors)


def test_acting_as_lists_active_staff_and_flags_managers(wb, tmp_path, monkeypatch):
    at = app_test(monkeypatch, tmp_path, wb, page="pages/health.py", lang="zh")
    box = at.selectbox(key="ui_actor_zh")
    staff = read_workbook(wb).frames["staff"]
    managers = staff.loc[staff["role"] == "manager", "name"].dropna().tolist()
    assert managers, "the sample has a manager"
    assert set(box.options) >= {i18n.t("ui.sidebar.manager_flag", "zh", name=managers[0])}


def test_acting_as_shows_nobody_in_the_new_language_and_keeps_the_choice(wb, tmp_path, monkeypatch):
    at = app_test(monkeypatch, tmp_path, wb, page="pages/health.py", lang="zh")
    assert at.selectbox(key="ui_actor_zh").options[0] == i18n.t("ui.sidebar.nobody", "zh")
    at.selectbox(key="ui_lang").select("en").run()
    box = at.selectbox(key="ui_actor_en")  # a widget the browser has not seen: no stale Chinese label
    assert box.options[0] == i18n.t("ui.sidebar.nobody", "en")
    staff = read_workbook(wb).frames["staff"]
    name = staff.loc[staff["role"] == "consultant", "name"].dropna().iloc[0]
    box.set_value(name).run()
    at.selectbox(key="ui_lang").select("zh").run()
    assert not at.exception
    assert at.session_state["ui_actor"] == name
    assert at.selectbox(key="ui_actor_zh").value == name


def test_without_any_workbook_the_app_opens_a_demo_dated_today(tmp_path, monkeypatch):
    at = app_test(monkeypatch, tmp_path, None, page="pages/health.py", lang="zh")
    assert not at.exception
    assert i18n.t("ui.sidebar.demo", "zh") in _texts(at, "caption")
    assert list((tmp_path / "xdg-data").rglob("demo-2026-11-20.xlsx")), "the demo is made in the user's data folder"
